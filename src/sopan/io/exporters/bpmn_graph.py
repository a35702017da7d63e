"""An SOP as a BPMN process graph: events, tasks and gateways placed in lanes and columns, and the flows between.

The graph is what both halves of the BPMN file are written from: the semantic model and its diagram. Columns
follow the table's row order (flow left to right); a decision's gateway takes the column after its step. A step
that several flows enter gets a merging exclusive gateway (``Join_<n>``) in the column before it, so no task
joins flows by itself (bpmnlint's ``fake-join``). End events that leave the main line (a decision answered
'tidak' ends the procedure) sit below their source in the same column, so the main line stays straight.

Only lanes that hold a step are drawn. A step done by either of several pelaksana has its task in the first
lane and, in each other lane, a text annotation ("atau: ...") joined to the task: the BPMN file says who may
perform it, as the flowchart's dashed outlines do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ...model import END, Sop, Step
from .flow import UNKNOWN_LANE, answer_label, lane_index

__all__ = ["Alternative", "Flow", "Node", "NodeKind", "ProcessGraph", "decision_variable", "process_graph"]


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


@dataclass(frozen=True)
class Alternative:
    """Another lane that may perform a step: a text annotation in that lane, in the step's column."""

    id: str
    step: str
    lane: int
    column: int
    text: str


@dataclass
class ProcessGraph:
    lanes: list[str]
    nodes: list[Node] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return 1 + max(node.column for node in self.nodes)

    def node(self, node_id: str) -> Node:
        return next(node for node in self.nodes if node.id == node_id)


def _lanes(sop: Sop) -> tuple[list[str], list[int], list[list[int]]]:
    """The names of the lanes that hold a step (in the SOP's order; steps without a declared lane share one extra
    lane), the lane of each step, and each step's other lanes."""
    indices = [lane_index(sop, step) for step in sop.steps]
    others = [_other_lanes(sop, step) for step in sop.steps]
    used = sorted({i for i in indices if i is not None} | {i for lanes in others for i in lanes})
    names = [sop.lanes[i].name for i in used]
    position = {index: n for n, index in enumerate(used)}
    if any(index is None for index in indices):
        names.append(UNKNOWN_LANE)
    lanes = [len(used) if index is None else position[index] for index in indices]
    return names, lanes, [[position[i] for i in lanes_] for lanes_ in others]


def _other_lanes(sop: Sop, step: Step) -> list[int]:
    """The declared lanes of a step after its first, without repeats."""
    first = lane_index(sop, step)
    found: list[int] = []
    for ref in step.lanes[1:]:
        lane = sop.lane(ref)
        index = None if lane is None else sop.lanes.index(lane)
        if index is not None and index != first and index not in found:
            found.append(index)
    return found


def _incoming(sop: Sop) -> dict[int | None, int]:
    """How many flows enter each step (the start event's included)."""
    counts: dict[int | None, int] = {sop.steps[0].number: 1}
    for step in sop.steps:
        for target, _ in sop.successors(step):
            if target != END:
                counts[int(target)] = counts.get(int(target), 0) + 1
    return counts


def process_graph(sop: Sop) -> ProcessGraph:
    """The nodes and flows of ``sop``. Ids are stable: ``Step_3``, ``Gateway_3``, ``Join_3``, ``End_3``,
    ``Flow_3_4``."""
    numbers = [step.number for step in sop.steps]
    if len(set(numbers)) != len(numbers):
        raise ValueError("step numbers are not unique (lint rule A001)")
    names, step_lanes, other_lanes = _lanes(sop)
    graph = ProcessGraph(names)
    incoming = _incoming(sop)
    joined = {number for number, count in incoming.items() if count > 1}
    graph.nodes.append(Node("StartEvent", NodeKind.START, "Mulai", step_lanes[0], 0))
    first = sop.steps[0].number
    graph.flows.append(Flow("Flow_start", "StartEvent", f"Join_{first}" if first in joined else f"Step_{first}"))
    column = 1
    exits: list[tuple[Step, str, int, int]] = []  # step, source node id, its lane, its column
    for step, lane, others in zip(sop.steps, step_lanes, other_lanes, strict=True):
        if step.number in joined:
            graph.nodes.append(Node(f"Join_{step.number}", NodeKind.GATEWAY, "", lane, column))
            graph.flows.append(Flow(f"Flow_{step.number}_join", f"Join_{step.number}", f"Step_{step.number}"))
            column += 1
        declared = sop.lane(step.lanes[0]) if step.lanes else None
        kind = NodeKind.MANUAL_TASK if declared is not None and declared.external else NodeKind.USER_TASK
        graph.nodes.append(
            Node(f"Step_{step.number}", kind, f"{step.number}. {step.activity}", lane, column, step=step)
        )
        performers = " atau ".join(graph.lanes[i] for i in [lane, *others])
        for other in others:
            graph.alternatives.append(
                Alternative(f"Annotation_{step.number}_{other + 1}", f"Step_{step.number}", other, column,
                            f"Langkah {step.number}: {performers}")
            )  # fmt: skip
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
        _add_exits(sop, graph, step, source, lane, source_column, joined, last=position == len(exits) - 1)
    return graph


def _add_exits(
    sop: Sop,
    graph: ProcessGraph,
    step: Step,
    source: str,
    lane: int,
    column: int,
    joined: set[int | None],
    *,
    last: bool,
) -> None:
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
            entry = f"Join_{target}" if target in joined else f"Step_{target}"
            graph.flows.append(Flow(flow_id, source, entry, name, condition))
