"""Geometry of the BPMN diagram: lanes as horizontal bands, flow left to right, orthogonal edges.

Each lane is a band with a routing channel on top, a main row (tasks, gateways, events), a row below it for end
events off the main line, and a routing channel at the bottom. A task is as tall as its kegiatan needs (BPMN tools
wrap the name inside the box), and a lane as tall as its tallest task. A flow to the next column runs straight or
turns in the gap between the columns; any other flow (a loop back, a jump ahead) leaves its source downwards
(upwards when an end event sits below), runs along its source lane's channel, and enters its target from above or
below; in a channel the shorter flows run nearer the nodes, so loops nest instead of crossing. A decision's answer
sits by the first segment of its own exit, on the side the gateway's other exit does not take. Nothing then
crosses a node: each column holds one node on the main row, and end events below are set off to the right of the
column's centre line. A task is tall enough that bpmn.io's centred name starts below the task's icon.
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass

from .bpmn_graph import Node, NodeKind, ProcessGraph

__all__ = ["Bounds", "Diagram", "EdgeGeometry", "Segment", "crosses", "layout", "touches"]

POOL_X, POOL_Y = 160, 80
HEADER = 30  # the participant's and each lane's name band
COLUMN = 190
TASK_WIDTH, TASK_MIN_HEIGHT = 140, 80
TASK_CHARS_PER_LINE, TASK_LINE_HEIGHT = 20, 15  # bpmn.io: 12 px Arial in a 140 px box
TASK_PADDING = 56  # bpmn.io centres the name: 28 px above it keeps its first line ("2. ...") below the task's icon
ANNOTATION_CHARS_PER_LINE, ANNOTATION_PADDING = 22, 10
LABEL_WIDTH, LABEL_CHARS_PER_LINE, LABEL_CHAR_WIDTH, LABEL_LINE_HEIGHT = 90, 16, 6, 14
ABOVE_MAIN = 100  # from a lane's top to its main row's top: channel and room for a gateway's question
BELOW_GAP = 14  # from the main row's bottom to the end events below
BELOW_OFFSET = 40  # an end event below sits this far right of its source's centre
EVENT, GATEWAY = 36, 50
CHANNEL_TOP, CHANNEL_STEP = 8, 6
POOL_GAP = 60  # between the organisation's pool and an outside party's, for the message flows
TOP_CHANNELS = 6  # levels of the channel above a lane's main row (it shares the room with gateways' questions)


@dataclass(frozen=True)
class Bounds:
    x: float
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class EdgeGeometry:
    waypoints: list[tuple[float, float]]
    label: Bounds | None


@dataclass(frozen=True)
class Diagram:
    pools: list[Bounds]
    """The organisation's pool, then each outside party's."""
    lanes: list[Bounds]
    nodes: dict[str, Bounds]
    labels: dict[str, Bounds]
    """Label bounds of events and gateways, whose names are drawn outside the symbol."""
    edges: dict[str, EdgeGeometry]
    annotations: dict[str, Bounds]
    """The other performers' text annotations (``ProcessGraph.alternatives``)."""
    associations: dict[str, list[tuple[float, float]]]
    """The line from each annotation's task to it, by the annotation's id."""
    messages: dict[str, list[tuple[float, float]]]
    """The waypoints of each message flow."""


@dataclass(frozen=True)
class _Band:
    """The rows of one lane, as y coordinates."""

    top: float
    main: float  # centre of the main row
    below: float  # centre of the row of end events off the main line
    bottom_channel: float
    height: float


def task_height(name: str) -> float:
    """Height that holds a task's name wrapped in its box, clear of the task's icon."""
    lines = len(textwrap.wrap(name, TASK_CHARS_PER_LINE, break_long_words=True)) or 1
    return max(TASK_MIN_HEIGHT, lines * TASK_LINE_HEIGHT + TASK_PADDING)


def annotation_size(text: str) -> tuple[float, float]:
    """A text annotation as wide as a task, as tall as its wrapped text."""
    lines = len(textwrap.wrap(text, ANNOTATION_CHARS_PER_LINE, break_long_words=True)) or 1
    return TASK_WIDTH, lines * LABEL_LINE_HEIGHT + ANNOTATION_PADDING


