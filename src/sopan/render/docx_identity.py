"""The identity page in a Word document, as real tables that offices can still edit.

``add_identity`` appends to a document it is given, so the same document can go on with the flowchart: it puts
the page in a landscape A4 section (the last one, or a new one), then the two-column header table (logo and unit
in one merged cell on the left, the fields on the right) and the 3 x 2 grid directly under it. Arial is named
for every run; LibreOffice substitutes the metric-compatible Liberation Sans.
"""

from __future__ import annotations

import base64
from io import BytesIO
from pathlib import Path

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .identity import APPROVED_BY, EMPTY, TITLE, Approval, IdentityBlock, IdentityPage

__all__ = ["FONT", "add_identity", "landscape", "landscape_a4"]

FONT = "Arial"
MARGIN = Mm(15)
NO_GAP = Pt(0)
CELL_MARGINS = {"top": 60, "left": 110, "bottom": 60, "right": 110}  # twips: about 1 mm and 2 mm
ROW_HEIGHT = Mm(7)  # the header's rows, at least
HEADER_SHARES = (0.42, 0.18, 0.40)  # unit | label | value, as in sopan.css


def landscape(section: Section, width: Length, height: Length) -> None:
    """Landscape paper of the given size (``width`` the long side) with 15 mm margins."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN


def landscape_a4(section: Section) -> None:
    """Landscape A4 with 15 mm margins: the paper of an SOP AP."""
    landscape(section, Mm(297), Mm(210))


def add_identity(
    document: Document, page: IdentityPage, *, new_section: bool = False, paper: tuple[Length, Length] | None = None
) -> tuple[Table, Table]:
    """Append ``page`` to ``document`` in a landscape section; returns the header table and the grid table.

    ``paper`` is (width, height) of landscape paper other than A4, such as F4 (330 x 215 mm).
    """
    section = document.add_section(WD_SECTION.NEW_PAGE) if new_section else document.sections[-1]
    landscape(section, *(paper or (Mm(297), Mm(210))))
    if new_section:  # LibreOffice drops the page break of a section that starts with a table
        _spacing(document.add_paragraph()).paragraph_format.line_spacing = Pt(1)
    width = _text_width(section)
    return _header(document, page, width), _grid(document, page, width)


def _text_width(section: Section) -> Length:
    """The width between the margins of a section whose page size is set."""
    page, left, right = section.page_width, section.left_margin, section.right_margin
    if page is None or left is None or right is None:
        raise ValueError("the section's page size and margins are not set")
    return Length(page - left - right)


def _spacing(paragraph: Paragraph, after: Length = NO_GAP) -> Paragraph:
    """Single-spaced with no gap before: the template's default spacing would stretch the table."""
    paragraph.paragraph_format.space_before = NO_GAP
    paragraph.paragraph_format.space_after = after
    paragraph.paragraph_format.line_spacing = 1.0
    return paragraph


def _paragraph(cell: _Cell, *, after: Length = NO_GAP, center: bool = False) -> Paragraph:
    """The cell's next paragraph: its first one while that is still empty, else a new one."""
    first = cell.paragraphs[0]
    paragraph = first if len(cell.paragraphs) == 1 and not first.runs else cell.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return _spacing(paragraph, after)


def _header(document: Document, page: IdentityPage, width: Length) -> Table:
    fields = page.fields()
    table: Table = document.add_table(rows=len(fields), cols=3)
    _prepare(table, [int(width * share) for share in HEADER_SHARES])
    for row in table.rows:
        row.height, row.height_rule = ROW_HEIGHT, WD_ROW_HEIGHT_RULE.AT_LEAST
    _unit(table.cell(0, 0).merge(table.cell(len(fields) - 1, 0)), page)
    for row, (label, text) in enumerate(fields):
        _text(_paragraph(table.cell(row, 1)), label, bold=True)
        value = table.cell(row, 2)
        if label == APPROVED_BY and page.approval is not None:
            _approval(value, page.approval)
        else:
            _text(_paragraph(value), text, bold=label == TITLE)
    return table


def _logo(logo: str | None) -> str | BytesIO | None:
    """The logo's file, or the image of a data URI (a logo uploaded in the browser); None when there is none."""
    if logo and logo.startswith("data:") and ";base64," in logo:
        return BytesIO(base64.b64decode(logo.split(";base64,", 1)[1]))
    return logo if logo and Path(logo).is_file() else None


def _unit(cell: _Cell, page: IdentityPage) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    logo = _logo(page.logo)
    if logo is not None:
        _paragraph(cell, after=Pt(6), center=True).add_run().add_picture(logo, height=Mm(25))
    lines = page.unit_lines or ("",)
    for index, line in enumerate(lines):
        _text(_paragraph(cell, center=True), line, bold=True, size=14 if index == len(lines) - 1 else 12)
    if page.address:
        _text(_paragraph(cell, center=True), page.address, size=9)


def _approval(cell: _Cell, approval: Approval) -> None:
    _text(_paragraph(cell, after=Mm(14)), approval.position)  # then room for signature and stamp
    if approval.name:
        _text(_paragraph(cell), approval.name, bold=True, underline=True)
    if approval.nip:
        _text(_paragraph(cell), approval.nip)


def _grid(document: Document, page: IdentityPage, width: Length) -> Table:
    table: Table = document.add_table(rows=len(page.grid), cols=2)
    _prepare(table, [int(width / 2)] * 2)
    for row, pair in enumerate(page.grid):
        for column, block in enumerate(pair):
            _block(table.cell(row, column), block)
    return table


def _block(cell: _Cell, block: IdentityBlock) -> None:
    _text(_paragraph(cell, after=Pt(3)), block.label.upper(), bold=True)
    if not block.items:
        _text(_paragraph(cell, after=Pt(3)), EMPTY, size=9)
    for number, item in enumerate(block.items, start=1):
        last = number == len(block.items)
        paragraph = _paragraph(cell, after=Pt(3) if last else Pt(1))
        paragraph.paragraph_format.left_indent = Mm(5)
        paragraph.paragraph_format.first_line_indent = -Mm(5)
        _text(paragraph, f"{f'{number}.' if block.numbered else '-'}\t{item}", size=9)


def _text(paragraph: Paragraph, text: str, *, bold: bool = False, underline: bool = False, size: float = 10) -> None:
    """A run in the page's font; python-docx turns tabs and newlines into their Word elements."""
    run = paragraph.add_run(text)
    run.bold = bold
    run.underline = underline
    run.font.size = Pt(size)
    run.font.name = FONT
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _prepare(table: Table, widths: list[int]) -> None:
    """Fixed column widths (Word reads the cells, LibreOffice the grid) and single black borders."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(edge, val="single", sz="6", color="000000"))
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"
    )
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in CELL_MARGINS.items():
        margins.append(_element(edge, w=str(twips), type="dxa"))
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    element = OxmlElement(f"w:{tag}")
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element
