"""Editing an SOP definition (the plain data of a ``.sop.yaml``): pure operations that give a new definition
or a coded, bilingual refusal, and the export back to text with the source file's comments kept."""

from .definition import Definition, definition_from_text, problems_of, sop_of, step_numbers
from .export import export_text
from .operations import OPERATIONS, apply
from .refusal import Refusal

__all__ = [
    "OPERATIONS",
    "Definition",
    "Refusal",
    "apply",
    "definition_from_text",
    "export_text",
    "problems_of",
    "sop_of",
    "step_numbers",
]
