"""The recap and the register book as tables with their titles, in either language: for the screen, XLSX and PDF."""

from __future__ import annotations

import calendar
import datetime as dt

from sopan.i18n import t
from sopan.model.dates import PartialDate
from sopan.web.monitoring.recap import DAILY, Recap, RecapLine
from sopan.web.monitoring.register_book import BookPage
from sopan.web.monitoring.tables import Cell, Table

__all__ = ["book_table", "book_title", "day_label", "period_label", "recap_table", "recap_title", "total_row"]


def _month(month: int, lang: str) -> str:
    return t(PartialDate(2000, month).indonesian().split()[0], calendar.month_name[month], lang)


def day_label(day: dt.date, lang: str) -> str:
    """'5 November 2026' in either language."""
    return f"{day.day} {_month(day.month, lang)} {day.year}"


def period_label(recap: Recap, lang: str) -> str:
    start = recap.period.period.start
    return day_label(start, lang) if recap.period.kind == DAILY else f"{_month(start.month, lang)} {start.year}"


def recap_title(recap: Recap, lang: str) -> str:
    if recap.period.kind == DAILY:
        return t("Rekapitulasi Harian Layanan", "Daily Service Recap", lang)
    return t("Rekapitulasi Bulanan Layanan", "Monthly Service Recap", lang)


def _line(recap: Recap, line: RecapLine) -> list[Cell]:
    average = line.average_minutes()
    return [
        line.opened,
        line.finished,
        line.on_time,
        line.late,
        line.held,
        line.rejected,
        line.cancelled,
        recap.hours(average),
        recap.days(average),
    ]


def recap_table(recap: Recap, lang: str) -> Table:
    """One row per SOP: No, SOP and the figures; the totals row is :func:`total_row`."""
    columns = [
        t("No", "No", lang),
        "SOP",
        t("Dibuka", "Opened", lang),
        t("Selesai", "Finished", lang),
        t("Selesai tepat waktu", "Finished on time", lang),
        t("Terlambat", "Late", lang),
        t("Ditunda menunggu pemohon", "Put on hold for the applicant", lang),
        t("Ditolak", "Rejected", lang),
        t("Dibatalkan", "Cancelled", lang),
        t("Rata-rata waktu kerja (jam kerja)", "Average working time (working hours)", lang),
        t("Rata-rata waktu kerja (hari kerja)", "Average working time (working days)", lang),
    ]
    rows = [[number, line.label, *_line(recap, line)] for number, line in enumerate(recap.lines, 1)]
    return Table("rekap", recap_title(recap, lang), columns, rows, unit=period_label(recap, lang))


def total_row(recap: Recap, lang: str) -> list[Cell]:
    return ["", t("Jumlah", "Total", lang), *_line(recap, recap.total)]


def book_title(book: BookPage, lang: str) -> str:
    return t(f"Buku Register: {book.register} Tahun {book.year}", f"Register book: {book.register}, {book.year}", lang)


def book_table(book: BookPage, lang: str) -> Table:
    columns = [
        t("No. urut", "No.", lang),
        t("Nomor register", "Register number", lang),
        t("Tanggal", "Date", lang),
        t("Kode lacak", "Tracking code", lang),
        t("Perihal/SOP", "Subject/SOP", lang),
        t("Pemohon", "Applicant", lang),
        t("Keterangan", "Remarks", lang),
    ]
    rows: list[list[Cell]] = [
        [line.row, line.number, line.day.isoformat(), line.tracking_code, line.sop, line.applicant, line.remark]
        for line in book.lines
    ]
    return Table("register", book_title(book, lang), columns, rows)
