"""Tables as XLSX workbooks (openpyxl): one sheet per table, its header bold, numbers kept as numbers."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from sopan.web.monitoring.tables import Cell

__all__ = ["XLSX", "report_workbook", "workbook"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def _append(sheet: Worksheet, values: Sequence[Cell]) -> None:
    """One row below what the sheet holds, every text kept as text: openpyxl would store a text that starts with
    "=" (an applicant's name typed at the loket, an SOP's title) as a formula that runs when the file is opened."""
    sheet.append(["" if value is None else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"


def _table(sheet: Worksheet, header: list[str], rows: Sequence[Sequence[Cell]], widths: dict[int, int] | None) -> None:
    """The header (bold) and rows appended below what the sheet holds, wrapped and top-aligned."""
    _append(sheet, header)
    first = sheet.max_row
    for cell in sheet[first]:
        cell.font = Font(bold=True)
    for row in rows:
        _append(sheet, row)
    for index, width in (widths or {}).items():
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for line in sheet.iter_rows(min_row=first + 1):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, name: str) -> Worksheet:
    return book.create_sheet(_NOT_IN_SHEET_NAMES.sub(" ", name)[:31] or "Sheet")


def workbook(sheets: list[tuple[str, list[str], list[list[Cell]]]], widths: dict[int, int] | None = None) -> bytes:
    """``sheets`` as (name, header, rows); ``widths`` sets column widths in characters by index."""
    book = Workbook()
    book.remove(book.active)
    for name, header, rows in sheets:
        _table(_sheet(book, name), header, rows, widths)
    return _saved(book)


def report_workbook(
    name: str,
    heading: list[str],
    header: list[str],
    rows: list[list[Cell]],
    total: list[Cell] | None = None,
    closing: Sequence[str] = (),
    widths: dict[int, int] | None = None,
) -> bytes:
    """One sheet laid out as a report sent upwards: the ``heading`` lines (bold, the kop and title), a blank line,
    the table, its ``total`` row (bold), a blank line and the ``closing`` lines (place, date, signature)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _NOT_IN_SHEET_NAMES.sub(" ", name)[:31] or "Sheet"
    for line in heading:
        _append(sheet, [line])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    _table(sheet, header, rows + ([total] if total else []), widths)
    if total:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    if closing:
        sheet.append([])
        for line in closing:
            _append(sheet, ["", line])
    return _saved(book)
