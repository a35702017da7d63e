"""A refused edit: a stable code and the reason in Bahasa Indonesia and English."""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import Message

__all__ = ["Refusal"]


@dataclass(frozen=True)
class Refusal:
    """Why an operation was not applied; the definition it was given stays as it was.

    Codes: U001 unknown step, U002 unknown lane, U003 lane exists, U004 step still referenced, U005 bad target,
    U006 the result would not load (the loader's own message), U007 unknown operation or field, U008 last step
    or lane cannot go, U009 nothing to move.
    """

    code: str
    message: Message

    def text(self, lang: str = "id") -> str:
        return f"{self.code}: {self.message.text(lang)}"
