"""The lanes of a flowchart page as Word shapes (DrawingML) that an office can move and retype in Word.

One inline drawing group fills the merged lane cell, ``Page.lane_area`` in size, and holds, from the same
geometry as the SVG and the PDF: the lines between lanes and rows, the steps' flowchart shapes (terminator,
process, decision, off-page connector with its letter), the dashed outlines of a step's other lanes, each arrow
as one line with its head (a straight connector, or a freeform line where it bends or hops over a line it
crosses, as in the SVG), and each exit label
('Ya', 'Tidak') as a text box. Nothing is a picture. Word and LibreOffice both read ``wpg``/``wps`` shapes.
Text uses Arial, as the rest of the document.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from lxml import etree

from .docx_identity import FONT
from .flowchart.hops import Hop, hopped, hops_by_arrow
from .flowchart.page import Arrow, Label, Marker, Page, Point, Rect, Symbol
from .svg import FLOW, GRID, STROKE
from .text import PT

__all__ = ["EMU_PER_MM", "PRESETS", "lane_drawing"]

EMU_PER_MM = 36000
PRESETS = {
    "terminator": "flowChartTerminator",
    "process": "flowChartProcess",
    "decision": "flowChartDecision",
    "connector_in": "flowChartOffpageConnector",
    "connector_out": "flowChartOffpageConnector",
}
NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
}
BLACK, WHITE = "000000", "FFFFFF"


def _emu(mm: float) -> int:
    return round(mm * EMU_PER_MM)


class _Shapes:
    """The group's children, numbered from ``first`` (ids are unique in the document), in drawing order."""

    def __init__(self, origin: Point, first: int) -> None:
        self.origin = origin
        self.next = first
        self.items: list[str] = []

    def _xfrm(self, x: float, y: float, w: float, h: float, flip: str = "") -> str:
        ox, oy = self.origin
        return (
            f'<a:xfrm{flip}><a:off x="{_emu(x - ox)}" y="{_emu(y - oy)}"/>'
            f'<a:ext cx="{max(_emu(w), 0)}" cy="{max(_emu(h), 0)}"/></a:xfrm>'
        )

    def add(self, name: str, properties: str, text: str = "", *, connector: bool = False, anchor: str = "ctr") -> None:
        kind = "<wps:cNvCnPr/>" if connector else '<wps:cNvSpPr txBox="1"/>' if text and "noFill" in properties else ""
        kind = kind or "<wps:cNvSpPr/>"
        box = f"<wps:txbx><w:txbxContent>{text}</w:txbxContent></wps:txbx>" if text else ""
        body = (
            f'<wps:bodyPr rot="0" vert="horz" wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}">'
            "<a:noAutofit/></wps:bodyPr>"
        )
        self.items.append(
            f'<wps:wsp><wps:cNvPr id="{self.next}" name="{escape(name, {chr(34): "&quot;"})}"/>{kind}'
            f"<wps:spPr>{properties}</wps:spPr>{box}{body}</wps:wsp>"
        )
        self.next += 1

    def box(self, name: str, rect: Rect, preset: str, line: str, fill: str | None, text: str = "") -> None:
        paint = f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>"
        geometry = f'<a:prstGeom prst="{preset}"><a:avLst/></a:prstGeom>'
        anchor = "t" if preset == "flowChartOffpageConnector" else "ctr"
        self.add(name, self._xfrm(rect.x, rect.y, rect.w, rect.h) + geometry + paint + line, text, anchor=anchor)

    def line(self, name: str, points: list[Point], line: str, hops: dict[int, list[Hop]] | None = None) -> None:
        """A straight connector between two points, or a freeform line through more (or with ``hops``: a half
        circle over each line it crosses, by segment index as from ``flowchart.hops.hops_by_arrow``)."""
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        left, top = min(xs), min(ys) - max((r for on in (hops or {}).values() for _, r in on), default=0.0)
        width, height = max(xs) - left, max(ys) - top
        if len(points) == 2 and not hops:
            (x1, y1), (x2, y2) = points
            flip = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
            geometry = '<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom>'
            self.add(name, self._xfrm(left, top, width, height, flip) + geometry + line, connector=True)
            return
        w, h = max(_emu(width), 1), max(_emu(height), 1)

        def point(x: float, y: float) -> str:
            return f'<a:pt x="{_emu(x - left)}" y="{_emu(y - top)}"/>'

        moves = [f"<a:moveTo>{point(*points[0])}</a:moveTo>"]
        for (x, y), hop, r in hopped(points, hops or {}):
            # a half circle from the point before it, over the top: clockwise from 180 degrees when drawn
            # rightwards, anticlockwise from 0 when leftwards (angles in 60000ths of a degree, y downwards)
            start, sweep = (10800000, 10800000) if hop > 0 else (0, -10800000)
            arc = f'<a:arcTo wR="{_emu(r)}" hR="{_emu(r)}" stAng="{start}" swAng="{sweep}"/>'
            moves.append(arc if hop else f"<a:lnTo>{point(x, y)}</a:lnTo>")
        geometry = (
            '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>'
            f'<a:pathLst><a:path w="{w}" h="{h}" fill="none">{"".join(moves)}</a:path></a:pathLst></a:custGeom>'
        )
        self.add(name, self._xfrm(left, top, width, height) + geometry + "<a:noFill/>" + line)


