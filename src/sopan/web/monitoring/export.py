"""One entry for every event-log export (XES, OCEL JSON, OCEL SQLite), used by the CLI and the API."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

from sopan.web.monitoring.eventlog import LogSelection
from sopan.web.monitoring.ocel import write_ocel_json, write_ocel_sqlite
from sopan.web.monitoring.xes import write_xes

__all__ = ["LogFormat", "export_log", "log_name"]


class LogFormat(StrEnum):
    xes = "xes"
    ocel_json = "ocel-json"
    ocel_sqlite = "ocel-sqlite"

    @property
    def suffix(self) -> str:
        return {"xes": ".xes", "ocel-json": ".jsonocel", "ocel-sqlite": ".sqlite"}[self.value]

    @property
    def media_type(self) -> str:
        return {"xes": "application/xml", "ocel-json": "application/json", "ocel-sqlite": "application/vnd.sqlite3"}[
            self.value
        ]


def log_name(selection: LogSelection) -> str:
    """A file name without suffix, e.g. kec-bawang_pembuatan-ktp_2026-01-01_2026-06-30."""
    parts = [selection.organisation.code, selection.sop_key or "semua"]
    parts += [day.isoformat() for day in (selection.start, selection.end) if isinstance(day, dt.date)]
    return "_".join(parts)


def export_log(selection: LogSelection, fmt: LogFormat, path: Path) -> int:
    """Write the selection's log to ``path``; returns the number of traces (XES) or events (OCEL)."""
    if fmt == LogFormat.xes:
        with path.open("wb") as out:
            return write_xes(selection, out, log_name(selection))
    if fmt == LogFormat.ocel_json:
        with path.open("w", encoding="utf-8") as out:
            return write_ocel_json(selection, out)
    return write_ocel_sqlite(selection, path)
