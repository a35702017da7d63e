"""Checks of what makes a laid-out flowchart page legible (issue 19): whole-word lane headings, or shortened
ones explained in the legend; no text under the smallest size; terminators that stay capsules; the dashed box
explained where it appears; arrows apart from each other, heavier than the table's rules, and hopping where
they cross."""

from __future__ import annotations

import re
import statistics
import xml.etree.ElementTree as ET

from sopan.render.flowchart.hops import HEAD, MIN_HOP
from sopan.render.flowchart.legend import MARKER_TEXT
from sopan.render.flowchart.page import Arrow, Page, Rect
from sopan.render.svg import page_svg
from sopan.render.text import PT, normalize

MIN_GAP = 3 * PT  # two lines at least 3 pt apart
EPS = 1e-6
NS = "{http://www.w3.org/2000/svg}"


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _broken_at_word_boundaries(text: str, lines: list[str]) -> bool:
    """Whether ``lines`` are ``text`` broken only at spaces or after '/' and '-' that the text has."""
    rest = normalize(text)
    for line in lines:
        if not rest.startswith(line):
            return False
        rest = rest[len(line) :]
        if rest and not (rest.startswith(" ") or line.endswith(("/", "-"))):
            return False
        rest = rest.lstrip(" ")
    return rest == ""


def _headings(page: Page, legend: str) -> list[str]:
    problems = []
    for column in (c for c in page.columns if c.lane is not None):
        cell = next(c for c in page.header if c.column == column.key)
        lines = [line.text for line in cell.lines]
        shown = " ".join(lines)
        if not (_broken_at_word_boundaries(column.header, lines) or _squashed(f"{shown} = {column.header}") in legend):
            problems.append(f"lane heading {column.header!r} drawn as {lines} without the full name in the legend")
    return problems


def _sizes(page: Page, least: float) -> list[str]:
    texts = [line for cell in page.header for line in cell.lines]
    texts += [line for row in page.rows for cell in row.cells for line in cell.lines]
    texts += [line for arrow in page.arrows if arrow.label for line in arrow.label.lines]
    texts += list(page.legend)
    return [f"text {t.text!r} at {t.size / PT:.2f} pt" for t in texts if t.size < least - EPS]


def _close_parallels(a: Arrow, b: Arrow, least: float) -> list[str]:
    out = []
    for p, q in a.segments():
        for r, t in b.segments():
            horizontal = abs(p[1] - q[1]) < EPS
            if horizontal != (abs(r[1] - t[1]) < EPS):
                continue
            axis, other = (0, 1) if horizontal else (1, 0)
            gap = abs(p[other] - r[other])
            low = max(min(p[axis], q[axis]), min(r[axis], t[axis]))
            high = min(max(p[axis], q[axis]), max(r[axis], t[axis]))
            if high - low > EPS and gap < least - EPS:
                out.append(f"arrows {a.edge} and {b.edge} run {gap:.2f} mm apart for {high - low:.1f} mm")
    return out


def _lines(page: Page, least: float) -> list[str]:
    problems = []
    for k, a in enumerate(page.arrows):
        for b in page.arrows[k + 1 :]:
            inner_a = {(round(x, 3), round(y, 3)) for x, y in a.points[1:-1]}
            inner_b = {(round(x, 3), round(y, 3)) for x, y in b.points[1:-1]}
            if inner_a & inner_b:
                problems.append(f"arrows {a.edge} and {b.edge} share a bend at {sorted(inner_a & inner_b)[0]}")
            problems += _close_parallels(a, b, least)
    return problems


def check_legibility(pages: list[Page], *, spacing: float = MIN_GAP) -> list[str]:
    """Every legibility problem of a SOP's pages, each naming its page; parallel arrows at least ``spacing``
    apart (3 pt; a page with no clean route at 3 pt is drawn again with 0.9 mm)."""
    problems: list[str] = []
    least = pages[0].spec.min_font_size * PT if pages else 0.0
    for page in pages:
        legend = _squashed(" ".join(line.text for line in page.legend))
        found = _headings(page, legend) + _sizes(page, min(least, 6 * PT))
        for symbol in page.symbols:
            if symbol.kind == "terminator" and symbol.box.w < 1.8 * symbol.box.h - EPS:
                found.append(f"terminator {symbol.box.w:.1f} x {symbol.box.h:.1f} mm is nearly round")
        explained = _squashed(MARKER_TEXT) in legend and page.legend_sample is not None
        if bool(page.markers) != explained:
            found.append("dashed boxes without their legend" if page.markers else "a legend for absent dashed boxes")
        if page.drawing_height > page.spec.content_height + EPS:
            found.append(f"the legend runs past the page ({page.drawing_height:.1f} mm)")
        found += _lines(page, spacing)
        found += _drawn(page)
        problems += [f"p{page.number}: {problem}" for problem in found]
    return problems