def _ln(width: float, *, dash: bool = False, head: bool = False) -> str:
    dashed = '<a:prstDash val="dash"/>' if dash else ""
    arrow = '<a:tailEnd type="triangle" w="sm" len="sm"/>' if head else ""
    return (
        f'<a:ln w="{_emu(width)}"><a:solidFill><a:srgbClr val="{BLACK}"/></a:solidFill>{dashed}<a:miter lim="800000"/>'
        f"{arrow}</a:ln>"
    )


def _paragraph(text: str, size_mm: float, *, bold: bool, centre: bool, line_mm: float) -> str:
    half_points = max(2, round(2 * size_mm / PT))
    spacing = f'<w:spacing w:before="0" w:after="0" w:line="{round(line_mm / PT * 20)}" w:lineRule="exact"/>'
    align = '<w:jc w:val="center"/>' if centre else ""
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    weight = "<w:b/>" if bold else ""
    return (
        f"<w:p><w:pPr>{spacing}{align}</w:pPr><w:r><w:rPr>{fonts}{weight}<w:sz w:val='{half_points}'/></w:rPr>"
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


def _grid(shapes: _Shapes, page: Page) -> None:
    """The rules between lanes and between rows inside the lane area (the merged cell has none of its own)."""
    area = page.lane_area
    rules = sorted({r.y for r in page.rows} | {b.y for b in page.bands} | {b.bottom for b in page.bands})
    rules = [y for y in rules if area.y + 1e-6 < y < area.bottom - 1e-6]
    lanes = [c for c in page.columns if c.lane is not None]
    for column in lanes[1:]:
        shapes.line("Garis lajur", [(column.x, area.y), (column.x, area.bottom)], _ln(GRID))
    for y in rules:
        shapes.line("Garis baris", [(area.x, y), (area.right, y)], _ln(GRID))


def _marker(shapes: _Shapes, marker: Marker) -> None:
    shapes.line(f"Pelaksana lain {marker.step}", list(marker.link), _ln(STROKE, dash=True))
    shapes.box(f"Pelaksana lain {marker.step}", marker.box, "rect", _ln(STROKE, dash=True), WHITE)


def _arrow(shapes: _Shapes, arrow: Arrow, hops: dict[int, list[Hop]]) -> None:
    source, target = arrow.edge
    name = f"Panah {source}-{target}" + (f" ({arrow.exit})" if arrow.exit else "")
    shapes.line(name, list(arrow.points), _ln(FLOW, head=True), hops)


def _symbol(shapes: _Shapes, symbol: Symbol, letter_size: float) -> None:
    text = ""
    if symbol.letter:
        size = min(letter_size, 0.6 * symbol.box.w)
        top = symbol.box.h * 0.3 - size * 0.45  # the letter's baseline where the SVG puts it
        text = _paragraph(symbol.letter, size, bold=True, centre=True, line_mm=size * 1.15)
        text = text.replace('w:before="0"', f'w:before="{max(0, round(top / PT * 20))}"', 1)
    name = f"Langkah {symbol.step}" if symbol.step is not None else "Selesai"
    if symbol.letter:
        name = f"Penghubung {symbol.letter}"
    shapes.box(name, symbol.box, PRESETS[symbol.kind], _ln(STROKE), WHITE, text)


def _label(shapes: _Shapes, label: Label) -> None:
    lines = label.lines
    if not lines:
        return
    size = lines[0].size
    step = (lines[1].y - lines[0].y) if len(lines) > 1 else size * 1.15
    centre = lines[0].anchor == "middle"
    text = "".join(_paragraph(line.text, line.size, bold=line.bold, centre=centre, line_mm=step) for line in lines)
    shapes.box(f"Label {label.text}", label.box, "rect", "<a:ln><a:noFill/></a:ln>", None, text)


def _group(page: Page, first: int) -> tuple[str, int]:
    area = page.lane_area
    shapes = _Shapes((area.x, area.y), first + 1)
    _grid(shapes, page)
    for marker in page.markers:
        _marker(shapes, marker)
    for arrow, hopping in zip(page.arrows, hops_by_arrow(page.arrows), strict=True):
        _arrow(shapes, arrow, hopping)
    letter_size = page.spec.connector_font_size * PT
    for symbol in page.symbols:
        _symbol(shapes, symbol, letter_size)
    for arrow in page.arrows:
        if arrow.label is not None:
            _label(shapes, arrow.label)
    cx, cy = _emu(area.w), _emu(area.h)
    xfrm = (
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
        f'<a:chOff x="0" y="0"/><a:chExt cx="{cx}" cy="{cy}"/></a:xfrm>'
    )
    group = f"<wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr>{xfrm}</wpg:grpSpPr>{''.join(shapes.items)}</wpg:wgp>"
    return group, shapes.next


def lane_drawing(page: Page, first_id: int) -> etree._Element:
    """A ``wp:inline`` drawing of the page's lanes, ``lane_area`` in size; ids from ``first_id`` on."""
    group, _ = _group(page, first_id)
    area = page.lane_area
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    xml = (
        f'<wp:inline {declarations} distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{_emu(area.w)}" cy="{_emu(area.h)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{first_id}" name="Bagan alir halaman {page.number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{NAMESPACES["wpg"]}">{group}</a:graphicData></a:graphic></wp:inline>'
    )
    return etree.fromstring(xml)
