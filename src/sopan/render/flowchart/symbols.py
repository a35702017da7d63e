"""Placing a page's symbols: step symbols with their ports, second-lane markers, off-page connectors.

A step with more than one lane has its symbol in the first lane and, in each other lane, a smaller dashed
outline joined to the symbol by a dashed line: the row reads "either of these performs it" without a second
step being drawn. The line leaves a rectangle at the middle of its side, a diamond on its lower slanted side
(the side vertices stay free for the 'tidak' exit).

Outgoing connectors sit in the bottom band of the page in the lane of their step: the one of an arrow that
leaves its symbol's bottom straight below it, the others beside. An incoming connector sits in its target's
row just above the target symbol; when an arrow from the row above already enters the symbol's top, the
connector moves beside that arrow, over a top corner of the symbol, on the side away from where it comes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .page import Band, Column, Marker, Rect, Symbol, SymbolKind
from .routing import Diamond, Obstacle, Port
from .style import CONNECTOR_SPACING as SPACING
from .style import FlowStyle

__all__ = ["GOAL_COST_BACK", "GOAL_COST_DOWN", "ConnectorSpec", "Node", "centred", "obstacle", "place_connectors"]

RIGHT, DOWN, LEFT, UP = range(4)

# Extra cost of entering a symbol by each port: arrows from above prefer the top, arrows going back a side.
GOAL_COST_DOWN = {"top": 0.0, "top_l": 6.0, "top_r": 6.0, "left": 12.0, "right": 12.0, "left_u": 13.0, "right_u": 13.0}
GOAL_COST_BACK = {"left": 0.0, "right": 0.0, "left_u": 1.0, "right_u": 1.0, "left_d": 3.0, "right_d": 3.0}


@dataclass
class Node:
    """A symbol with its ports; a port is used by at most one arrow end (or a marker line). A decision's exits
    are reserved before any arrow is routed, so no arrow into the symbol takes them."""

    symbol: Symbol
    ports: dict[str, Port]
    used: set[str] = field(default_factory=set)
    reserved: set[str] = field(default_factory=set)  # exits kept for this symbol's own arrows

    @classmethod
    def of(cls, symbol: Symbol, style: FlowStyle) -> Node:
        return cls(symbol, _ports(symbol, style))

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
    """The four vertices, and points on the slanted sides entered from above or from the side."""
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


def obstacle(item: Symbol | Rect, clearance: float) -> Obstacle:
    """What arrows keep out of: a box, or a diamond (grown so its sides keep ``clearance``)."""
    if isinstance(item, Rect):
        return Obstacle(item.inflate(clearance))
    if item.kind == "decision":
        return Diamond(item.box.inflate(1.5 * clearance))
    return Obstacle(item.box.inflate(clearance))


def centred(column: Column, cy: float, w: float, h: float) -> Rect:
    return Rect(column.x + (column.width - w) / 2, cy - h / 2, w, h)


def place_markers(node: Node, lanes: list[str], columns: dict[str, Column], style: FlowStyle) -> list[Marker]:
    """Dashed outlines in a step's other lanes, chained by dashed lines from the symbol outwards."""
    symbol = node.symbol
    box = symbol.box
    order = {code: k for k, code in enumerate(columns)}
    mw, mh = style.marker_size()
    diamond = symbol.kind == "decision"
    link_y = box.cy + min(box.h / 4, mh / 2 - 0.5) if diamond else box.cy
    out: list[Marker] = []
    for side in (1, -1):
        chosen = sorted((c for c in lanes if (order[c] - order[symbol.lane]) * side > 0), key=lambda c: order[c] * side)
        if not chosen:
            continue
        node.use(("right" if side > 0 else "left") + ("_d" if diamond else ""))
        half = box.w / 2 * (1 - abs(link_y - box.cy) / (box.h / 2)) if diamond else box.w / 2
        start = box.cx + side * half
        for lane in chosen:
            mbox = centred(columns[lane], box.cy, mw, mh)
            near, far = (mbox.x, mbox.right) if side > 0 else (mbox.right, mbox.x)
            out.append(Marker(symbol.step or 0, lane, mbox, ((start, link_y), (near, link_y))))
            start = far
    return out


