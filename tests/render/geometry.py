"""Independent checks of laid-out flowchart pages: what a reader of the drawing relies on."""

from __future__ import annotations

from sopan.model.sop import END, Sop
from sopan.render.flowchart.page import Arrow, Page, Point, Rect, Symbol

EPS = 1e-6


def _inside(inner: Rect, outer: Rect) -> bool:
    return outer.contains(inner, tolerance=1e-6)


def _crosses_rect(a: Point, b: Point, box: Rect) -> bool:
    """Whether the segment a-b passes through the open interior of ``box``."""
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    return x0 < box.right - EPS and x1 > box.x + EPS and y0 < box.bottom - EPS and y1 > box.y + EPS


def _crosses_diamond(a: Point, b: Point, box: Rect) -> bool:
    if not _crosses_rect(a, b, box):
        return False
    hw, hh = box.w / 2, box.h / 2
    if abs(a[1] - b[1]) < EPS:  # horizontal
        half = hw * (1 - abs(a[1] - box.cy) / hh)
        x0, x1 = sorted((a[0], b[0]))
        return half > EPS and x0 < box.cx + half - EPS and x1 > box.cx - half + EPS
    half = hh * (1 - abs(a[0] - box.cx) / hw)
    y0, y1 = sorted((a[1], b[1]))
    return half > EPS and y0 < box.cy + half - EPS and y1 > box.cy - half + EPS


def _crosses_capsule(a: Point, b: Point, box: Rect) -> bool:
    """A terminator: a rectangle with half circles at both ends."""
    if not _crosses_rect(a, b, box):
        return False
    r = box.h / 2
    if abs(a[1] - b[1]) < EPS:  # horizontal: the interior's x extent at this height
        inset = r - (r * r - (a[1] - box.cy) ** 2) ** 0.5
        x0, x1 = sorted((a[0], b[0]))
        return x0 < box.right - inset - EPS and x1 > box.x + inset + EPS
    x = a[0]
    centre = min(max(x, box.x + r), box.right - r)
    dx = abs(x - centre)
    if dx >= r:
        return False
    half = (r * r - dx * dx) ** 0.5
    y0, y1 = sorted((a[1], b[1]))
    return y0 < box.cy + half - EPS and y1 > box.cy - half + EPS


def crosses_symbol(a: Point, b: Point, symbol: Symbol) -> bool:
    if symbol.kind == "decision":
        return _crosses_diamond(a, b, symbol.box)
    if symbol.kind == "terminator":
        return _crosses_capsule(a, b, symbol.box)
    return _crosses_rect(a, b, symbol.box)


def _box_hits(box: Rect, symbol: Symbol) -> bool:
    """Whether a label box overlaps a symbol's interior (a diamond's, not its bounding box's)."""
    if not box.overlaps(symbol.box):
        return False
    if symbol.kind != "decision":
        return True
    d = symbol.box
    # the box misses the diamond when all its corners lie beyond one of the diamond's four sides
    corners = [(x, y) for x in (box.x, box.right) for y in (box.y, box.bottom)]
    for sx in (-1, 1):
        for sy in (-1, 1):
            if all(sx * (x - d.cx) / (d.w / 2) + sy * (y - d.cy) / (d.h / 2) >= 1 - EPS for x, y in corners):
                return False
    return True


def _on_outline(point: Point, symbol: Symbol) -> bool:
    """Whether an arrow end lies on the outline of a symbol (within 0.01 mm)."""
    box = symbol.box
    x, y = point
    if not _inside(Rect(x, y, 0, 0), box.inflate(0.01)):
        return False
    if symbol.kind == "decision":
        value = abs(x - box.cx) / (box.w / 2) + abs(y - box.cy) / (box.h / 2)
        return abs(value - 1) < 0.01
    if symbol.kind == "connector_out":
        return abs(y - box.y) < 0.01
    if symbol.kind == "connector_in":
        return abs(y - box.bottom) < 0.01 and abs(x - box.cx) < 0.01
    edges = (abs(x - box.x), abs(x - box.right), abs(y - box.y), abs(y - box.bottom))
    if symbol.kind == "terminator" and min(abs(y - box.y), abs(y - box.bottom)) > 0.01:
        r = box.h / 2
        centre = box.x + r if x < box.cx else box.right - r
        return abs(((x - centre) ** 2 + (y - box.cy) ** 2) ** 0.5 - r) < 0.01 or abs(x - centre) < 0.01
    return min(edges) < 0.01


