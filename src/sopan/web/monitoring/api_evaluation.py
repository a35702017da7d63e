"""The monitoring API beyond the performance figures: conformance and casework per SOP, Tabel 7, the evaluation.

Read only: Tabel 7 and the evaluation are filled and signed on their screens. The same rules as there: an
organisation the caller may not monitor is 404; a period's form not kept yet is 404, except for an evaluator,
for whom it is made from the data as on the screen.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sopan.web.api.errors import ApiError, language, not_found
from sopan.web.api.schemas import Error
from sopan.web.monitoring.access import may_evaluate
from sopan.web.monitoring.api_common import PeriodQuery, organisation_of, period_of, sop_of
from sopan.web.monitoring.casework import casework
from sopan.web.monitoring.evaluation import CRITERIA, evidence_lines, fill_evaluation
from sopan.web.monitoring.models import Evaluation, MonitoringForm
from sopan.web.monitoring.places import half_problem
from sopan.web.monitoring.revision import revision_draft
from sopan.web.monitoring.tabel7 import fill, half_label

__all__ = ["router"]

router = Router(tags=["monitoring"])
ROW_FIELDS = ("number", "procedure", "suggested", "verdict", "note", "action", "figures")


class DeviationOut(Schema):
    text: str
    cases: int


class CaseDeviationsOut(Schema):
    tracking_code: str
    deviations: list[str]


class WaiverOut(Schema):
    step: int
    item: str
    count: int
    reasons: list[tuple[str, int]]


class RejectionOut(Schema):
    step: int | None
    reason: str
    count: int


class LoopOut(Schema):
    step: int
    activity: str
    cases_looping: int
    loops: int
    most: int


class RoleOut(Schema):
    code: str
    name: str
    completed: int
    open: int
    minutes: float


class CaseworkOut(Schema):
    organisation: str
    sop: str
    start: dt.date
    end: dt.date
    finished: int
    conforming: int
    conforming_share: float | None
    deviations: list[DeviationOut]
    deviating_cases: list[CaseDeviationsOut]
    waivers: list[WaiverOut]
    rejections: list[RejectionOut]
    loops: list[LoopOut]
    workload: list[RoleOut]


class RowOut(Schema):
    number: int
    sop: str
    procedure: str
    suggested: bool | None
    verdict: bool | None
    note: str
    action: str
    figures: dict


class SignedOut(Schema):
    signed_by: str | None
    signed_at: dt.datetime | None


class Tabel7Out(SignedOut):
    organisation: str
    year: int
    half: int
    period: str
    observations: str
    rows: list[RowOut]


class CriterionOut(Schema):
    key: str
    criterion: str
    ya: bool | None
    catatan: str
    evidence: list[str]


class EvaluationOut(SignedOut):
    organisation: str
    sop: str
    year: int
    half: int
    period: str
    criteria: list[CriterionOut]
    conclusion: str
    conclusion_note: str
    revision_draft: uuid.UUID | None = Field(
        None, description="The revision draft a signed 'revisi' conclusion opened, while it is being written"
    )


def _half(year: int, half: int) -> None:
    problem = half_problem(year, half)
    if problem is not None:
        raise ApiError(422, "invalid_period", *problem)


def _signed(kept: MonitoringForm | Evaluation) -> dict:
    return {"signed_by": kept.signed_by_name or None, "signed_at": kept.signed_at}


@router.get(
    "/pemantauan/{organisation}/{key}/kesesuaian",
    response={200: CaseworkOut, 404: Error, 422: Error},
    summary="Conformance, waived kelengkapan, rejections, loops and workload per role of an SOP for a period",
)
def sop_casework(request: HttpRequest, organisation: str, key: str, query: Query[PeriodQuery]) -> dict:
    sop = sop_of(request, organisation, key)
    period = period_of(query, sop.organisation)
    work = casework(sop, period)
    return {
        "organisation": sop.organisation.code,
        "sop": sop.key,
        "start": period.start,
        "end": period.end,
        "finished": work.finished,
        "conforming": work.conforming,
        "conforming_share": work.conforming_share,
        "deviations": [{"text": text, "cases": n} for text, n in work.deviation_counts(language(request))],
        "deviating_cases": [
            {"tracking_code": code, "deviations": [d.text(language(request)) for d in c.deviations]}
            for code, c in work.deviating
        ],
        "waivers": [vars(w) for w in work.waivers],
        "rejections": [vars(r) for r in work.rejections],
        "loops": [vars(loop) for loop in work.loops],
        "workload": [vars(r) for r in work.roles],
    }


@router.get(
    "/pemantauan/{organisation}/tabel7/{year}/{half}",
    response={200: Tabel7Out, 404: Error, 422: Error},
    summary="Tabel 7 of a half year (1: Januari-Juni, 2: Juli-Desember) as kept or, for an evaluator, as filled",
)
def tabel7(request: HttpRequest, organisation: str, year: int, half: int) -> dict:
    found = organisation_of(request, organisation)
    _half(year, half)
    if may_evaluate(request.auth, found):
        form = fill(found, year, half)
    else:
        form = MonitoringForm.objects.filter(organisation=found, year=year, half=half).first()
        if form is None:
            raise not_found("Tabel 7", "Tabel 7")
    rows = [
        {
            field: getattr(r, field)
            for field in ("number", "procedure", "suggested", "verdict", "note", "action", "figures")
        }
        | {"sop": r.sop.key}
        for r in form.rows.select_related("sop")
    ]
    return {
        **_signed(form),
        "organisation": found.code,
        "year": year,
        "half": half,
        "period": half_label(year, half),
        "observations": form.observations,
        "rows": rows,
    }


@router.get(
    "/pemantauan/{organisation}/{key}/evaluasi/{year}/{half}",
    response={200: EvaluationOut, 404: Error, 422: Error},
    summary="The seven-criteria evaluation of an SOP for a half year, with the figures as evidence",
)
def evaluation(request: HttpRequest, organisation: str, key: str, year: int, half: int) -> dict:
    sop = sop_of(request, organisation, key)
    _half(year, half)
    if may_evaluate(request.auth, sop.organisation):
        kept = fill_evaluation(sop, year, half)
    else:
        kept = Evaluation.objects.filter(sop=sop, year=year, half=half).first()
        if kept is None:
            raise not_found("Evaluasi", "Evaluation")
    criteria = [
        {
            "key": key_,
            "criterion": name,
            "ya": kept.answers.get(key_, {}).get("ya"),
            "catatan": kept.answers.get(key_, {}).get("catatan", ""),
            "evidence": evidence_lines(kept.evidence.get(key_, []), "id"),
        }
        for key_, name, _en in CRITERIA
    ]
    return {
        **_signed(kept),
        "organisation": sop.organisation.code,
        "sop": sop.key,
        "year": year,
        "half": half,
        "period": half_label(year, half),
        "criteria": criteria,
        "conclusion": kept.conclusion,
        "conclusion_note": kept.conclusion_note,
        "revision_draft": _revision(kept),
    }


def _revision(kept: Evaluation) -> uuid.UUID | None:
    draft = revision_draft(kept.sop) if kept.conclusion == Evaluation.Conclusion.REVISE else None
    return draft.pk if draft is not None else None
