"""Who may see what: one place for the rules the screens and the API share.

A user sees the cases of SOPs in which they hold a role of the case's organisation; the engine decides who
may act. Personal data of an applicant is shown in full only to the roles that handle the applicant: the
roles that open the case (the loket) and the roles of the current task; everyone else sees it masked.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, NamedTuple

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.fields.json import KeyTransform
from django.http import Http404

from sopan.engine.personal import MARKER
from sopan.web.accounts.models import Administrator, RoleAssignment, holding
from sopan.web.cases.models import Case, Task, is_late
from sopan.web.catalog.models import Organisation, SopVersion, StepRole
from sopan.web.catalog.runtime import process_for
from sopan.web.ui.masks import mask_free_text, mask_name, mask_nik

__all__ = [
    "TOTAL_CAP",
    "CaseTotal",
    "administered_organisations",
    "can_administer",
    "can_see_personal_data",
    "case_or_404",
    "held_roles",
    "inbox_tasks",
    "late_while_running",
    "lean_cases",
    "mask_free_text",
    "mask_name",
    "mask_nik",
    "masked_applicant",
    "masked_free_texts",
    "role_codes",
    "visible_case",
    "visible_cases",
    "visible_count",
]

CASE_ROWS = ("sop_version__sop__organisation", "organisation")
# what list rows never show: the published definitions (tens of kB of JSON each) and the office's settings
DEFINITIONS = ("sop_version__definition", "sop_version__sop__organisation__definition", "organisation__definition")


def lean_cases(cases: QuerySet[Case]) -> QuerySet[Case]:
    """List rows: each case with its SOP and organisation but without ``state`` or the definitions; the applicant
    alone is read out of the state by the database, as ``applicant_json``."""
    return (
        cases.select_related(*CASE_ROWS)
        .defer("state", *DEFINITIONS)
        .annotate(applicant_json=KeyTransform("applicant", "state"))
    )


def role_codes(user: AbstractBaseUser, organisation_id: int) -> frozenset[str]:
    """The codes of the roles the user holds today in the organisation (a Plt/Plh only inside its period)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        RoleAssignment.objects.filter(holding(), user=user, role__organisation_id=organisation_id).values_list(
            "role__code", flat=True
        )
    )


def held_roles(user: AbstractBaseUser) -> QuerySet[RoleAssignment]:
    """The role assignments that count for this user today (a Plt or Plh within its period; an ended one not): the
    one place visibility and the inbox read them."""
    return RoleAssignment.objects.filter(holding(), user=user)


def visible_cases(user: AbstractBaseUser) -> QuerySet[Case]:
    """Cases of SOP versions in which the user holds one of the lanes (roles are per organisation).

    An EXISTS on the version's lanes (indexed by version and role), not a list of cases: a case lookup or a page
    of a list sorted by an index costs the same however much history exists.
    """
    if not user.is_authenticated:
        return Case.objects.none()
    if user.is_superuser:
        return Case.objects.all()
    lanes = SopVersion.roles.through.objects.filter(
        sopversion_id=OuterRef("sop_version_id"), role_id__in=held_roles(user).values("role_id")
    )
    return Case.objects.filter(Exists(lanes))


# a list counts its cases exactly up to here; beyond, it says "more than" (counting further costs as much as the
# history is long, and no reader pages through ten thousand cases: they narrow the search)
TOTAL_CAP = 10_000


class CaseTotal(NamedTuple):
    """How many cases a list found: ``count`` exactly, or, when ``more``, the cap (there are more than that)."""

    count: int
    more: bool


def visible_count(user: AbstractBaseUser, cases: QuerySet[Case]) -> CaseTotal:
    """How many of ``cases`` (narrowed from ``visible_cases``) there are, up to ``TOTAL_CAP``: counted along the
    index of each visible version, and never further than one past the cap, so a list's total costs the same with
    ten thousand cases of history or ten million."""
    if user.is_authenticated and not user.is_superuser:
        lanes = SopVersion.roles.through.objects.filter(role_id__in=held_roles(user).values("role_id"))
        cases = cases.filter(sop_version_id__in=lanes.values("sopversion_id"))
    found = cases.order_by().values("pk")[: TOTAL_CAP + 1].count()  # ids only: no row's JSON is read
    return CaseTotal(min(found, TOTAL_CAP), found > TOTAL_CAP)


