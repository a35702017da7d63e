"""The evaluation of an SOP with the seven criteria of Permen PANRB 35/2012, with the figures as evidence.

Each criterion is answered ya/tidak with a note by the evaluator; beside it sopan shows the figures of the half
year that bear on it (written in Bahasa Indonesia, the language of the form). The evidence is kept with the
evaluation as it was when it was last filled, so a printed evaluation shows what the evaluator saw.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sopan.web.catalog.models import Sop
from sopan.web.monitoring.models import Evaluation
from sopan.web.monitoring.tabel7 import figures_of, half_period

__all__ = ["CRITERIA", "evidence", "fill_evaluation"]

CRITERIA: list[tuple[str, str, str]] = [
    ("kinerja", "Mampu mendorong peningkatan kinerja", "Drives better performance"),
    ("dipahami", "Mudah dipahami", "Easy to understand"),
    ("dilaksanakan", "Mudah dilaksanakan", "Easy to carry out"),
    ("peran", "Semua orang dapat menjalankan perannya masing-masing", "Everyone can play their own part"),
    (
        "permasalahan",
        "Mampu mengatasi permasalahan yang berkaitan dengan proses",
        "Deals with the problems of the process",
    ),
    (
        "organisasi",
        "Mampu menjawab kebutuhan peningkatan kinerja organisasi",
        "Meets the organisation's need to perform better",
    ),
    ("sinergi", "Sinergi satu dengan lainnya", "Works in synergy with the others"),
]


def _of(part: int, whole: int, what: str) -> str:
    share = f" ({round(100 * part / whole)}%)" if whole else ""
    return f"{part} dari {whole} {what}{share}"


def evidence(f: dict[str, Any]) -> dict[str, list[str]]:
    """Per criterion, the figures that bear on it, as short lines."""
    late = [f"langkah {step} melewati mutu baku pada {round(share * 100)}%" for step, share in f["late_steps"][:3]]
    return {
        "kinerja": [_of(f["on_time"], f["finished_with_due"], "selesai tepat waktu"), *late],
        "dipahami": [
            _of(f["sent_back"], f["answered"], "keputusan dijawab 'tidak' (dikembalikan)"),
            f"kelengkapan dikecualikan {f['waived']} kali",
        ],
        "dilaksanakan": [
            _of(f["conforming"], f["finished"], "kasus selesai sesuai SOP"),
            _of(f["path_conforming"], f["finished"], "kasus selesai dengan jalur SOP"),
            *[f"{text} ({n} kasus)" for text, n in f["deviations"]],
        ],
        "peran": [f"{name}: {done} tugas selesai, {waiting} terbuka" for name, done, waiting in f["roles"]]
        or ["belum ada tugas"],
        "permasalahan": [
            f"{f['rejected']} ditolak, {f['cancelled']} dibatalkan, {f['loops']} kali perulangan",
            *[f"ditolak: {reason} ({n})" for reason, n in f["rejections"]],
            f"{f['overdue_now']} tugas lewat tenggat saat ini",
        ],
        "organisasi": [
            f"{f['opened']} dibuka, {f['finished']} selesai, {f['open']} masih berjalan",
            _of(f["on_time"], f["finished_with_due"], "selesai tepat waktu"),
        ],
        "sinergi": [
            *late[:1],
            f"{f['overdue_now']} tugas lewat tenggat saat ini",
            _of(f["path_conforming"], f["finished"], "kasus berpindah antarpelaksana sesuai alur"),
        ],
    }


@transaction.atomic
def fill_evaluation(sop: Sop, year: int, half: int, refresh: bool = False) -> Evaluation:
    """The period's evaluation, its evidence worked out the first time and, with ``refresh``, again while it is
    unsigned."""
    evaluation, created = Evaluation.objects.select_for_update().get_or_create(sop=sop, year=year, half=half)
    if not evaluation.is_signed and (created or refresh or not evaluation.evidence):
        evaluation.evidence = evidence(figures_of(sop, half_period(year, half)))
        for key, _id_text, _en_text in CRITERIA:
            evaluation.answers.setdefault(key, {"ya": None, "catatan": ""})
        evaluation.save()
    return evaluation
