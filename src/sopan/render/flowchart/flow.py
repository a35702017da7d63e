"""The drawing in the lane columns of one page: symbols, markers, connectors, exit labels, then arrows.

Symbols are centred in their lane column and in their row (below the room of incoming connectors). Arrows
leave a symbol at the bottom; a decision's 'tidak' exit leaves from the side vertex facing its target (or,
for a target in the same lane, the side without a second-lane marker). Arrows are routed one by one, the
simple ones first (to the next row, from above), then other forward arrows, then arrows going back: the
first arrow from above takes a symbol's top, the others enter a side. Each routed arrow becomes an obstacle
for the next (see ``routing``), so no two overlap and none crosses a symbol, a label or a table line.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..text import PT
from .labels import LABEL_CLEARANCE, Scene, by_own_line, place_label
from .nodes import END_NODE, END_ROW, ConnectorNode, NodeKey, StepNode, enters_page
from .page import Arrow, Band, Column, Label, Marker, Point, Rect, Row, Symbol, SymbolKind
from .plan import Edge
from .routing import Obstacle, Router
from .style import FlowStyle
from .symbols import (
    GOAL_COST_BACK,
    GOAL_COST_DOWN,
    ConnectorSpec,
    Node,
    centred,
    obstacle,
    place_connectors,
    place_markers,
)

__all__ = ["FlowDrawing", "PageEdge", "PageFlow", "draw_flow"]


@dataclass(frozen=True)
class PageEdge:
    """An arrow to draw on this page between two nodes (a step, the end terminator, an off-page connector)."""

    edge: Edge
    source: NodeKey
    target: NodeKey
    letter: str | None = None


@dataclass(frozen=True)
class PageFlow:
    """What a page's drawing is made of. Dicts are keyed by step index (position in the SOP)."""

    style: FlowStyle
    area: Rect
    lane_columns: dict[str, Column]
    rows: dict[int, Row]
    rooms: dict[int, float]  # room above a row's symbol (END_ROW: the end terminator's) for incoming connectors
    bands: dict[str, Band]
    kinds: dict[int, SymbolKind]
    step_lanes: dict[int, list[str]]
    step_numbers: dict[int, int]
    end_lane: str | None
    connectors: list[ConnectorSpec]
    edges: list[PageEdge]


SEPARATION = 3 * PT  # parallel arrows at least 3 pt apart
CROWDED_SEPARATION = 0.9  # the least, on a page with no room for 3 pt


@dataclass(frozen=True)
class FlowDrawing:
    symbols: list[Symbol]
    markers: list[Marker]
    arrows: list[Arrow]
    warnings: list[str]


def _tracks(
    area: Rect, columns: list[Column], lines_y: list[float], nodes: list[Node], style: FlowStyle
) -> tuple[list[float], list[float]]:
    """Where arrows may run: lane centres, channels beside the symbols (spaced ``pitch`` from the lane lines and
    from the symbols), lines near the row lines and next to each symbol, and every port and its stub."""
    xs: list[float] = []
    ys: list[float] = []
    half = style.sym_w / 2
    for column in columns:
        centre = column.x + column.width / 2
        xs.append(centre)
        left, right = centre - half, centre + half
        for k in range(7):
            candidates = [
                column.x + style.line_clearance + 0.1 + k * style.pitch,
                left - style.side_stub - k * style.pitch,
                column.right - style.line_clearance - 0.1 - k * style.pitch,
                right + style.side_stub + k * style.pitch,
            ]
            inside = [
                c
                for c in candidates
                if column.x < c < left - style.clearance or right + style.clearance < c < column.right
            ]
            if not inside:
                break
            xs += inside
    for a, b in itertools.pairwise(lines_y):
        for k in range(4):
            ys += [a + style.line_clearance + 0.1 + k * style.pitch, b - style.line_clearance - 0.1 - k * style.pitch]
        ys.append((a + b) / 2)
    for node in nodes:
        for port in node.ports.values():
            sx, sy = port.stub_point
            xs += [port.x, sx]
            ys += [port.y, sy]
        box = node.symbol.box
        for k in range(1, 4):
            ys += [box.y - style.stub - k * style.pitch, box.bottom + style.stub + k * style.pitch]
    return xs, [y for y in ys if area.y < y < area.bottom]


