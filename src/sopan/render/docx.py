"""One SOP as a Word document that offices can still edit: the identity page, then the flowchart as tables.

Each flowchart page is one real table: ``No | Kegiatan | (lanes) | Kelengkapan | Waktu | Output | Keterangan``
under two header rows (Pelaksana over the lanes, Mutu Baku over Kelengkapan, Waktu and Output), with the
text as editable paragraphs. The lanes of the body are one merged cell holding the drawing as Word shapes
(``docx_shapes``: the flowchart symbols, arrows and labels, placed from the layout as the SVG is); every row
gets the exact height the layout gave it, so the text rows stay level with the symbols. Arial at the layout's
size and line height takes no more room than the layout's font, so the text fits the rows it was measured for.
"""

from __future__ import annotations

import io
import math
from dataclasses import replace
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..model import Organisation, Sop, Step
from . import Page, PageSpec, layout_sop
from .docx_identity import _element, _prepare, _text, add_identity
from .docx_shapes import lane_drawing
from .flowchart.cells import CellText, Para, step_paragraphs, variant_paragraphs, wrap_paragraphs
from .flowchart.columns import LINE, PAD_X, PAD_Y
from .flowchart.page import Cell as LaidCell
from .identity import Resolver, build_identity
from .text import PT, text_width

__all__ = ["add_flowchart", "sop_document", "sop_docx"]

SLACK = 1.0
"""mm taken off the bottom margin of flowchart pages for the thin paragraph that starts each page."""
TEXT_KEYS = ("no", "kegiatan", "kelengkapan", "waktu", "output", "keterangan")


def sop_document(
    sop: Sop,
    organisation: Organisation | None = None,
    *,
    spec: PageSpec | None = None,
    organisation_dir: Path | None = None,
    resolve: Resolver | None = None,
) -> Document:
    """A new Word document with the identity page and the flowchart pages of ``sop``."""
    spec = spec or PageSpec()
    document = docx.Document()
    identity = build_identity(sop, organisation, organisation_dir=organisation_dir, resolve=resolve)
    add_identity(document, identity, paper=(Mm(spec.paper_size[0]), Mm(spec.paper_size[1])))
    _footer(document.sections[0])
    section = document.add_section(WD_SECTION.NEW_PAGE)
    # the paragraph that ends the identity's section: full height, it spills onto a blank page after a full one
    _thin(document.paragraphs[-1])
    _flowchart_section(document, section, spec, sop)
    for page in layout_sop(sop, spec):
        _thin_paragraph(document, page_break=page.number > 1)
        add_flowchart(document, page, sop)
        _legend(document, page)
    _thin_paragraph(document)  # Word needs a paragraph after a table; a normal one could spill onto a new page
    return document


def sop_docx(
    sop: Sop,
    organisation: Organisation | None = None,
    *,
    spec: PageSpec | None = None,
    organisation_dir: Path | None = None,
    resolve: Resolver | None = None,
) -> bytes:
    """One SOP as a .docx file's bytes."""
    document = sop_document(sop, organisation, spec=spec, organisation_dir=organisation_dir, resolve=resolve)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _flowchart_section(document: Document, section: Section, spec: PageSpec, sop: Sop) -> None:
    """The page of the layout: its paper and margins, the SOP's title in the header."""
    section.page_width, section.page_height = Mm(spec.paper_size[0]), Mm(spec.paper_size[1])
    section.left_margin, section.right_margin = Mm(spec.margin_left), Mm(spec.margin_right)
    section.top_margin, section.bottom_margin = Mm(spec.margin_top), Mm(max(spec.margin_bottom - SLACK, 0))
    section.header_distance = section.footer_distance = Mm(min(3.0, spec.margin_top / 3))
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.style = document.styles["Normal"]  # the Header style's own tab stops are in the way
    _text(paragraph, sop.title, bold=True, size=7)
    if sop.number:
        _text(paragraph, f"\t{sop.number}", size=7)
    width = section.page_width - section.left_margin - section.right_margin
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


def _footer(section: Section) -> None:
    """'Halaman N dari M' at the bottom right of every page (the later sections inherit it)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _text(paragraph, "Halaman ", size=7)
    _field(paragraph, "PAGE")
    _text(paragraph, " dari ", size=7)
    _field(paragraph, "NUMPAGES")


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word and LibreOffice compute when they lay out the page (PAGE, NUMPAGES)."""
    _text(paragraph, "1", size=7)
    run = paragraph.runs[-1]._r
    field = _element("fldSimple", instr=instruction)
    run.addprevious(field)
    field.append(run)


