"""The router's shortcuts (a straight run, a path with one turn) answer exactly what its search answers."""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import pytest

from sopan.io.library import load_library
from sopan.render import PageSpec, layout_sop
from sopan.render.flowchart.routing import DIRS, Port, Router, _min_turns
from tests.factories import LIBRARY

from .sops import random_sop


@contextmanager
def _both_ways(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Route every arrow with and without the shortcuts on the same terrain; count how it was answered."""
    counts: Counter[str] = Counter()
    route, straight, bent = Router.route, Router._straight, Router._bent

    def hit(method: Callable, name: str) -> Callable:
        def wrapped(self: Router, *args: object) -> object:
            found = method(self, *args)
            counts[name] += found is not None
            return found

        return wrapped

    def compared(self: Router, start: Port, goals: Sequence[tuple[Port, float]]) -> object:
        quick = route(self, start, goals)
        self.shortcuts = False
        searched = route(self, start, goals)
        del self.shortcuts
        counts["routes"] += 1
        counts["different"] += quick != searched
        return quick

    monkeypatch.setattr(Router, "route", compared)
    monkeypatch.setattr(Router, "_straight", hit(straight, "straight"))
    monkeypatch.setattr(Router, "_bent", hit(bent, "bent"))
    yield counts


def test_the_shortcuts_route_the_library_as_the_search_does(monkeypatch: pytest.MonkeyPatch) -> None:
    library = load_library([LIBRARY])
    with _both_ways(monkeypatch) as counts:
        for item in library.sops:
            layout_sop(item.sop)
    assert counts["routes"] > 600 and counts["different"] == 0, counts
    assert counts["straight"] + counts["bent"] > 0.85 * counts["routes"], counts  # most arrows skip the search


@pytest.mark.parametrize("seed", [0, 1, 27])  # 27: two equally cheap paths, which only the search may settle
def test_the_shortcuts_route_generated_sops_as_the_search_does(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    rng = random.Random(seed)
    with _both_ways(monkeypatch) as counts:
        for _ in range(10):
            sop = random_sop(rng)
            layout_sop(sop, PageSpec(rows_per_page=rng.choice([3, 5, 8]), paper=rng.choice(["A4", "F4"])))
    assert counts["routes"] > 50 and counts["different"] == 0, counts


def _turns_by_search(dx: int, dy: int, heading: int, arrival: int, size: int = 6) -> int:
    """The fewest turns on a free unit grid around the start (a brute-force check of ``_min_turns``)."""
    queue = [(0, 0, 0, heading)]
    seen: set[tuple[int, int, int]] = set()
    while queue:
        turns, x, y, direction = heapq.heappop(queue)
        if (x, y, direction) in seen:
            continue
        seen.add((x, y, direction))
        if (x, y) == (dx, dy) and direction == arrival and (x, y) != (0, 0):
            return turns
        for move, (mx, my) in enumerate(DIRS):
            if move != (direction + 2) % 4 and max(abs(x + mx), abs(y + my)) <= size:
                heapq.heappush(queue, (turns + (move != direction), x + mx, y + my, move))
    raise AssertionError("unreachable")


def test_the_fewest_turns_are_exact_in_free_space() -> None:
    for dx in range(-3, 4):
        for dy in range(-3, 4):
            if (dx, dy) == (0, 0):
                continue
            for heading in range(4):
                for arrival in range(4):
                    assert _min_turns(float(dx), float(dy), heading, arrival) == _turns_by_search(
                        dx, dy, heading, arrival
                    ), (dx, dy, heading, arrival)
