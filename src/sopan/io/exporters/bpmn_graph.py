"""An SOP as a BPMN process graph: events, tasks and gateways placed in lanes and columns, and the flows between.

The graph is what both halves of the BPMN file are written from: the semantic model and its diagram. Columns
follow the table's row order (flow left to right); a decision's gateway takes the column after its step. A step
that several flows enter gets a merging exclusive gateway (``Join_<n>``) in the column before it, so no task
joins flows by itself (bpmnlint's ``fake-join``). End events that leave the main line (a decision answered
'tidak' ends the procedure) sit below their source in the same column, so the main line stays straight.

Only lanes that hold a step are drawn. A step done by either of several pelaksana has its task in the first
lane and, in each other lane, a text annotation ("atau: ...") joined to the task: the BPMN file says who may
perform it, as the flowchart's dashed outlines do.

An outside party (a pelaksana marked ``pihak_luar``: Pemohon, POS) is a pool of its own, not a lane: its steps
(those without a decision) are manual tasks in its own process, each run of them between a message start event
and an end event, and message flows carry the work across: from the organisation's task before the run to its
start, from its end to the organisation's task after it. The organisation's process goes on from that task
before to the task after, so it stays whole (and an engine can run it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ...model import END, Sop, Step, Target
from .flow import UNKNOWN_LANE, answer_label, lane_index

__all__ = [
    "Alternative",
    "Flow",
    "Node",
    "NodeKind",
    "ProcessGraph",
    "decision_variable",
    "process_graph",
]


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
    """The band it is drawn in: a lane of the organisation's pool, then one band per outside party's pool."""
    column: int
    below: bool = False
    """Drawn under its source (an end event off the main line) rather than on the lane's main row."""
    step: Step | None = None
    pool: int = 0
    """0: the organisation's process; k: the k-th outside party's."""
    message: bool = False
    """A start or end event that a message flow reaches or leaves (``messageEventDefinition``)."""


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
    parties: list[str] = field(default_factory=list)
    """The outside parties' pools, in the SOP's order; party k (from 1) is drawn in band ``len(lanes) + k - 1``."""
    nodes: list[Node] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    messages: list[Flow] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return 1 + max(node.column for node in self.nodes)

    def node(self, node_id: str) -> Node:
        return next(node for node in self.nodes if node.id == node_id)

    def band(self, pool: int, lane: int = 0) -> int:
        """The band of a lane of the organisation's pool (``pool`` 0), or of an outside party's pool."""
        return lane if pool == 0 else len(self.lanes) + pool - 1


@dataclass(frozen=True)
class _Places:
    """Where each step goes: its pool (0 or a party from 1), its band, its other lanes; the lanes and parties."""

    lanes: list[str]
    parties: list[str]
    pool: dict[int | None, int]
    band: dict[int | None, int]
    others: dict[int | None, list[int]]


def _places(sop: Sop) -> _Places:
    """Lanes that hold a step of the organisation (in the SOP's order; steps without a declared lane share one
    extra lane), and pools for the outside parties whose steps have no decision."""
    first = {step.number: lane_index(sop, step) for step in sop.steps}
    party = {
        step.number: index
        for step in sop.steps
        if (index := first[step.number]) is not None and sop.lanes[index].external and step.decision is None
    }
    others = {step.number: [] if step.number in party else _other_lanes(sop, step) for step in sop.steps}
    inside = {i for n, i in first.items() if i is not None and n not in party} | {i for o in others.values() for i in o}
    used = sorted(inside)
    parties = sorted(set(party.values()))
    lanes = [sop.lanes[i].name for i in used]
    position = {index: n for n, index in enumerate(used)}
    unknown = any(index is None for index in first.values())
    if unknown:
        lanes.append(UNKNOWN_LANE)
    pools = {number: parties.index(index) + 1 for number, index in party.items()}
    bands = {}
    for step in sop.steps:
        if step.number in pools:
            bands[step.number] = len(lanes) + pools[step.number] - 1
        else:
            index = first[step.number]
            bands[step.number] = len(used) if index is None else position[index]
    return _Places(
        lanes,
        [sop.lanes[i].name for i in parties],
        {step.number: pools.get(step.number, 0) for step in sop.steps},
        bands,
        {number: [position[i] for i in lanes_] for number, lanes_ in others.items()},
    )


def _other_lanes(sop: Sop, step: Step) -> list[int]:
    """The declared lanes of a step after its first, without repeats (an outside party's among them too)."""
    first = lane_index(sop, step)
    found: list[int] = []
    for ref in step.lanes[1:]:
        lane = sop.lane(ref)
        index = None if lane is None else sop.lanes.index(lane)
        if index is not None and index != first and index not in found and not sop.lanes[index].external:
            found.append(index)
    return found