@dataclass(frozen=True)
class ConnectorSpec:
    """An off-page connector of this page: ``out`` in the bottom band in the lane of the step the arrow
    leaves, ``in`` above the symbol of the step (row index ``row``) it enters, or above the end terminator in
    its band (``row`` ``END_ROW``, ``step`` None)."""

    letter: str
    direction: str
    step: int | None
    lane: str
    row: int
    exit: str | None = None


def _row_of_boxes(column: Column, count: int, style: FlowStyle, y: float, grow: int) -> list[Rect]:
    """Connector boxes centred in a lane side by side, in more levels (``grow`` = down +1 or up -1) when the
    lane is too narrow for all."""
    size = style.connector_size(count)
    capacity = style.capacity(size)
    boxes = []
    for k in range(count):
        level, slot = divmod(k, capacity)
        n = min(capacity, count - level * capacity)
        left = column.x + (column.width - (n * size + (n - 1) * SPACING)) / 2
        boxes.append(Rect(left + slot * (size + SPACING), y + grow * level * (size + 1.0), size, size))
    return boxes


def _slots(column: Column, centres: list[float], count: int, size: float, y: float) -> list[Rect] | None:
    """The first ``count`` of the candidate centres that fit in the lane, as boxes; None if too few fit."""
    low, high = column.x + 0.8 - 1e-9, column.right - 0.8 + 1e-9
    fitting = [c for c in centres if low <= c - size / 2 and c + size / 2 <= high]
    if len(fitting) < count:
        return None
    return [Rect(c - size / 2, y, size, size) for c in fitting[:count]]


def _around_centre(column: Column, count: int, size: float, y: float) -> list[Rect] | None:
    """At the lane's centre, then alternately right and left of it."""
    centre = column.x + column.width / 2
    step = size + SPACING
    return _slots(column, [centre + sign * k * step for k in range(8) for sign in (1, -1)][1:], count, size, y)


def _beside_centre(column: Column, target: Rect, count: int, size: float, y: float, first: int) -> list[Rect] | None:
    """Beside the arrow entering the target's top (over its top corner ports if there is room), side ``first``
    (+1 right) first, smaller if that is what fits; None when they do not fit in the lane at all."""
    for each in (size, 0.8 * size, min(size, 2.8)):
        step = each + SPACING
        near = max(target.w / 4, each / 2 + SPACING)
        centres = [target.cx + sign * (near + k * step) for k in range(8) for sign in (first, -first)]
        boxes = _slots(column, centres, count, each, y)
        if boxes is not None:
            return boxes
    return None


def place_connectors(
    specs: list[ConnectorSpec],
    band: Band | None,
    targets: dict[int, Symbol],
    top_taken: dict[int, int],
    columns: dict[str, Column],
    style: FlowStyle,
) -> list[Symbol]:
    """The connector symbols of a page. ``top_taken`` maps a row whose symbol's top is entered from the row
    above to the side (+1 right) its incoming connectors should go to."""
    out: list[Symbol] = []
    groups: dict[tuple[str, str | int], list[ConnectorSpec]] = {}
    for spec in specs:
        groups.setdefault((spec.direction, spec.lane if spec.direction == "out" else spec.row), []).append(spec)
    for (direction, key), items in groups.items():
        column = columns[items[0].lane]
        size = style.connector_size(len(items))
        kind: SymbolKind
        if direction == "out":
            assert band is not None
            # straight below the lowest symbol that leaves by its bottom, the others beside it
            items.sort(key=lambda c: (c.exit == "tidak", -c.row))
            y = band.bottom - 1.2 - size
            boxes = _around_centre(column, len(items), size, y) or _row_of_boxes(column, len(items), style, y, -1)
            kind = "connector_out"
        else:
            target = targets[int(key)]
            top = target.box.y - style.gap - style.connector_room(len(items)) + 1.2
            boxes = _row_of_boxes(column, len(items), style, top, 1)
            if int(key) in top_taken:
                boxes = _beside_centre(column, target.box, len(items), size, top, top_taken[int(key)]) or boxes
            kind = "connector_in"
        out += [Symbol(kind, box, spec.step, spec.lane, spec.letter) for spec, box in zip(items, boxes, strict=True)]
    return out
