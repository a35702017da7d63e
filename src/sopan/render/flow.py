"""The drawing in the lane columns of one page: symbols, second-lane markers, connectors and arrows.

Symbols are centred in their lane column and row. A step with more than one lane has its symbol in the first
lane and a smaller dashed outline in each other lane, joined to the symbol by a dashed line (so the row reads
"either of these performs it" without drawing a second step). Arrows leave a symbol at the bottom; a
decision's 'tidak' exit leaves from the side facing its target (its 'ya' exit from the bottom). The first
arrow into a symbol from above takes its top; others enter a side. Off-page connectors sit in bands of their
own: the incoming ones under the header, the outgoing ones at the bottom of the table, in the lane of their
step. Exit labels are set beside the first free stretch of their arrow.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .page import Arrow, Band, Column, Label, Marker, Point, Rect, Row, Symbol, SymbolKind, TextLine
from .plan import Edge
from .routing import Diamond, Obstacle, Port, Router
from .text import metrics, text_width, wrap

__all__ = ["ConnectorSpec", "FlowStyle", "PageEdge", "draw_flow"]

RIGHT, DOWN, LEFT, UP = range(4)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@dataclass(frozen=True)
class FlowStyle:
    """Sizes (mm) of the drawing, derived from the lane width."""

    lane_w: float
    label_size: float
    letter_size: float
    gap: float = 4.0  # symbol to row line, at least
    stub: float = 2.0
    side_stub: float = 1.6
    clearance: float = 0.6
    pitch: float = 0.9
    line_clearance: float = 0.6

    @property
    def sym_w(self) -> float:
        return _clamp(self.lane_w - 5.2, 5.0, 16.0)

    @property
    def process_h(self) -> float:
        return _clamp(0.45 * self.sym_w, 4.5, 6.5)

    @property
    def decision_h(self) -> float:
        return _clamp(0.6 * self.sym_w, 6.0, 9.0)

    @property
    def conn_w(self) -> float:
        return _clamp((self.lane_w - 2.8) / 2, 3.4, 5.0)

    def size(self, kind: SymbolKind) -> tuple[float, float]:
        if kind == "decision":
            return self.sym_w, self.decision_h
        if kind in ("connector_in", "connector_out"):
            return self.conn_w, self.conn_w
        return self.sym_w, self.process_h

    def marker_size(self) -> tuple[float, float]:
        return 0.7 * self.sym_w, 0.7 * self.process_h

    def row_min(self, kind: SymbolKind) -> float:
        return self.size(kind)[1] + 2 * self.gap

    @property
    def capacity(self) -> int:
        """Connectors side by side in one lane."""
        return max(1, int((self.lane_w - 1.6 + 1.2) // (self.conn_w + 1.2)))

    def band_height(self, levels: int) -> float:
        return 1.2 + levels * (self.conn_w + 1.0) + 3.0

    def connector_room(self, count: int) -> float:
        """Room above a symbol for ``count`` incoming connectors."""
        levels = -(-count // self.capacity)
        return 1.2 + levels * (self.conn_w + 1.0)


@dataclass(frozen=True)
class ConnectorSpec:
    """An off-page connector on this page: ``out`` in the bottom band, in the lane of the step (row index
    ``row``) the arrow leaves; ``in`` just above the symbol of the step the arrow enters."""

    letter: str
    direction: str
    step: int
    lane: str
    row: int
    exit: str | None = None


@dataclass(frozen=True)
class PageEdge:
    """An arrow to draw on this page between two node keys ('s<index>', 'end', 'in:A', 'out:A')."""

    edge: Edge
    source: str
    target: str
    letter: str | None = None


@dataclass
class _Node:
    symbol: Symbol
    ports: dict[str, Port]
    used: set[str] = field(default_factory=set)

    def use(self, name: str) -> None:
        """Take a port, and every other port at the same point."""
        port = self.ports.get(name)
        self.used.add(name)
        if port is not None:
            self.used.update(n for n, p in self.ports.items() if abs(p.x - port.x) + abs(p.y - port.y) < 0.01)


def _rect_ports(box: Rect, stub: float, side_stub: float, rounded: bool) -> dict[str, Port]:
    ports = {
        "top": Port(box.cx, box.y, UP, stub),
        "bottom": Port(box.cx, box.bottom, DOWN, stub),
        "left": Port(box.x, box.cy, LEFT, side_stub),
        "right": Port(box.right, box.cy, RIGHT, side_stub),
    }
    dx = box.w / 4
    if dx > 0.9:
        ports["top_l"] = Port(box.cx - dx, box.y, UP, stub)
        ports["top_r"] = Port(box.cx + dx, box.y, UP, stub)
    dy = min(1.5, box.h / 2 - 0.8)
    if dy > 0.7:
        inset = 0.0
        if rounded:  # the ends of a capsule are half circles
            r = box.h / 2
            inset = r - (r * r - dy * dy) ** 0.5
        for sign, name in ((-1, "u"), (1, "d")):
            ports[f"left_{name}"] = Port(box.x + inset, box.cy + sign * dy, LEFT, side_stub + inset)
            ports[f"right_{name}"] = Port(box.right - inset, box.cy + sign * dy, RIGHT, side_stub + inset)
    return ports


def _diamond_ports(box: Rect, stub: float, side_stub: float) -> dict[str, Port]:
    q_x, q_y = box.w / 4, box.h / 4
    return {
        "top": Port(box.cx, box.y, UP, stub),
        "bottom": Port(box.cx, box.bottom, DOWN, stub),
        "left": Port(box.x, box.cy, LEFT, side_stub),
        "right": Port(box.right, box.cy, RIGHT, side_stub),
        "top_l": Port(box.cx - q_x, box.cy - q_y, UP, stub + q_y),
        "top_r": Port(box.cx + q_x, box.cy - q_y, UP, stub + q_y),
        "left_u": Port(box.cx - q_x, box.cy - q_y, LEFT, side_stub + q_x),
        "right_u": Port(box.cx + q_x, box.cy - q_y, RIGHT, side_stub + q_x),
        "left_d": Port(box.cx - q_x, box.cy + q_y, LEFT, side_stub + q_x),
        "right_d": Port(box.cx + q_x, box.cy + q_y, RIGHT, side_stub + q_x),
    }


def _ports(symbol: Symbol, style: FlowStyle) -> dict[str, Port]:
    box = symbol.box
    if symbol.kind == "decision":
        return _diamond_ports(box, style.stub, style.side_stub)
    if symbol.kind == "connector_out":
        return {"top": Port(box.cx, box.y, UP, style.stub)}
    if symbol.kind == "connector_in":
        return {"bottom": Port(box.cx, box.bottom, DOWN, style.stub)}
    return _rect_ports(box, style.stub, style.side_stub, symbol.kind == "terminator")


# Extra cost of entering a symbol by each port: arrows from above prefer the top, arrows going back a side.
GOAL_COST_DOWN = {"top": 0.0, "top_l": 6.0, "top_r": 6.0, "left": 12.0, "right": 12.0, "left_u": 13.0, "right_u": 13.0}
GOAL_COST_BACK = {"left": 0.0, "right": 0.0, "left_u": 1.0, "right_u": 1.0, "left_d": 3.0, "right_d": 3.0}


def _obstacle(symbol_or_box: Symbol | Rect, clearance: float) -> Obstacle:
    if isinstance(symbol_or_box, Rect):
        return Obstacle(symbol_or_box.inflate(clearance))
    box = symbol_or_box.box
    if symbol_or_box.kind == "decision":
        return Diamond(
            Rect(box.x - 1.5 * clearance, box.y - 1.5 * clearance, box.w + 3 * clearance, box.h + 3 * clearance)
        )
    return Obstacle(box.inflate(clearance))


def _centred(column: Column, cy: float, w: float, h: float) -> Rect:
    return Rect(column.x + (column.width - w) / 2, cy - h / 2, w, h)


def _markers(
    symbol: Symbol, lanes: list[str], columns: dict[str, Column], order: dict[str, int], style: FlowStyle
) -> list[Marker]:
    """Dashed outlines in a step's other lanes, chained by dashed lines from the symbol outwards."""
    box = symbol.box
    mw, mh = style.marker_size()
    link_y = box.cy if symbol.kind != "decision" else box.cy + min(box.h / 4, mh / 2 - 0.5)
    home = order[symbol.lane]
    out: list[Marker] = []
    for side in (1, -1):
        chosen = sorted((lane for lane in lanes if (order[lane] - home) * side > 0), key=lambda c: order[c] * side)
        if symbol.kind == "decision":
            half = box.w / 2 * (1 - abs(link_y - box.cy) / (box.h / 2))
            start = box.cx + side * half
        else:
            start = box.right if side > 0 else box.x
        for lane in chosen:
            mbox = _centred(columns[lane], box.cy, mw, mh)
            near = mbox.x if side > 0 else mbox.right
            out.append(Marker(symbol.step or 0, lane, mbox, ((start, link_y), (near, link_y))))
            start = mbox.right if side > 0 else mbox.x
    return out


