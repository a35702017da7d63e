"""What the layout produces: pages of plain geometry in millimetres, ready to draw and to test.

Coordinates start at the top left corner of the table (the page's content box, inside the margins); y grows
downwards. Everything is frozen so a drawn page cannot drift from the one that was checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ...model.sop import Target
from ..text import metrics, text_width

__all__ = [
    "PAPER_SIZES",
    "Arrow",
    "Band",
    "Cell",
    "Column",
    "Label",
    "Marker",
    "Page",
    "PageSpec",
    "Point",
    "Rect",
    "Row",
    "Symbol",
    "SymbolKind",
    "TextLine",
]

Point = tuple[float, float]

PAPER_SIZES: dict[str, tuple[float, float]] = {"A4": (297.0, 210.0), "F4": (330.0, 215.0)}
"""Landscape paper (width, height) in mm; F4 (folio) is 215 x 330 mm."""


@dataclass(frozen=True)
class PageSpec:
    """Paper, margins (mm), rows per page and font sizes (points) of the flowchart pages: cell text, headings,
    decision exit labels, connector letters, and the smallest size a row too tall for a page may shrink to."""

    paper: Literal["A4", "F4"] = "A4"
    margin_top: float = 10.0
    margin_right: float = 10.0
    margin_bottom: float = 10.0
    margin_left: float = 10.0
    rows_per_page: int = 8
    font_size: float = 7.0
    header_font_size: float = 7.0
    label_font_size: float = 6.0
    connector_font_size: float = 6.0
    min_font_size: float = 6.0

    def __post_init__(self) -> None:
        if self.paper not in PAPER_SIZES:
            raise ValueError(f"unknown paper {self.paper!r}; use one of {sorted(PAPER_SIZES)}")
        if self.rows_per_page < 1:
            raise ValueError("rows_per_page must be at least 1")

    @property
    def paper_size(self) -> tuple[float, float]:
        return PAPER_SIZES[self.paper]

    @property
    def content_width(self) -> float:
        return self.paper_size[0] - self.margin_left - self.margin_right

    @property
    def content_height(self) -> float:
        return self.paper_size[1] - self.margin_top - self.margin_bottom


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def inflate(self, d: float) -> Rect:
        return Rect(self.x - d, self.y - d, self.w + 2 * d, self.h + 2 * d)

    def contains(self, other: Rect, tolerance: float = 1e-6) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def overlaps(self, other: Rect) -> bool:
        """Interiors intersect (touching edges do not count)."""
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@dataclass(frozen=True)
class TextLine:
    """One line of text; ``y`` is the baseline, ``size`` the font size in mm."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    anchor: Literal["start", "middle"] = "start"


@dataclass(frozen=True)
class Cell:
    """A table cell and its wrapped text. ``column`` is the column key (``kegiatan``, ``lane:<code>``…)."""

    column: str
    box: Rect
    lines: tuple[TextLine, ...] = ()

    def text_box(self) -> Rect | None:
        """The box the text occupies (for the no-overlap checks)."""
        if not self.lines:
            return None
        boxes = []
        for line in self.lines:
            width = text_width(line.text, line.size, line.bold)
            left = line.x - width / 2 if line.anchor == "middle" else line.x
            m = metrics(line.bold)
            boxes.append(Rect(left, line.y - m.ascent * line.size, width, (m.ascent + m.descent) * line.size))
        x0, y0 = min(b.x for b in boxes), min(b.y for b in boxes)
        return Rect(x0, y0, max(b.right for b in boxes) - x0, max(b.bottom for b in boxes) - y0)