class _Drawing:
    """One page's drawing while it is being made."""

    def __init__(self, flow: PageFlow, separation: float) -> None:
        self.flow = flow
        self.separation = separation
        self.style = flow.style
        self.warnings: list[str] = []
        self.nodes: dict[NodeKey, Node] = {}
        self.markers: list[Marker] = []
        self._place_steps()
        self._place_connectors()
        columns = list(flow.lane_columns.values())
        lines_y = {flow.area.y, flow.area.bottom, *(r.y for r in flow.rows.values())}
        lines_y |= {r.bottom for r in flow.rows.values()} | {b.y for b in flow.bands.values()}
        self.lines_y = sorted(lines_y | {b.bottom for b in flow.bands.values()})
        self.lane_lines = sorted({c.x for c in columns} | {c.right for c in columns})
        self.tracks = _tracks(flow.area, columns, self.lines_y, list(self.nodes.values()), self.style)
        clearance = self.style.clearance
        self.obstacles = [obstacle(n.symbol, clearance) for n in self.nodes.values()]
        self.obstacles += [obstacle(m.box, clearance) for m in self.markers]
        self.paths: list[list[Point]] = []  # arrows drawn so far, in order
        self.labels: dict[int, Label] = {}  # by index into the page's edges
        self.router = self._new_router()
        self.scene = Scene(flow.area, self.lines_y, self.lane_lines)
        for node in self.nodes.values():
            self.scene.add_symbol(node.symbol, 0.4)
        for marker in self.markers:
            self.scene.boxes.append(marker.box.inflate(0.4))
            self.scene.add_path(marker.link, 0.4)

    def _new_router(self, labels: bool = True) -> Router:
        """A router over everything placed so far (without the labels, to see which ones are in the way)."""
        xs, ys = self.tracks
        clearance = self.style.clearance
        router = Router(
            self.flow.area,
            xs,
            ys,
            self.obstacles,
            self.lane_lines,
            self.lines_y,
            separation=self.separation,
            line_clearance=clearance,
        )
        for marker in self.markers:
            router.occupy(marker.link, heads=False)
        for points in self.paths:
            router.occupy(points)
        for label in self.labels.values() if labels else ():
            router.add_obstacle(Obstacle(label.box.inflate(LABEL_CLEARANCE)))
        return router

    # ----- symbols ---------------------------------------------------------------------------------------
    def _place_steps(self) -> None:
        flow, style = self.flow, self.style
        for index, row in flow.rows.items():
            kind = flow.kinds[index]
            lane = flow.step_lanes[index][0]
            w, h = style.size(kind)
            cy = (row.y + flow.rooms.get(index, 0.0) + row.bottom) / 2
            symbol = Symbol(kind, centred(flow.lane_columns[lane], cy, w, h), flow.step_numbers[index], lane)
            node = self.nodes[StepNode(index)] = Node.of(symbol, style)
            self.markers += place_markers(node, flow.step_lanes[index][1:], flow.lane_columns, style)
        band = flow.bands.get("end")
        if band is not None and flow.end_lane is not None:
            w, h = style.size("terminator")
            cy = (band.y + flow.rooms.get(END_ROW, 0.0) + band.bottom) / 2
            box = centred(flow.lane_columns[flow.end_lane], cy, w, h)
            self.nodes[END_NODE] = Node.of(Symbol("terminator", box, None, flow.end_lane), style)

    def _place_connectors(self) -> None:
        flow = self.flow
        targets = {k: self.nodes[StepNode(k)].symbol for k in flow.rows}
        if END_NODE in self.nodes:
            targets[END_ROW] = self.nodes[END_NODE].symbol
        top_taken: dict[int, int] = {}  # row entered from the row above -> side for its incoming connectors
        for e in flow.edges:
            source, target_key = e.source, e.target
            if not isinstance(source, StepNode):
                continue
            if isinstance(target_key, StepNode) and source.index < target_key.index:
                row = target_key.index
            elif target_key == END_NODE:
                row = END_ROW
            else:
                continue
            target = targets[row]
            from_right = self.nodes[source].symbol.box.cx > target.box.cx + 0.5
            top_taken.setdefault(row, -1 if from_right else 1)
        for symbol in place_connectors(
            flow.connectors, flow.bands.get("out"), targets, top_taken, flow.lane_columns, self.style
        ):
            key = ConnectorNode("in" if symbol.kind == "connector_in" else "out", symbol.letter or "")
            self.nodes[key] = Node.of(symbol, self.style)

    # ----- exits and labels ------------------------------------------------------------------------------
    def _marker_sides(self, node: Node) -> set[int]:
        return {1 if m.box.cx > node.symbol.box.cx else -1 for m in self.markers if m.step == node.symbol.step}

    def _tidak_ports(self, source: Node, target: Node) -> list[str]:
        """Side ports for a 'tidak' exit, best first: the vertex facing the target, else one without a marker."""
        dx = target.symbol.box.cx - source.symbol.box.cx
        markers = self._marker_sides(source)
        if abs(dx) > 0.5:
            order = ["right", "left"] if dx > 0 else ["left", "right"]
        else:
            order = ["left", "right"] if 1 in markers and -1 not in markers else ["right", "left"]
        ports = [p for p in [*order, f"{order[0]}_d", f"{order[1]}_d"] if p in source.ports]
        return [p for p in ports if p not in source.used] + [p for p in ports if p in source.used]

    def _exit_ports(self) -> dict[int, list[str]]:
        """Start ports of each arrow (index into the page's edges), best first."""
        out: dict[int, list[str]] = {}
        for k, item in enumerate(self.flow.edges):
            source = self.nodes[item.source]
            if item.edge.exit == "tidak" and not enters_page(item.source):
                out[k] = self._tidak_ports(source, self.nodes[item.target])
            else:
                out[k] = ["bottom"]
        return out

    def _label_prefer(self, k: int, exits: dict[int, list[str]]) -> int:
        item = self.flow.edges[k]
        source, target = self.nodes[item.source], self.nodes[item.target]
        if item.edge.exit == "tidak":  # above or below the exit line, away from where it turns
            return 1 if target.symbol.box.cy <= source.symbol.box.cy else -1
        tidak = next((exits[j][0] for j, e in enumerate(self.flow.edges) if e.source == item.source and j != k), "")
        return -1 if tidak.startswith("right") or not tidak else 1  # beside 'ya', away from the 'tidak' exit

    def _add_label(
        self,
        k: int,
        port_name: str,
        prefer: int,
        path: list[Point] | None = None,
        others: list[list[Point]] | None = None,
        cross_lines: bool = False,
    ) -> None:
        item = self.flow.edges[k]
        source = self.nodes[item.source]
        lane = self.flow.lane_columns[source.symbol.lane]
        port = source.ports[port_name]
        text = item.edge.label or ""
        label = place_label(text, port, lane, self.scene, self.style, prefer, path, others, cross_lines)
        if label is None:
            number = self.flow.step_numbers[item.edge.source]
            self.warnings.append(f"label '{item.edge.label}' langkah {number} tidak mendapat tempat")
            return
        self._put_label(k, label)
        self.router.add_obstacle(Obstacle(label.box.inflate(LABEL_CLEARANCE)))

    def _put_label(self, k: int, label: Label) -> None:
        self.labels[k] = label
        self.scene.boxes.append(label.box.inflate(0.3))
        self.scene.labels.append(label.box)

    def _drop_label(self, k: int) -> None:
        """Take a label off the page (to set it again once the arrows near it are drawn)."""
        label = self.labels.pop(k)
        self.scene.boxes = [b for b in self.scene.boxes if b != label.box.inflate(0.3)]
        self.scene.labels = [b for b in self.scene.labels if b != label.box]

    def _place_labels(self, exits: dict[int, list[str]]) -> None:
        """Exit labels, next to their exits; placed before the arrows, which are then routed around them."""
        for k, item in enumerate(self.flow.edges):
            if item.edge.label and not enters_page(item.source):
                self._add_label(k, exits[k][0], self._label_prefer(k, exits))

    def _settle_labels(self, routed: dict[int, tuple[list[Point], str]], exits: dict[int, list[str]]) -> None:
        """Set again, beside its own line, each label that lies nearer another arrow than its own (labels are
        placed before the arrows, so one can end up beside a line routed later), clear of the table's lines if
        it can be; kept where it was if there is no such place."""
        for k, label in list(self.labels.items()):
            path, port = routed[k]
            others = [points for j, (points, _) in routed.items() if j != k]
            if by_own_line(label.box, path, others):
                continue
            self._drop_label(k)
            for cross_lines in (False, True):  # across a table line only if there is no other place
                if k not in self.labels:
                    self._add_label(k, port, self._label_prefer(k, exits), path, others, cross_lines)
                    self.warnings = self.warnings if k in self.labels else self.warnings[:-1]
            if k not in self.labels:  # no better place: it stays
                self._put_label(k, label)

    # ----- arrows ----------------------------------------------------------------------------------------
    def _rank(self, item: PageEdge) -> tuple[int, float]:
        """Routing order: to the next row first, then from incoming connectors, other forward arrows, back."""
        source, target = self.nodes[item.source].symbol.box, self.nodes[item.target].symbol.box
        down = target.y > source.bottom
        if enters_page(item.source):
            category = 1
        elif down and item.edge.exit != "tidak" and self._next_row(item):
            category = 0
        else:
            category = 2 if down else 3
        return category, source.y

    def _next_row(self, item: PageEdge) -> bool:
        """Whether an arrow goes to the row right below its source (or to the end band right below it)."""
        if item.target == END_NODE:
            row = self.flow.rows.get(item.edge.source)
            return row is not None and abs(self.flow.bands["end"].y - row.bottom) < 1e-6
        return item.edge.target == item.edge.source + 1

    def _goals(self, source: Node, target: Node, start: str) -> list[tuple[str, float]]:
        costs, default = (
            (GOAL_COST_DOWN, 15.0) if target.symbol.box.y > source.symbol.box.bottom else (GOAL_COST_BACK, 8.0)
        )
        taken = target.used | target.reserved
        goals = [(name, costs.get(name, default)) for name in target.ports if name not in taken]
        goals = [(n, c) for n, c in goals if n != "bottom" or target.symbol.kind == "connector_in"]
        if source is target:  # a decision back to itself: not into its own exit
            goals = [(n, c) for n, c in goals if n != start]
        return goals

    def _route(self, item: PageEdge, starts: list[str]) -> tuple[list[Point], str, str] | None:
        source, target = self.nodes[item.source], self.nodes[item.target]
        for start in starts:
            goals = self._goals(source, target, start)
            found = self.router.route(source.ports[start], [(target.ports[n], c) for n, c in goals])
            if found is not None:
                points, index = found
                return points, start, goals[index][0]
        return None

    def _fallback(self, item: PageEdge, start: str) -> tuple[list[Point], str, str]:
        """Never silently: a plain line into the target's top, and a warning on the page."""
        number = self.flow.step_numbers[item.edge.source]
        self.warnings.append(f"panah {number}->{item.edge.to} tidak dapat dirutekan dengan bersih")
        source, target = self.nodes[item.source], self.nodes[item.target]
        a = source.ports[start]
        goal = "top" if "top" in target.ports else next(iter(target.ports))
        b = target.ports[goal]
        return [(a.x, a.y), (a.x, b.y - 1.0), (b.x, b.y - 1.0), (b.x, b.y)], start, goal

    def _route_past_labels(
        self, k: int, item: PageEdge, starts: list[str], first_exit: str
    ) -> tuple[tuple[list[Point], str, str] | None, list[int]]:
        """Arrow ``k``'s route, and the labels it made room for by taking them off the page (to set again).

        When labels are in the way (no route, or not from the exit its own label sits at), the arrow is routed
        as if there were no labels, and the labels it crosses are moved.
        """
        found = self._route(item, starts)
        if found is not None and (k not in self.labels or found[1] == first_exit):
            return found, []
        self.router = self._new_router(labels=False)
        retry = self._route(item, starts)
        moved: list[int] = []
        if retry is not None:
            found = retry
            moved = [
                j
                for j, label in self.labels.items()
                if (j == k and retry[1] != first_exit) or _crosses(retry[0], label.box)
            ]
            for j in moved:
                self._drop_label(j)
        self.router = self._new_router()
        return found, moved

    def draw(self) -> FlowDrawing:
        flow = self.flow
        exits = self._exit_ports()
        for k, ports in exits.items():
            self.nodes[flow.edges[k].source].reserved.add(ports[0])
        self._place_labels(exits)
        routed: dict[int, tuple[list[Point], str]] = {}
        for k, item in sorted(enumerate(flow.edges), key=lambda pair: self._rank(pair[1])):
            source, target = self.nodes[item.source], self.nodes[item.target]
            starts = [p for p in exits[k] if p not in source.used] or exits[k]
            found, moved = self._route_past_labels(k, item, starts, exits[k][0])
            points, start, goal = found or self._fallback(item, starts[0])
            source.use(start)
            target.use(goal)
            routed[k] = (points, start)
            self.paths.append(points)
            self.router.occupy(points)
            self.scene.add_path(points, 0.3)
            for j in moved:
                path, port = routed.get(j, (None, exits[j][0]))
                self._add_label(j, port, self._label_prefer(j, exits), path)
        self._settle_labels(routed, exits)
        arrows = [
            Arrow(
                tuple(points),
                (flow.step_numbers[flow.edges[k].edge.source], flow.edges[k].edge.to),
                flow.edges[k].edge.exit,
                self.labels.get(k),
                flow.edges[k].letter,
            )
            for k, (points, _) in routed.items()
        ]
        arrows.sort(key=lambda a: (a.edge[0], a.exit or "", a.letter or ""))
        symbols = sorted((n.symbol for n in self.nodes.values()), key=lambda s: (s.box.y, s.box.x))
        return FlowDrawing(symbols, self.markers, arrows, self.warnings)


def _crosses(points: list[Point], box: Rect) -> bool:
    """Whether a polyline passes through a label's box (with the clearance arrows keep from labels)."""
    grown = box.inflate(LABEL_CLEARANCE)
    for a, b in itertools.pairwise(points):
        x0, x1 = sorted((a[0], b[0]))
        y0, y1 = sorted((a[1], b[1]))
        if x0 < grown.right and x1 > grown.x and y0 < grown.bottom and y1 > grown.y:
            return True
    return False


def draw_flow(flow: PageFlow) -> FlowDrawing:
    """Place the symbols of a page and route its arrows, parallel arrows ``SEPARATION`` apart; a page too
    crowded for that (an arrow without a clean route) is drawn again with them ``CROWDED_SEPARATION`` apart."""
    drawing = _Drawing(flow, SEPARATION).draw()
    if not drawing.warnings:
        return drawing
    crowded = _Drawing(flow, CROWDED_SEPARATION).draw()
    return crowded if len(crowded.warnings) < len(drawing.warnings) else drawing
