"""The identity page in Word: real tables with every field, a merged unit cell, landscape A4, composable."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT

from sopan.io.library import load_library
from sopan.render.docx_identity import FONT, add_identity
from sopan.render.identity import build_identity, library_resolver
from tests.factories import LIBRARY
from tests.render.images import tiny_png

_LIBRARY = load_library([LIBRARY])


def _reopen(document: docx.document.Document) -> docx.document.Document:
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return docx.Document(buffer)


def _page(sop_id: str, **kwargs: object):
    (item,) = [s for s in _LIBRARY.sops if s.sop.id == sop_id]
    organisation = _LIBRARY.organisations[item.sop.organisation]
    return build_identity(item.sop, organisation, resolve=library_resolver(_LIBRARY), **kwargs)  # type: ignore[arg-type]


def test_the_fields_are_in_real_tables() -> None:
    document = docx.Document()
    add_identity(document, _page("penerbitan-akta-kelahiran"))
    reopened = _reopen(document)
    header, grid = reopened.tables
    rows = {row.cells[1].text: row.cells[2].text for row in header.rows}
    assert rows["Nomor SOP"] == "188.4/284/427.43/2018"
    assert rows["Tanggal Efektif"] == "25 Februari 2018" and rows["Tanggal Pembuatan"] == "-"
    assert rows["Nama SOP"] == "SOP Penerbitan Akta Kelahiran"
    approval = rows["Disahkan Oleh"]
    assert approval.startswith("Kepala Dinas Kependudukan") and "TK HIDAYAT, SH., M.Hum" in approval
    assert "NIP. 19660710 199202 1 007" in approval
    merges = [tc.vMerge for tc in header._tbl.xpath("./w:tr/w:tc[1]")]
    assert merges == ["restart"] + ["continue"] * 5  # one merged cell down the left
    assert header.rows[0].cells[0].text == "PEMERINTAH KABUPATEN LUMAJANG\nDINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"
    headings = [[cell.paragraphs[0].text for cell in row.cells] for row in grid.rows]
    assert headings == [
        ["DASAR HUKUM", "KUALIFIKASI PELAKSANA"],
        ["KETERKAITAN", "PERALATAN/PERLENGKAPAN"],
        ["PERINGATAN", "PENCATATAN DAN PENDATAAN"],
    ]
    assert grid.rows[0].cells[0].paragraphs[1].text == "-"
    section = reopened.sections[-1]
    assert section.orientation == WD_ORIENT.LANDSCAPE and round(section.page_width.mm) == 297
    fonts = {
        run.font.name for table in reopened.tables for cell in table._cells for p in cell.paragraphs for run in p.runs
    }
    assert fonts == {FONT}


def test_lists_are_numbered_or_dashed() -> None:
    document = _reopen(_with_identity(_page("pengelolaan-surat-masuk")))
    grid = document.tables[1]
    legal = [p.text for p in grid.rows[0].cells[0].paragraphs[1:]]
    assert legal[0].startswith("1.\tPeraturan Menteri PAN dan RB") and legal[1].startswith("2.\t")
    assert [p.text for p in grid.rows[1].cells[1].paragraphs[1:]] == [
        "-\tAlat tulis kantor",
        "-\tBuku Agenda",
        "-\tLembar Disposisi",
    ]


def test_it_composes_with_what_follows(tmp_path: Path) -> None:
    """Two pages in one document, each in its own landscape section, with the logo when the file exists."""
    logo = tmp_path / "logo.png"
    logo.write_bytes(tiny_png())
    (item,) = [s for s in _LIBRARY.sops if s.sop.id == "pengelolaan-surat-masuk"]
    organisation = _LIBRARY.organisations["kec-bawang"].model_copy(update={"logo": "logo.png"})
    with_logo = build_identity(item.sop, organisation, organisation_dir=tmp_path)
    document = docx.Document()
    add_identity(document, with_logo)
    document.add_paragraph("Bagan alir")
    add_identity(document, _page("penerbitan-akta-kelahiran"), new_section=True)
    reopened = _reopen(document)
    assert len(reopened.tables) == 4 and len(reopened.sections) == 2
    assert all(section.orientation == WD_ORIENT.LANDSCAPE for section in reopened.sections)
    assert len(reopened.inline_shapes) == 1
    assert "Bagan alir" in [p.text for p in reopened.paragraphs]


@pytest.mark.parametrize("item", _LIBRARY.sops, ids=lambda item: f"{item.sop.organisation}/{item.sop.id}")
def test_every_library_sop(item) -> None:  # type: ignore[no-untyped-def]
    page = build_identity(item.sop, _LIBRARY.organisations[item.sop.organisation])
    header, grid = _reopen(_with_identity(page)).tables
    assert header.rows[-1].cells[2].text == item.sop.title
    assert len(grid.rows) == 3


def _with_identity(page) -> docx.document.Document:  # type: ignore[no-untyped-def]
    document = docx.Document()
    add_identity(document, page)
    return document
