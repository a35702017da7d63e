"""The performance figures as tables: one shape for the screen, the CSV downloads and the charts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sopan.i18n import t
from sopan.web.monitoring.performance import Performance

__all__ = ["TABLES", "Bar", "Cell", "Table", "percent", "tables"]

Cell = str | int | float | None


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    limit: float | None = None  # a reference line, e.g. the mutu baku


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    bars: list[Bar] = field(default_factory=list)
    unit: str = ""
    total: int | None = None  # the rows there are when ``rows`` holds only the first of them


TABLES = ("kasus", "langkah", "antrean", "keputusan")


def percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _local(moment: dt.datetime | None, zone: dt.tzinfo) -> str:
    return "" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def tables(figures: Performance, lang: str, zone: dt.tzinfo) -> dict[str, Table]:
    """The four tables of the performance view, headed in ``lang``."""
    c = figures.cases
    rows: list[list[Cell]] = [
        [t("Dibuka", "Opened", lang), c.opened],
        [t("Selesai", "Finished", lang), c.finished],
        [t("Ditolak", "Rejected", lang), c.rejected],
        [t("Dibatalkan", "Cancelled", lang), c.cancelled],
        [t("Masih berjalan", "Still open", lang), c.open],
        [t("Selesai tepat waktu", "Finished on time", lang), c.on_time],
        [t("Selesai tepat waktu (%)", "Finished on time (%)", lang), percent(c.on_time_share)],
    ]
    cases = Table(
        "kasus",
        t("Kasus dalam periode", "Cases in the period", lang),
        [t("Ukuran", "Measure", lang), t("Nilai", "Value", lang)],
        rows,
        [Bar(str(row[0]), float(row[1])) for row in rows[:5] if isinstance(row[1], int)],
        t("kasus", "cases", lang),
    )
    steps = Table(
        "langkah",
        t("Waktu kerja per langkah (menit kerja)", "Working time per step (working minutes)", lang),
        [
            t("Langkah", "Step", lang),
            t("Mutu baku", "Standard", lang),
            t("Mutu baku (menit)", "Standard (minutes)", lang),
            t("Selesai", "Done", lang),
            t("Median (menit)", "Median (minutes)", lang),
            t("Persentil 90 (menit)", "90th percentile (minutes)", lang),
            t("Dalam mutu baku (%)", "Within standard (%)", lang),
        ],
        [
            [
                s.activity,
                s.standard,
                _minutes(s.standard_minutes),
                s.completed,
                _minutes(s.median),
                _minutes(s.p90),
                percent(s.within_share),
            ]
            for s in figures.steps
        ],
        [Bar(s.activity, s.median, s.standard_minutes) for s in figures.steps],
        t("menit kerja (median; garis = mutu baku)", "working minutes (median; line = standard)", lang),
    )
    now = figures.now
    waiting = Table(
        "antrean",
        t("Tempat kasus menunggu sekarang", "Where cases wait now", lang),
        [
            t("Langkah", "Step", lang),
            t("Tugas terbuka", "Open tasks", lang),
            t("Lewat tenggat", "Overdue", lang),
            t("Terlama sejak", "Oldest since", lang),
            t("Umur terlama (hari)", "Oldest age (days)", lang),
        ],
        [
            [w.activity, w.open_tasks, w.overdue, _local(w.oldest_since, zone), w.oldest_days(now)]
            for w in figures.waiting
        ],
        [Bar(w.activity, float(w.open_tasks)) for w in figures.waiting],
        t("tugas terbuka", "open tasks", lang),
    )
    decisions = Table(
        "keputusan",
        t("Dikembalikan (jawaban 'tidak') per keputusan", "Sent back ('tidak') per decision", lang),
        [
            t("Keputusan", "Decision", lang),
            t("Dijawab", "Answered", lang),
            t("Tidak", "No", lang),
            t("Tidak (%)", "No (%)", lang),
        ],
        [[d.activity, d.answered, d.no, percent(d.no_share)] for d in figures.decisions],
        [Bar(d.activity, percent(d.no_share)) for d in figures.decisions],
        "%",
    )
    return {table.key: table for table in (cases, steps, waiting, decisions)}
