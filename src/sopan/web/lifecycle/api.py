"""The lifecycle over JSON: an SOP's versions with their states and history (public, like the catalog), revoking
the version in force (the organisation's administrators) and the reminders (units and the Biro).

A refused transition is 409 with its code (``transition_not_allowed``, ``reason_required``, ...) and the reason in
the caller's language; a control character in the text is 422; an SOP the caller may not revoke is 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sopan.web import limits
from sopan.web.api.errors import ApiError, not_found
from sopan.web.api.schemas import Error
from sopan.web.cases.access import can_administer
from sopan.web.catalog.models import Sop
from sopan.web.lifecycle.forms import DECREE
from sopan.web.lifecycle.models import Transition, VersionState
from sopan.web.lifecycle.reminders import organisations_in_view, reminders_for
from sopan.web.lifecycle.services import revoke
from sopan.web.lifecycle.states import LifecycleError, State
from sopan.web.monitoring.access import may_monitor

__all__ = ["router"]

router = Router(tags=["lifecycle"])
StateName = str


class TransitionOut(Schema):
    version: int
    name: str = Field(description="terbitkan, gantikan, cabut, ... (see the table in lifecycle/states.py)")
    from_state: StateName = Field(description="Empty: the version had no state")
    to_state: StateName
    at: dt.datetime
    authority: str = Field(description="publikasi, unit, penelaah, pengesah or pengelola")
    actor: str | None = Field(description="The username; only for those who may see the organisation's monitoring")
    reason: str
    decree_number: str


class VersionStateOut(Schema):
    number: int
    published_at: dt.datetime
    state: StateName = Field(description=", ".join(state.value for state in State) + "; empty: none recorded")


class SopStatesOut(Schema):
    organisation: str
    key: str
    versions: list[VersionStateOut]
    history: list[TransitionOut] = Field(description="Oldest first")


class RevokeIn(Schema):
    version: int = Field(ge=1, description="The version in force, as the caller saw it")
    reason: str = Field(min_length=1, max_length=limits.TEXT)
    decree_number: str = Field(min_length=1, max_length=DECREE, description="The number of the revoking decree")


class ReminderOut(Schema):
    organisation: str
    key: str
    title: str
    version: int
    review_date: str | None = Field(description="Tanggal Revisi as written (YYYY, YYYY-MM or YYYY-MM-DD)")
    last_evaluated: dt.datetime | None
    reasons: list[str] = Field(description="'revisi': the review date has passed; 'evaluasi': not evaluated in a year")


class ReminderFilter(Schema):
    organisation: str = Field(default="", max_length=limits.CODE, description="One organisation's code")


def _sop(organisation: str, key: str) -> Sop:
    sop = Sop.objects.select_related("organisation").filter(organisation__code=organisation, key=key).first()
    if sop is None:
        raise not_found("SOP", "SOP")
    return sop


def _transition(row: Transition, show_actor: bool) -> dict[str, Any]:
    return {
        "version": row.version.number,
        "name": row.name,
        "from_state": row.from_state,
        "to_state": row.to_state,
        "at": row.at,
        "authority": row.authority,
        "actor": row.actor if show_actor else None,
        "reason": row.reason,
        "decree_number": row.decree_number,
    }


def _states(request: HttpRequest, sop: Sop) -> dict[str, Any]:
    states = dict(VersionState.objects.filter(sop=sop).values_list("version_id", "state"))
    show_actor = may_monitor(request.user, sop.organisation)
    history = Transition.objects.filter(version__sop=sop).select_related("version")
    return {
        "organisation": sop.organisation.code,
        "key": sop.key,
        "versions": [
            {"number": v.number, "published_at": v.published_at, "state": states.get(v.pk, "")}
            for v in sop.versions.order_by("-number").defer("definition")
        ],
        "history": [_transition(row, show_actor) for row in history],
    }


@router.get(
    "/sop/{organisation}/{key}/states",
    response={200: SopStatesOut, 404: Error},
    auth=None,
    summary="An SOP's versions with their states (BERLAKU, DIGANTIKAN, DICABUT, ...) and every transition",
)
def sop_states(request: HttpRequest, organisation: str, key: str) -> dict[str, Any]:
    return _states(request, _sop(organisation, key))


@router.post(
    "/sop/{organisation}/{key}/revoke",
    response={200: SopStatesOut, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error},
    summary="Revoke the SOP's version in force (DICABUT) with the reason and the revoking decree's number",
)
def sop_revoke(request: HttpRequest, organisation: str, key: str, body: RevokeIn) -> dict[str, Any]:
    sop = _sop(organisation, key)
    user = request.auth  # type: ignore[attr-defined]
    if not can_administer(user, sop.organisation):
        raise not_found("SOP", "SOP")
    version = sop.versions.filter(number=body.version).first()
    if version is None:
        raise not_found("Versi SOP", "SOP version")
    try:
        revoke(user, version, reason=body.reason, decree=body.decree_number)
    except LifecycleError as error:
        status = 422 if error.code == "invalid_text" else 409
        raise ApiError(status, error.code, error.text("id"), error.text("en")) from None
    return _states(request, sop)


@router.get(
    "/reminders",
    response={200: list[ReminderOut], 401: Error, 404: Error},
    summary="SOPs in force whose review date has passed or that were not evaluated in a year, for the caller's units",
)
def reminders(request: HttpRequest, filters: Query[ReminderFilter]) -> list[dict[str, Any]]:
    organisations = organisations_in_view(request.auth)  # type: ignore[attr-defined]
    if filters.organisation:
        organisations = [found for found in organisations if found.code == filters.organisation.strip()]
        if not organisations:
            raise not_found("Organisasi", "Organisation")
    return [
        {
            "organisation": reminder.sop.organisation.code,
            "key": reminder.sop.key,
            "title": reminder.sop.title,
            "version": reminder.version.number,
            "review_date": reminder.review_date.iso() if reminder.review_date else None,
            "last_evaluated": reminder.last_evaluated,
            "reasons": reminder.reasons,
        }
        for reminder in reminders_for(organisations)
    ]
