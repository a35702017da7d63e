"""Finding a step or a lane in a definition, with the refusal when it is not there."""

from __future__ import annotations

import copy
from typing import Any

from ..model.sop import slugify
from ..problems import Message
from .definition import Definition, step_numbers
from .refusal import Refusal

__all__ = ["copied", "lane_code", "lane_index", "step_index", "unknown_lane", "unknown_step"]


def copied(definition: Definition) -> Definition:
    """A deep copy: operations never change the definition they are given."""
    return copy.deepcopy(definition)


def unknown_step(number: Any) -> Refusal:
    return Refusal("U001", Message(f"langkah {number} tidak ada", f"step {number} does not exist"))


def unknown_lane(code: Any) -> Refusal:
    return Refusal("U002", Message(f"pelaksana '{code}' tidak ada", f"lane '{code}' does not exist"))


def step_index(definition: Definition, number: Any) -> int | None:
    """The position in ``langkah`` of the step numbered ``number``."""
    numbers = step_numbers(definition)
    return numbers.index(number) if isinstance(number, int) and number in numbers else None


def lane_code(lane: Any) -> str:
    """A lane entry's kode: its own, else derived from its nama (as the model derives it)."""
    if isinstance(lane, str):
        return slugify(lane)
    if isinstance(lane, dict):
        return str(lane.get("kode") or slugify(str(lane.get("nama", ""))))
    return ""


def lane_name(lane: Any) -> str:
    return lane if isinstance(lane, str) else str(lane.get("nama", "")) if isinstance(lane, dict) else ""


def lane_index(definition: Definition, code: Any) -> int | None:
    """The position in ``pelaksana`` of the lane with this kode (or nama, case-insensitive)."""
    key = str(code).strip().lower()
    for index, lane in enumerate(definition.get("pelaksana") or []):
        if lane_code(lane).lower() == key or lane_name(lane).lower() == key:
            return index
    return None
