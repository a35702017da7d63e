"""The performance view of an SOP: its tables, a bar chart beside each, and each table as CSV and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from sopan.web.catalog.models import Sop
from sopan.web.monitoring.access import may_monitor
from sopan.web.monitoring.casework import casework, deviating_cases
from sopan.web.monitoring.casework_tables import CASEWORK_TABLES, casework_tables, deviating_row
from sopan.web.monitoring.performance import Performance, Period, PeriodError, performance
from sopan.web.monitoring.spreadsheet import XLSX, workbook
from sopan.web.monitoring.svg import bar_chart
from sopan.web.monitoring.tables import TABLES, Cell, Table, tables
from sopan.web.ui.language import text

__all__ = ["ROWS_SHOWN", "performance_csv", "performance_page", "performance_xlsx"]

ROWS_SHOWN = 200  # a table's rows on the page (the deviating cases can be thousands); the downloads hold all


def _sop(request: HttpRequest, organisation: str, key: str) -> Sop:
    """The SOP, or 404 for one the user may not monitor (no hint that it exists)."""
    sop = get_object_or_404(Sop.objects.select_related("organisation"), organisation__code=organisation, key=key)
    if not may_monitor(request.user, sop.organisation):
        raise Http404("sop")
    return sop


def _figures(request: HttpRequest, sop: Sop) -> Performance:
    zone = ZoneInfo(sop.organisation.timezone)
    today = dt.datetime.now(zone).date()
    period = Period.parse(request.GET.get("dari"), request.GET.get("sampai"), today)
    return performance(sop, period)


def _tables(
    request: HttpRequest, figures: Performance, only: str | None = None, deviating: int | None = 0
) -> dict[str, Table]:
    """The performance tables, then the casework's (only when asked for) with the first ``deviating`` deviating
    cases (None: all)."""
    lang = request.lang  # type: ignore[attr-defined]
    shown = tables(figures, lang, ZoneInfo(figures.sop.organisation.timezone))
    if only is None or only in CASEWORK_TABLES:
        shown |= casework_tables(casework(figures.sop, figures.period, deviating), lang)
    return shown


@login_required
def performance_page(request: HttpRequest, organisation: str, key: str) -> HttpResponse:
    sop = _sop(request, organisation, key)
    try:
        figures = _figures(request, sop)
    except PeriodError as error:
        message = text(request, error.text_id, error.text_en)
        return render(request, "monitoring/performance.html", {"sop": sop, "error": message}, status=400)
    query = f"?dari={figures.period.start}&sampai={figures.period.end}"
    sections = [
        {
            "table": table,
            "rows": table.rows[:ROWS_SHOWN],
            "more": max(0, (len(table.rows) if table.total is None else table.total) - ROWS_SHOWN),
            "chart": mark_safe(bar_chart(table.bars, table.title)),
            "csv": f"{table.key}.csv{query}",
            "xlsx": f"{table.key}.xlsx{query}",
        }
        for table in _tables(request, figures, deviating=ROWS_SHOWN).values()
    ]
    context = {"sop": sop, "period": figures.period, "sections": sections, "now": figures.now}
    return render(request, "monitoring/performance.html", context)


def _download(
    request: HttpRequest, organisation: str, key: str, table: str, deviating: int | None = None
) -> tuple[Table, str, Performance] | HttpResponse:
    """The chosen table (with the first ``deviating`` deviating cases; None: all), its file name without suffix
    and the figures it was read from, or the 400 answer for a bad period."""
    if table not in TABLES + CASEWORK_TABLES:
        raise Http404("table")
    sop = _sop(request, organisation, key)
    try:
        figures = _figures(request, sop)
    except PeriodError as error:
        return HttpResponse(text(request, error.text_id, error.text_en), status=400, content_type="text/plain")
    name = f"{sop.organisation.code}_{sop.key}_{table}_{figures.period.start}_{figures.period.end}"
    return _tables(request, figures, only=table, deviating=deviating)[table], name, figures


@login_required
def performance_xlsx(request: HttpRequest, organisation: str, key: str, table: str) -> HttpResponse:
    found = _download(request, organisation, key, table)
    if isinstance(found, HttpResponse):
        return found
    chosen, name, _ = found
    response = HttpResponse(workbook([(chosen.key, chosen.columns, chosen.rows)], {0: 40}), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def performance_csv(request: HttpRequest, organisation: str, key: str, table: str) -> HttpResponse:
    found = _download(request, organisation, key, table, deviating=0)
    if isinstance(found, HttpResponse):
        return found
    chosen, name, figures = found
    rows: Iterable[list[Cell]] = chosen.rows
    if table == "menyimpang":  # every deviating case, read from the reviews a chunk at a time
        lang = request.lang  # type: ignore[attr-defined]
        cases = deviating_cases(figures.sop, figures.period)
        rows = (deviating_row(code, judged, lang) for code, judged in cases)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow([_csv_text(cell) for cell in chosen.columns])
    writer.writerows([_csv_text(cell) for cell in row] for row in rows)
    return response


def _csv_text(cell: object) -> object:
    """A cell as the CSV holds it: a text a spreadsheet would read as a formula (a rejection's reason typed as
    ``=HYPERLINK(...)``) gets a leading apostrophe, as OWASP advises; numbers stay numbers."""
    if cell is None:
        return ""
    if isinstance(cell, str) and len(cell) > 1 and cell[0] in "=+-@\t\r":
        return "'" + cell
    return cell
