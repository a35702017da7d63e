"""Two SOP definitions compared: identity fields, lanes and steps, each difference with its changed words."""

from __future__ import annotations

from ..model.sop import END, Lane, Sop, Target
from .lanes import pair_lanes
from .result import Comparison, LaneChange, LaneKind, StepChange, TextChange
from .steps import StepPairs, pair_steps
from .texts import IDENTITY_KEYS, STEP_KEYS, as_text, identity_texts, step_texts
from .words import text_change

__all__ = ["compare_sops"]


def _changes(keys: tuple[str, ...], old: dict[str, str], new: dict[str, str], seen: dict[str, str]) -> list[TextChange]:
    """The keys whose ``seen`` text (the old side as the new side would read it) differs from ``new``."""
    found = []
    for key in keys:
        if seen[key].split() != new[key].split():
            change = text_change(key, old[key], new[key])
            found.append(change or TextChange(key=key, old=old[key], new=new[key], spans=[]))
    return found


def _lane_texts(lane: Lane) -> dict[str, str]:
    return {"nama": lane.name, "pihak_luar": as_text(lane.external), "catatan": lane.note or ""}


def _lanes(old: Sop, new: Sop, pairs: dict[int, int]) -> list[LaneChange]:
    by_new = {j: i for i, j in pairs.items()}
    rows = []
    for j, lane in enumerate(new.lanes):
        i = by_new.get(j)
        if i is None:
            rows.append(LaneChange(kind="added", new_code=lane.code, new_name=lane.name))
            continue
        before = old.lanes[i]
        texts = _lane_texts(before)
        changes = _changes(("nama", "pihak_luar", "catatan"), texts, _lane_texts(lane), texts)
        renamed = before.name.split() != lane.name.split()
        kind: LaneKind = "renamed" if renamed else "changed" if changes else "unchanged"
        rows.append(
            LaneChange(
                kind=kind,
                old_code=before.code,
                old_name=before.name,
                new_code=lane.code,
                new_name=lane.name,
                changes=changes,
            )
        )
    for i, lane in enumerate(old.lanes):
        if i not in pairs:
            rows.append(LaneChange(kind="removed", old_code=lane.code, old_name=lane.name))
    return rows


def _steps(old: Sop, new: Sop, steps: StepPairs, lanes: dict[int, int]) -> list[StepChange]:
    numbers = {old.steps[i].numbered: new.steps[j].numbered for i, j in steps.pairs.items()}

    def same(target: Target) -> Target:
        return target

    def renumbered(target: Target) -> Target:
        return target if target == END else numbers.get(target, target)

    def old_name(ref: str) -> str:
        lane = old.lane(ref)
        return lane.name if lane else ref

    def old_as_new_name(ref: str) -> str:
        lane = old.lane(ref)
        if lane is None:
            return ref
        j = lanes.get(old.lanes.index(lane))
        return new.lanes[j].name if j is not None else lane.name

    def new_name(ref: str) -> str:
        lane = new.lane(ref)
        return lane.name if lane else ref

    rows: list[tuple[tuple[int, int, int], StepChange]] = []
    by_new = {j: i for i, j in steps.pairs.items()}
    for j, step in enumerate(new.steps):
        i = by_new.get(j)
        if i is None:
            rows.append(((j, 0, 0), StepChange(kind="added", new_number=step.numbered, activity=step.activity)))
            continue
        before = old.steps[i]
        columns = _changes(
            STEP_KEYS,
            step_texts(before, old_name, same),
            step_texts(step, new_name, same),
            step_texts(before, old_as_new_name, renumbered),
        )
        change = StepChange(
            kind="changed" if columns else "unchanged",
            moved=i in steps.moved,
            old_number=before.numbered,
            new_number=step.numbered,
            activity=step.activity,
            columns=columns,
        )
        rows.append(((j, 0, 0), change))
    for i, step in enumerate(old.steps):
        if i in steps.pairs:
            continue
        anchors = [steps.pairs[k] for k in range(i) if k in steps.pairs]
        place = (max(anchors, default=-1), 1, i)  # after every step that came before it
        rows.append((place, StepChange(kind="removed", old_number=step.numbered, activity=step.activity)))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def compare_sops(old: Sop, new: Sop) -> Comparison:
    """What changed from ``old`` to ``new``: steps paired by content, lanes by kode, nama or the steps they do."""
    steps = pair_steps(old.steps, new.steps)
    lanes = pair_lanes(old, new, steps)
    before, after = identity_texts(old), identity_texts(new)
    return Comparison(
        fields=_changes(IDENTITY_KEYS, before, after, before),
        lanes=_lanes(old, new, lanes),
        steps=_steps(old, new, steps, lanes),
    )