def _connector_symbols(
    specs: list[ConnectorSpec],
    band: Band | None,
    targets: dict[int, Symbol],
    top_taken: dict[int, int],
    columns: dict[str, Column],
    style: FlowStyle,
) -> list[Symbol]:
    """Outgoing connectors side by side in their lane of the bottom band; incoming ones above their target,
    beside the arrow that enters the target's top from the row above, if there is one."""
    out: list[Symbol] = []
    size = style.conn_w
    groups: dict[tuple[str, str | int], list[ConnectorSpec]] = {}
    for spec in specs:
        groups.setdefault((spec.direction, spec.lane if spec.direction == "out" else spec.row), []).append(spec)
    for (direction, key), items in groups.items():
        column = columns[items[0].lane]
        if direction == "out":
            assert band is not None
            # the connector of an arrow leaving a symbol's bottom goes straight below it, the others beside
            items.sort(key=lambda c: (c.exit == "tidak", c.row))
            y = band.bottom - 1.2 - size
            boxes = _around_centre(column, len(items), size, y) or _row_of_boxes(column, len(items), size, style, y, -1)
            kind: SymbolKind = "connector_out"
        else:
            target = targets[key]  # type: ignore[index]
            top = target.box.y - style.gap - style.connector_room(len(items)) + 1.2
            boxes = _row_of_boxes(column, len(items), size, style, top, 1)
            if key in top_taken:
                boxes = _beside_centre(column, target.box, len(items), size, top, top_taken[key]) or boxes
            kind = "connector_in"
        for spec, box in zip(items, boxes, strict=True):
            out.append(Symbol(kind, box, spec.step, spec.lane, spec.letter))
    return out


