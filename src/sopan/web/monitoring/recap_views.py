"""The daily and monthly recap screens: the figures per SOP for a day or a month, as a page, XLSX and PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sopan.web.catalog.models import Organisation, Sop
from sopan.web.monitoring.letterhead import letterhead
from sopan.web.monitoring.performance import PeriodError
from sopan.web.monitoring.places import organisation_for
from sopan.web.monitoring.printing import pdf_response
from sopan.web.monitoring.recap import DAILY, MONTHLY, Recap, RecapPeriod, recap
from sopan.web.monitoring.recap_tables import day_label, period_label, recap_table, recap_title, total_row
from sopan.web.monitoring.spreadsheet import XLSX, report_workbook
from sopan.web.ui.language import text

__all__ = [
    "PARAMETER",
    "RecapAsked",
    "asked_recap",
    "recap_document",
    "recap_file_name",
    "recap_page",
    "recap_pdf",
    "recap_workbook",
    "recap_xlsx",
]

PARAMETER = {DAILY: "tanggal", MONTHLY: "bulan"}


@dataclass(frozen=True)
class RecapAsked:
    """What the address asks for, read and checked; ``error`` (both languages) when the period is unreadable."""

    organisation: Organisation
    kind: str
    sop: Sop | None
    figures: Recap | None
    error: tuple[str, str] | None = None


def asked_recap(user: Any, code: str, kind: str, when: str | None, sop_key: str | None) -> RecapAsked:
    """The organisation (404 unless the user may monitor it), the SOP (404 if unknown) and the recap."""
    place = organisation_for(user, code)
    sop = None
    if sop_key:
        sop = Sop.objects.filter(organisation=place, key=sop_key).first()
        if sop is None:
            raise Http404("sop")
    today = dt.datetime.now(ZoneInfo(place.timezone)).date()
    try:
        period = RecapPeriod.parse(kind, when, today)
    except PeriodError as error:
        return RecapAsked(place, kind, sop, None, (error.text_id, error.text_en))
    return RecapAsked(place, kind, sop, recap(place, period, sop))


def _asked(request: HttpRequest, organisation: str, kind: str) -> RecapAsked:
    if kind not in PARAMETER:
        raise Http404("kind")
    return asked_recap(request.user, organisation, kind, request.GET.get(PARAMETER[kind]), request.GET.get("sop"))


def recap_file_name(figures: Recap, sop: Sop | None) -> str:
    """E.g. rekap-bulanan_kec-contoh_2026-11 or rekap-harian_kec-contoh_surat-keterangan_2026-11-05."""
    parts = [f"rekap-{figures.period.kind}", figures.organisation.code, *([sop.key] if sop else [])]
    return "_".join([*parts, figures.period.text])


def _signing_day(figures: Recap, lang: str) -> str:
    today = dt.datetime.now(ZoneInfo(figures.organisation.timezone)).date()
    return day_label(today, lang)


def recap_document(figures: Recap, sop: Sop | None, lang: str) -> dict[str, Any]:
    """What the page, the PDF and the XLSX show: the kop, title, period, table, totals and signature."""
    return {
        "head": letterhead(figures.organisation),
        "title": recap_title(figures, lang),
        "period_label": period_label(figures, lang),
        "table": recap_table(figures, lang),
        "total": total_row(figures, lang),
        "sop": sop,
        "signing_day": _signing_day(figures, lang),
    }


def _error(request: HttpRequest, asked: RecapAsked) -> HttpResponse:
    assert asked.error is not None
    return HttpResponse(text(request, *asked.error), status=400, content_type="text/plain; charset=utf-8")


@login_required
def recap_page(request: HttpRequest, organisation: str, kind: str) -> HttpResponse:
    asked = _asked(request, organisation, kind)
    context: dict[str, Any] = {
        "organisation": asked.organisation,
        "kind": kind,
        "parameter": PARAMETER[kind],
        "sop": asked.sop,
        "sops": Sop.objects.filter(organisation=asked.organisation).order_by("title"),
    }
    if asked.figures is None:
        context["error"] = text(request, *asked.error)  # type: ignore[misc]
        return render(request, "monitoring/recap.html", context, status=400)
    figures = asked.figures
    query = f"?{PARAMETER[kind]}={figures.period.text}" + (f"&sop={asked.sop.key}" if asked.sop else "")
    context |= recap_document(figures, asked.sop, request.lang)  # type: ignore[attr-defined]
    context |= {"figures": figures, "value": figures.period.text, "query": query}
    return render(request, "monitoring/recap.html", context)


def _download(request: HttpRequest, organisation: str, kind: str, suffix: str) -> HttpResponse:
    """The recap as a PDF (inline) or XLSX (attachment), or the 400 answer for a period that cannot be read."""
    asked = _asked(request, organisation, kind)
    if asked.figures is None:
        return _error(request, asked)
    lang = request.lang  # type: ignore[attr-defined]
    name = recap_file_name(asked.figures, asked.sop)
    if suffix == "pdf":
        shown = recap_document(asked.figures, asked.sop, lang)
        return pdf_response(request, "monitoring/recap_print.html", shown, name)
    response = HttpResponse(recap_workbook(asked.figures, asked.sop, lang), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def recap_workbook(figures: Recap, sop: Sop | None, lang: str) -> bytes:
    """The kop, title and period, the table with its totals row, then the place, date and signature block."""
    shown = recap_document(figures, sop, lang)
    head = shown["head"]
    heading = [*head.lines, shown["title"], f"{shown['period_label']}" + (f" - {sop.title}" if sop else "")]
    closing = [f"{head.place}, {shown['signing_day']}", head.position, "", "", head.name]
    if head.nip:
        closing.append(f"NIP {head.nip}")
    table = shown["table"]
    return report_workbook(
        figures.period.text, heading, table.columns, table.rows, shown["total"], closing, {0: 5, 1: 45}
    )


@login_required
def recap_pdf(request: HttpRequest, organisation: str, kind: str) -> HttpResponse:
    return _download(request, organisation, kind, "pdf")


@login_required
def recap_xlsx(request: HttpRequest, organisation: str, kind: str) -> HttpResponse:
    return _download(request, organisation, kind, "xlsx")
