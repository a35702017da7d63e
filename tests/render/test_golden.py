"""Drawings of four SOPs of different shapes, compared with stored SVGs.

Regenerate after an intended change with ``SOPAN_UPDATE_GOLDEN=1 pytest tests/render/test_golden.py`` and look
at the difference before committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from sopan.io.yaml_io import load_sop
from sopan.render import flowchart_svgs, lane_region_svg, layout_sop
from tests.factories import LIBRARY

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SOPAN_UPDATE_GOLDEN") == "1"

CASES = {
    # long requirement lists, a row that fills a page, steps in two lanes
    "pembuatan-kk": LIBRARY / "kec-bawang" / "pembuatan-kk.sop.yaml",
    # ten decisions, arrows back to earlier steps and across the page break, exits to 'selesai'
    "penanganan-disiplin-pegawai": LIBRARY / "dukcapil-lumajang" / "penanganan-disiplin-pegawai.sop.yaml",
    # seven lanes, a step in three lanes, a decision that returns to itself
    "penerbitan-akta-kematian": LIBRARY / "dukcapil-lumajang" / "penerbitan-akta-kematian.sop.yaml",
    # thirteen lanes (narrow columns, shrunk headings)
    "pelayanan-bunda-dewi-harum": LIBRARY / "dukcapil-tanggamus" / "pelayanan-bunda-dewi-harum.sop.yaml",
}


def _compare(path: Path, actual: str) -> None:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path.name} is missing; run with SOPAN_UPDATE_GOLDEN=1 to create it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "golden", "now", lineterm="", n=0)
        shown = "\n".join(list(diff)[:30])
        pytest.fail(f"{path.name} differs (SOPAN_UPDATE_GOLDEN=1 regenerates it):\n{shown}")


@pytest.mark.parametrize("name", sorted(CASES))
def test_flowchart_pages_match_the_golden_files(name: str) -> None:
    sop = load_sop(CASES[name])
    drawings = flowchart_svgs(sop)
    stored = sorted(GOLDEN.glob(f"{name}-p*.svg"))
    if UPDATE:
        for old in stored:
            old.unlink()
    else:
        assert len(stored) == len(drawings), f"{name}: {len(drawings)} pages, {len(stored)} golden files"
    for number, drawing in enumerate(drawings, 1):
        _compare(GOLDEN / f"{name}-p{number}.svg", drawing)
    if UPDATE:  # every page written first (a skip on page 1 used to leave the later pages deleted)
        pytest.skip(f"{name} regenerated: look at the difference before committing it")


def test_lane_region_matches_the_golden_file() -> None:
    sop = load_sop(CASES["penanganan-disiplin-pegawai"])
    _compare(GOLDEN / "penanganan-disiplin-pegawai-lanes-p1.svg", lane_region_svg(layout_sop(sop)[0]))
    if UPDATE:
        pytest.skip("regenerated: look at the difference before committing it")