def _row_of_boxes(column: Column, count: int, size: float, style: FlowStyle, y: float, grow: int) -> list[Rect]:
    """``count`` connector boxes centred in a lane, side by side, in more levels when the lane is too narrow."""
    boxes = []
    for k in range(count):
        level, slot = divmod(k, style.capacity)
        n = min(style.capacity, count - level * style.capacity)
        left = column.x + (column.width - (n * size + (n - 1) * 1.2)) / 2
        boxes.append(Rect(left + slot * (size + 1.2), y + grow * level * (size + 1.0), size, size))
    return boxes


def _around_centre(column: Column, count: int, size: float, y: float) -> list[Rect] | None:
    """Boxes at the lane's centre, then alternately right and left of it; None when they do not fit."""
    centre = column.x + column.width / 2
    slots = [centre]
    k = 1
    while len(slots) < count and k < 10:
        for sign in (1, -1):
            c = centre + sign * k * (size + 1.2)
            if len(slots) < count and column.x + 0.8 <= c - size / 2 and c + size / 2 <= column.right - 0.8:
                slots.append(c)
        k += 1
    if len(slots) < count:
        return None
    return [Rect(c - size / 2, y, size, size) for c in slots]


def _beside_centre(column: Column, target: Rect, count: int, size: float, y: float, first: int) -> list[Rect] | None:
    """Connector boxes beside the arrow entering the target's top (over its top corner ports), on side
    ``first`` (+1 right) first; None when they do not fit in the lane."""
    slots: list[float] = []
    distance = target.w / 4
    while len(slots) < count:
        fitted = False
        for centre in (target.cx + first * distance, target.cx - first * distance):
            if len(slots) < count and column.x + 0.8 <= centre - size / 2 and centre + size / 2 <= column.right - 0.8:
                slots.append(centre)
                fitted = True
        if not fitted or target.w / 4 - size / 2 < 1.2:
            return None
        distance += size + 1.2
    return [Rect(c - size / 2, y, size, size) for c in slots]


