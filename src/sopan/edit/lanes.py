"""Add, rename, mark as an outside party and reorder lanes (pelaksana); a rename follows into every step."""

from __future__ import annotations

from typing import Any

from ..model.sop import slugify
from ..problems import Message
from .definition import Definition, validated
from .places import copied, lane_code, lane_index, lane_name, unknown_lane
from .refusal import Refusal

__all__ = ["add_lane", "delete_lane", "mark_external", "move_lane", "rename_lane"]


def _exists(code: str) -> Refusal:
    return Refusal("U003", Message(f"pelaksana '{code}' sudah ada", f"lane '{code}' already exists"))


def add_lane(definition: Definition, *, nama: str, kode: str = "", pihak_luar: bool = False) -> Definition | Refusal:
    """A new lane at the right end; its kode is derived from its nama when not given."""
    name = nama.strip()
    code = kode.strip() or slugify(name)
    if not name or not code:
        return Refusal("U006", Message("nama pelaksana tidak boleh kosong", "the lane's name must not be empty"))
    if lane_index(definition, code) is not None or lane_index(definition, name) is not None:
        return _exists(code)
    result = copied(definition)
    lane: dict[str, Any] = {"kode": code, "nama": name}
    if pihak_luar:
        lane["pihak_luar"] = True
    result.setdefault("pelaksana", []).append(lane)
    return validated(result)


def rename_lane(definition: Definition, *, lane: str, nama: str) -> Definition | Refusal:
    """A lane's new nama; steps that named it by its old nama, or by a kode derived from it, follow."""
    index = lane_index(definition, lane)
    if index is None:
        return unknown_lane(lane)
    name = nama.strip()
    if not name:
        return Refusal("U006", Message("nama pelaksana tidak boleh kosong", "the lane's name must not be empty"))
    other = lane_index(definition, name)
    if other is not None and other != index:
        return _exists(name)
    result = copied(definition)
    entry = result["pelaksana"][index]
    old_code, old_name = lane_code(entry), lane_name(entry)
    own_code = isinstance(entry, dict) and bool(entry.get("kode"))
    if isinstance(entry, str):
        result["pelaksana"][index] = name
    else:
        entry["nama"] = name
    new_reference = old_code if own_code else name
    old_references = {old_name.lower()} | (set() if own_code else {old_code.lower()})
    for step in result.get("langkah") or []:
        if not isinstance(step, dict):
            continue
        own = step.get("pelaksana")
        if isinstance(own, str) and own.strip().lower() in old_references:
            step["pelaksana"] = new_reference
        elif isinstance(own, list):
            step["pelaksana"] = [
                new_reference if isinstance(ref, str) and ref.strip().lower() in old_references else ref for ref in own
            ]
    return validated(result)


def _with_lane(definition: Definition, lane: str) -> tuple[Definition, int] | Refusal:
    """A copy of the definition and the position of the lane in it, or the refusal naming the lane."""
    index = lane_index(definition, lane)
    return unknown_lane(lane) if index is None else (copied(definition), index)


def mark_external(definition: Definition, *, lane: str, pihak_luar: bool) -> Definition | Refusal:
    """Mark a lane as an outside party (Pemohon, Bupati, POS) or as the organisation's own."""
    found = _with_lane(definition, lane)
    if isinstance(found, Refusal):
        return found
    result, index = found
    entry = result["pelaksana"][index]
    if isinstance(entry, str):
        entry = {"nama": entry}
        result["pelaksana"][index] = entry
    if pihak_luar:
        entry["pihak_luar"] = True
    else:
        entry.pop("pihak_luar", None)
    return validated(result)


def move_lane(definition: Definition, *, lane: str, offset: int) -> Definition | Refusal:
    """Move a lane left (``offset`` -1) or right (+1)."""
    found = _with_lane(definition, lane)
    if isinstance(found, Refusal):
        return found
    result, index = found
    lanes = result["pelaksana"]
    target = min(max(index + offset, 0), len(lanes) - 1)
    if target == index:
        return Refusal(
            "U009", Message(f"pelaksana '{lane}' tidak dapat dipindah ke sana", f"lane '{lane}' cannot move there")
        )
    lanes.insert(target, lanes.pop(index))
    return validated(result)


def delete_lane(definition: Definition, *, lane: str) -> Definition | Refusal:
    """Delete a lane no step uses (a used lane is refused: move its steps first)."""
    index = lane_index(definition, lane)
    if index is None:
        return unknown_lane(lane)
    entry = definition["pelaksana"][index]
    names = {lane_code(entry).lower(), lane_name(entry).lower()}
    users = []
    for position, step in enumerate(definition.get("langkah") or [], start=1):
        own = step.get("pelaksana") if isinstance(step, dict) else None
        refs = [own] if isinstance(own, str) else own if isinstance(own, list) else []
        if any(isinstance(ref, str) and ref.strip().lower() in names for ref in refs):
            users.append(str(step.get("nomor", position)))
    if users:
        joined = ", ".join(users)
        return Refusal(
            "U004",
            Message(
                f"pelaksana '{lane}' masih dipakai langkah {joined}", f"lane '{lane}' is still used by step {joined}"
            ),
        )
    result = copied(definition)
    del result["pelaksana"][index]
    return validated(result)
