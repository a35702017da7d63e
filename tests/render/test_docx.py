"""The Word document: identity tables, then one real table per flowchart page with the lanes as Word shapes."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from sopan.io.library import LoadedSop, load_library
from sopan.render import PageSpec, layout_sop
from sopan.render.docx import sop_docx
from sopan.render.identity import library_resolver
from tests.factories import LIBRARY

WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
_LIBRARY = load_library([LIBRARY])
_RESOLVE = library_resolver(_LIBRARY)


def _id(item: LoadedSop) -> str:
    return f"{item.sop.organisation}/{item.sop.id}"


def _item(sop_id: str) -> LoadedSop:
    (item,) = [s for s in _LIBRARY.sops if s.sop.id == sop_id]
    return item


def _reopen(item: LoadedSop, spec: PageSpec | None = None) -> docx.document.Document:
    organisation = _LIBRARY.organisations[item.sop.organisation]
    data = sop_docx(item.sop, organisation, spec=spec, resolve=_RESOLVE)
    return docx.Document(io.BytesIO(data))


def _cells(tr) -> list:
    return tr.findall(qn("w:tc"))


def _text(tc) -> str:
    """The text of a cell: paragraphs on lines, a line break as a space."""
    words = {qn("w:t"), qn("w:br")}
    lines = [
        "".join(e.text or "" if e.tag == qn("w:t") else " " for e in p.iter() if e.tag in words)
        for p in tc.iter(qn("w:p"))
    ]
    return "\n".join(lines).strip()


def _span(tc) -> int:
    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    return int(span.get(qn("w:val"))) if span is not None else 1


def _vmerge(tc) -> str | None:
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return None if merge is None else (merge.get(qn("w:val")) or "continue")


@pytest.mark.parametrize("item", _LIBRARY.sops, ids=_id)
def test_every_library_sop_becomes_word_tables(item: LoadedSop) -> None:
    document = _reopen(item)
    pages = layout_sop(item.sop)
    tables = document.tables
    assert len(tables) == 2 + len(pages)  # the identity's header and grid, then one table per page
    steps = {step.number: step for step in item.sop.steps}
    for page, table in zip(pages, tables[2:], strict=True):
        lanes = [c for c in page.columns if c.lane is not None]
        rows = table._tbl.tr_lst
        assert len(rows) == 2 + len(page.body())
        for number, (step, _, _) in enumerate(page.body()):
            tcs = _cells(rows[2 + number])
            kegiatan = _text(tcs[1])
            if step is not None:
                assert _text(tcs[0]) == str(step)
                assert " ".join(steps[step].activity.split()[:3]) in " ".join(kegiatan.split())
            else:
                assert kegiatan == ""
        lane_cell = _cells(rows[2])[2]
        assert _span(lane_cell) == len(lanes)
        assert _vmerge(lane_cell) == ("restart" if len(rows) > 3 else None)  # a one-row page needs no merge
        assert lane_cell.findall(f".//{WPS}wsp") and not lane_cell.findall(f".//{qn('a:blip')}")
        assert all(_vmerge(_cells(tr)[2]) == "continue" for tr in rows[3:])


def test_header_rows_and_their_spans() -> None:
    item = _item("penerbitan-akta-kelahiran")
    document = _reopen(item)
    (page,) = layout_sop(item.sop)
    table = document.tables[2]
    first, second = table._tbl.tr_lst[:2]
    lanes = [c.header for c in page.columns if c.lane is not None]
    drawn = {cell.column: " ".join(line.text for line in cell.lines) for cell in page.header}
    headings = [drawn[c.key] for c in page.columns if c.lane is not None]  # as the layout drew them
    assert "PETUGAS PENGAMBIL. = PETUGAS PENGAMBILAN" in " ".join(line.text for line in page.legend)
    assert [_text(tc) for tc in _cells(first)] == ["No", "Kegiatan", "Pelaksana", "Mutu Baku", "Keterangan"]
    assert [_span(tc) for tc in _cells(first)] == [1, 1, len(lanes), 3, 1]
    assert [_vmerge(tc) for tc in _cells(first)] == ["restart", "restart", None, None, "restart"]
    assert [_text(tc) for tc in _cells(second)[2:-1]] == [*headings, "Kelengkapan", "Waktu", "Output"]
    assert headings != lanes  # one name shortened: the page's legend, under the table, gives it in full
    legend = [p.text for p in document.paragraphs if p.text.startswith("Kotak bergaris putus-putus")]
    assert len(legend) == 1 and "Singkatan pelaksana: PETUGAS PENGAMBIL. = PETUGAS PENGAMBILAN." in legend[0]
    assert _vmerge(_cells(second)[0]) == "continue" and _vmerge(_cells(second)[-1]) == "continue"
    for tr in (first, second):  # repeated if Word breaks the table
        assert tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_rows_have_the_layouts_heights_and_the_drawing_fills_the_lanes() -> None:
    item = _item("penanganan-disiplin-pegawai")
    document = _reopen(item)
    pages = layout_sop(item.sop)
    for page, table in zip(pages, document.tables[2:], strict=True):
        heights = [row.height for row in table.rows]
        assert all(row.height_rule is not None and row.height_rule.name == "EXACTLY" for row in table.rows)
        expected = [page.header_height] + [h for _, _, h in page.body()]
        assert abs(sum(heights[:2]) - Mm(expected[0])) < Mm(0.05)
        for got, want in zip(heights[2:], expected[1:], strict=True):
            assert abs(got - Mm(want)) < Mm(0.05)
        widths = [Mm(c.width) for c in page.columns]
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert all(abs(g - w.twips) <= 1 for g, w in zip(grid, widths, strict=True))
    shapes = document.inline_shapes
    assert len(shapes) == len(pages)
    for shape, page in zip(shapes, pages, strict=True):
        assert abs(shape.width - Mm(page.lane_area.w)) < Mm(0.05)
        assert abs(shape.height - Mm(page.lane_area.h)) < Mm(0.05)


def test_text_stays_editable_and_bullets_hang() -> None:
    item = _item("pembuatan-ktp")
    document = _reopen(item)
    table = document.tables[2]
    columns = [c.key for c in layout_sop(item.sop)[0].columns]
    second_step = table.rows[3]
    kelengkapan = second_step.cells[columns.index("kelengkapan")]
    texts = [p.text for p in kelengkapan.paragraphs]
    assert texts[0].startswith("•\tSurat pengantar desa")
    heading = next(p for p in kelengkapan.paragraphs if p.text.startswith("Penggantian KTP"))
    assert all(run.bold for run in heading.runs)
    bullet = kelengkapan.paragraphs[0].paragraph_format
    assert bullet.first_line_indent < 0 and bullet.left_indent == -bullet.first_line_indent


def test_sections_are_landscape_in_the_papers_size() -> None:
    document = _reopen(_item("penerbitan-akta-kematian"), PageSpec(paper="F4"))
    identity, flowchart = document.sections
    for section in (identity, flowchart):
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert round(section.page_width.mm) == 330 and round(section.page_height.mm) == 215
    assert round(flowchart.left_margin.mm) == 10
    assert "Penerbitan Akta Kematian" in flowchart.header.paragraphs[0].text
    ends = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.sectPr is not None]
    assert ends and all(p.paragraph_format.line_spacing == Pt(1) for p in ends)  # no blank page after a full one
    footer = identity.footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
