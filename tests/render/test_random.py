"""Generated SOPs of every shape the format allows (decisions anywhere, jumps, several lanes per step, long
text, small pages): the geometry holds and no page needs a compromise. Deterministic (fixed seeds)."""

from __future__ import annotations

import random

import pytest

from sopan.render import PageSpec, layout_sop

from .geometry import check_pages
from .sops import random_sop


@pytest.mark.parametrize("seed", range(4))
def test_generated_sops_lay_out_cleanly(seed: int) -> None:
    rng = random.Random(seed)
    problems: list[str] = []
    for number in range(10):
        sop = random_sop(rng)
        spec = PageSpec(rows_per_page=rng.choice([3, 5, 8]), paper=rng.choice(["A4", "F4"]))
        pages = layout_sop(sop, spec)
        found = check_pages(sop, pages) + [w for page in pages for w in page.warnings]
        problems += [f"seed {seed} sop {number}: {p}" for p in found]
    assert not problems, "\n".join(problems[:20])