def _size(node: Node) -> tuple[float, float]:
    if node.kind in (NodeKind.USER_TASK, NodeKind.MANUAL_TASK):
        return TASK_WIDTH, task_height(node.name)
    return (GATEWAY, GATEWAY) if node.kind is NodeKind.GATEWAY else (EVENT, EVENT)


@dataclass(frozen=True)
class _Detour:
    """A flow that leaves the next-column pattern: it runs along a channel of its source's lane, above the main
    row (``upwards``) or below it, at ``level`` (0 nearest the nodes)."""

    lane: int
    upwards: bool
    level: int


def _over_candidates(graph: ProcessGraph) -> list[str]:
    """Loops back into a higher lane that may instead run over the top of their target's lane: their source's
    top is free (no end event below it takes its bottom exit)."""
    has_end_below = {flow.source for flow in graph.flows if graph.node(flow.target).below}
    found = []
    for flow in graph.flows:
        source, target = graph.node(flow.source), graph.node(flow.target)
        if target.lane < source.lane and target.column < source.column and source.id not in has_end_below:
            found.append(flow.id)
    return found


def _detours(graph: ProcessGraph, over: frozenset[str] = frozenset()) -> dict[str, _Detour]:
    """The channel of each detour. In a lane's channel, the flows spanning fewer columns run nearer the nodes and
    each one outside every flow it overlaps, so that a loop inside another never crosses it. A flow in ``over``
    runs in the channel above its target's lane and enters the target from above."""
    has_end_below = {flow.source for flow in graph.flows if graph.node(flow.target).below}
    spans: dict[tuple[int, bool], list[tuple[float, float, str]]] = {}
    for flow in graph.flows:
        source, target = graph.node(flow.source), graph.node(flow.target)
        if target.below or target.column == source.column + 1:
            continue
        low, high = sorted((_column_centre(source.column), _column_centre(target.column)))
        key = (target.lane, True) if flow.id in over else (source.lane, source.id in has_end_below)
        spans.setdefault(key, []).append((low, high, flow.id))
    found: dict[str, _Detour] = {}
    for (lane, upwards), items in spans.items():
        placed: list[tuple[float, float, int]] = []
        for low, high, flow_id in sorted(items, key=lambda item: (item[1] - item[0], item[0], item[2])):
            level = 1 + max((lv for lo, hi, lv in placed if lo <= high and low <= hi), default=-1)
            placed.append((low, high, level))
            found[flow_id] = _Detour(lane, upwards, level)
    return found


def _bands(graph: ProcessGraph, detours: dict[str, _Detour]) -> list[_Band]:
    bands: list[_Band] = []
    top = float(POOL_Y)
    for lane in range(len(graph.lanes) + len(graph.parties)):
        if lane >= len(graph.lanes):  # an outside party's pool, apart from the one above it
            top += POOL_GAP
        heights = [_size(n)[1] for n in graph.nodes if n.lane == lane and not n.below]
        heights += [annotation_size(a.text)[1] for a in graph.alternatives if a.lane == lane]
        main_height = max(heights, default=GATEWAY)
        main = top + ABOVE_MAIN + main_height / 2
        below = main + main_height / 2 + BELOW_GAP + EVENT / 2
        bottom_channel = below + EVENT / 2 + 22  # room for the end event's name
        levels = 1 + max((d.level for d in detours.values() if d.lane == lane and not d.upwards), default=2)
        height = bottom_channel + CHANNEL_STEP * levels + 4 - top
        bands.append(_Band(top, main, below, bottom_channel, height))
        top += height
    return bands


def _column_centre(column: int) -> float:
    return POOL_X + 2 * HEADER + 10 + column * COLUMN + COLUMN / 2


def _node_bounds(node: Node, band: _Band) -> Bounds:
    width, height = _size(node)
    cx = _column_centre(node.column) + (BELOW_OFFSET if node.below else 0)
    cy = band.below if node.below else band.main
    return Bounds(cx - width / 2, cy - height / 2, width, height)


def _label_size(text: str) -> tuple[float, float]:
    """Size of a label drawn outside a symbol: bpmn.io wraps these at 90 px in 11 px type."""
    lines = textwrap.wrap(text, LABEL_CHARS_PER_LINE, break_long_words=True) or [""]
    width = min(LABEL_WIDTH, max(24, LABEL_CHAR_WIDTH * max(len(line) for line in lines)))
    return width, len(lines) * LABEL_LINE_HEIGHT


