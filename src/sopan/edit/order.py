"""Keys in the order a hand-written ``.sop.yaml`` has them (the model's), whatever order a store gave them back.

PostgreSQL's jsonb keeps a mapping's keys sorted its own way; a file written from such data would read oddly,
so the export puts every mapping of the definition back in the model's order (unknown keys last)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..model.sop import (
    Decision,
    Lane,
    Reference,
    RequirementGroup,
    ServiceStandard,
    Signatory,
    Sop,
    Source,
    Step,
    StepVariant,
)

__all__ = ["in_model_order", "ordered_keys"]


def _keys(model: type[BaseModel]) -> dict[str, int]:
    return {info.alias or name: position for position, (name, info) in enumerate(model.model_fields.items())}


def ordered_keys(entry: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """One mapping's keys in the model's order (new keys land where a hand-written file has them)."""
    rank = _keys(model)
    return dict(sorted(entry.items(), key=lambda item: rank.get(item[0], len(rank))))


def _ordered(entry: Any, model: type[BaseModel], nested: dict[str, Any] | None = None) -> Any:
    if not isinstance(entry, dict):
        return entry
    rank = _keys(model)
    result = {}
    for key, value in sorted(entry.items(), key=lambda item: rank.get(item[0], len(rank))):
        inner = (nested or {}).get(key)
        if inner is None:
            result[key] = value
        elif isinstance(value, list):
            result[key] = [inner(item) for item in value]
        else:
            result[key] = inner(value)
    return result


def _requirement(item: Any) -> Any:
    return _ordered(item, RequirementGroup, {"butir": _requirement})


def _step(step: Any) -> Any:
    return _ordered(
        step,
        Step,
        {
            "keputusan": lambda value: _ordered(value, Decision),
            "varian": lambda value: _ordered(value, StepVariant),
            "kelengkapan": _requirement,
        },
    )


def in_model_order(definition: dict[str, Any]) -> dict[str, Any]:
    """The definition with every mapping's keys in the model's order; values and list order unchanged."""
    ordered: dict[str, Any] = _ordered(
        definition,
        Sop,
        {
            "disahkan_oleh": lambda value: _ordered(value, Signatory),
            "keterkaitan": lambda value: _ordered(value, Reference),
            "pelaksana": lambda value: _ordered(value, Lane),
            "langkah": _step,
            "standar_pelayanan": lambda value: _ordered(value, ServiceStandard),
            "sumber": lambda value: _ordered(value, Source),
        },
    )
    return ordered
