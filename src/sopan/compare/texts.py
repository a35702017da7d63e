"""How the fields of an SOP and the columns of a step read as text, the way the comparison shows them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model.sop import Decision, Requirement, RequirementGroup, Sop, Step, Target

__all__ = ["IDENTITY_KEYS", "STEP_KEYS", "as_text", "identity_texts", "step_texts"]

STEP_KEYS = (
    "kegiatan",
    "pelaksana",
    "kelengkapan",
    "waktu",
    "waktu_sumber",
    "output",
    "keterangan",
    "keputusan",
    "lanjut",
    "sub_sop",
    "register",
    "varian",
    "catatan",
)
"""The step's columns, in the order of the official table (No | Kegiatan | Pelaksana | Kelengkapan | ...)."""

IDENTITY_KEYS = tuple(
    field.alias or name for name, field in Sop.model_fields.items() if name not in {"id", "lanes", "steps"}
)
"""The identity part's file keys, in the model's (the form's) order."""

TargetMap = Callable[[Target], Target]
NameOf = Callable[[str], str]


def as_text(value: Any) -> str:
    """A file value as plain text: a list one item a line, a mapping as 'key: value' parts."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(as_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {as_text(item)}" for key, item in value.items())
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def identity_texts(sop: Sop) -> dict[str, str]:
    """Each identity field's text ('' when the SOP leaves it out)."""
    data = sop.to_file_data()
    return {key: as_text(data.get(key)) for key in IDENTITY_KEYS}


def _requirement(item: Requirement) -> str:
    if isinstance(item, RequirementGroup):
        mark = " (kasus)" if item.case else ""
        return f"{item.heading}{mark}: " + "; ".join(_requirement(sub) for sub in item.items)
    return item


def _decision(decision: Decision, target: TargetMap) -> str:
    yes = "langkah berikutnya" if decision.yes is None else target(decision.yes)
    yes_label, no_label = decision.answer_labels()
    return f"{decision.question}\n{yes_label} → {yes}\n{no_label} → {target(decision.no)}"


def step_texts(step: Step, name_of: NameOf, target: TargetMap) -> dict[str, str]:
    """Each column of a step as text: lanes by ``name_of`` their reference, step numbers through ``target``."""
    data = step.to_file_data()
    texts = {key: as_text(data.get(key)) for key in STEP_KEYS}
    texts["pelaksana"] = ", ".join(name_of(ref) for ref in step.lanes)
    texts["kelengkapan"] = "\n".join(_requirement(item) for item in step.requirements)
    texts["keputusan"] = _decision(step.decision, target) if step.decision else ""
    texts["lanjut"] = "" if step.next is None else str(target(step.next))
    return texts
