"""Small SOPs of the shapes the layout must handle."""

from __future__ import annotations

from typing import Any

from sopan.model.sop import Sop

LANES = ["Pemohon", "Petugas Loket", {"kode": "kasi", "nama": "Kepala Seksi"}, "Kepala Dinas"]


def make_sop(steps: list[dict[str, Any]], lanes: list[Any] | None = None, **extra: Any) -> Sop:
    data: dict[str, Any] = {"organisasi": "org", "nama": "Contoh", "pelaksana": lanes or LANES, "langkah": steps}
    data.update(extra)
    sop = Sop.model_validate(data)
    sop.id = "contoh"
    return sop


def step(activity: str, lane: str | list[str], **extra: Any) -> dict[str, Any]:
    return {"kegiatan": activity, "pelaksana": lane, "waktu": "5 menit", **extra}
