"""Word-level differences of two texts (difflib over words), keeping each side's own spacing and line breaks."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .result import Span, TextChange

__all__ = ["similarity", "text_change", "word_spans"]

_TOKEN = re.compile(r"\S+\s*")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _words(tokens: list[str]) -> list[str]:
    return [token.strip().casefold() for token in tokens]


def word_spans(old: str, new: str) -> list[Span]:
    """``old`` and ``new`` as runs of equal, deleted, inserted and replaced words, each side's text kept as it is."""
    a, b = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(None, _words(a), _words(b), autojunk=False)
    spans = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal" and old_part.split() != new_part.split():
            op = "replace"  # the same words but for the case of a letter
        spans.append(Span(op=op, old=old_part, new=new_part))
    return spans


def text_change(key: str, old: str, new: str) -> TextChange | None:
    """The change of one field's text, or None when both read the same."""
    if old.split() == new.split():
        return None
    return TextChange(key=key, old=old, new=new, spans=word_spans(old, new))


def similarity(old: str, new: str) -> float:
    """How alike two texts are by their words, from 0 (nothing shared) to 1 (the same words)."""
    a, b = old.casefold().split(), new.casefold().split()
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
