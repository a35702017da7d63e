"""What the monitoring API's endpoints share: the period query, and the organisation the caller may monitor."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from ninja import Field, Schema

from sopan.web.api.errors import ApiError, not_found
from sopan.web.catalog.models import Organisation, Sop
from sopan.web.monitoring.access import may_monitor
from sopan.web.monitoring.performance import Period, PeriodError

__all__ = ["PeriodQuery", "organisation_of", "period_of", "sop_of"]


class PeriodQuery(Schema):
    dari: str | None = Field(default=None, description="First day (YYYY-MM-DD); default six months before sampai")
    sampai: str | None = Field(default=None, description="Last day, included (YYYY-MM-DD); default today")


def organisation_of(request: HttpRequest, code: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None or not may_monitor(request.auth, organisation):
        raise not_found("Organisasi", "Organisation")
    return organisation


def sop_of(request: HttpRequest, code: str, key: str) -> Sop:
    sop = Sop.objects.filter(organisation=organisation_of(request, code), key=key).select_related("organisation")
    found = sop.first()
    if found is None:
        raise not_found("SOP", "SOP")
    return found


def period_of(query: PeriodQuery, organisation: Organisation) -> Period:
    today = dt.datetime.now(ZoneInfo(organisation.timezone)).date()
    try:
        return Period.parse(query.dari, query.sampai, today)
    except PeriodError as error:
        raise ApiError(422, "invalid_period", error.text_id, error.text_en) from None
