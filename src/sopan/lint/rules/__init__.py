"""The lint rules; importing this package registers them all."""

from . import flow, identity, kegiatan, library, logo, mutu_baku, pelaksana, references  # noqa: F401
