"""Where a finding is, in words for people: ``langkah[6].waktu`` becomes "langkah 7 › waktu" or "step 7 › duration"."""

from __future__ import annotations

from functools import cache

from .base import FileModel
from .organisation import Organisation
from .sop import Sop

__all__ = ["place_in_words"]


def _models(model: type[FileModel]) -> list[type[FileModel]]:
    found = [model]
    for sub in model.__subclasses__():
        found += _models(sub)
    return found


@cache
def _english_names() -> dict[str, str]:
    """Each file key (Indonesian) with its English name, from the models' own field names."""
    _ = (Sop, Organisation)  # imported so that every file model is defined before the walk
    names: dict[str, str] = {}
    for model in _models(FileModel):
        for name, field in model.model_fields.items():
            if field.alias and field.alias not in names:
                names[field.alias] = name.replace("_", " ")
    return names


def place_in_words(path: tuple[str | int, ...] | list[str | int], lang: str = "id") -> str:
    """A key path as words: list positions counted from 1, file keys in the language asked ("" for no path)."""
    english = _english_names() if lang == "en" else {}
    words: list[str] = []
    for index, part in enumerate(path):
        if isinstance(part, int):
            if words:
                words[-1] = f"{words[-1]} {part + 1}"
            else:
                words.append(str(part + 1))
            continue
        word = english.get(part, part.replace("_", " "))
        followed_by_position = index + 1 < len(path) and isinstance(path[index + 1], int)
        if lang == "en" and followed_by_position and word.endswith("s"):
            word = word[:-1]  # "steps" 7 reads "step 7"
        words.append(word)
    return " › ".join(words)
