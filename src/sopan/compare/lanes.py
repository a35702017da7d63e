"""Pairing the pelaksana lanes of two SOPs: by kode, by nama, then a renamed lane by the steps it performs."""

from __future__ import annotations

from collections import Counter

from ..model.sop import Lane, Sop
from .steps import MAX_NEAR_PAIRS, NEAR, StepPairs
from .words import similarity

__all__ = ["pair_lanes"]


def _own_lanes(sop: Sop, refs: list[str]) -> list[Lane | None]:
    return [sop.lane(ref) for ref in refs]


def _pair_by(pairs: dict[int, int], old: list[Lane], new: list[Lane], key: str) -> None:
    taken = set(pairs.values())
    for i, lane in enumerate(old):
        if i in pairs:
            continue
        wanted = getattr(lane, key).casefold()
        free = (j for j, other in enumerate(new) if j not in taken and getattr(other, key).casefold() == wanted)
        j = next(free, None)
        if j is not None:
            pairs[i] = j
            taken.add(j)


def _pair_by_steps(pairs: dict[int, int], old: Sop, new: Sop, steps: StepPairs) -> None:
    """A lane renamed (its kode changed with its nama) performs the paired steps in the same place of pelaksana."""
    votes: Counter[tuple[int, int]] = Counter()
    for i, j in steps.pairs.items():
        for before, after in zip(
            _own_lanes(old, old.steps[i].lanes), _own_lanes(new, new.steps[j].lanes), strict=False
        ):
            if before is not None and after is not None:
                votes[(old.lanes.index(before), new.lanes.index(after))] += 1
    taken = set(pairs.values())
    for (i, j), _ in votes.most_common():
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)


def _pair_by_name(pairs: dict[int, int], old: list[Lane], new: list[Lane]) -> None:
    taken = set(pairs.values())
    if (len(old) - len(pairs)) * (len(new) - len(taken)) > MAX_NEAR_PAIRS:
        return
    candidates = sorted(
        (
            (similarity(lane.name, other.name), i, j)
            for i, lane in enumerate(old)
            if i not in pairs
            for j, other in enumerate(new)
            if j not in taken
        ),
        reverse=True,
    )
    for score, i, j in candidates:
        if score >= NEAR and i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)


def pair_lanes(old: Sop, new: Sop, steps: StepPairs) -> dict[int, int]:
    """Lane positions paired old -> new: same kode, same nama, the same steps' performer, or a near nama."""
    pairs: dict[int, int] = {}
    _pair_by(pairs, old.lanes, new.lanes, "code")
    _pair_by(pairs, old.lanes, new.lanes, "name")
    _pair_by_steps(pairs, old, new, steps)
    _pair_by_name(pairs, old.lanes, new.lanes)
    return pairs