def _crossings(page: Page) -> list[tuple[int, float, float, bool]]:
    """Every crossing, found here on its own: (arrow with the horizontal line, x, y, far enough from that line's
    ends and head for a hop)."""
    out = []
    for k, a in enumerate(page.arrows):
        segments = a.segments()
        for index, (p, q) in enumerate(segments):
            if abs(p[1] - q[1]) > EPS:
                continue
            for m, b in enumerate(page.arrows):
                for r, t in b.segments():
                    if m == k or abs(r[0] - t[0]) > EPS:
                        continue
                    x, y = r[0], p[1]
                    if (
                        min(p[0], q[0]) + EPS < x < max(p[0], q[0]) - EPS
                        and min(r[1], t[1]) + EPS < y < max(r[1], t[1]) - EPS
                    ):
                        head = HEAD if index == len(segments) - 1 else 0.0
                        room = min(abs(x - p[0]), abs(x - q[0]) - head)
                        out.append((k, x, y, room >= 2 * MIN_HOP - EPS))
    return out


def _drawn(page: Page) -> list[str]:
    """In the SVG: arrows heavier than the table's body rules (its commonest line), and a hop at each crossing
    away from line ends."""
    root = ET.fromstring(page_svg(page))
    rules = [float(e.get("stroke-width", "0")) for e in root.iter(f"{NS}line")]
    flows = [e for e in root.iter() if e.get("data-edge")]
    problems = []
    if rules and flows and min(float(e.get("stroke-width", "0")) for e in flows) < 1.5 * statistics.mode(rules):
        problems.append("arrows are drawn as thin as the table's rules")
    arcs: dict[int, list[tuple[float, float, float]]] = {}
    for k, element in enumerate(flows):
        d = element.get("d", "")
        for before, after in re.findall(r"L([-\d.]+,[-\d.]+) A[^ ]+ 0 0 [01] ([-\d.]+,[-\d.]+)", d):
            (x1, y1), (x2, _) = (tuple(map(float, before.split(","))), tuple(map(float, after.split(","))))
            arcs.setdefault(k, []).append((min(x1, x2), max(x1, x2), y1))
    for k, x, y, room in _crossings(page):
        hopped = any(low < x < high and abs(y - at) < 0.01 for low, high, at in arcs.get(k, []))
        if room and not hopped:
            problems.append(f"no hop where arrow {page.arrows[k].edge} crosses another at ({x:.1f}, {y:.1f})")
    return problems


def hop_counts(pages: list[Page]) -> tuple[int, int]:
    """(crossings, crossings too near a line's end for a hop) over the pages."""
    found = [c for page in pages for c in _crossings(page)]
    return len(found), sum(1 for *_, room in found if not room)


def _distance(box: Rect, arrow: Arrow) -> float:
    """The shortest distance from a box to an arrow's line."""
    best = float("inf")
    for (x1, y1), (x2, y2) in arrow.segments():
        dx = max(0.0, box.x - max(x1, x2), min(x1, x2) - box.right)
        dy = max(0.0, box.y - max(y1, y2), min(y1, y2) - box.bottom)
        best = min(best, (dx * dx + dy * dy) ** 0.5)
    return best


def stray_labels(pages: list[Page]) -> tuple[int, int, float]:
    """(exit labels, labels nearer another arrow than their own, the farthest a label is from its own line)."""
    count = stray = 0
    farthest = 0.0
    for page in pages:
        for arrow in page.arrows:
            if arrow.label is None:
                continue
            own = _distance(arrow.label.box, arrow)
            others = [_distance(arrow.label.box, other) for other in page.arrows if other is not arrow]
            count += 1
            stray += bool(others) and min(others) < own - EPS
            farthest = max(farthest, own)
    return count, stray, farthest