def visible_case(user: AbstractBaseUser, case_id: uuid.UUID) -> Case | None:
    """The case with its version, SOP and organisation, if this user may see it; None otherwise."""
    return visible_cases(user).filter(pk=case_id).select_related(*CASE_ROWS).first()


def case_or_404(user: AbstractBaseUser, case_id: uuid.UUID) -> Case:
    """The case, if this user may see it; otherwise 404, with no hint that it exists."""
    case = visible_case(user, case_id)
    if case is None:
        raise Http404("case")
    return case


def can_see_personal_data(user: AbstractBaseUser, case: Case, roles: frozenset[str] | None = None) -> bool:
    """The reception (the first step done by an officer) and whoever works the case now see it in full.

    ``roles``: the user's :func:`role_codes` in the case's organisation when the caller has read them once for
    many cases (a page of a register book), so that each case costs no query."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    mine = role_codes(user, case.organisation_id) if roles is None else roles
    process = process_for(case.sop_version)
    reception = next((step for step in process.standard_path if not process.is_outside(step)), None)
    needing = set(process.acting_roles(reception)) if reception is not None else set()
    tasks = case.typed_state.tasks
    if case.status == Case.Status.OPEN and tasks:
        # an outside party's step is handled by the officer of the step before it
        handling = next((task for task in reversed(tasks) if not task.outside), None)
        if handling is not None:
            needing |= set(handling.roles)
    return bool(mine & needing)


def inbox_tasks(user: AbstractBaseUser) -> QuerySet[Task]:
    """Open tasks of every role the user holds, oldest due first (tasks without a due time last).

    An EXISTS on the roles of the task's step in its case's version (``StepRole``) instead of a join and
    DISTINCT: each task once, and no DISTINCT over the case's JSON. The rows carry the case's state (the inbox
    shows the applicant) but not the definitions.
    """
    roles = StepRole.objects.filter(
        sop_version_id=OuterRef("case__sop_version_id"),
        step=OuterRef("step"),
        role_id__in=held_roles(user).values("role_id"),
    )
    return (
        Task.objects.filter(Exists(roles), is_open=True, case__status=Case.Status.OPEN)
        .select_related("case__sop_version__sop", "case__organisation", "claimed_by")
        .defer("case__sop_version__definition", "case__organisation__definition")
        .order_by(F("due_at").asc(nulls_last=True), "activated_at")
    )


def late_while_running(due_at: dt.datetime | None, hold: dict[str, Any] | None, now: dt.datetime) -> bool:
    """A running task or case past its due time. While it waits for the applicant its clock stands still at the
    hold's start, so a hold (over a weekend, for weeks) never makes it late; one late before the hold stays late."""
    if hold is not None:
        now = min(now, dt.datetime.fromisoformat(hold["since"]))
    return is_late(due_at, None, running=True, now=now)


def masked_free_texts(value: Any) -> Any:
    """``value`` (JSON-ready) with :func:`mask_free_text` applied to every text in it."""
    if isinstance(value, str):
        return mask_free_text(value)
    if isinstance(value, dict):
        return {key: masked_free_texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [masked_free_texts(item) for item in value]
    return value


# ----- the office's administrator (pengelola) ---------------------------------------------------------------
def can_administer(user: AbstractBaseUser, organisation: Organisation | int) -> bool:
    """The organisation's administrators (and superusers) keep its settings and its personal-data duties."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    organisation_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    return Administrator.objects.filter(user=user, organisation_id=organisation_id).exists()


def administered_organisations(user: AbstractBaseUser) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(administrators__user=user)


def masked_applicant(applicant: dict | None, full: bool) -> dict | None:
    if applicant is None:
        return None
    if full or applicant.get("name") == MARKER:  # anonymised: nothing left to mask
        return dict(applicant)
    return {
        "name": mask_name(applicant.get("name")),
        "nik": mask_nik(applicant.get("nik")),
        "phone": "•••" if applicant.get("phone") else None,
        "address": "•••" if applicant.get("address") else None,
    }
