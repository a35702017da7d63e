"""Drawing a laid-out page as SVG (millimetre viewBox): the table, its text, the symbols and the arrows.

Only presentation attributes are used (no CSS selectors, no markers), so cairosvg, WeasyPrint and browsers draw
the same thing. Text names the bundled font family; ``embed_font`` adds an ``@font-face`` with the glyphs the
page uses, for viewers that do not have the font (WeasyPrint honours it inside an SVG).
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from .flowchart.hops import Hop, hopped, hops_by_arrow
from .flowchart.page import Arrow, Label, Marker, Page, Point, Rect, Symbol, TextLine
from .text import FONT_FAMILY, PT, font_face_css

__all__ = ["lane_region_svg", "page_svg"]

INK = "#000"
GRID = 0.2  # table rules
STROKE = 0.25  # symbol outlines
FLOW = 0.4  # arrows: twice a table rule, so a line running back up is not read as part of the table
HIGHLIGHT_FILL = "#fff2b3"
HIGHLIGHT_INK = "#c0392b"
HEAD_LENGTH = 1.5
HEAD_HALF = 0.6


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _points(points: Iterable[Point]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _text(line: TextLine, fill: str = INK) -> str:
    weight = ' font-weight="bold"' if line.bold else ""
    anchor = ' text-anchor="middle"' if line.anchor == "middle" else ""
    return (
        f'<text x="{_n(line.x)}" y="{_n(line.y)}" font-size="{_n(line.size)}"{weight}{anchor} fill="{fill}">'
        f"{escape(line.text)}</text>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, width: float = GRID) -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{INK}" stroke-width="{_n(width)}"/>'


def _pentagon(box: Rect) -> list[Point]:
    shoulder = box.y + box.h * 0.6
    return [(box.x, box.y), (box.right, box.y), (box.right, shoulder), (box.cx, box.bottom), (box.x, shoulder)]


def _symbol(symbol: Symbol, highlight: bool, letter_size: float) -> list[str]:
    box = symbol.box
    fill = HIGHLIGHT_FILL if highlight else "#fff"
    ink = HIGHLIGHT_INK if highlight else INK
    width = _n(3 * STROKE if highlight else STROKE)
    paint = f'fill="{fill}" stroke="{ink}" stroke-width="{width}"'
    step = f' data-step="{symbol.step}"' if symbol.step is not None else ""
    if symbol.kind == "decision":
        corners = [(box.cx, box.y), (box.right, box.cy), (box.cx, box.bottom), (box.x, box.cy)]
        return [f'<polygon points="{_points(corners)}" {paint}{step}/>']
    if symbol.kind in ("connector_in", "connector_out"):
        out = [f'<polygon points="{_points(_pentagon(box))}" {paint}/>']
        size = min(letter_size, 0.6 * box.w)  # a crowded lane has smaller connectors
        baseline = box.y + box.h * 0.3 + size * 0.36
        out.append(_text(TextLine(box.cx, baseline, symbol.letter or "", size, True, "middle")))
        return out
    radius = f' rx="{_n(box.h / 2)}"' if symbol.kind == "terminator" else ""
    return [f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" height="{_n(box.h)}"{radius} {paint}{step}/>']


def _dashed(ink: str) -> str:
    return f'stroke="{ink}" stroke-width="{_n(STROKE)}" stroke-dasharray="0.8,0.6"'


def _dashed_box(box: Rect, ink: str = INK) -> str:
    size = f'x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" height="{_n(box.h)}"'
    return f'<rect {size} fill="#fff" {_dashed(ink)}/>'


def _marker(marker: Marker, highlight: bool) -> list[str]:
    ink = HIGHLIGHT_INK if highlight else INK
    return [f'<polyline points="{_points(marker.link)}" fill="none" {_dashed(ink)}/>', _dashed_box(marker.box, ink)]


def _path(points: list[Point], hops: dict[int, list[Hop]]) -> str:
    """The arrow's line; on a horizontal segment with hops, a half circle over each line it crosses."""
    parts = [f"M{_n(points[0][0])},{_n(points[0][1])}"]
    for (x, y), hop, r in hopped(points, hops):
        sweep = 1 if hop > 0 else 0  # over the top either way
        parts.append(f"A{_n(r)},{_n(r)} 0 0 {sweep} {_n(x)},{_n(y)}" if hop else f"L{_n(x)},{_n(y)}")
    return " ".join(parts)