@dataclass(frozen=True)
class Column:
    """A table column: ``key`` is ``no``, ``kegiatan``, ``lane:<code>``, ``kelengkapan``, ``waktu``, ``output``
    or ``keterangan``; ``lane`` is the lane code of a lane column."""

    key: str
    x: float
    width: float
    header: str
    lane: str | None = None

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass(frozen=True)
class Row:
    """The table row of one step. ``font_size`` (mm) is smaller than the page's when the row had to shrink to
    fit the page; ``truncated`` says its text was cut (with '…') because even the smallest size did not fit."""

    step: int
    y: float
    height: float
    cells: tuple[Cell, ...]
    font_size: float
    truncated: bool = False

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def cell(self, column: str) -> Cell | None:
        return next((c for c in self.cells if c.column == column), None)


@dataclass(frozen=True)
class Band:
    """A table row without a step: ``out`` holds the outgoing off-page connectors at the bottom of the page,
    ``end`` the end terminator of its own below the final step (see ``plan``)."""

    kind: Literal["out", "end"]
    y: float
    height: float

    @property
    def bottom(self) -> float:
        return self.y + self.height


SymbolKind = Literal["terminator", "process", "decision", "connector_out", "connector_in"]


@dataclass(frozen=True)
class Symbol:
    """A flowchart symbol. ``step`` is the step it draws (for connectors: the step whose lane holds it; None for
    the end terminator in its own row below the final step). ``letter`` names an off-page connector pair."""

    kind: SymbolKind
    box: Rect
    step: int | None
    lane: str
    letter: str | None = None


@dataclass(frozen=True)
class Marker:
    """A step's second (third…) lane: a dashed outline in that lane, joined to the symbol by a dashed line."""

    step: int
    lane: str
    box: Rect
    link: tuple[Point, ...]


@dataclass(frozen=True)
class Label:
    """The text beside a decision exit ('Ya', 'Tidak' or the decision's own labels)."""

    text: str
    box: Rect
    lines: tuple[TextLine, ...]


@dataclass(frozen=True)
class Arrow:
    """An orthogonal polyline with its head at the last point.

    ``edge`` is the flow edge it draws (source step, target step or 'selesai'); ``exit`` is 'ya' or 'tidak' for
    decision exits; ``letter`` is set when one end is an off-page connector (the edge is then drawn by two arrows,
    one on each page).
    """

    points: tuple[Point, ...]
    edge: tuple[int, Target]
    exit: str | None = None
    label: Label | None = None
    letter: str | None = None

    def segments(self) -> list[tuple[Point, Point]]:
        return list(zip(self.points, self.points[1:], strict=False))


@dataclass(frozen=True)
class Page:
    """One flowchart page: the table (columns, header cells, rows, bands) and the drawing in its lane columns."""

    number: int
    count: int
    spec: PageSpec
    width: float
    height: float
    columns: tuple[Column, ...]
    header: tuple[Cell, ...]
    header_height: float
    rows: tuple[Row, ...]
    bands: tuple[Band, ...]
    lane_area: Rect
    symbols: tuple[Symbol, ...]
    markers: tuple[Marker, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    legend: tuple[TextLine, ...] = ()  # under the table: the dashed box's meaning, shortened lane names
    legend_sample: Rect | None = None  # a dashed box drawn beside the legend's first line

    @property
    def drawing_height(self) -> float:
        """The table and the legend under it."""
        bottom = max((line.y + metrics(line.bold).descent * line.size for line in self.legend), default=0.0)
        return max(self.height, bottom)

    def lane_column(self, code: str) -> Column:
        return next(c for c in self.columns if c.lane == code)

    def row(self, step: int) -> Row | None:
        return next((r for r in self.rows if r.step == step), None)

    def body(self) -> list[tuple[int | None, str, float]]:
        """The table rows below the header, top to bottom: (step or None, 'step'/'out'/'end', height).

        A writer that draws the table itself (DOCX) sets these row heights so the lane drawing lines up.
        """
        items: list[tuple[float, int | None, str, float]] = [(r.y, r.step, "step", r.height) for r in self.rows]
        items += [(b.y, None, b.kind, b.height) for b in self.bands]
        return [(step, kind, height) for _, step, kind, height in sorted(items, key=lambda item: item[0])]
