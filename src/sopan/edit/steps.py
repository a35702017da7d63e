"""Insert, move and delete steps; decision and ``lanjut`` targets follow their steps to the new numbers."""

from __future__ import annotations

from typing import Any

from ..model.sop import END
from ..problems import Message
from .definition import Definition, step_numbers, validated
from .places import copied, lane_code, step_index, unknown_step
from .refusal import Refusal

__all__ = ["delete_step", "insert_step", "move_step", "references_to"]

_TARGET_KEYS = (("keputusan", "ya"), ("keputusan", "tidak"), (None, "lanjut"))


def _targets(step: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """The (holder, key) of each target of a step: its decision's exits and its ``lanjut``."""
    found = []
    for holder_key, key in _TARGET_KEYS:
        holder = step.get(holder_key) if holder_key else step
        if isinstance(holder, dict) and isinstance(holder.get(key), int):
            found.append((holder, key))
    return found


def references_to(definition: Definition, number: int) -> list[int]:
    """Numbers of the steps whose decision or ``lanjut`` leads to step ``number``."""
    numbers = step_numbers(definition)
    return [
        own
        for own, step in zip(numbers, definition.get("langkah") or [], strict=True)
        if isinstance(step, dict) and any(holder[key] == number for holder, key in _targets(step))
    ]


def _renumbered(definition: Definition, order: list[int], mapping: dict[int, int | str]) -> Definition:
    """Steps in the new ``order`` (old positions), numbered by position, every target mapped to its new number."""
    steps = definition["langkah"]
    numbered = any(isinstance(step, dict) and "nomor" in step for step in steps)
    new_steps = [steps[index] for index in order]
    for position, step in enumerate(new_steps, start=1):
        if numbered:
            step["nomor"] = position
        for holder, key in _targets(step):
            holder[key] = mapping.get(holder[key], holder[key])
    definition["langkah"] = new_steps
    return definition


def _number_map(old_numbers: list[int], order: list[int]) -> dict[int, int | str]:
    return {old_numbers[index]: position for position, index in enumerate(order, start=1)}


def insert_step(
    definition: Definition, *, after: int, kegiatan: str = "", pelaksana: str | None = None
) -> Definition | Refusal:
    """A new step after step ``after`` (0: at the start), in the given lane or the lane of the step before."""
    result = copied(definition)
    steps = result.setdefault("langkah", [])
    numbers = step_numbers(result)
    index = -1 if after == 0 else step_index(result, after)
    if index is None:
        return unknown_step(after)
    lanes = result.get("pelaksana") or []
    lane = pelaksana
    if lane is None:
        before = steps[index] if index >= 0 else (steps[0] if steps else None)
        own = before.get("pelaksana") if isinstance(before, dict) else None
        lane = (own[0] if isinstance(own, list) and own else own) or (lane_code(lanes[0]) if lanes else None)
    step: dict[str, Any] = {"kegiatan": kegiatan.strip() or "Kegiatan baru"}
    if lane:
        step["pelaksana"] = lane
    steps.insert(index + 1, step)
    order = list(range(len(steps)))
    old = [*numbers[: index + 1], -1, *numbers[index + 1 :]]
    mapping: dict[int, int | str] = {number: position for position, number in enumerate(old, start=1) if number > 0}
    return validated(_renumbered(result, order, mapping))


def move_step(definition: Definition, *, step: int, offset: int) -> Definition | Refusal:
    """Move a step up (``offset`` -1) or down (+1) or further; targets follow the steps they name."""
    result = copied(definition)
    index = step_index(result, step)
    if index is None:
        return unknown_step(step)
    count = len(result["langkah"])
    target = min(max(index + offset, 0), count - 1)
    if target == index:
        return Refusal(
            "U009", Message(f"langkah {step} tidak dapat dipindah ke sana", f"step {step} cannot move there")
        )
    order = list(range(count))
    order.insert(target, order.pop(index))
    return validated(_renumbered(result, order, _number_map(step_numbers(result), order)))


def delete_step(definition: Definition, *, step: int, repair: bool = False) -> Definition | Refusal:
    """Delete a step. Steps that lead to it are refused, or with ``repair`` redirected to the step that takes
    its place (``selesai`` when it was the last)."""
    result = copied(definition)
    index = step_index(result, step)
    if index is None:
        return unknown_step(step)
    steps = result["langkah"]
    if len(steps) == 1:
        return Refusal("U008", Message("langkah terakhir tidak dapat dihapus", "the only step cannot be deleted"))
    referring = [number for number in references_to(result, step) if number != step]
    if referring and not repair:
        names = ", ".join(str(number) for number in referring)
        return Refusal(
            "U004",
            Message(
                f"langkah {step} masih dituju oleh langkah {names}; ubah tujuan itu dahulu",
                f"step {step} is still the target of step {names}; change that target first",
            ),
        )
    numbers = step_numbers(result)
    order = [i for i in range(len(steps)) if i != index]
    mapping = _number_map(numbers, order)
    mapping[step] = mapping[numbers[index + 1]] if index + 1 < len(steps) else END
    return validated(_renumbered(result, order, mapping))
