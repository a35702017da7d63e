"""Where one arrow crosses another: the horizontal line makes a small hop over the vertical one there.

A crossing is a point strictly inside a horizontal segment of one arrow and a vertical segment of another (a
T-junction or a shared end is not a crossing). The hop needs ``HOP`` mm of straight line on each side, so a
crossing closer than that to the horizontal segment's ends (or the arrow's head) is left as it is.
"""

from __future__ import annotations

import itertools

from .page import Arrow, Point

__all__ = ["HOP", "crossings", "hopped", "hops", "hops_by_arrow"]

HOP = 0.7  # the hop's radius (mm)
HEAD = 1.5  # the arrow head's length: no hop under it
EPS = 1e-6


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


def hops(arrows: tuple[Arrow, ...] | list[Arrow]) -> dict[tuple[int, int], list[float]]:
    """(arrow, segment) -> the x of each hop on that horizontal segment, in the direction it is drawn."""
    out: dict[tuple[int, int], list[float]] = {}
    for k, index, (x, _) in crossings(arrows):
        segments = arrows[k].segments()
        (x1, _), (x2, _) = segments[index]
        end = x2 - (HEAD if index == len(segments) - 1 else 0.0) * (1 if x2 > x1 else -1)
        if min(abs(x - x1), abs(x - end)) < 2 * HOP or (x - x1) * (x - end) > 0:
            continue
        out.setdefault((k, index), []).append(x)
    for (k, index), xs in out.items():
        (x1, _), (x2, _) = arrows[k].segments()[index]
        xs.sort(reverse=x2 < x1)
    return out


def hops_by_arrow(arrows: tuple[Arrow, ...] | list[Arrow]) -> list[dict[int, list[float]]]:
    """``hops`` arrow by arrow: for each arrow, segment index -> the x of each hop on it."""
    out: list[dict[int, list[float]]] = [{} for _ in arrows]
    for (k, index), xs in hops(arrows).items():
        out[k][index] = xs
    return out


def hopped(points: list[Point], hops: dict[int, list[float]]) -> list[tuple[Point, int]]:
    """An arrow's line from its first point, as the points it is drawn to in turn: (point, 0) for a straight
    line to it, (point, +1 or -1) for a half circle over the top to it, drawn rightwards (+1) or leftwards (-1);
    ``hops`` gives the x of each hop by segment index (as from ``hops``)."""
    out: list[tuple[Point, int]] = []
    for index, ((x1, _), (x2, y2)) in enumerate(itertools.pairwise(points)):
        sign = 1 if x2 > x1 else -1
        for x in hops.get(index, []):
            out += [((x - sign * HOP, y2), 0), ((x + sign * HOP, y2), sign)]
        out.append(((x2, y2), 0))
    return out
