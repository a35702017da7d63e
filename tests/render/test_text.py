"""Measuring and wrapping text with the bundled font's metrics."""

from __future__ import annotations

import base64
import re

from fontTools.ttLib import TTFont

from sopan.render.flowchart.cells import BULLET, step_paragraphs, wrap_paragraphs
from sopan.render.text import FONT_FAMILY, PT, font_face_css, font_path, metrics, text_width, wrap

from .sops import make_sop, step

SIZE = 7 * PT


def test_the_bundled_fonts_are_dejavu_sans_condensed_without_kerning() -> None:
    for bold in (False, True):
        font = TTFont(font_path(bold))
        assert font["name"].getDebugName(1) == FONT_FAMILY
        assert "GPOS" not in font and "kern" not in font  # the drawn width is the sum of the advances
        assert font_path(bold).with_name("LICENSE-DejaVu.txt").exists()


def test_width_is_the_sum_of_advance_widths() -> None:
    font = TTFont(font_path(True))
    cmap, hmtx, upem = font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm
    expected = sum(hmtx[cmap[ord(ch)]][0] for ch in "Kelengkapan") * SIZE / upem
    assert abs(text_width("Kelengkapan", SIZE, bold=True) - expected) < 1e-9
    assert text_width("Kelengkapan", SIZE, bold=True) > text_width("Kelengkapan", SIZE)
    assert abs(text_width("ab", SIZE) - text_width("a", SIZE) - text_width("b", SIZE)) < 1e-9
    assert text_width("", SIZE) == 0


def test_characters_outside_the_font_count_as_wide_as_m() -> None:
    assert text_width("\u4e2d", SIZE) == text_width("M", SIZE)


def test_ascent_and_descent_are_fractions_of_the_size() -> None:
    m = metrics()
    assert 0.8 < m.ascent < 1.0 and 0.1 < m.descent < 0.3


def test_wrap_keeps_every_line_within_the_width_and_every_word() -> None:
    text = "Meneliti dan menelaah evaluasi absen, pengaduan tertulis, temuan atasan/aparat fungsional"
    for width in (15.0, 25.0, 40.0, 80.0):
        lines = wrap(text, width, SIZE)
        assert all(text_width(line, SIZE) <= width + 1e-9 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrap(text, 1000.0, SIZE) == [text]


def test_wrap_breaks_after_a_slash_before_cutting_a_word() -> None:
    assert wrap("Kasubag/Kasubid/Kabid/Sekretaris", 30.0, SIZE) == ["Kasubag/Kasubid/Kabid/", "Sekretaris"]
    assert wrap("Kasubag/Kasubid/Kabid/Sekretaris", 16.0, SIZE) == ["Kasubag/", "Kasubid/", "Kabid/", "Sekretaris"]


def test_a_word_longer_than_the_line_is_cut_with_hyphens() -> None:
    lines = wrap("Pengadministrasi", 8.0, SIZE)
    assert len(lines) > 1
    assert all(line.endswith("-") for line in lines[:-1])
    assert "".join(line.rstrip("-") for line in lines) == "Pengadministrasi"
    assert all(text_width(line, SIZE) <= 8.0 + 1e-9 for line in lines)


def test_wrap_collapses_whitespace_and_keeps_an_empty_paragraph() -> None:
    assert wrap("  Berkas \n  lengkap  ", 100.0, SIZE) == ["Berkas lengkap"]
    assert wrap("", 10.0, SIZE) == [""]


def test_requirement_groups_and_lists_become_bullets_and_bold_headings() -> None:
    sop = make_sop(
        [
            step(
                "Menerima berkas",
                "Petugas Loket",
                kelengkapan=[
                    "a. Surat pengantar",
                    "Fotokopi KTP",
                    {"kelompok": "KK baru", "butir": ["1) Syarat a", "KK lama"]},
                ],
                output=["Berkas", "Tanda terima"],
            )
        ]
    )
    cells = step_paragraphs(sop, sop.steps[0])
    kelengkapan = cells["kelengkapan"].paragraphs
    assert [(p.bullet, p.text, p.bold) for p in kelengkapan] == [
        ("a.", "Surat pengantar", False),
        (BULLET, "Fotokopi KTP", False),
        (None, "KK baru", True),
        ("1)", "Syarat a", False),
        (BULLET, "KK lama", False),
    ]
    assert kelengkapan[3].indent > kelengkapan[2].indent
    lines, _ = wrap_paragraphs(kelengkapan, 30.0, SIZE)
    bullet = next(line for line in lines if line.text == BULLET)
    item = next(line for line in lines if line.text == "Fotokopi KTP")
    assert item.line == bullet.line and item.dx > bullet.dx  # hanging indent
    assert [p.bullet for p in cells["output"].paragraphs] == [BULLET, BULLET]


def test_a_single_requirement_has_no_bullet_and_a_decision_adds_its_question() -> None:
    sop = make_sop(
        [
            step("Menerima", "Pemohon", kelengkapan="Surat"),
            step("Memeriksa", "kasi", keputusan={"pertanyaan": "Lengkap?", "tidak": 1}),
        ]
    )
    assert step_paragraphs(sop, sop.steps[0])["kelengkapan"].paragraphs[0].bullet is None
    kegiatan = step_paragraphs(sop, sop.steps[1])["kegiatan"].paragraphs
    assert [(p.text, p.bold) for p in kegiatan] == [("Memeriksa", False), ("Lengkap?", True)]


def test_font_face_css_embeds_or_points_at_the_files() -> None:
    embedded = font_face_css(embed=True, characters="Ya")
    assert embedded.count("@font-face") == 2 and FONT_FAMILY in embedded
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", embedded)
    assert data is not None
    subset = base64.b64decode(data.group(1))
    assert 0 < len(subset) < font_path().stat().st_size
    linked = font_face_css(embed=False)
    assert "file://" in linked and "DejaVuSansCondensed-Bold.ttf" in linked
