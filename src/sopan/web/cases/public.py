"""The citizen's status page: by tracking code, without login, with nothing personal, rate-limited per address."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sopan.engine import CaseState
from sopan.engine.personal import personal_values, scrub_text
from sopan.engine.tracking import TrackingCodeError, format_code, normalise_code
from sopan.web.cases.access import late_while_running
from sopan.web.cases.models import Case
from sopan.web.catalog.runtime import process_for
from sopan.web.throttle.limits import address_retry_after
from sopan.web.ui.errors import too_many_requests
from sopan.web.ui.language import text

__all__ = ["late_now", "over_limit", "public_hold", "public_reason", "public_status"]

_LONG_NUMBER = re.compile(r"(?<![0-9])[0-9][0-9 .-]{6,}[0-9](?![0-9])")  # a phone or an ID number written in a note


def public_reason(state: CaseState) -> str | None:
    """Why a case was rejected or cancelled, as the applicant may read it: the applicant's own data and any long
    number (a NIK, a KK or a phone number) replaced by a marker."""
    if state.close_reason is None or state.status not in ("rejected", "cancelled"):
        return None
    scrubbed = scrub_text(state.close_reason, personal_values(state.applicant))
    return _LONG_NUMBER.sub("[…]", scrubbed)


def over_limit(request: HttpRequest) -> int | None:
    """Seconds to wait when this address asked too often (guessing codes is pointless and slow), else None.

    Counted in the database (``status-address`` in ``settings.THROTTLE_LIMITS``), so all workers share it."""
    return address_retry_after("status-address", request)


def public_hold(state: CaseState, zone: ZoneInfo) -> dict | None:
    """What the applicant must bring and since when, while the case waits for them (personal data masked)."""
    if state.hold is None:
        return None
    values = personal_values(state.applicant)
    missing = [_LONG_NUMBER.sub("[…]", scrub_text(item, values)) for item in state.hold["missing"]]
    return {"since": dt.datetime.fromisoformat(state.hold["since"]).astimezone(zone), "missing": missing}


def late_now(case: Case) -> bool:
    """Past the promised time, not counting a wait for the applicant: a held case is judged as at its hold."""
    hold = case.typed_state.hold
    if hold is None:
        return case.is_late
    return late_while_running(case.due_at, hold, timezone.now())


def _sentence(reason: str) -> str:
    """A code's fault as a message of its own (the reason is also written after a field's name, in lower case)."""
    return reason[:1].upper() + reason[1:] + ("" if reason.endswith(".") else ".")


def public_status(request: HttpRequest, code: str | None = None) -> HttpResponse:
    asked = request.GET.get("kode", "").strip()[:30]
    if code is None and asked:
        try:  # the code goes into the URL only once it is well-formed (no '/', never empty)
            return redirect("public-status-code", code=format_code(asked))
        except TrackingCodeError as error:
            context = {"code": asked, "error": _sentence(text(request, error.reason_id, error.reason_en))}
            return render(request, "cases/public_status.html", context, status=404)
    context: dict = {"code": code or ""}
    if code is None:
        return render(request, "cases/public_status.html", context)
    if (retry_after := over_limit(request)) is not None:
        return too_many_requests(request, "cases/public_status.html", context, retry_after)
    try:
        normal = normalise_code(code)
    except TrackingCodeError as error:
        context["error"] = _sentence(text(request, error.reason_id, error.reason_en))
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
            "late": late_now(case),
            "reason": public_reason(case.typed_state),
            "hold": public_hold(case.typed_state, zone),
        }
    )
    return render(request, "cases/public_status.html", context)