def _collinear_overlap(s: tuple[Point, Point], t: tuple[Point, Point]) -> bool:
    (a, b), (c, d) = s, t
    if abs(a[1] - b[1]) < EPS and abs(c[1] - d[1]) < EPS and abs(a[1] - c[1]) < EPS:
        lo, hi = sorted((a[0], b[0]))
        lo2, hi2 = sorted((c[0], d[0]))
        return min(hi, hi2) - max(lo, lo2) > EPS
    if abs(a[0] - b[0]) < EPS and abs(c[0] - d[0]) < EPS and abs(a[0] - c[0]) < EPS:
        lo, hi = sorted((a[1], b[1]))
        lo2, hi2 = sorted((c[1], d[1]))
        return min(hi, hi2) - max(lo, lo2) > EPS
    return False


def _symbol_at(page: Page, point: Point, arrow: Arrow) -> Symbol | None:
    return next((s for s in page.symbols if _on_outline(point, s)), None)


def _reaches_end(symbol: Symbol) -> bool:
    """An arrow to ``selesai`` ends at the end terminator of its own (no step) or leaves the page to reach it."""
    return (symbol.kind == "terminator" and symbol.step is None) or symbol.kind == "connector_out"


def check_pages(sop: Sop, pages: list[Page]) -> list[str]:
    """Everything wrong with the pages of ``sop``, as readable sentences (empty when all is well)."""
    problems: list[str] = []
    name = sop.id or sop.title
    spec = pages[0].spec
    page_of_step: dict[int, int] = {}
    for page in pages:
        where = f"{name} p{page.number}"
        if len(page.rows) > spec.rows_per_page:
            problems.append(f"{where}: {len(page.rows)} rows > {spec.rows_per_page}")
        if page.height > spec.content_height + EPS:
            problems.append(f"{where}: table {page.height:.1f} mm taller than {spec.content_height:.1f} mm")
        for row in page.rows:
            page_of_step[row.step] = page.number
            if row.height > spec.content_height - page.header_height + EPS:
                problems.append(f"{where}: row {row.step} taller than the page")
        columns = {c.lane: c for c in page.columns if c.lane is not None}
        out_band = next((b for b in page.bands if b.kind == "out"), None)
        end_band = next((b for b in page.bands if b.kind == "end"), None)
        for symbol in page.symbols:
            column = columns[symbol.lane]
            lane_box = Rect(column.x, 0, column.width, page.height)
            if not _inside(symbol.box, lane_box):
                problems.append(f"{where}: {symbol.kind} {symbol.step} outside lane {symbol.lane}")
            if symbol.kind == "connector_out":
                band = out_band
                box = Rect(0, band.y, page.width, band.height) if band else None
            elif symbol.kind in ("terminator", "connector_in") and symbol.step is None:
                box = Rect(0, end_band.y, page.width, end_band.height) if end_band else None
            else:
                row = page.row(symbol.step) if symbol.step is not None else None
                box = Rect(0, row.y, page.width, row.height) if row else None
            if box is None or not _inside(symbol.box, box):
                problems.append(f"{where}: {symbol.kind} {symbol.step} {symbol.letter or ''} outside its row")
        for marker in page.markers:
            row = page.row(marker.step)
            column = columns[marker.lane]
            if row is None or not _inside(marker.box, Rect(column.x, row.y, column.width, row.height)):
                problems.append(f"{where}: marker of step {marker.step} outside lane {marker.lane} and its row")
        texts = [box for cell in page.header for box in [cell.text_box()] if box]
        texts += [box for row in page.rows for cell in row.cells for box in [cell.text_box()] if box]
        labels = [(arrow, arrow.label.box) for arrow in page.arrows if arrow.label]
        for _, label in labels:
            if not _inside(label, page.lane_area):
                problems.append(f"{where}: label at {label} outside the lane area")
            for symbol in page.symbols:
                if _box_hits(label, symbol):
                    problems.append(f"{where}: label at {label} over a {symbol.kind}")
        for index, arrow in enumerate(page.arrows):
            what = f"{where}: arrow {arrow.edge[0]}->{arrow.edge[1]}"
            points = arrow.points
            if len(points) < 2:
                problems.append(f"{what} has no length")
                continue
            for a, b in arrow.segments():
                if abs(a[0] - b[0]) > EPS and abs(a[1] - b[1]) > EPS:
                    problems.append(f"{what} has a slanted segment {a}-{b}")
                if not (_inside(Rect(*a, 0, 0), page.lane_area) and _inside(Rect(*b, 0, 0), page.lane_area)):
                    problems.append(f"{what} leaves the lane area")
                for symbol in page.symbols:
                    if crosses_symbol(a, b, symbol):
                        problems.append(f"{what} crosses the {symbol.kind} of step {symbol.step}")
                for marker in page.markers:
                    if _crosses_rect(a, b, marker.box):
                        problems.append(f"{what} crosses the marker of step {marker.step}")
                for other, label in labels:
                    if _crosses_rect(a, b, label):
                        problems.append(f"{what} crosses the label '{other.label.text}'")  # type: ignore[union-attr]
                for box in texts:
                    if _crosses_rect(a, b, box):
                        problems.append(f"{what} crosses cell text")
            for other in page.arrows[index + 1 :]:
                if any(_collinear_overlap(s, t) for s in arrow.segments() for t in other.segments()):
                    problems.append(f"{what} runs on top of arrow {other.edge[0]}->{other.edge[1]}")
            start, end = _symbol_at(page, points[0], arrow), _symbol_at(page, points[-1], arrow)
            if start is None or end is None:
                problems.append(f"{what} does not start and end on symbols")
            elif arrow.edge[1] == END and not _reaches_end(end):
                problems.append(f"{what} ends the procedure in the {end.kind} of step {end.step}")
    problems += _check_edges(sop, pages, page_of_step)
    return problems


