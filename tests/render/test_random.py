"""Generated SOPs of every shape the format allows (decisions anywhere, jumps, several lanes per step, long
text, small pages), 40 in all, each on A4 and F4: the geometry holds (an arrow to ``selesai`` never ends in a
step's box among it) and no page needs a compromise. Deterministic (fixed seeds)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from sopan.model.sop import Sop
from sopan.render import PageSpec, layout_sop

from .geometry import check_pages
from .sops import make_sop, step

LABELS = ["Tidak setuju", "Tidak disetujui/bukti belum lengkap", "Belum lengkap", "N"]


def _random_sop(rng: random.Random) -> Sop:
    lanes = [f"Lajur {k}" for k in range(rng.randint(1, 8))]
    count = rng.randint(1, 16)
    targets: list[Any] = [*range(1, count + 1), "selesai"]
    steps = []
    for number in range(1, count + 1):
        extra: dict[str, Any] = {}
        roll = rng.random()
        if roll < 0.25 and count > 1:
            extra["keputusan"] = {"pertanyaan": "Benar?", "tidak": rng.choice(targets)}
            if rng.random() < 0.2:
                extra["keputusan"]["ya"] = rng.choice(targets)
            if rng.random() < 0.3:
                extra["keputusan"]["label_tidak"] = rng.choice(LABELS)
        elif roll < 0.35:
            extra["lanjut"] = rng.choice(targets)
        if rng.random() < 0.3:
            extra["kelengkapan"] = [f"Dokumen {k} yang diperlukan" for k in range(rng.randint(1, 12))]
        performers = rng.sample(lanes, k=min(len(lanes), rng.choice([1, 1, 1, 2, 3])))
        steps.append(step(f"Langkah {number} " + "memeriksa " * rng.randint(0, 40), performers, **extra))
    return make_sop(steps, lanes=lanes)


@pytest.mark.parametrize("seed", range(4))
def test_generated_sops_lay_out_cleanly(seed: int) -> None:
    rng = random.Random(seed)
    problems: list[str] = []
    for number in range(10):
        sop = _random_sop(rng)
        rows = rng.choice([3, 5, 8])
        for paper in ("A4", "F4"):
            pages = layout_sop(sop, PageSpec(rows_per_page=rows, paper=paper))
            found = check_pages(sop, pages) + [w for page in pages for w in page.warnings]
            problems += [f"seed {seed} sop {number} {paper}: {p}" for p in found]
    assert not problems, "\n".join(problems[:20])
