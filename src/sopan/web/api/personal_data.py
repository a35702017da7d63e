"""The administrator's personal-data duties over JSON: the retention period, the cases due, anonymising them.

Only an administrator of the organisation (or a superuser) gets an answer; anyone else gets 404, with no hint
that the organisation has administrators. Refusals of the anonymiser are 409 with its code.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Router, Schema

from sopan.web.api.errors import ApiError, language, not_found
from sopan.web.api.schemas import Error
from sopan.web.cases.access import administered_organisations
from sopan.web.cases.models import Case
from sopan.web.cases.personal_data import (
    REASON_MAX,
    AnonymisationRefused,
    anonymise_case,
    anonymise_due,
    due_cases,
    organisation_retention_months,
)
from sopan.web.catalog.models import Organisation

__all__ = ["administered_or_404", "router"]

router = Router(tags=["personal data"])


class DueCaseOut(Schema):
    case_id: uuid.UUID
    tracking_code: str
    sop: str = Field(description="The SOP's title")
    status: str
    closed_at: dt.datetime
    retention_months: int
    retention_ends: dt.datetime


class PersonalDataOut(Schema):
    organisation: str
    retention_months: int = Field(description="In force: the office's setting, else organisasi.yaml, else 60")
    office_retention_months: int | None = Field(description="The office's own setting (empty: organisasi.yaml)")
    due: list[DueCaseOut]


class AnonymiseIn(Schema):
    case_id: uuid.UUID | None = Field(default=None, description="The case; or give its tracking_code")
    tracking_code: str | None = Field(default=None, max_length=16)
    on_request: bool = Field(default=False, description="The data subject asked: allowed before the period ends")
    reason: str = Field(default="", max_length=REASON_MAX, description="Required on request")


class AnonymisedOut(Schema):
    case_id: uuid.UUID
    tracking_code: str
    anonymised_at: dt.datetime


class RefusedOut(Schema):
    case_id: uuid.UUID
    tracking_code: str
    code: str = Field(description="The refusal's code, e.g. already_anonymised")
    message: str


class AnonymisedDueOut(Schema):
    done: int = Field(description="Cases anonymised")
    refused: int = Field(description="Cases refused (e.g. anonymised by someone else meanwhile); the others go on")
    anonymised: list[AnonymisedOut]
    refusals: list[RefusedOut]


def administered_or_404(request: HttpRequest, code: str) -> Organisation:
    found = administered_organisations(request.auth).filter(code=code).first()
    if found is None:
        raise not_found("Organisasi", "Organisation")
    return found


def _anonymised(case: Case) -> dict:
    return {"case_id": case.pk, "tracking_code": case.tracking_code, "anonymised_at": case.anonymised_at}


def _anonymise(request: HttpRequest, case: Case, **options: object) -> Case:
    try:
        return anonymise_case(request.auth, case, **options)  # type: ignore[arg-type]
    except AnonymisationRefused as refusal:
        raise ApiError(409, refusal.code, refusal.message.id, refusal.message.en) from None


@router.get(
    "/organisations/{code}/personal-data",
    response={200: PersonalDataOut, 401: Error, 404: Error},
    summary="The retention period in force and the closed cases past it (administrators)",
)
def personal_data(request: HttpRequest, code: str) -> dict:
    office = administered_or_404(request, code)
    due = [
        {
            "case_id": item.case.pk,
            "tracking_code": item.case.tracking_code,
            "sop": item.case.sop_version.sop.title,
            "status": item.case.status,
            "closed_at": item.case.closed_at,
            "retention_months": item.months,
            "retention_ends": item.ends,
        }
        for item in due_cases(office)
    ]
    return {
        "organisation": office.code,
        "retention_months": organisation_retention_months(office),
        "office_retention_months": office.retention_months,
        "due": due,
    }


@router.post(
    "/organisations/{code}/personal-data/anonymise",
    response={200: AnonymisedOut, 401: Error, 404: Error, 409: Error, 422: Error},
    summary="Anonymise one closed case: past its retention period, or on the data subject's request with a reason",
)
def anonymise_one(request: HttpRequest, code: str, body: AnonymiseIn) -> dict:
    office = administered_or_404(request, code)
    cases = Case.objects.filter(organisation=office)
    if body.case_id is not None:
        case = cases.filter(pk=body.case_id).first()
    elif body.tracking_code:
        case = cases.filter(tracking_code=body.tracking_code.strip().upper()).first()
    else:
        raise ApiError(422, "invalid_request", "Sebutkan case_id atau tracking_code.", "Give case_id or tracking_code.")
    if case is None:
        raise not_found()
    return _anonymised(_anonymise(request, case, reason=body.reason, on_request=body.on_request))


@router.post(
    "/organisations/{code}/personal-data/anonymise-due",
    response={200: AnonymisedDueOut, 401: Error, 404: Error},
    summary="Anonymise every closed case of the organisation past its retention period; each refusal is listed",
)
def anonymise_all_due(request: HttpRequest, code: str) -> dict:
    outcome = anonymise_due(request.auth, administered_or_404(request, code))  # type: ignore[arg-type]
    lang = language(request)
    return {
        "done": len(outcome.done),
        "refused": len(outcome.refused),
        "anonymised": [_anonymised(case) for case in outcome.done],
        "refusals": [
            {
                "case_id": case.pk,
                "tracking_code": case.tracking_code,
                "code": refusal.code,
                "message": refusal.text(lang),
            }
            for case, refusal in outcome.refused
        ],
    }
