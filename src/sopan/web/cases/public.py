"""The citizen's status page: by tracking code, without login, with nothing personal, rate-limited per address."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sopan.engine.tracking import TrackingCodeError, format_code, normalise_code
from sopan.web.cases.models import Case
from sopan.web.catalog.runtime import process_for
from sopan.web.ui.language import text

__all__ = ["over_limit", "public_status"]

LIMIT_PER_MINUTE = 20


def over_limit(request: HttpRequest) -> bool:
    """True when this address asked too often in the current minute (guessing codes is pointless and slow)."""
    address = request.META.get("REMOTE_ADDR", "?")
    key = f"status:{address}:{timezone.now():%Y%m%d%H%M}"
    count = cache.get_or_set(key, 0, timeout=70)
    cache.incr(key)
    return count >= LIMIT_PER_MINUTE


def public_status(request: HttpRequest, code: str | None = None) -> HttpResponse:
    asked = request.GET.get("kode", "").strip()[:30]
    if code is None and asked:
        try:  # the code goes into the URL only once it is well-formed (no '/', never empty)
            return redirect("public-status-code", code=format_code(asked))
        except TrackingCodeError as error:
            context = {"code": asked, "error": text(request, error.reason_id, error.reason_en)}
            return render(request, "cases/public_status.html", context, status=404)
    context: dict = {"code": code or ""}
    if code is None:
        return render(request, "cases/public_status.html", context)
    if over_limit(request):
        context["error"] = text(
            request, "Terlalu banyak permintaan. Coba lagi sebentar lagi.", "Too many requests. Try again shortly."
        )
        return render(request, "cases/public_status.html", context, status=429)
    try:
        normal = normalise_code(code)
    except TrackingCodeError as error:
        context["error"] = text(request, error.reason_id, error.reason_en)
        return render(request, "cases/public_status.html", context, status=404)
    case = (
        Case.objects.select_related("sop_version__sop", "organisation")
        .filter(tracking_code=format_code(normal))
        .first()
    )
    if case is None:
        context["error"] = text(
            request,
            "Kode tidak ditemukan. Periksa kembali kode pada tanda terima.",
            "Code not found. Check the code on your receipt.",
        )
        return render(request, "cases/public_status.html", context, status=404)
    process = process_for(case.sop_version)
    zone = ZoneInfo(case.organisation.timezone)
    step = process.find_step(case.current_step)
    context.update(
        {
            "case": case,
            "sop": case.sop_version.sop,
            "organisation": case.organisation,
            "step": step,
            "opened": case.opened_at.astimezone(zone),
            "due": case.due_at.astimezone(zone) if case.due_at else None,
            "closed": case.closed_at.astimezone(zone) if case.closed_at else None,
            "late": case.is_late,
        }
    )
    return render(request, "cases/public_status.html", context)
