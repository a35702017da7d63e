"""The lint rules; importing this package registers them all."""

from . import flow, identity, kegiatan, library, mutu_baku, pelaksana, references  # noqa: F401
