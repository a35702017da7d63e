"""An SOP as a BPMN process graph: events, tasks and gateways placed in lanes and columns, and the flows between.

The graph is what both halves of the BPMN file are written from: the semantic model and its diagram. Columns
follow the table's row order (flow left to right); a decision's gateway takes the column after its step. End
events that leave the main line (a decision answered 'tidak' ends the procedure) sit below their source in the
same column, so the main line stays straight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ...model import END, Sop, Step
from .flow import UNKNOWN_LANE, answer_label, lane_index

__all__ = ["Flow", "Node", "NodeKind", "ProcessGraph", "decision_variable", "process_graph"]


class NodeKind(StrEnum):
    """BPMN element of a node. Outside parties' steps are manual tasks: no process engine performs them."""

    START = "startEvent"
    USER_TASK = "userTask"
    MANUAL_TASK = "manualTask"
    GATEWAY = "exclusiveGateway"
    END = "endEvent"


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    name: str
    lane: int
    column: int
    below: bool = False
    """Drawn under its source (an end event off the main line) rather than on the lane's main row."""
    step: Step | None = None


@dataclass(frozen=True)
class Flow:
    id: str
    source: str
    target: str
    name: str | None = None
    condition: str | None = None
    """On a decision exit: ``keputusan_<step> == 'ya'`` (or 'tidak')."""


def decision_variable(step: Step) -> str:
    """The name of the answer to a step's decision, in conditions on its exits."""
    return f"keputusan_{step.number}"


@dataclass
class ProcessGraph:
    lanes: list[str]
    nodes: list[Node] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return 1 + max(node.column for node in self.nodes)

    def node(self, node_id: str) -> Node:
        return next(node for node in self.nodes if node.id == node_id)


def _lanes(sop: Sop) -> tuple[list[str], list[int]]:
    """Lane names, and the lane of each step; steps without a declared lane share one extra lane."""
    names = [lane.name for lane in sop.lanes]
    indices = [lane_index(sop, step) for step in sop.steps]
    if any(index is None for index in indices):
        names.append(UNKNOWN_LANE)
    return names, [len(sop.lanes) if index is None else index for index in indices]


def process_graph(sop: Sop) -> ProcessGraph:
    """The nodes and flows of ``sop``. Ids are stable: ``Step_3``, ``Gateway_3``, ``End_3``, ``Flow_3_4``."""
    numbers = [step.number for step in sop.steps]
    if len(set(numbers)) != len(numbers):
        raise ValueError("step numbers are not unique (lint rule A001)")
    names, step_lanes = _lanes(sop)
    graph = ProcessGraph(names)
    graph.nodes.append(Node("StartEvent", NodeKind.START, "Mulai", step_lanes[0], 0))
    graph.flows.append(Flow("Flow_start", "StartEvent", f"Step_{sop.steps[0].number}"))
    column = 1
    exits: list[tuple[Step, str, int, int]] = []  # step, source node id, its lane, its column
    for step, lane in zip(sop.steps, step_lanes, strict=True):
        external = lane < len(sop.lanes) and sop.lanes[lane].external
        kind = NodeKind.MANUAL_TASK if external else NodeKind.USER_TASK
        graph.nodes.append(
            Node(f"Step_{step.number}", kind, f"{step.number}. {step.activity}", lane, column, step=step)
        )
        source = f"Step_{step.number}"
        if step.decision is not None:
            column += 1
            gateway = f"Gateway_{step.number}"
            graph.nodes.append(Node(gateway, NodeKind.GATEWAY, step.decision.question, lane, column, step=step))
            graph.flows.append(Flow(f"Flow_{step.number}_gateway", source, gateway))
            source = gateway
        exits.append((step, source, lane, column))
        column += 1
    for position, (step, source, lane, source_column) in enumerate(exits):
        _add_exits(sop, graph, step, source, lane, source_column, last=position == len(exits) - 1)
    return graph


def _add_exits(sop: Sop, graph: ProcessGraph, step: Step, source: str, lane: int, column: int, *, last: bool) -> None:
    """The flows leaving a step (or its gateway); an exit to 'selesai' gets the source's own end event."""
    known = {s.number for s in sop.steps}
    for target, label in sop.successors(step):
        suffix = label if step.decision is not None else ("end" if target == END else str(target))
        flow_id = f"Flow_{step.number}_{suffix}"
        name = answer_label(step, label)
        condition = f"{decision_variable(step)} == '{label}'" if step.decision is not None else None
        if target == END:
            end_id = f"End_{step.number}"
            if not any(node.id == end_id for node in graph.nodes):
                graph.nodes.append(
                    Node(end_id, NodeKind.END, "Selesai", lane, column + 1 if last else column, below=not last)
                )
            graph.flows.append(Flow(flow_id, source, end_id, name, condition))
        elif target in known:
            graph.flows.append(Flow(flow_id, source, f"Step_{target}", name, condition))
