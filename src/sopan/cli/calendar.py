"""`sopan kalender`: an office's working calendar in the database, and its own changes to it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ..i18n import t
from .options import err, out

if TYPE_CHECKING:
    from ..web.catalog.models import Organisation

__all__ = ["register"]


calendar_app = typer.Typer(
    no_args_is_help=True,
    help=t(
        "Kalender kerja kantor di basis data: hari libur nasional dan cuti bersama, serta libur lokal, jam kerja "
        "yang berubah dan hari tetap buka. Tenggat langkah berikutnya langsung mengikutinya.",
        "The office's working calendar in the database: national holidays and cuti bersama, and its local "
        "holidays, changed hours and days kept open. Due times of later steps follow at once.",
    ),
)

OrgArgument = Annotated[str, typer.Argument(help=t("Kode organisasi, mis. kec-bawang.", "Organisation code."))]
StartArgument = Annotated[str, typer.Argument(help=t("Tanggal (TTTT-BB-HH).", "Date (YYYY-MM-DD)."))]
EndArgument = Annotated[
    str | None, typer.Argument(help=t("Sampai tanggal ini (termasuk).", "Until this date (inclusive)."))
]
NameOption = Annotated[str, typer.Option("--nama", help=t("Keterangan, mis. Hari Jadi Kabupaten.", "A label."))]


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        err.print(
            t(
                f"{what} '{text}' bukan tanggal; tulis TTTT-BB-HH, mis. 2026-12-15",
                f"{what} '{text}' is not a date; write YYYY-MM-DD, e.g. 2026-12-15",
            )
        )
        raise typer.Exit(2) from None


def _organisation(code: str) -> Organisation:
    from ..web import setup

    setup()
    from ..web.catalog.models import Organisation
    from ..web.startup_lock import migrate

    migrate()
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        known = ", ".join(Organisation.objects.order_by("code").values_list("code", flat=True)) or "-"
        err.print(t(f"Organisasi '{code}' tidak ada; yang ada: {known}", f"No organisation '{code}'; known: {known}"))
        raise typer.Exit(2)
    return found


def _change(code: str, kind: str, start: str, end: str | None, name: str = "", hours: str = "") -> None:
    first, last = _date(start, t("Tanggal", "Date")), _date(end, t("Tanggal akhir", "End date")) if end else None
    organisation = _organisation(code)
    from ..web.catalog.local_calendar import WHAT, LocalCalendarError, set_days

    try:
        days = set_days(organisation, kind, first, last, name=name, hours=hours)
    except LocalCalendarError as error:
        err.print(f"{organisation.code}: {error.text()}")
        raise typer.Exit(1) from None
    label = t(*WHAT["local-holiday" if kind == "holiday" else kind])
    span = f"{days[0]}" if len(days) == 1 else f"{days[0]} - {days[-1]} ({len(days)} {t('hari', 'days')})"
    out.print(f"{organisation.name}: {label}, {span}" + (f", {hours}" if hours else ""))


@calendar_app.command("lihat", help=t("Tampilkan kalender kerja satu tahun.", "Show a year's working calendar."))
def show(
    code: OrgArgument,
    year: Annotated[int, typer.Option("--tahun", help=t("Tahun.", "Year."))] = dt.date.today().year,
) -> None:
    organisation = _organisation(code)
    from ..web.catalog.local_calendar import WHAT, year_of
    from ..web.catalog.runtime import calendar_for
    from ..worktime.hours import DAY_NAMES

    week = calendar_for(organisation).hours.to_days()
    out.print(f"[bold]{organisation.name}[/bold] ({organisation.timezone}), {year}")
    out.print(t("Jam kerja: ", "Office hours: ") + "; ".join(f"{day} {hours}" for day, hours in week.items()))
    table = Table(show_header=True)
    for heading in (t("Tanggal", "Date"), t("Hari", "Day"), t("Jenis", "Kind"), t("Keterangan", "Name")):
        table.add_column(heading)
    table.add_column(t("Jam kerja", "Hours"))
    for day in year_of(organisation, year):
        table.add_row(
            day.date.isoformat(), DAY_NAMES[day.date.weekday()], t(*WHAT[day.what]), day.name, day.hours or "-"
        )
    out.print(table)


@calendar_app.command("libur", help=t("Jadikan tanggal libur lokal.", "Make dates a local holiday."))
def holiday(code: OrgArgument, start: StartArgument, end: EndArgument = None, name: NameOption = "") -> None:
    _change(code, "holiday", start, end, name=name)


@calendar_app.command("jam", help=t("Ubah jam kerja pada tanggal.", "Change the office hours on dates."))
def hours(
    code: OrgArgument,
    start: StartArgument,
    end: EndArgument = None,
    periods: Annotated[
        str, typer.Option("--jam", help=t("Jam kerja, mis. 07:30-12:00 atau 08:00-11:30, 13:00-15:00.", "Hours."))
    ] = "",
    name: NameOption = "",
) -> None:
    _change(code, "hours", start, end, name=name, hours=periods)


@calendar_app.command(
    "buka", help=t("Tetap buka pada libur nasional (jam biasa).", "Keep open on national holidays (usual hours).")
)
def keep_open(code: OrgArgument, start: StartArgument, end: EndArgument = None, name: NameOption = "") -> None:
    _change(code, "open", start, end, name=name)


@calendar_app.command("hapus", help=t("Batalkan perubahan kantor pada tanggal.", "Undo the office's changes."))
def remove(code: OrgArgument, start: StartArgument, end: EndArgument = None) -> None:
    first, last = _date(start, t("Tanggal", "Date")), _date(end, t("Tanggal akhir", "End date")) if end else None
    organisation = _organisation(code)
    from ..web.catalog.local_calendar import LocalCalendarError
    from ..web.catalog.local_calendar import remove as remove_days

    try:
        count = remove_days(organisation, first, last)
    except LocalCalendarError as error:
        err.print(f"{organisation.code}: {error.text()}")
        raise typer.Exit(1) from None
    out.print(t(f"{organisation.name}: {count} perubahan dihapus", f"{organisation.name}: {count} changes removed"))


def register(app: typer.Typer) -> None:
    app.add_typer(calendar_app, name="kalender")
