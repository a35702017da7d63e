"""Tables as XLSX workbooks (openpyxl): one sheet per table, its header bold, numbers kept as numbers."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from sopan.web.monitoring.tables import Cell

__all__ = ["XLSX", "workbook"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def workbook(sheets: list[tuple[str, list[str], list[list[Cell]]]], widths: dict[int, int] | None = None) -> bytes:
    """``sheets`` as (name, header, rows); ``widths`` sets column widths in characters by index."""
    book = Workbook()
    book.remove(book.active)
    for name, header, rows in sheets:
        sheet = book.create_sheet(_NOT_IN_SHEET_NAMES.sub(" ", name)[:31] or "Sheet")
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(["" if value is None else value for value in row])
        for index, width in (widths or {}).items():
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
