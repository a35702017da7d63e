"""The case-by-case figures as tables (conformance, waivers, rejections, loops, workload), like ``tables``."""

from __future__ import annotations

from collections import Counter

from sopan.i18n import t
from sopan.web.monitoring.casework import Casework
from sopan.web.monitoring.conformance import Conformance
from sopan.web.monitoring.tables import Bar, Cell, Table, percent

__all__ = ["CASEWORK_TABLES", "casework_tables", "deviating_row"]

CASEWORK_TABLES = ("kesesuaian", "penyimpangan", "menyimpang", "kelengkapan", "penolakan", "perulangan", "beban")


def _listed(judged: Conformance, lang: str) -> str:
    """A case's deviations, each once, with how often it happened: "... (2×)"."""
    counts = Counter(d.text(lang) for d in judged.deviations)
    return "; ".join(text if n == 1 else f"{text} ({n}×)" for text, n in counts.items())


def deviating_row(code: str, judged: Conformance, lang: str) -> list[Cell]:
    """A row of the deviating cases' table: the tracking code and the case's deviations."""
    return [code, _listed(judged, lang)]


def casework_tables(work: Casework, lang: str) -> dict[str, Table]:
    """Seven tables, headed in ``lang``."""
    summary: list[list[Cell]] = [
        [t("Kasus selesai", "Finished cases", lang), work.finished],
        [t("Sesuai SOP", "Conforming", lang), work.conforming],
        [t("Jalur sesuai SOP", "Path as the SOP allows", lang), work.path_conforming],
        [t("Sesuai SOP (%)", "Conforming (%)", lang), percent(work.conforming_share)],
    ]
    counts = work.deviation_counts(lang)
    deviating = [deviating_row(code, c, lang) for code, c in work.deviating]
    return {
        table.key: table
        for table in (
            Table(
                "kesesuaian",
                t("Kesesuaian dengan SOP (kasus selesai)", "Conformance with the SOP (finished cases)", lang),
                [t("Ukuran", "Measure", lang), t("Nilai", "Value", lang)],
                summary,
                [Bar(str(row[0]), float(row[1])) for row in summary[:3] if isinstance(row[1], int)],
                t("kasus", "cases", lang),
            ),
            Table(
                "penyimpangan",
                t("Penyimpangan", "Deviations", lang),
                [t("Penyimpangan", "Deviation", lang), t("Kasus", "Cases", lang)],
                [[text, count] for text, count in counts],
                [Bar(text, float(count)) for text, count in counts[:10]],
                t("kasus", "cases", lang),
            ),
            Table(
                "menyimpang",
                t("Kasus yang menyimpang", "Deviating cases", lang),
                [t("Kode lacak", "Tracking code", lang), t("Penyimpangan", "Deviations", lang)],
                deviating,
                total=work.deviating_total,
            ),
            Table(
                "kelengkapan",
                t("Kelengkapan yang dikecualikan", "Waived requirements", lang),
                [
                    t("Langkah", "Step", lang),
                    t("Butir", "Item", lang),
                    t("Kali", "Times", lang),
                    t("Alasan", "Reasons", lang),
                ],
                [
                    [w.step, w.item, w.count, "; ".join(f"{reason} ({n})" for reason, n in w.reasons)]
                    for w in work.waivers
                ],
                [Bar(f"{w.step}. {w.item}", float(w.count)) for w in work.waivers],
                t("kali dikecualikan", "times waived", lang),
            ),
            Table(
                "penolakan",
                t("Permohonan ditolak dan alasannya", "Rejections and their reasons", lang),
                [t("Langkah", "Step", lang), t("Alasan", "Reason", lang), t("Kasus", "Cases", lang)],
                [[r.step, r.reason, r.count] for r in work.rejections],
                [Bar(r.reason, float(r.count)) for r in work.rejections],
                t("kasus", "cases", lang),
            ),
            Table(
                "perulangan",
                t("Perulangan per keputusan", "Loops per decision", lang),
                [
                    t("Keputusan", "Decision", lang),
                    t("Kasus yang berulang", "Cases looping", lang),
                    t("Jumlah perulangan", "Loops", lang),
                    t("Terbanyak dalam satu kasus", "Most in one case", lang),
                ],
                [[loop.activity, loop.cases_looping, loop.loops, loop.most] for loop in work.loops],
                [Bar(loop.activity, float(loop.loops)) for loop in work.loops],
                t("perulangan", "loops", lang),
            ),
            Table(
                "beban",
                t("Beban kerja per peran", "Workload per role", lang),
                [
                    t("Peran", "Role", lang),
                    t("Tugas selesai", "Tasks done", lang),
                    t("Tugas terbuka", "Open tasks", lang),
                    t("Menit kerja", "Working minutes", lang),
                ],
                [[r.name, r.completed, r.open, round(r.minutes, 1)] for r in work.roles],
                [Bar(r.name, float(r.completed)) for r in work.roles],
                t("tugas selesai", "tasks done", lang),
            ),
        )
    }