class _Flow:
    """The SOP's flow seen from the organisation's process: a run of outside steps is passed over."""

    def __init__(self, sop: Sop, places: _Places) -> None:
        self.sop, self.places = sop, places
        self.steps = {step.number: step for step in sop.steps}

    def outside(self, target: Target) -> bool:
        return target != END and self.places.pool.get(int(target), 0) > 0

    def inside(self, target: Target) -> Target | None:
        """The organisation's step (or END) that a flow into ``target`` reaches past any outside steps; None for
        a target that is not a step."""
        seen: set[int] = set()
        while target != END and self.outside(target) and int(target) not in seen:
            seen.add(int(target))
            ((target, _),) = self.sop.successors(self.steps[int(target)])
        if target != END and (int(target) in seen or int(target) not in self.steps):
            return END if int(target) in seen else None
        return target

    def incoming(self) -> dict[Target, int]:
        """How many of the organisation's flows enter each of its steps (the start event's included)."""
        counts: dict[Target, int] = {}
        entries = [self.inside(self.sop.steps[0].numbered)]
        for step in self.sop.steps:
            if not self.outside(step.numbered):
                entries += [self.inside(target) for target, _ in self.sop.successors(step)]
        for target in entries:
            if target is not None and target != END:
                counts[target] = counts.get(target, 0) + 1
        return counts

    def predecessors(self) -> dict[int, set[int | None]]:
        """The steps that flow into each step (None: the start)."""
        found: dict[int, set[int | None]] = {self.sop.steps[0].number or 0: {None}}
        for step in self.sop.steps:
            for target, _ in self.sop.successors(step):
                if target != END and int(target) in self.steps:
                    found.setdefault(int(target), set()).add(step.number)
        return found


def process_graph(sop: Sop) -> ProcessGraph:
    """The nodes and flows of ``sop``. Ids are stable: ``Step_3``, ``Gateway_3``, ``Join_3``, ``End_3``,
    ``Flow_3_4``; an outside party's run starts at ``Start_3`` and ends at ``Send_5`` (or ``End_5``), and the
    message flows are ``Message_2_3`` (from the organisation's step 2 to the run that starts at step 3) and
    ``Message_5_6`` (from the run's last step 5 to step 6)."""
    numbers = [step.number for step in sop.steps]
    if len(set(numbers)) != len(numbers):
        raise ValueError("step numbers are not unique (lint rule A001)")
    places = _places(sop)
    flow = _Flow(sop, places)
    graph = ProcessGraph(places.lanes, places.parties)
    joined = {target for target, count in flow.incoming().items() if count > 1}
    predecessors = flow.predecessors()
    first = flow.inside(sop.steps[0].numbered)
    first_band = places.band[first] if first is not None and first != END else 0
    column = 1
    exits: list[tuple[Step, str, int, int]] = []  # step, source node id, its band, its column
    for step in sop.steps:
        band, pool = places.band[step.number], places.pool[step.number]
        if pool:
            entered = predecessors.get(step.number or 0, set())
            if any(p is None or places.pool.get(p, 0) != pool for p in entered):
                start = f"Start_{step.number}"
                message = any(p is not None for p in entered)  # the first step starts on its own
                graph.nodes.append(Node(start, NodeKind.START, "Mulai", band, column - 1, pool=pool, message=message))
                graph.flows.append(Flow(f"Flow_start_{step.number}", start, f"Step_{step.number}"))
            graph.nodes.append(
                Node(f"Step_{step.number}", NodeKind.MANUAL_TASK, f"{step.number}. {step.activity}", band,
                     column, step=step, pool=pool)
            )  # fmt: skip
            exits.append((step, f"Step_{step.number}", band, column))
            column += 1
            continue
        if step.numbered in joined:
            graph.nodes.append(Node(f"Join_{step.number}", NodeKind.GATEWAY, "", band, column))
            graph.flows.append(Flow(f"Flow_{step.number}_join", f"Join_{step.number}", f"Step_{step.number}"))
            column += 1
        declared = sop.lane(step.lanes[0]) if step.lanes else None
        kind = NodeKind.MANUAL_TASK if declared is not None and declared.external else NodeKind.USER_TASK
        graph.nodes.append(
            Node(f"Step_{step.number}", kind, f"{step.number}. {step.activity}", band, column, step=step)
        )
        others = places.others[step.number]
        performers = " atau ".join(graph.lanes[i] for i in [band, *others])
        for other in others:
            graph.alternatives.append(
                Alternative(f"Annotation_{step.number}_{other + 1}", f"Step_{step.number}", other, column,
                            f"Langkah {step.number}: {performers}")
            )  # fmt: skip
        source = f"Step_{step.number}"
        if step.decision is not None:
            column += 1
            gateway = f"Gateway_{step.number}"
            graph.nodes.append(Node(gateway, NodeKind.GATEWAY, step.decision.question, band, column, step=step))
            graph.flows.append(Flow(f"Flow_{step.number}_gateway", source, gateway))
            source = gateway
        exits.append((step, source, band, column))
        column += 1
    entry = _entry(first, joined)
    start_column = next((n.column - 1 for n in graph.nodes if n.id == entry), 0)  # just before it (that is free)
    graph.nodes.insert(0, Node("StartEvent", NodeKind.START, "Mulai", first_band, start_column))
    graph.flows.append(Flow("Flow_start", "StartEvent", entry))
    if first is None or first == END:  # every step is an outside party's: the organisation only starts and ends
        graph.nodes.append(Node("End_start", NodeKind.END, "Selesai", 0, 0, below=True))
    inside = [(position, item) for position, item in enumerate(exits) if not places.pool[item[0].number]]
    for position, (step, source, band, source_column) in enumerate(exits):
        if places.pool[step.number]:
            _add_outside_exit(graph, flow, places, step, band, source_column, last=position == len(exits) - 1)
        else:
            last = position == inside[-1][0]
            _add_exits(graph, flow, step, source, band, source_column, joined, last=last)
    return graph