def _tracks(
    area: Rect, columns: list[Column], lines_y: list[float], nodes: dict[str, _Node], style: FlowStyle
) -> tuple[list[float], list[float]]:
    xs: list[float] = []
    ys: list[float] = []
    half = style.sym_w / 2
    for column in columns:
        xs.append(column.x + column.width / 2)
        left, right = column.x + column.width / 2 - half, column.x + column.width / 2 + half
        k = 0
        while True:
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
            if not inside or k > 6:
                break
            xs.extend(inside)
            k += 1
    for a, b in itertools.pairwise(lines_y):
        for k in range(4):
            ys.append(a + style.line_clearance + 0.1 + k * style.pitch)
            ys.append(b - style.line_clearance - 0.1 - k * style.pitch)
        ys.append((a + b) / 2)
    for node in nodes.values():
        box = node.symbol.box
        for port in node.ports.values():
            sx, sy = port.stub_point
            xs += [port.x, sx]
            ys += [port.y, sy]
        for k in range(1, 4):
            ys.append(box.y - style.stub - k * style.pitch)
            ys.append(box.bottom + style.stub + k * style.pitch)
    return xs, [y for y in ys if area.y < y < area.bottom]


def _label_candidates(path: list[Point], w: float, h: float) -> list[tuple[float, int, Rect]]:
    """Boxes beside the first stretches of a path: (distance from the start along the path, side, box), side +1
    being right of a vertical stretch or below a horizontal one.

    On the first stretch the box may also reach back over the corner of the symbol it leaves (beside a diamond
    there is room above and below the exit)."""
    out: list[tuple[float, int, Rect]] = []
    gap = 0.5
    walked = 0.0
    for index, (a, b) in enumerate(list(itertools.pairwise(path))[:3]):
        length = abs(b[0] - a[0]) + abs(b[1] - a[1])
        offsets = [k * 0.5 for k in range(int(length / 0.5) + 1)]
        if index == 0:
            offsets += [-k * 0.5 for k in range(1, int(w / 0.5) + 1)]
        for t in offsets:
            for side in (1, -1):
                if abs(a[0] - b[0]) < 1e-6:  # vertical
                    sign = 1 if b[1] > a[1] else -1
                    y = a[1] + sign * (gap + t) - (0 if sign > 0 else h)
                    x = a[0] + gap if side > 0 else a[0] - gap - w
                else:
                    sign = 1 if b[0] > a[0] else -1
                    x = a[0] + sign * (gap + t) - (0 if sign > 0 else w)
                    y = a[1] + gap if side > 0 else a[1] - gap - h
                out.append((walked + abs(t), side, Rect(x, y, w, h)))
        walked += length
    return out


