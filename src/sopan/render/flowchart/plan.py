"""The flow facts the drawing needs: lanes of each step, symbol kinds, the final step and the edges.

The first step and the final step (the last one, in table order, whose flow reaches ``selesai``) are drawn as
terminators unless they are decisions: a decision stays a diamond. When the final step is a decision, or when
any other step (a decision's exit or a ``lanjut``) also reaches ``selesai``, the final step stays a plain
symbol and an extra end terminator in its own row below it receives every ``selesai`` edge: an exit that
ends the procedure never runs into another step's box (which would say that step is done too). Otherwise the
final terminator's own edge to ``selesai`` is the terminator itself and is not drawn.
Lanes a step names that the SOP does not declare get their own column (so nothing is lost).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model.sop import END, Sop, Step, Target
from .columns import LaneInfo
from .page import SymbolKind

__all__ = ["Edge", "FlowPlan", "plan_flow"]


@dataclass(frozen=True)
class Edge:
    """A flow edge in table order. ``target`` is a step index, or None for the end terminator (``selesai``)."""

    source: int
    target: int | None
    to: Target
    exit: str | None
    label: str | None


@dataclass(frozen=True)
class FlowPlan:
    lanes: list[LaneInfo]
    step_lanes: list[list[str]]
    kinds: list[SymbolKind]
    final: int | None
    extra_end: bool
    edges: list[Edge]
    warnings: list[str]

    def implicit(self, edge: Edge) -> bool:
        """The final terminator's own way to ``selesai``: drawn by the terminator, not by an arrow."""
        return edge.target is None and edge.source == self.final and not self.extra_end


def _lanes(sop: Sop) -> tuple[list[LaneInfo], list[list[str]]]:
    lanes = [LaneInfo(lane.code, lane.name) for lane in sop.lanes]
    step_lanes: list[list[str]] = []
    for step in sop.steps:
        codes: list[str] = []
        for ref in step.lanes:
            lane = sop.lane(ref)
            code = lane.code if lane is not None else f"?{ref.strip()}"
            if lane is None and all(info.code != code for info in lanes):
                lanes.append(LaneInfo(code, ref.strip()))
            if code not in codes:
                codes.append(code)
        step_lanes.append(codes)
    if not lanes:
        lanes.append(LaneInfo("?", "Pelaksana"))
    for codes in step_lanes:
        if not codes:
            codes.append(lanes[0].code)
    return lanes, step_lanes


def _label(step: Step, exit: str | None) -> str | None:
    if exit is None or step.decision is None:
        return None
    if exit == "ya":
        return step.decision.yes_label or "Ya"
    return step.decision.no_label or "Tidak"


def plan_flow(sop: Sop) -> FlowPlan:
    lanes, step_lanes = _lanes(sop)
    index = {step.number: k for k, step in enumerate(sop.steps)}
    warnings: list[str] = []
    edges: list[Edge] = []
    for k, step in enumerate(sop.steps):
        for to, exit in sop.successors(step):
            if to == END:
                edges.append(Edge(k, None, to, exit, _label(step, exit)))
            elif to in index:
                edges.append(Edge(k, index[to], to, exit, _label(step, exit)))
            else:
                warnings.append(f"langkah {step.number}: tujuan {to} tidak ada; panah tidak digambar")
    ending = [e.source for e in edges if e.target is None]
    final = max(ending) if ending else None
    kinds: list[SymbolKind] = ["decision" if s.decision is not None else "process" for s in sop.steps]
    if kinds[0] == "process":
        kinds[0] = "terminator"
    shared_end = any(e.target is None and e.source != final for e in edges)
    extra_end = final is not None and (kinds[final] == "decision" or shared_end)
    if final is not None and not extra_end:
        kinds[final] = "terminator"
    return FlowPlan(lanes, step_lanes, kinds, final, extra_end, edges, warnings)
