"""Labels of decision exits ('Ya', 'Tidak', or the decision's own words), placed before any arrow is routed.

A label sits next to its exit: beside the line leaving the bottom vertex (on the side away from the 'tidak'
exit), or above or below the line leaving a side vertex (away from where that line turns). It may reach back
over the corner of the diamond's bounding box, wraps onto more lines when that keeps it in the decision's
own lane, and avoids table lines: a line through text is hard to read. The arrows are then routed around the
labels, so no arrow crosses one. Once every arrow is drawn, a label that lies nearer another arrow than its own
is set again beside its own line (``by_own_line``), where no other arrow is as near.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..text import metrics, text_width, wrap
from .page import Column, Label, Point, Rect, Symbol, TextLine
from .routing import Port
from .style import FlowStyle

__all__ = ["LABEL_CLEARANCE", "LABEL_GAP", "Scene", "by_own_line", "hits_diamond", "path_distance", "place_label"]

RIGHT, DOWN, LEFT, UP = range(4)
LABEL_GAP = 0.8  # between an exit's line and its label
LABEL_CLEARANCE = 0.5  # arrows keep this far from labels (less than LABEL_GAP: the exit's own line passes)
LABEL_NEIGHBOUR = 2.0  # a label resettled beside its own line keeps this far from other labels if it can
OWN_MARGIN = 1.0  # a label is at least this much nearer its own line than any other arrow


def path_distance(box: Rect, path: Sequence[Point]) -> float:
    """The shortest distance from a box to a polyline."""
    best = float("inf")
    for (x1, y1), (x2, y2) in itertools.pairwise(path):
        dx = max(0.0, box.x - max(x1, x2), min(x1, x2) - box.right)
        dy = max(0.0, box.y - max(y1, y2), min(y1, y2) - box.bottom)
        best = min(best, (dx * dx + dy * dy) ** 0.5)
    return best


def by_own_line(box: Rect, own: Sequence[Point], others: Sequence[Sequence[Point]]) -> bool:
    """Whether a label's box is nearer its own arrow than any other (so it cannot be read as another's)."""
    near = path_distance(box, own) + OWN_MARGIN
    return all(path_distance(box, other) >= max(near, LABEL_CLEARANCE) for other in others)


def hits_diamond(box: Rect, diamond: Rect) -> bool:
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


class Scene:
    """What is placed on the page so far, to keep labels clear of it, and the table lines."""

    def __init__(self, area: Rect, row_lines: Sequence[float], lane_lines: Sequence[float]) -> None:
        self.area = area
        self.boxes: list[Rect] = []
        self.labels: list[Rect] = []  # labels placed so far (also among ``boxes``)
        self.diamonds: list[Rect] = []
        self.row_lines = list(row_lines)
        self.lane_lines = list(lane_lines)

    def add_path(self, points: Sequence[Point], pad: float) -> None:
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
        return not any(box.overlaps(o) for o in self.boxes) and not any(hits_diamond(box, d) for d in self.diamonds)

    def crowd_cost(self, box: Rect) -> float:
        """Other labels close by: a label among them may be read as theirs."""
        return 6.0 * sum(1 for label in self.labels if box.inflate(LABEL_NEIGHBOUR).overlaps(label))

    def line_cost(self, box: Rect) -> float:
        """Table lines through a label: a last resort."""
        rows = sum(1 for y in self.row_lines if box.y - 0.3 < y < box.bottom + 0.3)
        lanes = sum(1 for x in self.lane_lines if box.x - 0.3 < x < box.right + 0.3)
        return 60.0 * rows + 40.0 * lanes


def _candidates(port: Port, w: float, h: float) -> list[tuple[float, int, Rect]]:
    """Boxes beside the first stretch of an exit: (distance from the exit, side, box); side +1 is right of a
    downward exit or below a sideways one."""
    out: list[tuple[float, int, Rect]] = []
    steps = [k * 0.5 for k in range(13)]
    if port.direction == DOWN:
        for t in steps:
            out.append((t, 1, Rect(port.x + LABEL_GAP, port.y + 0.3 + t, w, h)))
            out.append((t, -1, Rect(port.x - LABEL_GAP - w, port.y + 0.3 + t, w, h)))
        return out
    sign = 1 if port.direction == RIGHT else -1
    shifts = steps + [-k * 0.5 for k in range(1, int(w / 0.5) + 1)]  # back over the diamond's corner
    for lift in (0.0, 1.0, 2.0, 3.0):  # further from the line, where the diamond is narrower
        for t in shifts:
            x = port.x + sign * (0.5 + t) - (0 if sign > 0 else w)
            out.append((abs(t) + 2 * lift, 1, Rect(x, port.y + LABEL_GAP + lift, w, h)))
            out.append((abs(t) + 2 * lift, -1, Rect(x, port.y - LABEL_GAP - lift - h, w, h)))
    return out


def _along(path: Sequence[Point], w: float, h: float, stretches: int | None) -> list[tuple[float, int, Rect]]:
    """Boxes beside the first ``stretches`` stretches (all if None) of a drawn arrow, with their distance from
    its start."""
    out: list[tuple[float, int, Rect]] = []
    walked = 0.0
    for a, b in list(itertools.pairwise(path))[:stretches]:
        length = abs(b[0] - a[0]) + abs(b[1] - a[1])
        for t in (k * 0.5 for k in range(int(length / 0.5) + 1)):
            for side in (1, -1):
                if abs(a[0] - b[0]) < 1e-6:  # vertical
                    sign = 1 if b[1] > a[1] else -1
                    y = a[1] + sign * (LABEL_GAP + t) - (0 if sign > 0 else h)
                    x = a[0] + LABEL_GAP if side > 0 else a[0] - LABEL_GAP - w
                else:
                    sign = 1 if b[0] > a[0] else -1
                    x = a[0] + sign * (LABEL_GAP + t) - (0 if sign > 0 else w)
                    y = a[1] + LABEL_GAP if side > 0 else a[1] - LABEL_GAP - h
                out.append((walked + t, side, Rect(x, y, w, h)))
        walked += length
    return out


def _around(port: Port, w: float, h: float) -> list[tuple[float, int, Rect]]:
    """Boxes on a grid around an exit, nearest first: where a label goes when there is no room beside it."""
    out = []
    for dx in range(-30, 31):
        for dy in range(-30, 31):
            box = Rect(port.x + dx - (w if dx < 0 else 0), port.y + dy / 2 - (h if dy < 0 else 0), w, h)
            out.append((abs(dx) + abs(dy) / 2, 0, box))
    out.sort(key=lambda item: item[0])
    return out


def place_label(
    text: str,
    port: Port,
    lane: Column,
    scene: Scene,
    style: FlowStyle,
    prefer: int,
    path: Sequence[Point] | None = None,
    others: Sequence[Sequence[Point]] | None = None,
    cross_lines: bool = False,
) -> Label | None:
    """The label of a decision exit in the cheapest free place: near the exit, on the ``prefer`` side (+1
    right of a downward exit, below a sideways one), on few lines, in the decision's own lane (the channels of
    the other lanes stay free for arrows), crossing no table line; in the smallest font size only if nothing
    else fits, and anywhere near the exit if there is no room beside it. With ``path`` (the exit's arrow,
    already drawn) the label may also go beside that arrow further on; with ``others`` too (the other arrows,
    all drawn), anywhere beside it, and only where it is nearer that arrow than any other and (unless
    ``cross_lines``) crosses no table line. None if there is no
    free place at all."""
    own = Rect(lane.x, scene.area.y, lane.width, scene.area.h).inflate(-0.3)
    best: tuple[float, Rect, list[str], float] | None = None
    passes = ((style.label_size, 0.0, False), (style.min_label_size, 20.0, False), (style.min_label_size, 40.0, True))
    for size, penalty, wide in passes if others is None else passes[:2]:  # set again: beside its own line only
        if penalty and best is not None:
            break
        line_h = 1.15 * size
        widest_word = max(text_width(w, size) for w in text.split()) + 0.2
        widths = [text_width(text, size) + 0.2]
        widths += [max(limit, widest_word) for limit in (style.lane_w / 2, style.lane_w / 3, style.lane_w - 2.0)]
        for width in dict.fromkeys(widths):
            lines = wrap(text, width, size)
            w = max(text_width(line, size) for line in lines) + 0.2
            h = len(lines) * line_h
            near = _candidates(port, w, h) + (_along(path, w, h, None if others else 3) if path else [])
            candidates = _around(port, w, h) if wide else near  # last resort: anywhere near the exit
            for along, side, box in candidates:
                cost = penalty + along + 2.0 * (len(lines) - 1) + (0.0 if side == prefer else 1.5)
                cost += 0.0 if own.contains(box) else 4.0
                if best is not None and cost >= best[0]:
                    continue
                crossed = scene.line_cost(box)
                if others is not None and crossed and not cross_lines:
                    continue
                cost += crossed
                if others is not None and (best is None or cost < best[0]):
                    cost += scene.crowd_cost(box)
                if (
                    (best is None or cost < best[0])
                    and scene.free(box)
                    and (others is None or by_own_line(box, path or (), others))
                ):
                    best = (cost, box, lines, size)
    if best is None:
        return None
    _, box, lines, size = best
    line_h = 1.15 * size
    m = metrics(False)
    first = box.y + (line_h - (m.ascent + m.descent) * size) / 2 + m.ascent * size
    return Label(text, box, tuple(TextLine(box.x + 0.1, first + k * line_h, ln, size) for k, ln in enumerate(lines)))
