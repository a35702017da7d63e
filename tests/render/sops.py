"""Small SOPs of the shapes the layout must handle."""

from __future__ import annotations

import random
from typing import Any

from sopan.model.sop import Sop

LABELS = ["Tidak setuju", "Tidak disetujui/bukti belum lengkap", "Belum lengkap", "N"]
LANES = ["Pemohon", "Petugas Loket", {"kode": "kasi", "nama": "Kepala Seksi"}, "Kepala Dinas"]


def make_sop(steps: list[dict[str, Any]], lanes: list[Any] | None = None, **extra: Any) -> Sop:
    data: dict[str, Any] = {"organisasi": "org", "nama": "Contoh", "pelaksana": lanes or LANES, "langkah": steps}
    data.update(extra)
    sop = Sop.model_validate(data)
    sop.id = "contoh"
    return sop


def step(activity: str, lane: str | list[str], **extra: Any) -> dict[str, Any]:
    return {"kegiatan": activity, "pelaksana": lane, "waktu": "5 menit", **extra}


def random_sop(rng: random.Random) -> Sop:
    """An SOP of random lanes, steps, decisions, jumps and checklists, from ``rng``."""
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
