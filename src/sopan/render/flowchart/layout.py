"""From a SOP to flowchart pages: rows measured, pages filled, off-page connectors lettered, arrows routed.

Pages are filled greedily: as many rows as fit both ``rows_per_page`` and the paper height, counting the
header (repeated on every page), the bottom band of outgoing connectors and the room incoming connectors take
in their rows. Every arrow whose ends fall on different pages becomes a lettered pair of off-page connectors
(A, B, … across the whole SOP, in table order of the source step, 'ya' before 'tidak'): the outgoing one in
the bottom band of the source's page, in the source step's lane; the incoming one on the target's page in the
target step's row, just above its symbol. For the usual arrow to the first step of the next page that is the
top of the page; an arrow back to an earlier page (or forward past a page's first row) follows the same rule,
so the reader always finds the matching letter right next to the step it leads to.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ...model.sop import Sop
from ..text import PT
from .cells import CellText, step_paragraphs
from .columns import TableColumns, build_columns
from .flow import PageEdge, PageFlow, draw_flow
from .legend import Legend, legend_for
from .nodes import END_NODE, END_ROW, ConnectorNode, NodeKey, StepNode
from .page import Band, Column, Page, PageSpec, Rect, Row
from .plan import Edge, FlowPlan, plan_flow
from .rows import RowText, fit_row, place_cells
from .style import FlowStyle
from .symbols import ConnectorSpec

__all__ = ["connector_letter", "layout_sop"]


def connector_letter(index: int) -> str:
    """A, B, … Z, AA, AB, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class _Sheet:
    """The rows of the SOP, their heights, and what each page range needs besides its rows."""

    plan: FlowPlan
    style: FlowStyle
    text_heights: list[float]

    def target_row(self, edge: Edge) -> int:
        if edge.target is not None:
            return edge.target
        if self.plan.final is None:
            raise ValueError("an edge to selesai in a flow without a final step")
        return self.plan.final

    def drawn_edges(self) -> list[Edge]:
        return [e for e in self.plan.edges if not self.plan.implicit(e)]

    def incoming(self, a: int, b: int) -> Counter[int]:
        """Rows a..b-1 that receive arrows from other pages, with how many (each gets an in-connector); an
        arrow to the end terminator's own row counts for ``END_ROW``."""
        counts: Counter[int] = Counter()
        for edge in self.drawn_edges():
            t = self.target_row(edge)
            if a <= t < b and not a <= edge.source < b:
                counts[self.connector_row(edge)] += 1
        return counts

    def connector_row(self, edge: Edge) -> int:
        """Where an in-connector of ``edge`` goes: its target's row, or the end band (``END_ROW``)."""
        return END_ROW if edge.target is None and self.plan.extra_end else self.target_row(edge)

    def bands(self, a: int, b: int) -> dict[str, int]:
        """Band kind -> the most connectors it holds in one lane (1 for the end band), for rows a..b-1."""
        outgoing: Counter[str] = Counter()
        for edge in self.drawn_edges():
            s, t = edge.source, self.target_row(edge)
            if a <= s < b and not a <= t < b:
                outgoing[self.plan.step_lanes[s][0]] += 1
        out: dict[str, int] = {}
        if outgoing:
            out["out"] = max(outgoing.values())
        if self.plan.extra_end and self.plan.final is not None and a <= self.plan.final < b:
            out["end"] = self.incoming(a, b)[END_ROW]
        return out

    def end_room(self, a: int, b: int) -> float:
        """The room above the end terminator for its incoming connectors, on a page of rows a..b-1."""
        count = self.incoming(a, b)[END_ROW]
        return self.style.connector_room(count) if count else 0.0

    def band_height(self, kind: str, count: int) -> float:
        """The out band for ``count`` connectors in one lane; the end band with room for ``count`` incoming."""
        if kind == "end":
            return self.style.row_min("terminator") + (self.style.connector_room(count) if count else 0.0)
        return self.style.band_height(count)

    def heights(self, a: int, b: int) -> dict[int, tuple[float, float]]:
        """Row -> (height, room above its symbol for in-connectors) for a page holding rows a..b-1."""
        incoming = self.incoming(a, b)
        out: dict[int, tuple[float, float]] = {}
        for k in range(a, b):
            room = self.style.connector_room(incoming[k]) if incoming[k] else 0.0
            out[k] = (max(self.text_heights[k], self.style.row_min(self.plan.kinds[k]) + room), room)
        return out

    def need(self, a: int, b: int) -> float:
        rows = sum(h for h, _ in self.heights(a, b).values())
        return rows + sum(self.band_height(k, n) for k, n in self.bands(a, b).items())

    def paginate(self, rows_per_page: int, available: float) -> list[tuple[int, int]]:
        ranges: list[tuple[int, int]] = []
        a, n = 0, len(self.text_heights)
        while a < n:
            best = a + 1
            for b in range(a + 1, min(n, a + rows_per_page) + 1):
                if self.need(a, b) <= available + 1e-6:
                    best = b
            ranges.append((a, best))
            a = best
        return ranges