def _entry(target: Target | None, joined: set[Target]) -> str:
    """The node a flow into the organisation's step arrives at; its end event when the flow ends there."""
    if target is None or target == END:
        return "End_start"
    return f"Join_{target}" if target in joined else f"Step_{target}"


def _add_exits(
    graph: ProcessGraph,
    flow: _Flow,
    step: Step,
    source: str,
    band: int,
    column: int,
    joined: set[Target],
    *,
    last: bool,
) -> None:
    """The flows leaving a step (or its gateway); an exit to 'selesai' gets the source's own end event. An exit
    into an outside party's run goes on to the step after the run, and a message flow takes the work there."""
    for target, label in flow.sop.successors(step):
        suffix = label if step.decision is not None else ("end" if target == END else str(target))
        flow_id = f"Flow_{step.number}_{suffix}"
        name = answer_label(step, label)
        condition = f"{decision_variable(step)} == '{label}'" if step.decision is not None else None
        reached = flow.inside(target)
        if reached is None:
            continue
        if flow.outside(target):
            message = f"Message_{step.number}_{target}"
            if all(m.id != message for m in graph.messages):
                graph.messages.append(Flow(message, f"Step_{step.number}", f"Start_{target}"))
        if reached == END:
            end_id = f"End_{step.number}"
            if not any(node.id == end_id for node in graph.nodes):
                graph.nodes.append(
                    Node(end_id, NodeKind.END, "Selesai", band, column + 1 if last else column, below=not last)
                )
            graph.flows.append(Flow(flow_id, source, end_id, name, condition))
        else:
            graph.flows.append(Flow(flow_id, source, _entry(reached, joined), name, condition))


def _add_outside_exit(
    graph: ProcessGraph, flow: _Flow, places: _Places, step: Step, band: int, column: int, *, last: bool
) -> None:
    """The flow after an outside party's step: on in its run, to its end, or out of its pool by a message."""
    ((target, _),) = flow.sop.successors(step)
    pool = places.pool[step.number]
    source = f"Step_{step.number}"
    if target == END or int(target) not in flow.steps:
        end_id = f"End_{step.number}"
        below = not last
        graph.nodes.append(Node(end_id, NodeKind.END, "Selesai", band, column if below else column + 1, below=below,
                                pool=pool))  # fmt: skip
        graph.flows.append(Flow(f"Flow_{step.number}_end", source, end_id))
        return
    if places.pool.get(int(target), 0) == pool:
        graph.flows.append(Flow(f"Flow_{step.number}_{target}", source, f"Step_{target}"))
        return
    end_id = f"Send_{step.number}"
    graph.nodes.append(Node(end_id, NodeKind.END, "Selesai", band, column, below=True, pool=pool, message=True))
    graph.flows.append(Flow(f"Flow_{step.number}_end", source, end_id))
    receiver = f"Start_{target}" if flow.outside(target) else f"Step_{target}"
    graph.messages.append(Flow(f"Message_{step.number}_{target}", end_id, receiver))
