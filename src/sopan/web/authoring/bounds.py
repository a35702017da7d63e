"""How much a draft may hold: no text longer than an editor field, no definition or YAML text larger than a file."""

from __future__ import annotations

import json

from sopan.io.guard import MAX_FILE_BYTES, strings_in_value
from sopan.problems import Message
from sopan.web import limits

__all__ = ["json_pointer", "long_text_refusal", "size_refusal", "text_size_refusal"]

_SHOWN = 60  # characters of a key shown in a pointer


def json_pointer(path: tuple[str | int, ...]) -> str:
    """The RFC 6901 pointer to ``path`` (a long key shortened with an ellipsis)."""
    parts = (str(part) if len(str(part)) <= _SHOWN else str(part)[:_SHOWN] + "…" for part in path)
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def long_text_refusal(value: object, limit: int = limits.DRAFT_FIELD) -> Message | None:
    """Why a definition may not be saved because one of its texts (a key too) is longer than ``limit``, or None."""
    for path, text in strings_in_value(value):
        if len(text) > limit:
            place = json_pointer(path) or "/"
            return Message(
                f"{place}: teks terlalu panjang ({len(text)} karakter; paling banyak {limit})",
                f"{place}: text too long ({len(text)} characters; at most {limit})",
            )
    return None


def size_refusal(field: str, definition: object) -> Message | None:
    """Why a definition may not be saved because, written out, it is larger than a file may be, or None."""
    size = len(json.dumps(definition, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return _too_large(field, size)


def text_size_refusal(field: str, text: str) -> Message | None:
    """Why a ``.sop.yaml`` text may not be saved (even as text that does not load yet): larger than a file, or None."""
    return _too_large(field, len(text.encode("utf-8", "surrogatepass")))


def _too_large(field: str, size: int) -> Message | None:
    if size <= MAX_FILE_BYTES:
        return None
    return Message(
        f"{field}: terlalu besar ({size} bita; paling besar {MAX_FILE_BYTES})",
        f"{field}: too large ({size} bytes; at most {MAX_FILE_BYTES})",
    )
