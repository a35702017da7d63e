"""The evaluation of an SOP with the seven criteria of Permen PANRB 35/2012, with the figures as evidence.

Each criterion is answered ya/tidak with a note by the evaluator; beside it sopan shows the figures of the half
year that bear on it, each line kept in both languages and shown in the reader's (the printed form stays in Bahasa
Indonesia, the language of the form). The evidence is kept with the evaluation as it was when it was last filled,
so a printed evaluation shows what the evaluator saw.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sopan.web.catalog.models import Sop
from sopan.web.monitoring.models import Evaluation
from sopan.web.monitoring.tabel7 import figures_of, half_period

__all__ = ["CRITERIA", "evidence", "evidence_lines", "fill_evaluation"]

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


Line = dict[str, str]  # one evidence line: {"id": Indonesian text, "en": English text}


def _line(id_text: str, en_text: str) -> Line:
    return {"id": id_text, "en": en_text}


def _of(part: int, whole: int, what_id: str, what_en: str) -> Line:
    share = f" ({round(100 * part / whole)}%)" if whole else ""
    return _line(f"{part} dari {whole} {what_id}{share}", f"{part} of {whole} {what_en}{share}")


def _overdue(f: dict[str, Any]) -> Line:
    return _line(f"{f['overdue_now']} tugas lewat tenggat saat ini", f"{f['overdue_now']} tasks overdue now")


def _on_time(f: dict[str, Any]) -> Line:
    return _of(f["on_time"], f["finished_with_due"], "selesai tepat waktu", "finished on time")


def _path(f: dict[str, Any], what_id: str, what_en: str) -> Line:
    return _of(f["path_conforming"], f["finished"], what_id, what_en)


def evidence(f: dict[str, Any]) -> dict[str, list[Line]]:
    """Per criterion, the figures that bear on it, as short lines in both languages."""
    late = [
        _line(
            f"langkah {step} melewati mutu baku pada {round(share * 100)}%",
            f"step {step} over its standard time in {round(share * 100)}%",
        )
        for step, share in f["late_steps"][:3]
    ]
    in_english = f.get("deviations_en", {})
    return {
        "kinerja": [_on_time(f), *late],
        "dipahami": [
            _of(
                f["sent_back"],
                f["answered"],
                "keputusan dijawab 'tidak' (dikembalikan)",
                "decisions answered 'no' (sent back)",
            ),
            _line(f"kelengkapan dikecualikan {f['waived']} kali", f"requirements waived {f['waived']} times"),
        ],
        "dilaksanakan": [
            _of(f["conforming"], f["finished"], "kasus selesai sesuai SOP", "cases finished as the SOP says"),
            _path(f, "kasus selesai dengan jalur SOP", "cases finished along the SOP's path"),
            *[_line(f"{text} ({n} kasus)", f"{in_english.get(text, text)} ({n} cases)") for text, n in f["deviations"]],
        ],
        "peran": [
            _line(f"{name}: {done} tugas selesai, {waiting} terbuka", f"{name}: {done} tasks done, {waiting} open")
            for name, done, waiting in f["roles"]
        ]
        or [_line("belum ada tugas", "no tasks yet")],
        "permasalahan": [
            _line(
                f"{f['rejected']} ditolak, {f['cancelled']} dibatalkan, {f['loops']} kali perulangan",
                f"{f['rejected']} rejected, {f['cancelled']} cancelled, {f['loops']} loops",
            ),
            *[_line(f"ditolak: {reason} ({n})", f"rejected: {reason} ({n})") for reason, n in f["rejections"]],
            _overdue(f),
        ],
        "organisasi": [
            _line(
                f"{f['opened']} dibuka, {f['finished']} selesai, {f['open']} masih berjalan",
                f"{f['opened']} opened, {f['finished']} finished, {f['open']} still open",
            ),
            _on_time(f),
        ],
        "sinergi": [
            *late[:1],
            _overdue(f),
            _path(f, "kasus berpindah antarpelaksana sesuai alur", "cases passed between roles along the flow"),
        ],
    }


def evidence_lines(stored: list[Any], lang: str) -> list[str]:
    """The stored evidence lines of one criterion in ``lang``; a line kept before the lines were stored in both
    languages (a plain Indonesian text) is shown as it was kept."""
    return [line if isinstance(line, str) else line.get(lang) or line.get("id", "") for line in stored]


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
