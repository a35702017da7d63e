"""Event times as XES writes them (ISO 8601 to the millisecond with the zone's offset), made by the database."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import CharField, Func, Value

__all__ = ["IsoMillis", "iso_millis"]


def iso_millis(at: dt.datetime, zone: ZoneInfo) -> str:
    """``at`` in ``zone``, e.g. 2026-10-01T08:00:00.123+07:00 (milliseconds truncated, as ``isoformat`` does)."""
    return at.astimezone(zone).isoformat(timespec="milliseconds")


class IsoMillis(Func):
    """``iso_millis`` computed by PostgreSQL (``to_char`` in the zone, then the offset at that instant), so the
    exporter parses and formats no datetime (elsewhere read the datetime and format it with ``iso_millis``)."""

    output_field = CharField()

    def __init__(self, expression: Any, zone: ZoneInfo) -> None:
        super().__init__(expression, Value(str(zone)))

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        at, at_params = compiler.compile(self.source_expressions[0])
        zone, zone_params = compiler.compile(self.source_expressions[1])
        local = f"({at} AT TIME ZONE {zone})"
        offset = f"({local} - ({at} AT TIME ZONE 'UTC'))"
        sql = (
            f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') || CASE WHEN {offset} < interval '0' "
            f"THEN '-' || to_char(-{offset}, 'HH24:MI') ELSE '+' || to_char({offset}, 'HH24:MI') END"
        )
        params = [*at_params, *zone_params]  # local
        params += [*at_params, *zone_params, *at_params]  # offset in the CASE test
        params += [*at_params, *zone_params, *at_params]  # offset when negative
        params += [*at_params, *zone_params, *at_params]  # offset when positive
        return sql, params

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        raise NotImplementedError("IsoMillis is PostgreSQL's; elsewhere read the datetime and use iso_millis")
