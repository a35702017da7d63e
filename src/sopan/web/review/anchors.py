"""Where a noted step is now: the steps of the definition the note was anchored to, matched with today's.

Steps carry no identity of their own: moving, inserting or deleting one renumbers the rest. A note keeps the
fingerprints (kegiatan and pelaksana) of every step as they were when it was last placed, and which one it
concerns; matching those lists with today's finds the step again: unchanged runs first, then a moved step by its
own fingerprint, then a step edited in place by its position among the changed ones. A step that is found
nowhere was deleted (an undo may bring it back: the last place known is kept).
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

__all__ = ["fingerprints", "follow"]


def _fingerprint(step: Any) -> str:
    if not isinstance(step, dict):
        return str(step)
    lanes = step.get("pelaksana")
    lanes = [lanes] if isinstance(lanes, str) else list(lanes or [])
    return f"{str(step.get('kegiatan', '')).strip()}\x1f{','.join(str(lane) for lane in lanes)}"


def fingerprints(definition: dict[str, Any]) -> list[str]:
    """Each step's fingerprint, in order."""
    return [_fingerprint(step) for step in definition.get("langkah") or []]


def _by_content(
    old: list[str], new: list[str], left_old: list[int], left_new: list[int], found: dict[int, int]
) -> None:
    for i in list(left_old):
        same = [j for j in left_new if new[j] == old[i]]
        if same:
            found[i] = same[0]
            left_old.remove(i)
            left_new.remove(same[0])


def follow(old: list[str], index: int, new: list[str]) -> int | None:
    """The index in ``new`` of the step at ``index`` in ``old``; None when it is gone."""
    if not 0 <= index < len(old):
        return None
    found: dict[int, int] = {}
    changed: list[tuple[list[int], list[int]]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            found.update(zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            changed.append((list(range(i1, i2)), list(range(j1, j2))))
    left_old = [i for olds, _ in changed for i in olds]
    left_new = [j for _, news in changed for j in news]
    _by_content(old, new, left_old, left_new, found)
    for olds, news in changed:  # a step edited in place: the same position among the block's remaining ones
        olds = [i for i in olds if i in left_old]
        news = [j for j in news if j in left_new]
        if olds and len(olds) == len(news):
            found.update(zip(olds, news, strict=True))
    return found.get(index)