def _outer_label(node: Node, box: Bounds, leaves_upwards: bool) -> Bounds:
    if node.kind is NodeKind.GATEWAY:  # the question above the diamond; left of a flow that leaves by its top
        width, height = _label_size(node.name)
        x = box.cx - 6 - width if leaves_upwards else box.cx - width / 2
        return Bounds(x, box.y - height - 4, width, height)
    return Bounds(box.cx - 25, box.bottom + 2, 50, 14)


def layout(graph: ProcessGraph) -> Diagram:
    """Positions of the pool, lanes, nodes, outer labels and edge waypoints of ``graph``: each loop back into a
    higher lane runs over the top of that lane instead when that leaves fewer crossings (loops that interleave
    cross in pairs otherwise), and no answer then lies on another flow."""
    over: frozenset[str] = frozenset()
    best = _layout(graph, over)
    score = _tangles(best)
    for flow_id in _over_candidates(graph):
        trial = _layout(graph, over | {flow_id})
        if _tangles(trial) < score:
            over, best, score = over | {flow_id}, trial, _tangles(trial)
    return best


def _tangles(diagram: Diagram) -> tuple[int, int]:
    """(answers lying on another flow, crossings between flows): what a reader has to untangle."""
    segments = {
        flow_id: list(zip(edge.waypoints, edge.waypoints[1:], strict=False)) for flow_id, edge in diagram.edges.items()
    }
    crossings = sum(
        crosses(a, b)
        for (one, first), (two, second) in itertools.combinations(segments.items(), 2)
        for a in first
        for b in second
    )
    labels = sum(
        touches(edge.label, segment)
        for flow_id, edge in diagram.edges.items()
        if edge.label is not None
        for other, lines in segments.items()
        if other != flow_id
        for segment in lines
    )
    return labels, crossings


Segment = tuple[tuple[float, float], tuple[float, float]]


def crosses(a: Segment, b: Segment) -> bool:
    """Two orthogonal segments cross inside both."""
    (p1, p2), (q1, q2) = a, b
    if p1[0] == p2[0] and q1[1] == q2[1]:
        return min(q1[0], q2[0]) < p1[0] < max(q1[0], q2[0]) and min(p1[1], p2[1]) < q1[1] < max(p1[1], p2[1])
    if p1[1] == p2[1] and q1[0] == q2[0]:
        return crosses(b, a)
    return False


def touches(box: Bounds, segment: Segment) -> bool:
    """A segment runs through the inside of a box."""
    (x1, y1), (x2, y2) = segment
    return box.x < max(x1, x2) and min(x1, x2) < box.right and box.y < max(y1, y2) and min(y1, y2) < box.bottom


