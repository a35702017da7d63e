"""Where one arrow crosses another: the horizontal line makes a small hop over the vertical one there.

A crossing is a point strictly inside a horizontal segment of one arrow and a vertical segment of another (a
T-junction or a shared end is not a crossing). A hop of radius r keeps r mm of straight line on each side
before the segment's ends, the arrow's head or the next hop: its radius is ``HOP``, or less where the crossing
is closer to those (as where an exit's short stub crosses a line beside its diamond), down to ``MIN_HOP``; a
crossing closer still is left as it is.
"""

from __future__ import annotations

import itertools

from .page import Arrow, Point

__all__ = ["HOP", "MIN_HOP", "Hop", "crossings", "hopped", "hops", "hops_by_arrow"]

HOP = 0.7  # the hop's radius (mm)
MIN_HOP = 0.4  # the least radius, where a crossing is near a bend
HEAD = 1.5  # the arrow head's length: no hop under it
EPS = 1e-6

Hop = tuple[float, float]  # (x of the crossing, radius)


def _horizontal(a: Point, b: Point) -> bool:
    return abs(a[1] - b[1]) < EPS and abs(a[0] - b[0]) > EPS


def _vertical(a: Point, b: Point) -> bool:
    return abs(a[0] - b[0]) < EPS and abs(a[1] - b[1]) > EPS


def crossings(arrows: tuple[Arrow, ...] | list[Arrow]) -> list[tuple[int, int, Point]]:
    """(arrow with the horizontal segment, segment index, point) of every crossing of two arrows."""
    found: list[tuple[int, int, Point]] = []
    verticals = [(k, a, b) for k, arrow in enumerate(arrows) for a, b in arrow.segments() if _vertical(a, b)]
    for k, arrow in enumerate(arrows):
        for index, (a, b) in enumerate(arrow.segments()):
            if not _horizontal(a, b):
                continue
            low, high = sorted((a[0], b[0]))
            for other, c, d in verticals:
                top, bottom = sorted((c[1], d[1]))
                if other != k and low + EPS < c[0] < high - EPS and top + EPS < a[1] < bottom - EPS:
                    found.append((k, index, (c[0], a[1])))
    return found


def hops(arrows: tuple[Arrow, ...] | list[Arrow]) -> dict[tuple[int, int], list[Hop]]:
    """(arrow, segment) -> the hops on that horizontal segment, (x, radius) each, in the direction it is drawn."""
    found: dict[tuple[int, int], list[float]] = {}
    for k, index, (x, _) in crossings(arrows):
        found.setdefault((k, index), []).append(x)
    out: dict[tuple[int, int], list[Hop]] = {}
    for (k, index), xs in found.items():
        segments = arrows[k].segments()
        (x1, _), (x2, _) = segments[index]
        sign = 1 if x2 > x1 else -1
        end = x2 - (HEAD if index == len(segments) - 1 else 0.0) * sign
        xs = sorted((x for x in xs if (x - x1) * (x - end) < 0), reverse=sign < 0)  # not under the head
        stops = [x1, *xs, end]
        for n, x in enumerate(xs, start=1):
            radius = min(HOP, abs(x - stops[n - 1]) / 2, abs(stops[n + 1] - x) / 2)
            if radius >= MIN_HOP - EPS:
                out.setdefault((k, index), []).append((x, radius))
    return out


def hops_by_arrow(arrows: tuple[Arrow, ...] | list[Arrow]) -> list[dict[int, list[Hop]]]:
    """``hops`` arrow by arrow: for each arrow, segment index -> its hops."""
    out: list[dict[int, list[Hop]]] = [{} for _ in arrows]
    for (k, index), xs in hops(arrows).items():
        out[k][index] = xs
    return out


def hopped(points: list[Point], hops: dict[int, list[Hop]]) -> list[tuple[Point, int, float]]:
    """An arrow's line from its first point, as the points it is drawn to in turn: (point, 0, 0) for a straight
    line to it, (point, +1 or -1, radius) for a half circle over the top to it, drawn rightwards (+1) or
    leftwards (-1); ``hops`` by segment index (as from ``hops_by_arrow``)."""
    out: list[tuple[Point, int, float]] = []
    for index, ((x1, _), (x2, y2)) in enumerate(itertools.pairwise(points)):
        sign = 1 if x2 > x1 else -1
        for x, radius in hops.get(index, []):
            out += [((x - sign * radius, y2), 0, 0.0), ((x + sign * radius, y2), sign, radius)]
        out.append(((x2, y2), 0, 0.0))
    return out
