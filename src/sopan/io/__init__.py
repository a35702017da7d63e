"""Files in and out: .sop.yaml round-trip, JSON Schema, the library folder."""

from .yaml_io import (
    ORGANISATION_FILE,
    SOP_SUFFIX,
    LoadResult,
    SopFileError,
    load_organisation,
    load_sop,
    read_organisation,
    read_sop,
    save_organisation,
    save_sop,
)

__all__ = [
    "ORGANISATION_FILE",
    "SOP_SUFFIX",
    "LoadResult",
    "SopFileError",
    "load_organisation",
    "load_sop",
    "read_organisation",
    "read_sop",
    "save_organisation",
    "save_sop",
]
