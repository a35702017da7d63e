"""The public status by tracking code: what the status page shows, nothing personal, with the page's rate limit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from sopan.engine.tracking import TrackingCodeError, format_code, normalise_code
from sopan.web.api.errors import ApiError, language, rate_limited
from sopan.web.api.schemas import Error, StatusOut
from sopan.web.cases.models import Case
from sopan.web.cases.public import late_now, over_limit, public_reason
from sopan.web.catalog.runtime import process_for

__all__ = ["router"]

router = Router(tags=["status"])

_ENGLISH = {"open": "Open", "finished": "Finished", "cancelled": "Cancelled", "rejected": "Rejected"}


@router.get(
    "/status/{code}",
    response={200: StatusOut, 404: Error, 429: Error},
    auth=None,
    summary="A case's public status by its tracking code (rate-limited per address)",
)
def public_status(request: HttpRequest, code: str) -> dict[str, Any]:
    if (retry_after := over_limit(request)) is not None:
        raise rate_limited(retry_after)
    try:
        normal = normalise_code(code[:30])
    except TrackingCodeError as error:
        raise ApiError(404, "invalid_code", error.reason_id, error.reason_en) from None
    case = (
        Case.objects.select_related("sop_version__sop", "organisation")
        .filter(tracking_code=format_code(normal))
        .first()
    )
    if case is None:
        raise ApiError(
            404,
            "not_found",
            "Kode tidak ditemukan. Periksa kembali kode pada tanda terima.",
            "Code not found. Check the code on your receipt.",
        )
    step = process_for(case.sop_version).find_step(case.current_step)
    return {
        "tracking_code": case.tracking_code,
        "sop": case.sop_version.sop.title,
        "organisation": case.organisation.name,
        "status": case.status,
        "status_label": _ENGLISH[case.status] if language(request) == "en" else case.get_status_display(),
        "current_step": step.number if step else None,
        "current_activity": step.activity if step else None,
        "opened_at": case.opened_at,
        "due_at": case.due_at,
        "closed_at": case.closed_at,
        "late": late_now(case),
        "reason": public_reason(case.typed_state),
    }
