"""What every exporter reads off an SOP's flow the same way: lanes of steps, answer labels, step details."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...model import Requirement, RequirementGroup, Sop, Step

__all__ = ["UNKNOWN_LANE", "answer_label", "lane_index", "requirement_lines", "step_details", "xml_safe"]

UNKNOWN_LANE = "Pelaksana tidak diketahui"
"""Name of the lane that holds steps whose pelaksana is missing or undeclared (lint rules P001/P003)."""

_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (OCR debris such as form feeds)."""
    return _XML_INVALID.sub("", text)


def lane_index(sop: Sop, step: Step) -> int | None:
    """Index in ``sop.lanes`` of the lane holding the step's symbol (its first pelaksana); None if undeclared."""
    if not step.lanes:
        return None
    lane = sop.lane(step.lanes[0])
    return None if lane is None else sop.lanes.index(lane)


def answer_label(step: Step, label: str | None) -> str | None:
    """The words on a decision exit: the SOP's own ('Setuju', 'Lengkap') or 'Ya' / 'Tidak'."""
    if step.decision is None or label is None:
        return None
    if label == "ya":
        return step.decision.yes_label or "Ya"
    return step.decision.no_label or "Tidak"


def requirement_lines(requirements: Iterable[Requirement], indent: str = "") -> list[str]:
    """Kelengkapan as indented bullet lines; groups keep their heading, case-only groups say so."""
    lines: list[str] = []
    for item in requirements:
        if isinstance(item, RequirementGroup):
            suffix = " (kasus tertentu)" if item.case else ""
            lines.append(f"{indent}- {item.heading}{suffix}")
            lines.extend(requirement_lines(item.items, indent + "  "))
        else:
            lines.append(f"{indent}- {item}")
    return lines


def step_details(sop: Sop, step: Step) -> list[str]:
    """The mutu baku and the rest of a step's row as plain-text lines (Bahasa Indonesia labels)."""
    lines: list[str] = []
    names = [lane.name if (lane := sop.lane(ref)) else ref for ref in step.lanes]
    if names:
        lines.append(f"Pelaksana: {', '.join(names)}")
    if step.requirements:
        lines.append("Kelengkapan:")
        lines.extend(requirement_lines(step.requirements, "  "))
    lines.append(f"Waktu: {step.duration.text if step.duration and step.duration.text else '-'}")
    for variant in step.variants:
        waktu = variant.duration.text if variant.duration and variant.duration.text else "-"
        lines.append(f"  - {variant.condition}: {waktu}")
    if step.outputs:
        lines.append("Output:")
        lines.extend(f"  - {output}" for output in step.outputs)
    if step.remark:
        lines.append(f"Keterangan: {step.remark}")
    if step.sub_sop:
        lines.append(f"Sub-SOP: {step.sub_sop}")
    if step.records_in:
        lines.append(f"Register: {step.records_in}")
    return lines
