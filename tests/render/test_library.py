"""Every SOP of the library laid out and drawn: the geometry a reader relies on holds everywhere."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest

from sopan.io.library import load_library
from sopan.model.sop import Sop
from sopan.render import PageSpec, layout_sop, page_svg
from sopan.render.flowchart.page import Page
from tests.factories import LIBRARY

from .geometry import check_pages
from .legibility import check_legibility, hop_counts, stray_labels


@pytest.fixture(scope="module")
def laid_out() -> tuple[list[tuple[Sop, list[Page]]], float]:
    library = load_library([LIBRARY])
    assert not library.problems
    start = time.perf_counter()
    result = [(item.sop, layout_sop(item.sop)) for item in library.sops]
    return result, time.perf_counter() - start


def test_the_library_is_all_there(laid_out: tuple[list[tuple[Sop, list[Page]]], float]) -> None:
    sops, _ = laid_out
    assert len(sops) == 93
    assert sum(len(sop.steps) for sop, _ in sops) == sum(len(row_steps) for row_steps in _rows(sops))


def _rows(sops: list[tuple[Sop, list[Page]]]) -> list[list[int]]:
    return [[row.step for page in pages for row in page.rows] for _, pages in sops]


def test_every_step_has_one_row_in_order(laid_out: tuple[list[tuple[Sop, list[Page]]], float]) -> None:
    sops, _ = laid_out
    for (sop, _), numbers in zip(sops, _rows(sops), strict=True):
        assert numbers == [s.number for s in sop.steps], sop.id


def test_geometry_holds_for_every_sop(laid_out: tuple[list[tuple[Sop, list[Page]]], float]) -> None:
    sops, _ = laid_out
    problems = [problem for sop, pages in sops for problem in check_pages(sop, pages)]
    assert not problems, "\n".join(problems[:40])


def test_no_page_needed_a_compromise(laid_out: tuple[list[tuple[Sop, list[Page]]], float]) -> None:
    sops, _ = laid_out
    warnings = [f"{sop.id} p{page.number}: {w}" for sop, pages in sops for page in pages for w in page.warnings]
    assert not warnings, "\n".join(warnings)


def test_pages_number_themselves(laid_out: tuple[list[tuple[Sop, list[Page]]], float]) -> None:
    sops, _ = laid_out
    for sop, pages in sops:
        assert [p.number for p in pages] == list(range(1, len(pages) + 1)), sop.id
        assert {p.count for p in pages} == {len(pages)}, sop.id


def test_the_whole_library_is_laid_out_and_drawn_quickly(
    laid_out: tuple[list[tuple[Sop, list[Page]]], float],
) -> None:
    sops, layout_seconds = laid_out
    start = time.perf_counter()
    drawings = [page_svg(page) for _, pages in sops for page in pages]
    draw_seconds = time.perf_counter() - start
    for drawing in drawings[:5]:
        ET.fromstring(drawing)
    assert layout_seconds + draw_seconds < 20, (layout_seconds, draw_seconds)


def test_every_sop_on_f4_too_and_no_end_enters_a_step(laid_out: tuple[list[tuple[Sop, list[Page]]], float]) -> None:
    """The whole library on F4 as well; ``check_pages`` holds there, including its rule that an arrow to
    ``selesai`` ends at the end terminator of its own (or leaves the page for it), never in a step's box."""
    sops, _ = laid_out
    problems = [p for sop, _ in sops for p in check_pages(sop, layout_sop(sop, PageSpec(paper="F4")))]
    assert not problems, "\n".join(problems[:40])
    ending = [(sop, pages) for sop, pages in sops if sum(1 for s in sop.steps if "selesai" in _targets(sop, s)) > 1]
    # the rule is exercised: the SOPs where an exit used to run into the last step end at several steps
    assert {"penanganan-disiplin-pegawai", "pengajuan-cuti"} <= {sop.id for sop, _ in ending}
    for sop, pages in ending:
        ends = [s for page in pages for s in page.symbols if s.kind == "terminator" and s.step is None]
        assert len(ends) == 1, sop.id
    # an exit to selesai from another page comes in above the end terminator, not in the final step's row
    for sop, pages in ending:
        for page in pages:
            end = next((s for s in page.symbols if s.kind == "terminator" and s.step is None), None)
            final_row = page.rows[-1]
            for connector in (s for s in page.symbols if s.kind == "connector_in" and s.step is None):
                assert end is not None and connector.box.bottom < end.box.y, sop.id
                assert connector.box.y > final_row.y + final_row.height, sop.id
    into_end = {
        sop.id for sop, pages in ending for p in pages for s in p.symbols if s.kind == "connector_in" and not s.step
    }
    assert {"penanganan-disiplin-pegawai", "pengajuan-cuti"} <= into_end


def _targets(sop: Sop, step: object) -> list[object]:
    return [to for to, _ in sop.successors(step)]  # type: ignore[arg-type]


@pytest.mark.parametrize("spec", [PageSpec(paper="F4"), PageSpec(rows_per_page=5), PageSpec(rows_per_page=3)])
def test_geometry_holds_with_other_pages(spec: PageSpec) -> None:
    library = load_library([LIBRARY / "dukcapil-lumajang"])
    chosen = [i.sop for i in library.sops if any(s.decision for s in i.sop.steps) or len(i.sop.steps) > 9][:12]
    problems = [p for sop in chosen for p in check_pages(sop, layout_sop(sop, spec))]
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_every_sop_is_legible(laid_out: tuple[list[tuple[Sop, list[Page]]], float], paper: str) -> None:
    """Issue 19's legibility rules over the whole library (``legibility.check_legibility``), on A4 and F4."""
    sops, _ = laid_out
    pages_of = {sop.id: pages if paper == "A4" else layout_sop(sop, PageSpec(paper="F4")) for sop, pages in sops}
    problems = [f"{sop_id} {p}" for sop_id, pages in pages_of.items() for p in check_legibility(pages)]
    assert not problems, "\n".join(problems[:40])
    # the rules are exercised: shortened lane names, dashed boxes, crossings with hops
    legends = {
        sop_id: " ".join(line.text for page in pages for line in page.legend) for sop_id, pages in pages_of.items()
    }
    shortened = {sop_id for sop_id, text in legends.items() if "Singkatan pelaksana:" in text}
    assert "pelayanan-bunda-dewi-harum" in shortened  # thirteen lanes: some names must be shortened
    assert sum(1 for text in legends.values() if "putus-putus" in text) > 10
    every_page = [page for pages in pages_of.values() for page in pages]
    crossing, unhopped = hop_counts(every_page)
    assert crossing > 20 and unhopped == 0, (crossing, unhopped)  # every crossing has room for a hop
    # every exit label by its own line: nearer it than any other arrow (10 of 102 on A4 were not, before labels
    # were set again once the arrows are drawn), and close to it
    labels, stray, farthest = stray_labels(every_page)
    assert labels > 90 and stray == 0 and farthest < 3.0, (labels, stray, farthest)