def layout_sop(sop: Sop, spec: PageSpec | None = None) -> list[Page]:
    """The flowchart pages of a SOP: pure geometry, to draw (SVG, DOCX) and to check.

    Stages: the flow planned and the table's columns set (``_frame``), each row's text fitted (``_fit_rows``),
    the pages filled (``_Sheet.paginate``), off-page connectors lettered (``_letter_connectors``), then each
    page's rows placed and its lane drawing made (``_page``).
    """
    frame = _frame(sop, spec or PageSpec())
    fitted = _fit_rows(sop, frame)
    sheet = _Sheet(frame.plan, frame.style, [t.height for t in fitted.texts])
    ranges = sheet.paginate(frame.spec.rows_per_page, frame.available)
    edges, connectors = _letter_connectors(frame, sheet, ranges)
    return [_page(frame, sheet, fitted, ranges, p, edges[p], connectors[p]) for p in range(len(ranges))]


@dataclass(frozen=True)
class _Frame:
    """What every stage after the first reads: the flow's plan, the table's columns and the drawing's sizes."""

    spec: PageSpec
    plan: FlowPlan
    paragraphs: list[dict[str, CellText]]
    table: TableColumns
    style: FlowStyle
    numbers: list[int]  # each step's nomor, by index
    legend: Legend

    @property
    def available(self) -> float:
        """The height under the header that rows and bands may take (the legend's room kept free)."""
        return self.spec.content_height - self.table.header_height - self.legend.room

    @property
    def lane_columns(self) -> dict[str, Column]:
        return {c.lane: c for c in self.table.columns if c.lane is not None}


def _frame(sop: Sop, spec: PageSpec) -> _Frame:
    """Stage 1: the flow's plan, the cells' text, the columns (widths and header) and the drawing's sizes."""
    plan = plan_flow(sop)
    paragraphs = [step_paragraphs(sop, step) for step in sop.steps]
    waktu_header = f"Waktu ({sop.time_unit.value})" if sop.time_unit is not None else "Waktu"
    table = build_columns(spec, plan.lanes, paragraphs, waktu_header)
    lane_w = next(c for c in table.columns if c.lane is not None).width
    style = FlowStyle(lane_w, spec.label_font_size * PT, min(spec.min_font_size, spec.label_font_size) * PT)
    numbers = [step.number or k + 1 for k, step in enumerate(sop.steps)]
    legend = legend_for(spec, any(len(lanes) > 1 for lanes in plan.step_lanes), table.abbreviations)
    return _Frame(spec, plan, paragraphs, table, style, numbers, legend)


@dataclass(frozen=True)
class _FittedRows:
    """Each row's text at the size it fits, and the warnings of rows shrunk or cut (by step index)."""

    texts: list[RowText]
    warnings: dict[int, str]


def _fit_rows(sop: Sop, frame: _Frame) -> _FittedRows:
    """Stage 2: each row's wrapped text, its font shrunk (or its text cut) where the row would outgrow a page."""
    spec, plan, style = frame.spec, frame.plan, frame.style
    widths = {c.key: c.width for c in frame.table.columns}
    reserve = 2 * style.band_height(1) + (style.row_min("terminator") if plan.extra_end else 0.0)
    size, low = spec.font_size * PT, spec.min_font_size * PT
    texts: list[RowText] = []
    warnings: dict[int, str] = {}
    for k, step in enumerate(sop.steps):
        room = max(frame.available - reserve, style.row_min(plan.kinds[k]))
        text = fit_row(step, frame.paragraphs[k], widths, size, low, room)
        if text.truncated:
            warnings[k] = f"langkah {step.number}: teks terlalu panjang untuk satu halaman dan dipotong"
        elif text.size < size - 1e-9:
            warnings[k] = f"langkah {step.number}: huruf diperkecil ke {text.size / PT:.1f} pt agar muat"
        texts.append(text)
    return _FittedRows(texts, warnings)


