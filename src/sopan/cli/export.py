"""`sopan ekspor-log`: an organisation's event log as XES or OCEL 2.0 for process-mining tools."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import t
from .options import err, out

__all__ = ["register"]

FORMATS = ("xes", "ocel-json", "ocel-sqlite")


def export_log_command(
    organisation: Annotated[str, typer.Argument(help=t("Kode organisasi, mis. kec-bawang.", "Organisation code."))],
    output: Annotated[Path, typer.Option("--output", "-o", help=t("Berkas keluaran.", "Output file."))],
    fmt: Annotated[str, typer.Option("--format", help="xes | ocel-json | ocel-sqlite")] = "xes",
    sop: Annotated[str | None, typer.Option("--sop", help=t("Hanya SOP ini (kunci).", "Only this SOP (key)."))] = None,
    start: Annotated[
        str | None, typer.Option("--dari", help=t("Kasus dibuka sejak (TTTT-BB-HH).", "Cases opened from."))
    ] = None,
    end: Annotated[
        str | None, typer.Option("--sampai", help=t("Sampai tanggal ini (termasuk).", "Until (inclusive)."))
    ] = None,
) -> None:
    if fmt not in FORMATS:
        err.print(
            t(
                f"--format '{fmt}' tidak dikenal; pilih salah satu: {', '.join(FORMATS)}",
                f"Unknown --format '{fmt}'; choose one of: {', '.join(FORMATS)}",
            )
        )
        raise typer.Exit(2)
    from .calendar import _date, _organisation

    first = _date(start, "--dari") if start is not None else None
    last = _date(end, "--sampai") if end is not None else None
    if first and last and last < first:
        err.print(t("--sampai lebih awal dari --dari", "--sampai is before --dari"))
        raise typer.Exit(2)
    found = _organisation(organisation)
    from ..web.catalog.models import Sop
    from ..web.monitoring.eventlog import LogSelection
    from ..web.monitoring.export import LogFormat, export_log
    from ..web.monitoring.performance import PeriodError, checked_day

    if sop and not Sop.objects.filter(organisation=found, key=sop).exists():
        err.print(t(f"{found.code}: SOP '{sop}' tidak ada", f"{found.code}: no SOP '{sop}'"))
        raise typer.Exit(2)
    try:
        for day, name in ((first, "--dari"), (last, "--sampai")):
            if day is not None:
                checked_day(day, name)
    except PeriodError as error:
        err.print(t(error.text_id, error.text_en))
        raise typer.Exit(2) from None
    try:
        count = export_log(LogSelection(found, sop, first, last), LogFormat(fmt), output)
    except (OSError, sqlite3.Error) as error:
        reason = getattr(error, "strerror", None) or str(error)
        err.print(t(f"{output}: tidak dapat ditulis ({reason})", f"{output}: cannot write ({reason})"))
        raise typer.Exit(1) from None
    what = t("kasus", "cases") if fmt == "xes" else t("peristiwa", "events")
    out.print(f"{output}: {count} {what} ({fmt})")


def register(app: typer.Typer) -> None:
    app.command(
        "ekspor-log",
        help=t(
            "Ekspor log peristiwa kasus sebagai XES atau OCEL 2.0 (JSON, SQLite) untuk alat process mining.",
            "Export the cases' event log as XES or OCEL 2.0 (JSON, SQLite) for process-mining tools.",
        ),
    )(export_log_command)