def _hits_diamond(box: Rect, diamond: Rect) -> bool:
    """Whether a rectangle overlaps the interior of the diamond inscribed in ``diamond`` (separating axes)."""
    if not box.overlaps(diamond):
        return False
    hw, hh = diamond.w / 2, diamond.h / 2
    corners = [(box.x, box.y), (box.right, box.y), (box.x, box.bottom), (box.right, box.bottom)]
    for nx, ny in ((hh, hw), (hh, -hw)):  # normals of the diamond's sides
        values = [nx * (x - diamond.cx) + ny * (y - diamond.cy) for x, y in corners]
        limit = hh * hw
        if min(values) >= limit or max(values) <= -limit:
            return False
    return True


class _Scene:
    """Everything placed so far on the page, to keep labels clear of it (and of the table lines)."""

    def __init__(self, area: Rect, row_lines: list[float], lane_lines: list[float]) -> None:
        self.area = area
        self.boxes: list[Rect] = []
        self.diamonds: list[Rect] = []
        self.row_lines = row_lines
        self.lane_lines = lane_lines

    def add_path(self, points: list[Point] | tuple[Point, ...], pad: float) -> None:
        for a, b in itertools.pairwise(points):
            x0, x1 = sorted((a[0], b[0]))
            y0, y1 = sorted((a[1], b[1]))
            self.boxes.append(Rect(x0, y0, x1 - x0, y1 - y0).inflate(pad))

    def add_symbol(self, symbol: Symbol, pad: float) -> None:
        if symbol.kind == "decision":
            self.diamonds.append(symbol.box.inflate(pad))
        else:
            self.boxes.append(symbol.box.inflate(pad))

    def free(self, box: Rect) -> bool:
        if not self.area.inflate(-0.3).contains(box):
            return False
        return not any(box.overlaps(o) for o in self.boxes) and not any(_hits_diamond(box, d) for d in self.diamonds)

    def line_cost(self, box: Rect) -> float:
        """Labels should not straddle table lines: row lines cost most, lane lines less."""
        rows = sum(1 for y in self.row_lines if box.y - 0.3 < y < box.bottom + 0.3)
        lanes = sum(1 for x in self.lane_lines if box.x - 0.3 < x < box.right + 0.3)
        return 25.0 * rows + 6.0 * lanes


def _label(text: str, path: list[Point], scene: _Scene, style: FlowStyle, prefer: int) -> Label | None:
    """The label of a decision exit, in the cheapest free place: near the exit, on the ``prefer`` side
    (+1 right/below), on one line, crossing no table line."""
    size = style.label_size
    m = metrics(False)
    line_h = 1.15 * size
    widest_word = max(text_width(w, size) for w in text.split()) + 0.2
    widths = [text_width(text, size) + 0.2]
    for limit in (style.lane_w / 2, style.lane_w - 2.0, 0.6 * style.lane_w):
        widths.append(max(limit, widest_word))
    best: tuple[float, Rect, list[str]] | None = None
    for width in dict.fromkeys(widths):
        lines = wrap(text, width, size)
        w = max(text_width(line, size) for line in lines) + 0.2
        h = len(lines) * line_h
        for along, side, box in _label_candidates(path, w, h):
            cost = along + 2.0 * (len(lines) - 1) + (0.0 if side == prefer else 1.5)
            if best is not None and cost >= best[0]:
                continue
            cost += scene.line_cost(box)
            if (best is None or cost < best[0]) and scene.free(box):
                best = (cost, box, lines)
    if best is None:
        return None
    _, box, lines = best
    first = box.y + (line_h - (m.ascent + m.descent) * size) / 2 + m.ascent * size
    return Label(text, box, tuple(TextLine(box.x + 0.1, first + k * line_h, ln, size) for k, ln in enumerate(lines)))


def _tidak_side(source: _Node, target: _Node, marker_sides: set[int]) -> list[str]:
    dx = target.symbol.box.cx - source.symbol.box.cx
    order = ["right", "left"] if dx > 0.5 or (abs(dx) <= 0.5 and 1 not in marker_sides) else ["left", "right"]
    if abs(dx) <= 0.5 and 1 in marker_sides and -1 in marker_sides:
        order = ["right", "left"]
    return [*order, f"{order[0]}_d", f"{order[1]}_d"]


