"""A definition back to ``.sop.yaml`` text: laid over its source file so that comments and key order stay."""

from __future__ import annotations

from ..io.yaml_io import dump_over
from .definition import Definition
from .order import in_model_order

__all__ = ["export_text"]


def export_text(definition: Definition, source: str | None = None) -> str:
    """The file text of ``definition``; with the ``source`` it came from, that file's comments, quoting and key
    order are kept (a definition with no edits gives the source back unchanged)."""
    return dump_over(source, in_model_order(definition))
