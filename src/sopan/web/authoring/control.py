"""Refusing control characters before a draft is saved (PostgreSQL refuses a NUL): the field and the place named."""

from __future__ import annotations

from sopan.io.guard import control_in_value
from sopan.problems import Message

__all__ = ["control_refusal"]


def control_refusal(field: str, value: object) -> Message | None:
    """Why ``value`` (a field's text, or a definition) may not be saved under ``field``, or None.

    Tab, line feed and carriage return are allowed (the YAML loader allows them in text and in multi-line values)."""
    found = control_in_value(value)
    if found is None:
        return None
    path, refusal = found
    place = "/".join(str(part) for part in (field, *path))
    line_id = f" (baris {refusal.line}, kolom {refusal.column})" if "\n" in str(value) and refusal.line else ""
    line_en = f" (line {refusal.line}, column {refusal.column})" if line_id else ""
    return Message(f"{place}: {refusal.message.id}{line_id}", f"{place}: {refusal.message.en}{line_en}")