def draw_flow(
    style: FlowStyle,
    area: Rect,
    lane_columns: dict[str, Column],
    rows: dict[int, Row],
    rooms: dict[int, float],
    bands: dict[str, Band],
    kinds: dict[int, SymbolKind],
    step_lanes: dict[int, list[str]],
    step_numbers: dict[int, int],
    end_lane: str | None,
    connectors: list[ConnectorSpec],
    edges: list[PageEdge],
) -> tuple[list[Symbol], list[Marker], list[Arrow], list[str]]:
    """Place the symbols of a page's steps and route its arrows. Keys of the dicts are step indexes."""
    warnings: list[str] = []
    order = {code: k for k, code in enumerate(lane_columns)}
    nodes: dict[str, _Node] = {}
    markers: list[Marker] = []
    for index, row in rows.items():
        kind = kinds[index]
        lane = step_lanes[index][0]
        w, h = style.size(kind)
        cy = (row.y + rooms.get(index, 0.0) + row.bottom) / 2
        symbol = Symbol(kind, _centred(lane_columns[lane], cy, w, h), step_numbers[index], lane)
        nodes[f"s{index}"] = _Node(symbol, _ports(symbol, style))
        step_markers = _markers(symbol, step_lanes[index][1:], lane_columns, order, style)
        markers += step_markers
        node = nodes[f"s{index}"]
        for marker in step_markers:  # the dashed link takes the side port it starts from
            side = "right" if marker.box.cx > symbol.box.cx else "left"
            node.use(side if symbol.kind != "decision" else f"{side}_d")
    if "end" in bands and end_lane is not None:
        band = bands["end"]
        w, h = style.size("terminator")
        symbol = Symbol("terminator", _centred(lane_columns[end_lane], band.y + band.height / 2, w, h), None, end_lane)
        nodes["end"] = _Node(symbol, _ports(symbol, style))
    targets = {k: nodes[f"s{k}"].symbol for k in rows}
    # Rows whose symbol is entered from the row above on this page: the side the incoming connectors go to,
    # away from where that arrow comes from.
    top_taken: dict[int, int] = {}
    for e in edges:
        if e.target.startswith("s") and e.source.startswith("s") and int(e.source[1:]) < int(e.target[1:]):
            k = int(e.target[1:])
            from_x = nodes[e.source].symbol.box.cx
            top_taken.setdefault(k, -1 if from_x > targets[k].box.cx + 0.5 else 1)
    connector_symbols = _connector_symbols(connectors, bands.get("out"), targets, top_taken, lane_columns, style)
    for symbol in connector_symbols:
        key = ("in:" if symbol.kind == "connector_in" else "out:") + (symbol.letter or "")
        nodes[key] = _Node(symbol, _ports(symbol, style))

    columns = list(lane_columns.values())
    lines_y = sorted({area.y, area.bottom, *(r.y for r in rows.values()), *(r.bottom for r in rows.values())})
    lines_y = sorted({*lines_y, *(b.y for b in bands.values()), *(b.bottom for b in bands.values())})
    xs, ys = _tracks(area, columns, lines_y, nodes, style)
    obstacles = [_obstacle(n.symbol, style.clearance) for n in nodes.values()]
    obstacles += [_obstacle(m.box, style.clearance) for m in markers]
    lane_lines = sorted({c.x for c in columns} | {c.right for c in columns})
    router = Router(area, xs, ys, obstacles, lane_lines, lines_y, line_clearance=style.line_clearance)
    scene = _Scene(area, lines_y, lane_lines)
    for n in nodes.values():
        scene.add_symbol(n.symbol, 0.4)
    for marker in markers:
        router.occupy(marker.link)
        scene.boxes.append(marker.box.inflate(0.4))
        scene.add_path(marker.link, 0.4)

    def rank(item: PageEdge) -> tuple[int, float]:
        src, tgt = nodes[item.source].symbol.box, nodes[item.target].symbol.box
        down = tgt.y > src.bottom
        if item.source.startswith("in:"):
            category = 1
        elif down and item.edge.exit != "tidak" and item.edge.target == item.edge.source + 1:
            category = 0
        elif down:
            category = 2
        else:
            category = 3
        return category, src.y

    def marker_sides(node: _Node) -> set[int]:
        return {1 if m.box.cx > node.symbol.box.cx else -1 for m in markers if m.step == node.symbol.step}

    tidak_sides: dict[str, str] = {}
    for item in edges:
        if item.edge.exit == "tidak" and not item.source.startswith("in:"):
            source = nodes[item.source]
            order = _tidak_side(source, nodes[item.target], marker_sides(source))
            tidak_sides[item.source] = next((p for p in order if p in source.ports and p not in source.used), order[0])

    arrows: list[Arrow] = []
    for item in sorted(edges, key=rank):
        source, target = nodes[item.source], nodes[item.target]
        if item.source in tidak_sides and item.edge.exit == "tidak":
            preferred = tidak_sides[item.source]
            others = [p for p in _tidak_side(source, target, marker_sides(source)) if p in source.ports]
            starts = [preferred] + [p for p in others if p != preferred]
        else:
            starts = ["bottom"]
        starts = [p for p in starts if p not in source.used] or starts
        costs = GOAL_COST_DOWN if target.symbol.box.y > source.symbol.box.bottom else GOAL_COST_BACK
        goals = [
            (name, costs.get(name, 15.0 if costs is GOAL_COST_DOWN else 8.0))
            for name in target.ports
            if name not in target.used
        ]
        goals = [(n, c) for n, c in goals if n != "bottom" or target.symbol.kind == "connector_in"]
        if item.source == item.target:
            goals = [(n, c) for n, c in goals if n not in starts[:1]]
        found = None
        for start in starts:
            found = router.route(source.ports[start], [(target.ports[n], c) for n, c in goals])
            if found is not None:
                break
        if found is None:
            start = starts[0]
            a, b = source.ports[start], target.ports["top"] if "top" in target.ports else target.ports["bottom"]
            points = [(a.x, a.y), (a.x, b.y - 1.0), (b.x, b.y - 1.0), (b.x, b.y)]
            warnings.append(f"panah {item.edge.source + 1}->{item.edge.to} tidak dapat dirutekan dengan bersih")
            goal_name = "top"
        else:
            points, goal_index = found
            goal_name = goals[goal_index][0]
        source.use(start)
        target.use(goal_name)
        router.occupy(points)
        scene.add_path(points, 0.3)
        label = None
        if item.edge.label and not item.source.startswith("in:"):
            if start == "bottom":  # beside the 'ya' arrow, away from the 'tidak' exit
                prefer = -1 if tidak_sides.get(item.source, "right").startswith("right") else 1
            else:  # beside the 'tidak' arrow, away from where it turns
                prefer = 1 if points[-1][1] < points[0][1] else -1
            label = _label(item.edge.label, points, scene, style, prefer)
            if label is None:
                warnings.append(f"label '{item.edge.label}' langkah {item.edge.source + 1} tidak mendapat tempat")
            else:
                scene.boxes.append(label.box.inflate(0.3))
                router.add_obstacle(Obstacle(label.box.inflate(style.clearance)))
        arrows.append(
            Arrow(tuple(points), (step_numbers[item.edge.source], item.edge.to), item.edge.exit, label, item.letter)
        )
    arrows.sort(key=lambda a: (a.edge[0], a.exit or "", a.letter or ""))
    symbols = sorted((n.symbol for n in nodes.values()), key=lambda s: (s.box.y, s.box.x))
    return symbols, markers, arrows, warnings