def _arrow(arrow: Arrow, hops: dict[int, list[Hop]]) -> list[str]:
    points = list(arrow.points)
    (x1, y1), (x2, y2) = points[-2], points[-1]
    length = abs(x2 - x1) + abs(y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    base = (x2 - ux * HEAD_LENGTH, y2 - uy * HEAD_LENGTH)
    head = [
        (x2, y2),
        (base[0] - uy * HEAD_HALF, base[1] + ux * HEAD_HALF),
        (base[0] + uy * HEAD_HALF, base[1] - ux * HEAD_HALF),
    ]
    shaft = [*points[:-1], base]
    edge = f'data-edge="{arrow.edge[0]}-{arrow.edge[1]}"'
    line = f'points="{_points(shaft)}"' if not hops else f'd="{_path(shaft, hops)}"'
    return [
        f'<{"path" if hops else "polyline"} {line} fill="none" stroke="{INK}" stroke-width="{_n(FLOW)}" '
        f'stroke-linejoin="miter" {edge}/>',
        f'<polygon points="{_points(head)}" fill="{INK}"/>',
    ]


def _label(label: Label) -> list[str]:
    return [_text(line) for line in label.lines]


def _flow(page: Page, highlight_step: int | None) -> list[str]:
    letter_size = page.spec.connector_font_size * PT
    out: list[str] = []
    for marker in page.markers:
        out += _marker(marker, marker.step == highlight_step)
    for arrow, hopping in zip(page.arrows, hops_by_arrow(page.arrows), strict=True):
        out += _arrow(arrow, hopping)
    for symbol in page.symbols:
        lit = highlight_step is not None and symbol.step == highlight_step and not symbol.kind.startswith("connector")
        out += _symbol(symbol, lit, letter_size)
    for arrow in page.arrows:
        if arrow.label is not None:
            out += _label(arrow.label)
    return out


def _grid(page: Page, area_only: bool = False) -> list[str]:
    """Table lines. With ``area_only``, only the lines inside the lane area (for the DOCX lane image)."""
    out: list[str] = []
    area = page.lane_area
    body_lines = sorted({r.y for r in page.rows} | {b.y for b in page.bands} | {b.bottom for b in page.bands})
    body_lines = [y for y in body_lines if page.header_height + 1e-6 < y < page.height - 1e-6]
    lanes = [c for c in page.columns if c.lane is not None]
    if area_only:
        out += [_line(column.x, area.y, column.x, area.bottom) for column in lanes[1:]]
        return out + [_line(area.x, y, area.right, y) for y in body_lines]
    mutu = [c for c in page.columns if c.key in ("kelengkapan", "waktu", "output")]
    top_row = next(c.box.bottom for c in page.header if c.column == "mutu_baku")
    under_span = {id(c) for c in lanes[1:] + mutu[1:]}
    out.append(
        f'<rect x="0" y="0" width="{_n(page.width)}" height="{_n(page.height)}" fill="none" '
        f'stroke="{INK}" stroke-width="{_n(2 * GRID)}"/>'
    )
    for column in page.columns[1:]:
        out.append(_line(column.x, top_row if id(column) in under_span else 0.0, column.x, page.height))
    out.append(_line(lanes[0].x, top_row, lanes[-1].right, top_row))
    out.append(_line(mutu[0].x, top_row, mutu[-1].right, top_row))
    out.append(_line(0, page.header_height, page.width, page.header_height, 2 * GRID))
    return out + [_line(0, y, page.width, y) for y in body_lines]


def _svg(width: float, height: float, view: str, body: list[str], style: str = "") -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}mm" height="{_n(height)}mm" '
        f'viewBox="{view}" font-family="{FONT_FAMILY}">'
    )
    parts = [head]
    if style:
        parts.append(f"<style>{style}</style>")
    parts += body
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _legend(page: Page) -> list[str]:
    out = [_text(line) for line in page.legend]
    if page.legend_sample is not None:
        out.append(_dashed_box(page.legend_sample))
    return out


def _characters(page: Page) -> str:
    texts = [line.text for cell in page.header for line in cell.lines] + [line.text for line in page.legend]
    texts += [line.text for row in page.rows for cell in row.cells for line in cell.lines]
    texts += [line.text for arrow in page.arrows if arrow.label for line in arrow.label.lines]
    texts += [s.letter for s in page.symbols if s.letter]
    return "".join(sorted(set("".join(texts))))


def page_svg(page: Page, highlight_step: int | None = None, embed_font: bool = False, full_page: bool = False) -> str:
    """The whole flowchart page as a standalone SVG.

    The drawing is the table (content box, inside the margins); ``full_page`` draws it on the whole sheet of
    paper with the margins around it. ``highlight_step`` shades that step's row and emphasises its symbol.
    """
    body: list[str] = []
    if highlight_step is not None:
        row = page.row(highlight_step)
        if row is not None:
            body.append(
                f'<rect x="0" y="{_n(row.y)}" width="{_n(page.width)}" height="{_n(row.height)}" '
                f'fill="{HIGHLIGHT_FILL}" fill-opacity="0.5"/>'
            )
    body += _grid(page)
    for cell in page.header:
        body += [_text(line) for line in cell.lines]
    for row in page.rows:
        for cell in row.cells:
            body += [_text(line) for line in cell.lines]
    body += _flow(page, highlight_step)
    body += _legend(page)
    style = font_face_css(embed=True, characters=_characters(page)) if embed_font else ""
    if full_page:
        paper_w, paper_h = page.spec.paper_size
        body = [f'<g transform="translate({_n(page.spec.margin_left)},{_n(page.spec.margin_top)})">', *body, "</g>"]
        return _svg(paper_w, paper_h, f"0 0 {_n(paper_w)} {_n(paper_h)}", body, style)
    height = page.drawing_height
    return _svg(page.width, height, f"0 0 {_n(page.width)} {_n(height)}", body, style)


def lane_region_svg(page: Page, highlight_step: int | None = None) -> str:
    """Only the lane columns below the header: lines between lanes and rows, symbols and arrows, no table text.

    The picture is ``page.lane_area`` in size; a writer that builds the table itself (DOCX) places it over the
    lane cells and gives its rows the heights of ``page.body()``.
    """
    area = page.lane_area
    body = _grid(page, area_only=True) + _flow(page, highlight_step)
    view = f"{_n(area.x)} {_n(area.y)} {_n(area.w)} {_n(area.h)}"
    return _svg(area.w, area.h, view, body)
