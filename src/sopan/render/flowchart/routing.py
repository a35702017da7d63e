"""Orthogonal arrow routing on a sparse track grid (A* with bend and crossing costs).

The lane area of a page is cut by horizontal and vertical tracks: the ports of the symbols and their stubs,
free channels beside the symbols in every lane, and lines in the gaps between rows. An arrow runs along
tracks from its source port to one of the free ports of its target. Symbols, labels and connectors are
obstacles; an arrow already drawn blocks its own tracks and every parallel track closer than ``separation``
over its length, so two arrows never run on top of each other, and its corners and ends cannot be touched.
Crossing another arrow at a right angle is allowed but costs extra. Vertical arrows keep off the lane lines
and horizontal ones off the row lines, so no arrow is mistaken for a table line.

Most arrows run straight or turn once (down to the next row, across to another lane). Such a path is taken
without searching when the search is sure to return exactly that path (``Router._bent``), which keeps laying
out a whole library quick; ``Router.shortcuts`` turns this off, to check that it changes nothing.
"""

from __future__ import annotations

import heapq
import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .page import Point, Rect

__all__ = ["Diamond", "Obstacle", "Port", "Router", "simplify"]

DIRS = ((1, 0), (0, 1), (-1, 0), (0, -1))  # right, down, left, up (y grows downwards)
SNAP = 1e-6  # coordinates closer than this are the same track
END_CLEAR = 2.0  # no arrow crosses another this close to its ends


@dataclass(frozen=True)
class Obstacle:
    """A rectangle arrows may not enter (already inflated by the clearance)."""

    box: Rect

    def h_span(self, y: float) -> tuple[float, float] | None:
        """The x interval of the interior at height ``y``."""
        if self.box.y < y < self.box.bottom:
            return self.box.x, self.box.right
        return None

    def v_span(self, x: float) -> tuple[float, float] | None:
        if self.box.x < x < self.box.right:
            return self.box.y, self.box.bottom
        return None


@dataclass(frozen=True)
class Diamond(Obstacle):
    """A decision diamond: its interior narrows towards the vertices, so arrows may enter its slanted sides."""

    def h_span(self, y: float) -> tuple[float, float] | None:
        b = self.box
        half = b.w / 2 * (1 - abs(y - b.cy) / (b.h / 2))
        return (b.cx - half, b.cx + half) if half > 0 else None

    def v_span(self, x: float) -> tuple[float, float] | None:
        b = self.box
        half = b.h / 2 * (1 - abs(x - b.cx) / (b.w / 2))
        return (b.cy - half, b.cy + half) if half > 0 else None


@dataclass(frozen=True)
class Port:
    """Where an arrow leaves or enters a symbol: the point on its outline, the outward direction (index into
    right/down/left/up) and the stub length (the straight piece before the first turn, long enough for a head)."""

    x: float
    y: float
    direction: int
    stub: float

    @property
    def stub_point(self) -> Point:
        dx, dy = DIRS[self.direction]
        return self.x + dx * self.stub, self.y + dy * self.stub


def _towards(a: Point, b: Point, length: float) -> Point:
    """The point ``length`` from ``a`` on the straight way to ``b`` (or ``b`` if it is nearer)."""
    distance = abs(b[0] - a[0]) + abs(b[1] - a[1])
    if distance <= length:
        return b
    return a[0] + (b[0] - a[0]) * length / distance, a[1] + (b[1] - a[1]) * length / distance


def _snap(port: Port, stub: Point) -> Point:
    """The port point moved onto the track of its stub (they differ by less than SNAP), so the stub is straight."""
    return (stub[0], port.y) if port.direction in (1, 3) else (port.x, stub[1])


def simplify(points: Sequence[Point]) -> list[Point]:
    """Drop repeated points and the middle points of straight runs."""
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 1e-9 and abs(out[-1][1] - p[1]) < 1e-9:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (abs(a[0] - b[0]) < 1e-9 and abs(b[0] - p[0]) < 1e-9) or (
                abs(a[1] - b[1]) < 1e-9 and abs(b[1] - p[1]) < 1e-9
            ):
                out[-1] = p
                continue
        out.append(p)
    return out