def _check_edges(sop: Sop, pages: list[Page], page_of_step: dict[int, int]) -> list[str]:
    """Every flow edge is drawn: on one page, or as a lettered connector pair."""
    problems: list[str] = []
    name = sop.id or sop.title
    ending = [s for s in sop.steps if any(t == END for t, _ in sop.successors(s))]
    final = ending[-1] if ending else None
    own_end = final is not None and (final.decision is not None or len(ending) > 1)  # an end terminator row
    outs = {s.letter: (p.number, s) for p in pages for s in p.symbols if s.kind == "connector_out"}
    ins = {s.letter: (p.number, s) for p in pages for s in p.symbols if s.kind == "connector_in"}
    letters_out = [s.letter for p in pages for s in p.symbols if s.kind == "connector_out"]
    letters_in = [s.letter for p in pages for s in p.symbols if s.kind == "connector_in"]
    if sorted(letters_out) != sorted(set(letters_out)) or sorted(letters_in) != sorted(set(letters_in)):
        problems.append(f"{name}: a connector letter is used twice")
    if set(outs) != set(ins):
        problems.append(f"{name}: unpaired connectors {set(outs) ^ set(ins)}")
    for step in sop.steps:
        for to, exit in sop.successors(step):
            edge = (step.number, to)
            if to == END and step is final and not own_end:
                continue  # the final terminator ends the flow itself
            drawn = [(p, a) for p in pages for a in p.arrows if a.edge == edge and a.exit == exit]
            if not drawn:
                problems.append(f"{name}: edge {edge} ({exit}) not drawn")
                continue
            target_step = final.number if to == END and final is not None else to
            same = page_of_step.get(step.number) == page_of_step.get(target_step)  # type: ignore[arg-type]
            if same and not (len(drawn) == 1 and drawn[0][1].letter is None):
                problems.append(f"{name}: edge {edge} on one page should be one arrow")
            if not same:
                letters = {a.letter for _, a in drawn}
                if len(drawn) != 2 or len(letters) != 1 or None in letters:
                    problems.append(f"{name}: edge {edge} across pages should be a lettered pair")
                    continue
                letter = letters.pop()
                if letter not in outs or letter not in ins:
                    problems.append(f"{name}: connector {letter} of edge {edge} missing")
                    continue
                if outs[letter][0] != page_of_step[step.number] or ins[letter][0] != page_of_step[target_step]:  # type: ignore[index]
                    problems.append(f"{name}: connector {letter} of edge {edge} on the wrong page")
            if exit is not None:
                first = next((a for p, a in drawn if p.number == page_of_step[step.number]), None)
                expected = (step.decision.yes_label or "Ya") if exit == "ya" else (step.decision.no_label or "Tidak")  # type: ignore[union-attr]
                if first is None or first.label is None or first.label.text != expected:
                    problems.append(f"{name}: exit {exit} of step {step.number} lacks its label '{expected}'")
    return problems
