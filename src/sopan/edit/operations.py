"""Every editing operation by name, with its parameters read from form or JSON values."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..problems import Message
from .definition import Definition
from .fields import set_decision, set_identity, set_references, set_requirements, set_step_field, set_waktu
from .lanes import add_lane, delete_lane, mark_external, move_lane, rename_lane
from .refusal import Refusal
from .steps import delete_step, insert_step, move_step

__all__ = ["OPERATIONS", "Operation", "apply"]


@dataclass(frozen=True)
class Operation:
    """An operation and the kind of each parameter: ``int``, ``bool``, ``str``, ``any`` (passed as given)."""

    function: Callable[..., Definition | Refusal]
    parameters: Mapping[str, str]
    required: tuple[str, ...] = ()


OPERATIONS: dict[str, Operation] = {
    "add_lane": Operation(add_lane, {"nama": "str", "kode": "str", "pihak_luar": "bool"}, ("nama",)),
    "rename_lane": Operation(rename_lane, {"lane": "str", "nama": "str"}, ("lane", "nama")),
    "mark_external": Operation(mark_external, {"lane": "str", "pihak_luar": "bool"}, ("lane",)),
    "move_lane": Operation(move_lane, {"lane": "str", "offset": "int"}, ("lane", "offset")),
    "delete_lane": Operation(delete_lane, {"lane": "str"}, ("lane",)),
    "insert_step": Operation(insert_step, {"after": "int", "kegiatan": "str", "pelaksana": "str"}, ("after",)),
    "move_step": Operation(move_step, {"step": "int", "offset": "int"}, ("step", "offset")),
    "delete_step": Operation(delete_step, {"step": "int", "repair": "bool"}, ("step",)),
    "set_identity": Operation(set_identity, {"field": "str", "value": "any"}, ("field",)),
    "set_step_field": Operation(set_step_field, {"step": "int", "field": "str", "value": "any"}, ("step", "field")),
    "set_requirements": Operation(set_requirements, {"step": "int", "items": "any"}, ("step",)),
    "set_waktu": Operation(set_waktu, {"step": "int", "amount": "str", "unit": "str"}, ("step",)),
    "set_decision": Operation(
        set_decision,
        {"step": "int", "pertanyaan": "str", "ya": "any", "tidak": "any", "label_ya": "str", "label_tidak": "str"},
        ("step",),
    ),
    "set_references": Operation(set_references, {"step": "int", "sub_sop": "str", "register": "str"}, ("step",)),
}


def _bad(name: str, reason_id: str, reason_en: str) -> Refusal:
    return Refusal("U007", Message(f"{name}: {reason_id}", f"{name}: {reason_en}"))


def _coerce(name: str, kind: str, value: Any) -> Any:
    if kind == "int":
        if isinstance(value, bool):
            raise ValueError
        return int(str(value).strip())
    if kind == "bool":
        return value is True or str(value).strip().lower() in ("1", "true", "on", "ya", "yes")
    if kind == "str":
        if value is not None and not isinstance(value, (str, int, float)):
            raise ValueError
        return "" if value is None else str(value)
    return value


def apply(definition: Definition, name: str, params: Mapping[str, Any]) -> Definition | Refusal:
    """Run operation ``name`` with ``params`` (unknown parameters are ignored, missing required ones refused)."""
    operation = OPERATIONS.get(name)
    if operation is None:
        return _bad(name, "operasi tidak dikenal", "unknown operation")
    arguments: dict[str, Any] = {}
    for key, kind in operation.parameters.items():
        if key not in params:
            if key in operation.required:
                return _bad(key, "wajib diisi", "is required")
            continue
        try:
            arguments[key] = _coerce(key, kind, params[key])
        except (TypeError, ValueError):
            return _bad(key, "harus berupa bilangan bulat" if kind == "int" else "nilai tidak sah",
                        "must be a whole number" if kind == "int" else "invalid value")  # fmt: skip
    return operation.function(definition, **arguments)
