"""Language choice for the command line: Bahasa Indonesia by default, English on request."""

from __future__ import annotations

import os

__all__ = ["LANGUAGES", "default_language", "t"]

LANGUAGES = ("id", "en")


def default_language() -> str:
    """SOPAN_LANG if set, else Indonesian (the users are Indonesian civil servants)."""
    value = os.environ.get("SOPAN_LANG", "id").lower()[:2]
    return value if value in LANGUAGES else "id"


def t(id_text: str, en_text: str, lang: str | None = None) -> str:
    return en_text if (lang or default_language()) == "en" else id_text
