"""Keys in the order a hand-written ``.sop.yaml`` has them (the model's), whatever order a store gave them back.

PostgreSQL's jsonb keeps a mapping's keys sorted its own way; a file written from such data would read oddly,
so the export puts every mapping of the definition back in the model's order (unknown keys last)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..model import sop as model

__all__ = ["in_model_order", "ordered_keys"]


def _keys(kind: type[BaseModel]) -> dict[str, int]:
    return {info.alias or name: position for position, (name, info) in enumerate(kind.model_fields.items())}


def ordered_keys(entry: dict[str, Any], kind: type[BaseModel]) -> dict[str, Any]:
    """One mapping's keys in the model's order (new keys land where a hand-written file has them)."""
    rank = _keys(kind)
    return dict(sorted(entry.items(), key=lambda item: rank.get(item[0], len(rank))))


def _ordered(entry: Any, kind: type[BaseModel], nested: dict[str, Any] | None = None) -> Any:
    if not isinstance(entry, dict):
        return entry
    result = {}
    for key, value in ordered_keys(entry, kind).items():
        inner = (nested or {}).get(key)
        if inner is None:
            result[key] = value
        elif isinstance(value, list):
            result[key] = [inner(item) for item in value]
        else:
            result[key] = inner(value)
    return result


def _requirement(item: Any) -> Any:
    return _ordered(item, model.RequirementGroup, {"butir": _requirement})


def _step(step: Any) -> Any:
    return _ordered(
        step,
        model.Step,
        {
            "keputusan": lambda value: _ordered(value, model.Decision),
            "varian": lambda value: _ordered(value, model.StepVariant),
            "kelengkapan": _requirement,
        },
    )


def in_model_order(definition: dict[str, Any]) -> dict[str, Any]:
    """The definition with every mapping's keys in the model's order; values and list order unchanged."""
    ordered: dict[str, Any] = _ordered(
        definition,
        model.Sop,
        {
            "disahkan_oleh": lambda value: _ordered(value, model.Signatory),
            "keterkaitan": lambda value: _ordered(value, model.Reference),
            "pelaksana": lambda value: _ordered(value, model.Lane),
            "langkah": _step,
            "standar_pelayanan": lambda value: _ordered(value, model.ServiceStandard),
            "sumber": lambda value: _ordered(value, model.Source),
        },
    )
    return ordered
