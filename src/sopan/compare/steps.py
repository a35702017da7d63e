"""Pairing the steps of two SOPs by their content, so that one inserted step does not shift every later one."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from ..model.sop import Step
from .words import similarity

__all__ = ["MAX_NEAR_PAIRS", "NEAR", "StepPairs", "pair_steps"]

NEAR = 0.5
"""How alike two activities must be (share of words in order) to count as one step changed."""

MAX_NEAR_PAIRS = 10_000
"""Beyond this many unpaired old x new steps, the rest are shown as removed and added (bounded work)."""


@dataclass(frozen=True)
class StepPairs:
    """Positions (from 0) of steps present on both sides, and which of those pairs changed places."""

    pairs: dict[int, int]  # old position -> new position
    moved: frozenset[int]  # old positions whose step moved

    def new_of(self, old: int) -> int | None:
        return self.pairs.get(old)


def _signature(step: Step) -> str:
    return " ".join(step.activity.casefold().split())


def _longest_increasing(values: list[int]) -> set[int]:
    """The indexes of one longest strictly increasing run (not necessarily contiguous) of ``values``."""
    tails: list[int] = []  # index in values of the smallest tail of a run of each length
    before: list[int | None] = [None] * len(values)
    for index, value in enumerate(values):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if values[tails[middle]] < value:
                low = middle + 1
            else:
                high = middle
        before[index] = tails[low - 1] if low else None
        if low == len(tails):
            tails.append(index)
        else:
            tails[low] = index
    kept: set[int] = set()
    current = tails[-1] if tails else None
    while current is not None:
        kept.add(current)
        current = before[current]
    return kept


def pair_steps(old: list[Step], new: list[Step]) -> StepPairs:
    """Steps paired first by identical activity in order (difflib), then the rest by the most alike activity."""
    a, b = [_signature(step) for step in old], [_signature(step) for step in new]
    pairs: dict[int, int] = {}
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for offset in range(block.size):
            pairs[block.a + offset] = block.b + offset
    left = [i for i in range(len(old)) if i not in pairs]
    taken = set(pairs.values())
    right = [j for j in range(len(new)) if j not in taken]
    if len(left) * len(right) > MAX_NEAR_PAIRS:
        left = []
    candidates = sorted(
        ((similarity(old[i].activity, new[j].activity), -abs(i - j), i, j) for i in left for j in right),
        reverse=True,
    )
    used_old: set[int] = set()
    for score, _, i, j in candidates:
        if score < NEAR or i in used_old or j in taken:
            continue
        pairs[i] = j
        used_old.add(i)
        taken.add(j)
    order = sorted(pairs)
    in_place = _longest_increasing([pairs[i] for i in order])
    moved = frozenset(i for position, i in enumerate(order) if position not in in_place)
    return StepPairs(pairs=pairs, moved=moved)