def _thin_paragraph(document: Document, *, page_break: bool = False) -> None:
    """A 1 pt paragraph: between tables (two adjacent tables would merge) and where a page must start."""
    _thin(document.add_paragraph(), page_break=page_break)


def _thin(paragraph: Paragraph, *, page_break: bool = False) -> None:
    """Make a paragraph 1 pt high, so that it never carries a page of its own."""
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(1)
    if page_break:
        paragraph.paragraph_format.page_break_before = True
    mark = OxmlElement("w:rPr")
    mark.append(_element("sz", val="2"))
    paragraph._p.get_or_add_pPr().insert_element_before(mark, "w:sectPr", "w:pPrChange")


def _legend(document: Document, page: Page) -> None:
    """The page's legend under its table (the room for it is kept by the layout), as one small paragraph."""
    if not page.legend:
        return
    text = ""
    for line in page.legend:
        text += line.text if not text or text.endswith(("-", "/")) else " " + line.text
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(1)
    paragraph.paragraph_format.space_after = Pt(0)
    _text(paragraph, text, bold=False, size=_half_points(page.legend[0].size))


def add_flowchart(document: Document, page: Page, sop: Sop) -> Table:
    """Append one flowchart page as a table; the caller starts the page (see ``sop_document``)."""
    body = page.body()
    columns = page.columns
    lanes = [i for i, c in enumerate(columns) if c.lane is not None]
    mutu = [i for i, c in enumerate(columns) if c.key in ("kelengkapan", "waktu", "output")]
    table: Table = document.add_table(rows=2 + len(body), cols=len(columns))
    _prepare(table, [Mm(c.width) for c in columns])
    _layout(table)
    top = next(c.box.h for c in page.header if c.column == "mutu_baku")
    heights = [top, page.header_height - top] + [height for _, _, height in body]
    for row, height in zip(table.rows, heights, strict=True):
        row.height, row.height_rule = Mm(height), WD_ROW_HEIGHT_RULE.EXACTLY
        _row_flags(row._tr, header=row._index < 2)
    # python-docx's table.cell() walks the whole table on each call: take every cell once, before merging
    grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    steps = {step.number: step for step in sop.steps}
    for index, (number, _, _) in enumerate(body):
        if number is not None:
            _step_row(grid[2 + index], page, sop, steps[number])
    _header(grid, page, lanes, mutu)
    _drawing(grid[2][lanes[0]].merge(grid[-1][lanes[-1]]), page)
    return table


def _layout(table: Table) -> None:
    """Table flush with the margin; text cells padded as in the layout (the top padding is the first
    paragraph's space before: LibreOffice keeps the table's top margin even in a cell that sets none)."""
    properties = table._tbl.tblPr
    margins = properties.find(qn("w:tblCellMar"))
    for edge, twips in (("top", 0.0), ("bottom", 0.0), ("left", PAD_X), ("right", PAD_X)):
        margins.find(qn(f"w:{edge}")).set(qn("w:w"), str(round(Mm(twips).twips)))
    properties.insert_element_before(
        _element("tblInd", w="0", type="dxa"), "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"
    )


def _row_flags(tr: CT_Row, *, header: bool) -> None:
    """Rows never split across pages; the two header rows repeat if Word breaks the table anyway."""
    properties = tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _header(grid: list[list[_Cell]], page: Page, lanes: list[int], mutu: list[int]) -> None:
    """The two header rows: No, Kegiatan and Keterangan span both; Pelaksana and Mutu Baku span their columns."""
    heads = {cell.column: cell for cell in page.header}
    for index in lanes + mutu:
        _heading(grid[1][index], heads[page.columns[index].key])
    for index in (0, 1, len(page.columns) - 1):
        _heading(grid[0][index].merge(grid[1][index]), heads[page.columns[index].key])
    for indexes, key in ((lanes, "pelaksana"), (mutu, "mutu_baku")):
        first = grid[0][indexes[0]]
        _heading(first.merge(grid[0][indexes[-1]]) if len(indexes) > 1 else first, heads[key])


