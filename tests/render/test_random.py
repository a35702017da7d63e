"""Generated SOPs of every shape the format allows (decisions anywhere, jumps, several lanes per step, long
text, small pages), 40 in all, each on A4 and F4: the geometry holds (an arrow to ``selesai`` never ends in a
step's box among it), the pages are legible (``legibility``: parallel arrows 3 pt apart, as in the library,
every exit label nearer its own line than any other) and no page needs a compromise. Deterministic (fixed seeds)."""

from __future__ import annotations

import random

import pytest

from sopan.render import PageSpec, layout_sop

from .geometry import check_pages
from .legibility import check_legibility, stray_labels
from .sops import random_sop


@pytest.mark.parametrize("seed", range(4))
def test_generated_sops_lay_out_cleanly(seed: int) -> None:
    rng = random.Random(seed)
    problems: list[str] = []
    for number in range(10):
        sop = random_sop(rng)
        rows = rng.choice([3, 5, 8])
        for paper in ("A4", "F4"):
            pages = layout_sop(sop, PageSpec(rows_per_page=rows, paper=paper))
            found = check_pages(sop, pages) + check_legibility(pages) + [w for page in pages for w in page.warnings]
            labels, stray, _ = stray_labels(pages)
            found += [f"{stray} of {labels} exit labels nearer another arrow than their own"] if stray else []
            problems += [f"seed {seed} sop {number} {paper}: {p}" for p in found]
    assert not problems, "\n".join(problems[:20])
