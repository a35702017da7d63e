"""The performance view of an SOP: four tables, a bar chart beside each, and each table as CSV."""

from __future__ import annotations

import csv
import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from sopan.web.catalog.models import Sop
from sopan.web.monitoring.access import may_monitor
from sopan.web.monitoring.performance import Performance, Period, PeriodError, performance
from sopan.web.monitoring.svg import bar_chart
from sopan.web.monitoring.tables import TABLES, tables
from sopan.web.ui.language import text

__all__ = ["performance_csv", "performance_page"]


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


@login_required
def performance_page(request: HttpRequest, organisation: str, key: str) -> HttpResponse:
    sop = _sop(request, organisation, key)
    zone = ZoneInfo(sop.organisation.timezone)
    try:
        figures = _figures(request, sop)
    except PeriodError as error:
        message = text(request, error.text_id, error.text_en)
        return render(request, "monitoring/performance.html", {"sop": sop, "error": message}, status=400)
    shown = tables(figures, request.lang, zone)  # type: ignore[attr-defined]
    query = f"?dari={figures.period.start}&sampai={figures.period.end}"
    sections = [
        {"table": table, "chart": mark_safe(bar_chart(table.bars, table.title)), "csv": f"{table.key}.csv{query}"}
        for table in shown.values()
    ]
    context = {"sop": sop, "period": figures.period, "sections": sections, "now": figures.now}
    return render(request, "monitoring/performance.html", context)


@login_required
def performance_csv(request: HttpRequest, organisation: str, key: str, table: str) -> HttpResponse:
    if table not in TABLES:
        raise Http404("table")
    sop = _sop(request, organisation, key)
    try:
        figures = _figures(request, sop)
    except PeriodError as error:
        return HttpResponse(text(request, error.text_id, error.text_en), status=400, content_type="text/plain")
    chosen = tables(figures, request.lang, ZoneInfo(sop.organisation.timezone))[table]  # type: ignore[attr-defined]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{sop.organisation.code}_{sop.key}_{table}_{figures.period.start}_{figures.period.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(chosen.columns)
    writer.writerows(["" if cell is None else cell for cell in row] for row in chosen.rows)
    return response