def _layout(graph: ProcessGraph, over: frozenset[str]) -> Diagram:
    detours = _detours(graph, over)
    bands = _bands(graph, detours)
    width = 2 * HEADER + 10 + graph.columns * COLUMN + 20
    inside = bands[: len(graph.lanes)]
    pool = Bounds(POOL_X, POOL_Y, width, sum(band.height for band in inside))
    lanes = [Bounds(POOL_X + HEADER, band.top, width - HEADER, band.height) for band in inside]
    pools = [pool] + [Bounds(POOL_X, band.top, width, band.height) for band in bands[len(graph.lanes) :]]
    nodes = {node.id: _node_bounds(node, bands[node.lane]) for node in graph.nodes}
    upward = {
        graph.node(flow_id.source).id
        for flow_id in graph.flows
        if flow_id.id in detours and detours[flow_id.id].upwards
    }
    labels = {
        node.id: _outer_label(node, nodes[node.id], node.id in upward)
        for node in graph.nodes
        if node.kind in (NodeKind.START, NodeKind.END) or (node.kind is NodeKind.GATEWAY and node.name)
    }
    edges: dict[str, EdgeGeometry] = {}
    for flow in graph.flows:
        source, target = graph.node(flow.source), graph.node(flow.target)
        s, t = nodes[source.id], nodes[target.id]
        if target.below:  # down, then right to the end event: the answer left of the line
            points = [(s.cx, s.bottom), (s.cx, t.cy), (t.x, t.cy)]
            label = _flow_label(flow.name, s.cx - 4, s.bottom + 2, left=True)
        elif flow.id not in detours:
            points = _next_column(s, t)
            label = _flow_label(flow.name, s.right + 4, s.cy + (2 if t.cy < s.cy else -2), above=t.cy >= s.cy)
        else:
            detour = detours[flow.id]
            band = bands[detour.lane]
            if detour.upwards:
                channel = (
                    band.top + CHANNEL_TOP + (TOP_CHANNELS - 1 - min(detour.level, TOP_CHANNELS - 1)) * CHANNEL_STEP
                )
                label = _flow_label(flow.name, s.cx + 4, s.y - 2, above=True)
            else:
                channel = band.bottom_channel + detour.level * CHANNEL_STEP
                label = _flow_label(flow.name, s.cx - 4, s.bottom + 2, left=True)
            points = _detour(s, t, channel, upwards=detour.upwards)
        edges[flow.id] = EdgeGeometry(points, label)
    annotations, associations = _alternatives(graph, nodes, bands)
    messages = {}
    for message in graph.messages:
        source, target = graph.node(message.source), graph.node(message.target)
        lower = bands[max(source.lane, target.lane)]  # the pool whose gap above it the flow crosses in
        points = _message(nodes[source.id], nodes[target.id], lower.top - POOL_GAP / 2)
        if source.below:  # an end event under its step: out of its right side, then up past the step
            s = nodes[source.id]
            points = [(s.right, s.cy), (s.cx + BELOW_OFFSET, s.cy), (s.cx + BELOW_OFFSET, points[1][1]), *points[2:]]
        messages[message.id] = points
    return Diagram(pools, lanes, nodes, labels, edges, annotations, associations, messages)


def _message(s: Bounds, t: Bounds, gap: float) -> list[tuple[float, float]]:
    """A message flow between pools: out of the source's bottom (its top, going up), across at ``gap`` (in the
    gap above the lower of the two pools), into the target's top (its bottom)."""
    if t.cy > s.cy:
        return [(s.cx, s.bottom), (s.cx, gap), (t.cx, gap), (t.cx, t.y)]
    return [(s.cx, s.y), (s.cx, gap), (t.cx, gap), (t.cx, t.bottom)]


def _alternatives(
    graph: ProcessGraph, nodes: dict[str, Bounds], bands: list[_Band]
) -> tuple[dict[str, Bounds], dict[str, list[tuple[float, float]]]]:
    """Each other performer's annotation on its lane's main row in the step's column, and the line to the task."""
    boxes: dict[str, Bounds] = {}
    lines: dict[str, list[tuple[float, float]]] = {}
    for alternative in graph.alternatives:
        width, height = annotation_size(alternative.text)
        cx, cy = _column_centre(alternative.column), bands[alternative.lane].main
        box = Bounds(cx - width / 2, cy - height / 2, width, height)
        task = nodes[alternative.step]
        start, end = ((cx, task.bottom), (cx, box.y)) if box.y > task.cy else ((cx, task.y), (cx, box.bottom))
        boxes[alternative.id] = box
        lines[alternative.id] = [start, end]
    return boxes, lines


def _flow_label(name: str | None, x: float, y: float, *, above: bool = False, left: bool = False) -> Bounds | None:
    """The answer beside the start of a decision exit: its top-left at (x, y), or its bottom-left when above;
    ``left``: its right edge at x."""
    if not name:
        return None
    width, height = _label_size(name)
    return Bounds(x - width if left else x, y - height if above else y, width, height)


def _next_column(s: Bounds, t: Bounds) -> list[tuple[float, float]]:
    if s.cy == t.cy:
        return [(s.right, s.cy), (t.x, t.cy)]
    gap = (s.right + t.x) / 2
    return [(s.right, s.cy), (gap, s.cy), (gap, t.cy), (t.x, t.cy)]


def _detour(s: Bounds, t: Bounds, channel: float, *, upwards: bool) -> list[tuple[float, float]]:
    start = (s.cx, s.y if upwards else s.bottom)
    end = (t.cx, t.y if channel < t.cy else t.bottom)
    return [start, (s.cx, channel), (t.cx, channel), end]
