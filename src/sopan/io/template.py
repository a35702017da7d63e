"""The commented template of a new SOP (``sopan new``, a new draft in the editor)."""

from __future__ import annotations

from importlib import resources

__all__ = ["TEMPLATE", "template_text"]


def template_text() -> str:
    """The text of ``template.sop.yaml``: every key with a comment saying what goes there."""
    return resources.files("sopan.io").joinpath("template.sop.yaml").read_text(encoding="utf-8")


TEMPLATE = template_text()
