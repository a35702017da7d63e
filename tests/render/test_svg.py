"""The SVG drawing of a laid-out page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import cairosvg
import pytest

from sopan.render import FONT_FAMILY, PageSpec, flowchart_svgs, lane_region_svg, layout_sop, page_svg
from sopan.render.svg import HIGHLIGHT_FILL, HIGHLIGHT_INK

from .sops import make_sop, step

NS = "{http://www.w3.org/2000/svg}"


def _sop():
    return make_sop(
        [
            step("Mengajukan permohonan & berkas <asli>", "Pemohon", kelengkapan=["KTP", "KK"]),
            step("Memeriksa berkas", "kasi", keputusan={"pertanyaan": "Berkas lengkap?", "tidak": 1}),
            step("Menandatangani surat", ["Kepala Dinas", "Petugas Loket"]),
            step("Menerima surat", "Pemohon", output="Surat"),
        ]
    )


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


def test_a_page_is_a_millimetre_svg_with_its_table_text_and_symbols() -> None:
    (page,) = layout_sop(_sop())
    root = ET.fromstring(page_svg(page))
    assert root.get("width").endswith("mm") and float(root.get("width")[:-2]) == pytest.approx(page.width, abs=0.01)
    assert [float(v) for v in root.get("viewBox").split()] == pytest.approx(
        [0, 0, page.width, page.drawing_height], abs=0.01
    )
    assert root.get("font-family") == FONT_FAMILY
    texts = _texts(root)
    for expected in ("No", "Kegiatan", "Pelaksana", "Mutu Baku", "Kelengkapan", "Waktu", "Output", "Keterangan"):
        assert expected in texts
    assert "Berkas lengkap?" in texts and "Ya" in texts and "Tidak" in texts
    assert any("<asli>" in t for t in texts)  # escaped in the file, intact when read back
    assert len(root.findall(f"{NS}polygon[@data-step]")) == 1  # the diamond
    assert len(root.findall(f"{NS}rect[@data-step]")) == 3  # two terminators and a process
    assert len([e for e in root.iter() if e.get("data-edge")]) == len(page.arrows)  # a polyline, or a path with hops
    dashed = [e for e in root.iter() if e.get("stroke-dasharray")]
    assert len(dashed) == 3  # the second lane's outline and its link, and the legend's sample of the outline
    assert any(t.startswith("Kotak bergaris putus-putus") for t in texts)  # the legend says what it means


def test_highlight_marks_the_step_row_and_symbol() -> None:
    (page,) = layout_sop(_sop())
    root = ET.fromstring(page_svg(page, highlight_step=2))
    (symbol,) = root.findall(f"{NS}polygon[@data-step='2']")
    assert symbol.get("stroke") == HIGHLIGHT_INK and symbol.get("fill") == HIGHLIGHT_FILL
    row = page.row(2)
    assert any(r.get("fill") == HIGHLIGHT_FILL and float(r.get("y")) == round(row.y, 2) for r in root.iter(f"{NS}rect"))
    plain = ET.fromstring(page_svg(page))
    assert not [e for e in plain.iter() if e.get("stroke") == HIGHLIGHT_INK]


def test_the_lane_region_holds_the_drawing_but_no_table_text() -> None:
    sop = _sop()
    pages = layout_sop(sop, PageSpec(rows_per_page=2))
    page = pages[0]
    root = ET.fromstring(lane_region_svg(page))
    area = page.lane_area
    assert [float(v) for v in root.get("viewBox").split()] == [round(v, 2) for v in (area.x, area.y, area.w, area.h)]
    texts = _texts(root)
    assert "Kegiatan" not in texts and "Mengajukan" not in " ".join(texts)
    assert "A" in texts  # the off-page connector's letter
    assert len([e for e in root.iter() if e.get("data-edge")]) == len(page.arrows)  # a polyline, or a path with hops
    heights = [h for _, _, h in page.body()]
    assert abs(sum(heights) - area.h) < 1e-6


def test_the_font_can_be_embedded_and_the_page_placed_on_paper() -> None:
    (page,) = layout_sop(_sop())
    embedded = page_svg(page, embed_font=True)
    assert "@font-face" in embedded and "base64," in embedded
    root = ET.fromstring(page_svg(page, full_page=True))
    assert root.get("viewBox") == "0 0 297 210"
    (group,) = root.findall(f"{NS}g")
    assert group.get("transform") == "translate(10,10)"


def test_pages_draw_with_cairosvg() -> None:
    for drawing in flowchart_svgs(_sop()):
        png = cairosvg.svg2png(bytestring=drawing.encode(), output_width=600)
        assert png.startswith(b"\x89PNG")