def _heading(cell: _Cell, head: LaidCell) -> None:
    """A heading as the layout broke it into lines (Word would not break 'informasi/customer' after the slash)."""
    size = _half_points(head.lines[0].size if head.lines else 7 * PT)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line_height(paragraph, size)
    _text(paragraph, "\n".join(line.text for line in head.lines), bold=True, size=size)


def _half_points(size_mm: float) -> float:
    """A layout size in Word's half points, rounded down so that no line gets wider than the layout's."""
    return math.floor(2 * size_mm / PT + 1e-6) / 2


def _line_height(paragraph: Paragraph, size: float) -> None:
    """The layout's line: ``LINE`` times the font size, exactly, with no space around paragraphs."""
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE * size)


def _step_row(row: list[_Cell], page: Page, sop: Sop, step: Step) -> None:
    """The step's text cells, at the size the layout chose for its row."""
    laid = page.row(step.numbered)
    size = _half_points(laid.font_size) if laid is not None else page.spec.font_size
    widths = {c.key: c.width - 2 * PAD_X for c in page.columns if c.key in TEXT_KEYS}
    cells = _with_variants(step, step_paragraphs(sop, step), widths, size * PT)
    for index, column in enumerate(page.columns):
        if column.key in TEXT_KEYS:
            _fill(row[index], cells[column.key], widths[column.key], size)


def _with_variants(
    step: Step, cells: dict[str, CellText], widths: dict[str, float], size: float
) -> dict[str, CellText]:
    """Waktu and Keterangan with the variants' lines, each starting beside its variant's kegiatan line."""
    if not step.variants:
        return cells
    _, starts = wrap_paragraphs(cells["kegiatan"].paragraphs, widths["kegiatan"], size)
    waktu, keterangan = variant_paragraphs(step, starts[len(starts) - len(step.variants) :])
    out = dict(cells)
    out["waktu"] = replace(cells["waktu"], paragraphs=(*cells["waktu"].paragraphs, *waktu))
    out["keterangan"] = replace(cells["keterangan"], paragraphs=(*cells["keterangan"].paragraphs, *keterangan))
    return out


def _gaps(paras: tuple[Para, ...], width: float, size: float) -> list[int]:
    """Empty lines before each paragraph (a variant's waktu waits for its kegiatan line)."""
    _, starts = wrap_paragraphs(paras, width, size)
    gaps, end = [], 0
    for para, start in zip(paras, starts, strict=True):
        gaps.append(start - end)
        lines, _ = wrap_paragraphs((replace(para, at_line=None),), width, size)
        end = start + (max((w.line for w in lines), default=-1) + 1)
    return gaps


def _fill(cell: _Cell, text: CellText, width: float, size: float) -> None:
    """A cell's paragraphs; bullets hang as in the layout (the bullet, a tab, the text)."""
    paras = tuple(p for p in text.paragraphs if p.text)
    mm = size * PT
    for number, (para, gap) in enumerate(zip(paras, _gaps(paras, width, mm), strict=True)):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        _line_height(paragraph, size)
        before = Pt(gap * LINE * size) + (Mm(PAD_Y) if number == 0 else 0)
        if before:
            paragraph.paragraph_format.space_before = before
        if text.align == "middle":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        left = para.indent * mm
        if para.bullet:
            hang = max(text_width(para.bullet + " ", mm, para.bold), 0.9 * mm)
            paragraph.paragraph_format.left_indent = Mm(left + hang)
            paragraph.paragraph_format.first_line_indent = Mm(-hang)
            _text(paragraph, f"{para.bullet}\t{para.text}", bold=para.bold, size=size)
        else:
            if left:
                paragraph.paragraph_format.left_indent = Mm(left)
            _text(paragraph, para.text, bold=para.bold, size=size)


def _drawing(cell: _Cell, page: Page) -> None:
    """The lanes' drawing as Word shapes filling the merged cell, which has no padding (``docx_shapes``)."""
    margins = OxmlElement("w:tcMar")
    for edge in ("top", "left", "bottom", "right"):
        margins.append(_element(edge, w="0", type="dxa"))
    cell._tc.get_or_add_tcPr().insert_element_before(
        margins, "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns", "w:cellDel"
    )
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    run = paragraph.add_run()
    run.font.size = Pt(1)
    drawing = OxmlElement("w:drawing")
    drawing.append(lane_drawing(page, cell.part.next_id))
    run._r.append(drawing)