def _letter_connectors(
    frame: _Frame, sheet: _Sheet, ranges: list[tuple[int, int]]
) -> tuple[list[list[PageEdge]], list[list[ConnectorSpec]]]:
    """Stage 4: each page's arrows; an arrow between two pages becomes a lettered pair of connectors."""
    plan, numbers = frame.plan, frame.numbers
    page_of = {k: p for p, (a, b) in enumerate(ranges) for k in range(a, b)}
    page_edges: list[list[PageEdge]] = [[] for _ in ranges]
    page_connectors: list[list[ConnectorSpec]] = [[] for _ in ranges]
    letters = 0
    for edge in sheet.drawn_edges():
        t = sheet.target_row(edge)
        target: NodeKey = (
            StepNode(edge.target) if edge.target is not None else (END_NODE if plan.extra_end else StepNode(t))
        )
        source_page, target_page = page_of[edge.source], page_of[t]
        if source_page == target_page:
            page_edges[source_page].append(PageEdge(edge, StepNode(edge.source), target))
            continue
        letter = connector_letter(letters)
        letters += 1
        row = sheet.connector_row(edge)
        page_edges[source_page].append(PageEdge(edge, StepNode(edge.source), ConnectorNode("out", letter), letter))
        page_edges[target_page].append(PageEdge(edge, ConnectorNode("in", letter), target, letter))
        source_lane, target_lane = plan.step_lanes[edge.source][0], plan.step_lanes[t][0]
        page_connectors[source_page].append(
            ConnectorSpec(letter, "out", numbers[edge.source], source_lane, edge.source, edge.exit)
        )
        step = None if row == END_ROW else numbers[t]
        page_connectors[target_page].append(ConnectorSpec(letter, "in", step, target_lane, row, edge.exit))
    return page_edges, page_connectors


def _page(
    frame: _Frame,
    sheet: _Sheet,
    fitted: _FittedRows,
    ranges: list[tuple[int, int]],
    p: int,
    edges: list[PageEdge],
    connectors: list[ConnectorSpec],
) -> Page:
    """Stage 5: page ``p`` (holding rows a..b-1): its rows and bands placed top to bottom, then its drawing."""
    spec, plan, table = frame.spec, frame.plan, frame.table
    a, b = ranges[p]
    texts, row_warnings = fitted.texts, fitted.warnings
    columns = {c.key: c for c in table.columns}
    lane_columns = frame.lane_columns
    first_lane, last_lane = table.columns[2], [c for c in table.columns if c.lane is not None][-1]
    needed = sheet.bands(a, b)
    heights = sheet.heights(a, b)
    y = table.header_height
    bands: dict[str, Band] = {}
    rows: dict[int, Row] = {}
    for k in range(a, b):
        height = heights[k][0]
        cells = place_cells(texts[k], columns, y, height)
        rows[k] = Row(frame.numbers[k], y, height, cells, texts[k].size, texts[k].truncated)
        y += height
        if k == plan.final and "end" in needed:
            bands["end"] = Band("end", y, sheet.band_height("end", needed["end"]))
            y += bands["end"].height
    if "out" in needed:
        bands["out"] = Band("out", y, sheet.band_height("out", needed["out"]))
        y += bands["out"].height
    area = Rect(first_lane.x, table.header_height, last_lane.right - first_lane.x, y - table.header_height)
    drawing = draw_flow(
        PageFlow(
            style=frame.style,
            area=area,
            lane_columns=lane_columns,
            rows=rows,
            rooms={k: room for k, (_, room) in heights.items()} | {END_ROW: sheet.end_room(a, b)},
            bands=bands,
            kinds=dict(enumerate(plan.kinds)),
            step_lanes=dict(enumerate(plan.step_lanes)),
            step_numbers=dict(enumerate(frame.numbers)),
            end_lane=plan.step_lanes[plan.final][0] if plan.final is not None else None,
            connectors=connectors,
            edges=edges,
        )
    )
    flow_warnings = list(drawing.warnings)
    page_warnings = (list(plan.warnings) if p == 0 else []) + [row_warnings[k] for k in rows if k in row_warnings]
    legend, sample = frame.legend.place(y, bool(drawing.markers))
    if y + frame.legend.height(bool(drawing.markers)) > spec.content_height + 1e-6:
        flow_warnings.append(f"halaman {p + 1}: tabel lebih tinggi dari kertas ({y:.1f} mm)")
    return Page(
        number=p + 1,
        count=len(ranges),
        spec=spec,
        width=spec.content_width,
        height=y,
        columns=table.columns,
        header=table.header,
        header_height=table.header_height,
        rows=tuple(rows[k] for k in range(a, b)),
        bands=tuple(sorted(bands.values(), key=lambda band: band.y)),
        lane_area=area,
        symbols=tuple(drawing.symbols),
        markers=tuple(drawing.markers),
        arrows=tuple(drawing.arrows),
        warnings=tuple(dict.fromkeys(page_warnings + flow_warnings)),
        legend=legend,
        legend_sample=sample,
    )