def _unique(values: Sequence[float], low: float, high: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if low - 1e-9 <= v <= high + 1e-9 and (not out or v - out[-1] > SNAP):
            out.append(v)
    return out


def _near(tracks: list[float], lines: Sequence[float], clearance: float) -> set[int]:
    """The indices of the (sorted) tracks closer than ``clearance`` to one of the lines."""
    out: set[int] = set()
    for line in lines:
        for k in range(bisect_left(tracks, line - clearance - 1.0), bisect_right(tracks, line + clearance + 1.0)):
            if abs(tracks[k] - line) < clearance:
                out.add(k)
    return out


class Router:
    """Routes arrows one after the other on one page; each routed arrow becomes part of the terrain."""

    shortcuts = True  # try the straight and the one-turn path before the search (off only to compare the two)

    def __init__(
        self,
        area: Rect,
        xs: Sequence[float],
        ys: Sequence[float],
        obstacles: Sequence[Obstacle] = (),
        lane_lines: Sequence[float] = (),
        row_lines: Sequence[float] = (),
        separation: float = 0.9,
        line_clearance: float = 0.6,
        bend_cost: float = 4.0,
        cross_cost: float = 10.0,
    ) -> None:
        self.area = area
        self.xs = _unique(xs, area.x, area.right)
        self.ys = _unique(ys, area.y, area.bottom)
        self.nx, self.ny = len(self.xs), len(self.ys)
        self.separation = separation
        self.bend_cost = bend_cost
        self.cross_cost = cross_cost
        n = self.nx * self.ny
        self.h_blocked = [False] * n  # move (i, j) -> (i + 1, j)
        self.v_blocked = [False] * n  # move (i, j) -> (i, j + 1)
        self.node_blocked = [False] * n
        self.crossings = [0] * n
        self.segments: list[tuple[Point, Point]] = []  # of the arrows drawn so far
        ny = self.ny
        for i in _near(self.xs, lane_lines, line_clearance):
            self.v_blocked[i * ny : (i + 1) * ny] = [True] * ny
        for j in _near(self.ys, row_lines, line_clearance):
            self.h_blocked[j::ny] = [True] * self.nx
        for obstacle in obstacles:
            self.add_obstacle(obstacle)

    # ----- terrain -------------------------------------------------------------------------------------
    def _node(self, point: Point) -> int | None:
        i = bisect_left(self.xs, point[0] - SNAP)
        j = bisect_left(self.ys, point[1] - SNAP)
        if i < self.nx and j < self.ny and abs(self.xs[i] - point[0]) <= SNAP and abs(self.ys[j] - point[1]) <= SNAP:
            return i * self.ny + j
        return None

    def _block_h(self, j: int, x0: float, x1: float, node_interior: bool = True) -> None:
        """Block horizontal moves on track ``j`` that overlap the open interval (x0, x1)."""
        first = max(bisect_right(self.xs, x0) - 1, 0)
        for i in range(first, self.nx - 1):
            if self.xs[i] >= x1:
                break
            if self.xs[i + 1] > x0:
                self.h_blocked[i * self.ny + j] = True
            if node_interior and x0 < self.xs[i] < x1:
                self.node_blocked[i * self.ny + j] = True

    def _block_v(self, i: int, y0: float, y1: float, node_interior: bool = True) -> None:
        first = max(bisect_right(self.ys, y0) - 1, 0)
        for j in range(first, self.ny - 1):
            if self.ys[j] >= y1:
                break
            if self.ys[j + 1] > y0:
                self.v_blocked[i * self.ny + j] = True
            if node_interior and y0 < self.ys[j] < y1:
                self.node_blocked[i * self.ny + j] = True

    def add_obstacle(self, obstacle: Obstacle) -> None:
        box = obstacle.box
        for j in range(bisect_right(self.ys, box.y), bisect_left(self.ys, box.bottom)):
            span = obstacle.h_span(self.ys[j])
            if span:
                self._block_h(j, *span)
        for i in range(bisect_right(self.xs, box.x), bisect_left(self.xs, box.right)):
            span = obstacle.v_span(self.xs[i])
            if span:
                self._block_v(i, *span)

    def occupy(self, points: Sequence[Point], heads: bool = True) -> None:
        """Make a drawn polyline part of the terrain: its tracks (and close parallels) and corners are taken,
        and with ``heads`` (an arrow, not a marker's dashed line) nothing may cross its first and last piece."""
        sep = self.separation
        for a, b in itertools.pairwise(points):
            if abs(a[1] - b[1]) < 1e-9:  # horizontal
                x0, x1 = sorted((a[0], b[0]))
                for j in range(bisect_left(self.ys, a[1] - sep + 1e-6), bisect_right(self.ys, a[1] + sep - 1e-6)):
                    self._block_h(j, x0 - sep, x1 + sep, node_interior=False)
                    if abs(self.ys[j] - a[1]) < 1e-3:
                        for i in range(bisect_right(self.xs, x0 + 1e-6), bisect_left(self.xs, x1 - 1e-6)):
                            self.crossings[i * self.ny + j] += 1
            else:
                y0, y1 = sorted((a[1], b[1]))
                for i in range(bisect_left(self.xs, a[0] - sep + 1e-6), bisect_right(self.xs, a[0] + sep - 1e-6)):
                    self._block_v(i, y0 - sep, y1 + sep, node_interior=False)
                    if abs(self.xs[i] - a[0]) < 1e-3:
                        for j in range(bisect_right(self.ys, y0 + 1e-6), bisect_left(self.ys, y1 - 1e-6)):
                            self.crossings[i * self.ny + j] += 1
        for p in points:  # corners and ends
            for i in range(bisect_left(self.xs, p[0] - sep + 1e-6), bisect_right(self.xs, p[0] + sep - 1e-6)):
                for j in range(bisect_left(self.ys, p[1] - sep + 1e-6), bisect_right(self.ys, p[1] + sep - 1e-6)):
                    self.node_blocked[i * self.ny + j] = True
        if heads:  # nothing crosses an arrow within ``END_CLEAR`` of its ends (its head, its exit)
            for end, towards in ((points[0], points[1]), (points[-1], points[-2])):
                reach = _towards(end, towards, END_CLEAR)
                for i in range(
                    bisect_left(self.xs, min(end[0], reach[0]) - 1e-6),
                    bisect_right(self.xs, max(end[0], reach[0]) + 1e-6),
                ):
                    for j in range(
                        bisect_left(self.ys, min(end[1], reach[1]) - 1e-6),
                        bisect_right(self.ys, max(end[1], reach[1]) + 1e-6),
                    ):
                        self.node_blocked[i * self.ny + j] = True
        self.segments += list(itertools.pairwise(points))

    def stub_free(self, port: Port) -> bool:
        """Whether a port's stub (the straight piece at an arrow's end) is clear of the arrows drawn so far:
        not along one of them, not crossing one."""
        (px, py), (sx, sy) = (port.x, port.y), port.stub_point
        sep = self.separation
        for a, b in self.segments:
            if port.direction % 2 == 1:  # a vertical stub
                low, high = sorted((py, sy))
                if abs(a[0] - b[0]) < 1e-9:  # vertical segment: along the stub?
                    y0, y1 = sorted((a[1], b[1]))
                    if abs(a[0] - px) < sep and y0 < high and y1 > low:
                        return False
                elif low < a[1] < high and min(a[0], b[0]) < px < max(a[0], b[0]):
                    return False
            else:
                low, high = sorted((px, sx))
                if abs(a[1] - b[1]) < 1e-9:
                    x0, x1 = sorted((a[0], b[0]))
                    if abs(a[1] - py) < sep and x0 < high and x1 > low:
                        return False
                elif low < a[0] < high and min(a[1], b[1]) < py < max(a[1], b[1]):
                    return False
        return True

    # ----- search --------------------------------------------------------------------------------------
    def route(self, start: Port, goals: Sequence[tuple[Port, float]]) -> tuple[list[Point], int] | None:
        """The cheapest orthogonal path from ``start`` to one of ``goals`` (port, extra cost), or None.

        Returns the polyline (port to port, head at the end) and the index of the goal reached.
        """
        begin = self._node(start.stub_point)
        if begin is None or self.node_blocked[begin] or not self.stub_free(start):
            return None
        targets: dict[int, list[tuple[int, float, int]]] = {}
        for index, (port, extra) in enumerate(goals):
            node = self._node(port.stub_point)
            if node is not None and not self.node_blocked[node] and self.stub_free(port):
                targets.setdefault(node, []).append((index, extra, (port.direction + 2) % 4))
        if not targets:
            return None
        if self.shortcuts:
            straight = self._straight(begin, start.direction, targets)
            if straight is not None:
                return self._polyline(start, [begin, straight[0]], goals[straight[1]][0]), straight[1]
            bent = self._bent(begin, start.direction, targets)
            if bent is not None:
                return self._polyline(start, bent[0], goals[bent[1]][0]), bent[1]
        found = self._search(begin, start.direction, targets)
        if found is None:
            return None
        return self._polyline(start, found[0], goals[found[1]][0]), found[1]

    def _search(
        self, begin: int, heading: int, targets: dict[int, list[tuple[int, float, int]]]
    ) -> tuple[list[int], int] | None:
        """A* over (node, direction) states: the cheapest path's nodes and the goal index, or None.

        The estimate is a lower bound of the cost left: the distance to the box around the goals, one bend when
        the path must still turn (it lies off the box across its direction), and the cheapest goal's extra cost.
        Its parts per column and per row are computed once per search, not at every move.
        """
        xs, ys, ny, nx = self.xs, self.ys, self.ny, self.nx
        gx = [xs[n // ny] for n in targets]
        gy = [ys[n % ny] for n in targets]
        x0, x1, y0, y1 = min(gx), max(gx), min(gy), max(gy)
        away_x = [max(x0 - x, 0.0, x - x1) for x in xs]
        away_y = [max(y0 - y, 0.0, y - y1) for y in ys]
        min_extra = min(extra for found in targets.values() for _, extra, _ in found)
        bend, cross = self.bend_cost, self.cross_cost
        h_blocked, v_blocked, node_blocked = self.h_blocked, self.v_blocked, self.node_blocked
        crossings = self.crossings
        inf = float("inf")
        best: dict[int, float] = {}
        best_of = best.get
        parent: dict[int, int] = {}
        push, pop = heapq.heappush, heapq.heappop
        first = begin * 4 + heading
        best[first] = 0.0
        i, j = divmod(begin, ny)
        vertical = heading % 2 == 1
        turns = away_x[i] > 0 if vertical else away_y[j] > 0
        # ties go to the deeper state (larger g), which reaches a goal with fewer expansions
        queue: list[tuple[float, float, int]] = [
            (away_x[i] + away_y[j] + (bend if turns else 0.0) + min_extra, 0.0, first)
        ]
        finish: tuple[float, int, int] | None = None  # cost, state, goal index
        while queue:
            f, negative_g, state = pop(queue)
            g = -negative_g
            if finish is not None and f >= finish[0] - 1e-9:
                break
            if g > best_of(state, inf):
                continue
            node, direction = divmod(state, 4)
            if node in targets:
                finish = _arrive(finish, targets[node], state, g, bend)
            i, j = divmod(node, ny)
            # a horizontal move keeps the row's part of the estimate (and whether a turn is still due), a vertical
            # one the column's
            here_x, here_y = away_x[i], away_y[j]
            row_bend, column_bend = (bend if here_y > 0 else 0.0), (bend if here_x > 0 else 0.0)
            back = (direction + 2) % 4
            for turn in range(4):
                if turn == back:
                    continue
                if turn == 0:
                    if i + 1 >= nx or h_blocked[node]:
                        continue
                    neighbour, length, left = node + ny, xs[i + 1] - xs[i], away_x[i + 1] + here_y + row_bend
                elif turn == 2:
                    if i == 0 or h_blocked[node - ny]:
                        continue
                    neighbour, length, left = node - ny, xs[i] - xs[i - 1], away_x[i - 1] + here_y + row_bend
                elif turn == 1:
                    if j + 1 >= ny or v_blocked[node]:
                        continue
                    neighbour, length, left = node + 1, ys[j + 1] - ys[j], here_x + away_y[j + 1] + column_bend
                else:
                    if j == 0 or v_blocked[node - 1]:
                        continue
                    neighbour, length, left = node - 1, ys[j] - ys[j - 1], here_x + away_y[j - 1] + column_bend
                if node_blocked[neighbour]:
                    continue
                cost = g + length + (bend if turn != direction else 0.0) + cross * crossings[neighbour]
                next_state = neighbour * 4 + turn
                if cost < best_of(next_state, inf) - 1e-9:
                    best[next_state] = cost
                    parent[next_state] = state
                    push(queue, (cost + (left + min_extra), -cost, next_state))
        if finish is None:
            return None
        _, state, goal_index = finish
        return _unwind(parent, first, state), goal_index

    def _polyline(self, start: Port, nodes: list[int], goal: Port) -> list[Point]:
        track = [(self.xs[n // self.ny], self.ys[n % self.ny]) for n in nodes]
        return simplify([_snap(start, track[0]), *track, _snap(goal, track[-1])])

    def _straight(
        self, begin: int, direction: int, targets: dict[int, list[tuple[int, float, int]]]
    ) -> tuple[int, int] | None:
        """A straight run from the start to a goal entered in the same direction, when it is free and no path to
        any goal can be cheaper (the search would find it too, after exploring much more): (goal node, index)."""
        xs, ys, ny = self.xs, self.ys, self.ny
        bx, by = xs[begin // ny], ys[begin % ny]
        bound = min(
            abs(xs[node // ny] - bx) + abs(ys[node % ny] - by) + extra
            for node, found in targets.items()
            for _, extra, _ in found
        )
        node = begin
        while True:
            ahead = self._step(node, direction)
            if ahead is None or self.crossings[ahead]:
                return None
            node = ahead
            for index, extra, inward in targets.get(node, ()):
                cost = abs(xs[node // ny] - bx) + abs(ys[node % ny] - by) + extra
                if inward == direction and cost <= bound + 1e-9:
                    return node, index

    def _step(self, node: int, direction: int) -> int | None:
        """The neighbour of ``node`` in ``direction``, or None when the move there is blocked (as in the search)."""
        i, j = divmod(node, self.ny)
        if direction == 0:
            blocked = i + 1 >= self.nx or self.h_blocked[node]
        elif direction == 2:
            blocked = i == 0 or self.h_blocked[node - self.ny]
        elif direction == 1:
            blocked = j + 1 >= self.ny or self.v_blocked[node]
        else:
            blocked = j == 0 or self.v_blocked[node - 1]
        if blocked:
            return None
        neighbour = node + (self.ny, 1, -self.ny, -1)[direction]
        return None if self.node_blocked[neighbour] else neighbour

    def _run(self, node: int, direction: int, goal: int) -> float | None:
        """What the straight run from ``node`` to ``goal`` (on the same track, in ``direction``) costs the search
        (length and crossings), or None when one of its moves is blocked."""
        xs, ys, ny = self.xs, self.ys, self.ny
        cost = abs(xs[goal // ny] - xs[node // ny]) + abs(ys[goal % ny] - ys[node % ny])
        at = node
        while at != goal:
            ahead = self._step(at, direction)
            if ahead is None:
                return None
            at = ahead
            cost += self.cross_cost * self.crossings[at]
        return cost

    def _simple(self, begin: int, heading: int, node: int, arrival: int) -> tuple[list[int], float] | None:
        """The path with at most one turn from ``begin`` to ``node`` that ends moving in ``arrival``, and its cost
        (turn included), or None when it is blocked."""
        if arrival == heading:
            cost = self._run(begin, heading, node)
            return None if cost is None else ([begin, node], cost)
        ny = self.ny
        corner = (node // ny) * ny + begin % ny if heading % 2 == 0 else (begin // ny) * ny + node % ny
        first = 0.0 if corner == begin else self._run(begin, heading, corner)
        second = self._run(corner, arrival, node)
        if first is None or second is None:
            return None
        return [begin, corner, node], first + second + self.bend_cost

    def _bent(
        self, begin: int, heading: int, targets: dict[int, list[tuple[int, float, int]]]
    ) -> tuple[list[int], int] | None:
        """The path the search would return, found without searching when it is a straight run or has one turn
        (then perhaps the turn into the goal's port): (nodes, goal index), or None to search.

        Every arrival (goal, direction of the last move) has a lower bound of its total cost: the distance, the
        fewest turns on the way and into the port, the goal's extra cost. The search pops arrivals of one total in
        order of decreasing priority (``extra`` plus the turn into the port: all goals lie in its estimate's box,
        where the estimate is the cheapest extra), and it stops before those whose priority is the cheapest extra.
        So its answer is known when one arrival alone reaches the least bound with a higher priority, and a path
        with at most one turn to it is free and costs that bound: no other path to that arrival is as cheap. A
        blocked (or crossing) short path raises its arrival's bound by two turns, and the least bound is taken again.
        """
        if begin in targets:
            return None
        bend = self.bend_cost
        arrivals, bounds, turns = self._arrivals(begin, heading, targets)
        cheapest = min(extra for found in targets.values() for _, extra, _ in found) + 1e-9
        while True:
            least = min(bounds) + 1e-6
            tied = [k for k, bound in enumerate(bounds) if bound <= least]
            best = max(tied, key=lambda k: arrivals[k][0])
            priority, node, index, arrival = arrivals[best]
            if turns[best] > 1:
                return None
            if len(tied) > 1 and (priority <= cheapest or sum(1 for k in tied if arrivals[k][0] > cheapest) > 1):
                return None
            path = self._simple(begin, heading, node, arrival)
            if path is not None and path[1] + priority <= least:
                return path[0], index
            # any other path to this arrival takes two turns more (or is dearer than the short one, which crosses)
            bounds[best] = bounds[best] + 2 * bend if path is None else min(bounds[best] + 2 * bend, path[1] + priority)
            turns[best] += 2

    def _arrivals(
        self, begin: int, heading: int, targets: dict[int, list[tuple[int, float, int]]]
    ) -> tuple[list[tuple[float, int, int, int]], list[float], list[int]]:
        """Every arrival (priority, goal node, goal index, direction of arrival) with the lower bound of its
        total cost and the fewest turns on the way, for ``_bent``."""
        xs, ys, ny, bend = self.xs, self.ys, self.ny, self.bend_cost
        bx, by = xs[begin // ny], ys[begin % ny]
        arrivals: list[tuple[float, int, int, int]] = []
        bounds: list[float] = []
        turns: list[int] = []
        for node, found in targets.items():
            dx, dy = xs[node // ny] - bx, ys[node % ny] - by
            for index, extra, inward in found:
                for arrival in range(4):
                    if arrival == (inward + 2) % 4:
                        continue
                    last = bend if arrival != inward else 0.0
                    turns.append(_min_turns(dx, dy, heading, arrival))
                    bounds.append(abs(dx) + abs(dy) + turns[-1] * bend + last + extra)
                    arrivals.append((extra + last, node, index, arrival))
        return arrivals, bounds, turns


def _arrive(
    finish: tuple[float, int, int] | None, goals: list[tuple[int, float, int]], state: int, g: float, bend: float
) -> tuple[float, int, int] | None:
    """The search's best finish so far (cost, state, goal index), with the goals of the node ``state`` is at
    entered from its direction (not from behind a goal's port)."""
    direction = state % 4
    for goal_index, extra, inward in goals:
        if direction == (inward + 2) % 4:
            continue
        total = g + extra + (bend if direction != inward else 0.0)
        if finish is None or total < finish[0]:
            finish = (total, state, goal_index)
    return finish


def _unwind(parent: dict[int, int], first: int, state: int) -> list[int]:
    """The nodes of the search's path from state ``first`` to ``state``."""
    nodes = [state // 4]
    while state != first:
        state = parent[state]
        nodes.append(state // 4)
    nodes.reverse()
    return nodes


def _min_turns(dx: float, dy: float, heading: int, arrival: int) -> int:
    """The fewest turns of an orthogonal path that starts heading ``heading`` and ends ``(dx, dy)`` away with a
    move in direction ``arrival`` (every piece of it of positive length): a bound no route can beat."""
    hx, hy = DIRS[heading]
    ax, ay = DIRS[arrival]
    forward = dx * hx + dy * hy
    if arrival == heading:
        lateral = abs(dx * hy - dy * hx)
        if forward <= SNAP:
            return 4
        return 0 if lateral <= SNAP else 2
    if arrival == (heading + 2) % 4:
        return 2 if abs(dx * hy - dy * hx) > SNAP else 4
    return 1 if forward >= -SNAP and dx * ax + dy * ay > SNAP else 3
