"""Corner cases of the flowchart layout: the shapes of flow that are rare in the library but allowed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sopan.render import PageSpec, layout_sop
from sopan.render.flowchart.layout import connector_letter
from sopan.render.flowchart.page import Page, Rect
from sopan.render.text import PT

from .geometry import check_pages
from .sops import make_sop, step


def _arrows(pages: list[Page], edge: tuple[int, object]) -> list:
    return [a for p in pages for a in p.arrows if a.edge == edge]


def _symbol(page: Page, number: int):
    return next(s for s in page.symbols if s.step == number and not s.kind.startswith("connector"))


def test_a_plain_sop_starts_and_ends_with_terminators() -> None:
    sop = make_sop([step("Mengajukan", "Pemohon"), step("Memeriksa", "kasi"), step("Menerima", "Pemohon")])
    (page,) = layout_sop(sop)
    assert not check_pages(sop, [page])
    assert [_symbol(page, n).kind for n in (1, 2, 3)] == ["terminator", "process", "terminator"]
    assert [a.edge for a in page.arrows] == [(1, 2), (2, 3)]  # 3 -> selesai is the terminator itself


def test_decision_whose_exits_meet_draws_two_arrows_into_different_ports() -> None:
    sop = make_sop(
        [
            step("Mengajukan", "Pemohon"),
            step("Memeriksa", "kasi", keputusan={"pertanyaan": "Lengkap?", "ya": 3, "tidak": 3}),
            step("Menandatangani", "Kepala Dinas"),
        ]
    )
    pages = layout_sop(sop)
    assert not check_pages(sop, pages)
    tidak, ya = sorted(_arrows(pages, (2, 3)), key=lambda a: a.exit)
    assert (ya.exit, tidak.exit) == ("ya", "tidak")
    assert (ya.label.text, tidak.label.text) == ("Ya", "Tidak")
    assert ya.points[-1] != tidak.points[-1] and ya.points[0] != tidak.points[0]


def test_back_edge_across_a_page_break_is_a_connector_pair_above_its_target() -> None:
    sop = make_sop(
        [
            step("Mengajukan", "Pemohon"),
            step("Menerima", "Petugas Loket"),
            step("Memproses", "Petugas Loket"),
            step("Memeriksa", "kasi", keputusan={"pertanyaan": "Benar?", "tidak": 2}),
            step("Menandatangani", "Kepala Dinas"),
        ]
    )
    pages = layout_sop(sop, PageSpec(rows_per_page=2))
    assert [len(p.rows) for p in pages] == [2, 2, 1]
    assert not check_pages(sop, pages)
    back = _arrows(pages, (4, 2))
    # letters follow the table order of the source step, 'ya' before 'tidak': A = 2->3, B = 4->5, C = 4->2
    assert {a.letter for a in back} == {"C"}
    out = next(s for s in pages[1].symbols if s.kind == "connector_out" and s.letter == "C")
    band = next(b for b in pages[1].bands if b.kind == "out")
    assert out.lane == "kasi" and band.y <= out.box.y and out.box.bottom <= band.bottom
    into = next(s for s in pages[0].symbols if s.kind == "connector_in" and s.letter == "C")
    target = _symbol(pages[0], 2)
    assert into.lane == target.lane and into.box.bottom < target.box.y
    assert pages[0].row(2).y <= into.box.y  # in the target's own row, just above its symbol


def test_connector_letters_run_on_across_the_sop() -> None:
    sop = make_sop([step(f"Langkah {n}", ["Pemohon", "kasi"][n % 2]) for n in range(1, 8)])
    pages = layout_sop(sop, PageSpec(rows_per_page=2))
    assert not check_pages(sop, pages)
    letters = [s.letter for p in pages for s in p.symbols if s.kind == "connector_out"]
    assert letters == ["A", "B", "C"]
    assert [connector_letter(n) for n in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_two_lane_step_gets_dashed_markers_linked_to_its_symbol() -> None:
    sop = make_sop(
        [
            step("Mengajukan", "Pemohon"),
            step("Menandatangani", ["Petugas Loket", "Kepala Dinas", "Pemohon"]),
            step("Memeriksa", ["kasi", "Petugas Loket"], keputusan={"pertanyaan": "Sah?", "tidak": 2}),
            step("Menerima", "Pemohon"),
        ]
    )
    (page,) = layout_sop(sop)
    assert not check_pages(sop, [page])
    assert sorted((m.step, m.lane) for m in page.markers) == [(2, "kepala-dinas"), (2, "pemohon"), (3, "petugas-loket")]
    symbol = _symbol(page, 2)
    for marker in (m for m in page.markers if m.step == 2):
        (x0, y0), (x1, y1) = marker.link[0], marker.link[-1]
        assert y0 == y1  # a horizontal dashed line
        assert x1 in (marker.box.x, marker.box.right)
        if marker.lane == "pemohon":
            assert x0 == symbol.box.x and x1 == marker.box.right
    decision = _symbol(page, 3)
    link_y = next(m for m in page.markers if m.step == 3).link[0][1]
    assert decision.box.cy < link_y < decision.box.bottom  # below the side vertices, which stay free for exits


def test_lanjut_jumps_and_a_first_decision() -> None:
    sop = make_sop(
        [
            step("Memilah", "Petugas Loket", keputusan={"pertanyaan": "Lengkap?", "tidak": 3}),
            step("Memproses", "kasi", lanjut=4),
            step("Mengembalikan", "Petugas Loket", lanjut="selesai"),
            step("Menyerahkan", "Pemohon"),
        ]
    )
    (page,) = layout_sop(sop)
    assert not check_pages(sop, [page])
    assert _symbol(page, 1).kind == "decision"  # a first decision stays a diamond
    (jump,) = _arrows([page], (2, 4))
    assert len(jump.points) >= 2
    # step 3 ends the procedure too: it reaches an end terminator of its own, not step 4 ("Menyerahkan")
    (end,) = _arrows([page], (3, "selesai"))
    (last,) = _arrows([page], (4, "selesai"))
    assert _symbol(page, 4).kind == "process"
    terminator = next(s for s in page.symbols if s.kind == "terminator" and s.step is None)
    for arrow in (end, last):
        x, y = arrow.points[-1]
        assert terminator.box.inflate(0.01).contains(Rect(x, y, 0, 0))
        assert not _symbol(page, 4).box.inflate(0.01).contains(Rect(x, y, 0, 0))


def test_a_final_decision_stays_a_diamond_and_gets_an_end_terminator_below() -> None:
    sop = make_sop(
        [
            step("Mengajukan", "Pemohon"),
            step("Memeriksa", "kasi", keputusan={"pertanyaan": "Disetujui?", "tidak": 1, "label_tidak": "Ditolak"}),
        ]
    )
    (page,) = layout_sop(sop)
    assert not check_pages(sop, [page])
    assert _symbol(page, 2).kind == "decision"
    (band,) = [b for b in page.bands if b.kind == "end"]
    end = next(s for s in page.symbols if s.kind == "terminator" and s.step is None)
    assert end.lane == "kasi" and band.y <= end.box.y and end.box.bottom <= band.bottom
    (ya,) = _arrows([page], (2, "selesai"))
    assert ya.exit == "ya" and ya.points[-1][1] == pytest.approx(end.box.y)
    assert [kind for _, kind, _ in page.body()] == ["step", "step", "end"]


def test_a_decision_that_returns_to_itself() -> None:
    sop = make_sop(
        [
            step("Mengajukan", "Pemohon"),
            step("Mencetak", "kasi", keputusan={"pertanyaan": "Cetakan benar?", "tidak": 2}),
            step("Menerima", "Pemohon"),
        ]
    )
    (page,) = layout_sop(sop)
    assert not check_pages(sop, [page])
    (loop,) = _arrows([page], (2, 2))
    diamond = _symbol(page, 2)
    assert all(diamond.box.inflate(0.01).contains(Rect(x, y, 0, 0)) for x, y in (loop.points[0], loop.points[-1]))


def test_a_row_taller_than_a_page_shrinks_then_is_cut_and_says_so() -> None:
    many = [f"Dokumen persyaratan nomor {n} yang harus dilampirkan" for n in range(120)]
    sop = make_sop([step("Mengajukan", "Pemohon", kelengkapan=many), step("Menerima", "kasi")])
    pages = layout_sop(sop)
    assert not check_pages(sop, pages)
    row = pages[0].row(1)
    assert row.truncated and row.font_size < 7 * 25.4 / 72
    assert any("dipotong" in w for w in pages[0].warnings)
    cell = row.cell("kelengkapan")
    assert cell.lines[-1].text.endswith("…")

    fewer = make_sop([step("Mengajukan", "Pemohon", kelengkapan=many[:55]), step("Menerima", "kasi")])
    page = layout_sop(fewer)[0]
    assert not page.rows[0].truncated and page.rows[0].font_size < 7 * 25.4 / 72
    assert any("diperkecil" in w for w in page.warnings)


def test_a_lane_the_sop_does_not_declare_gets_its_own_column() -> None:
    sop = make_sop([step("Mengajukan", "Pemohon"), step("Menyetujui", "Bupati"), step("Menerima", "Pemohon")])
    (page,) = layout_sop(sop)
    assert not check_pages(sop, [page])
    assert [c.header for c in page.columns if c.lane][-1] == "Bupati"


def test_one_row_per_page_still_pairs_every_connector() -> None:
    sop = make_sop(
        [
            step("Mengajukan", "Pemohon"),
            step("Memeriksa", "kasi", keputusan={"pertanyaan": "Lengkap?", "tidak": 1}),
            step("Memverifikasi", "Kepala Dinas", keputusan={"pertanyaan": "Sah?", "tidak": "selesai"}),
            step("Menerima", "Pemohon"),
        ]
    )
    pages = layout_sop(sop, PageSpec(rows_per_page=1))
    assert len(pages) == 4
    assert not check_pages(sop, pages)


def test_f4_paper_is_wider_and_spec_is_checked() -> None:
    assert PageSpec(paper="F4").paper_size == (330.0, 215.0)
    sop = make_sop([step("Mengajukan", "Pemohon"), step("Menerima", "kasi")])
    assert layout_sop(sop, PageSpec(paper="F4"))[0].width == 310.0
    with pytest.raises(ValueError):
        PageSpec(paper="Letter")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        PageSpec(rows_per_page=0)


def test_the_checks_catch_a_broken_drawing() -> None:
    sop = make_sop(
        [
            step("Mengajukan", "Pemohon"),
            step("Memeriksa", "kasi", keputusan={"pertanyaan": "Lengkap?", "tidak": 1}),
            step("Menerima", "Pemohon"),
        ]
    )
    (page,) = layout_sop(sop)
    assert not check_pages(sop, [page])
    moved = tuple(replace(s, box=replace(s.box, x=s.box.x + 60)) if s.step == 2 else s for s in page.symbols)
    assert any("outside lane" in p for p in check_pages(sop, [replace(page, symbols=moved)]))
    first = page.arrows[0]
    doubled = (*page.arrows, replace(first, edge=(9, 9)))
    assert any("on top of" in p for p in check_pages(sop, [replace(page, arrows=doubled)]))
    assert any("not drawn" in p for p in check_pages(sop, [replace(page, arrows=page.arrows[1:])]))
    through = replace(first, points=((0.0, 0.0), (page.width, 0.0)))
    assert any("lane area" in p for p in check_pages(sop, [replace(page, arrows=(through, *page.arrows[1:]))]))


def test_lane_names_too_wide_at_6_pt_are_shortened_and_listed_in_full_under_the_table() -> None:
    names = ["Penyelenggaraadministrasi", "Penyelenggaraadministrasii", "Operator Cetak", "Staf"]
    names += [f"Lajur {k}" for k in range(9)]  # thirteen lanes: narrow columns
    sop = make_sop([step(f"Kegiatan {k}", name) for k, name in enumerate(names)], lanes=names)
    (page, *_) = layout_sop(sop)
    drawn = {c.column: " ".join(line.text for line in c.lines) for c in page.header if c.column.startswith("lane:")}
    headings = [drawn[c.key] for c in page.columns if c.lane is not None]
    assert min(line.size for c in page.header for line in c.lines) == pytest.approx(6 * PT)
    first, second = headings[:2]
    assert first.endswith(".") and second == f"{first} 2"  # the same prefix: told apart by a number
    assert headings[2:5] == ["Operat. Cetak", "Staf", "Lajur 0"]  # only the word too wide is shortened
    legend = " ".join(line.text for line in page.legend)
    assert legend.startswith("Singkatan pelaksana:")
    assert f"{first} = Penyelenggaraadministrasi;" in legend and f"{second} = Penyelenggaraadministrasii" in legend
    assert page.drawing_height > page.height and page.drawing_height <= page.spec.content_height
