"""Who may see what: one place for the rules the screens and the API share.

A user sees the cases of SOPs in which they hold a role of the case's organisation; the engine decides who
may act. Personal data of an applicant is shown in full only to the roles that handle the applicant: the
roles that open the case (the loket) and the roles of the current task; everyone else sees it masked.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404

from sopan.engine.personal import MARKER, NIK_IN_TEXT
from sopan.web.accounts.models import Administrator, RoleAssignment, holding
from sopan.web.cases.models import Case, Task
from sopan.web.catalog.models import Organisation
from sopan.web.catalog.runtime import process_for

__all__ = [
    "administered_organisations",
    "can_administer",
    "can_see_personal_data",
    "case_or_404",
    "inbox_tasks",
    "mask_free_text",
    "mask_name",
    "mask_nik",
    "masked_applicant",
    "masked_free_texts",
    "role_codes",
    "visible_case",
    "visible_cases",
]

CASE_ROWS = ("sop_version__sop__organisation", "organisation")


def role_codes(user: AbstractBaseUser, organisation_id: int) -> frozenset[str]:
    """The codes of the roles the user holds today in the organisation (a Plt/Plh only inside its period)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        RoleAssignment.objects.filter(holding(), user=user, role__organisation_id=organisation_id).values_list(
            "role__code", flat=True
        )
    )


def visible_cases(user: AbstractBaseUser) -> QuerySet[Case]:
    """Cases of SOP versions in which the user holds one of the lanes (roles are per organisation)."""
    if not user.is_authenticated:
        return Case.objects.none()
    if user.is_superuser:
        return Case.objects.all()
    roles = RoleAssignment.objects.filter(holding(), user=user).values_list("role_id", flat=True)
    return Case.objects.filter(pk__in=Case.objects.filter(sop_version__roles__in=roles).values("pk"))


def visible_case(user: AbstractBaseUser, case_id: uuid.UUID) -> Case | None:
    """The case with its version, SOP and organisation, if this user may see it; None otherwise."""
    return visible_cases(user).filter(pk=case_id).select_related(*CASE_ROWS).first()


def case_or_404(user: AbstractBaseUser, case_id: uuid.UUID) -> Case:
    """The case, if this user may see it; otherwise 404, with no hint that it exists."""
    case = visible_case(user, case_id)
    if case is None:
        raise Http404("case")
    return case


def can_see_personal_data(user: AbstractBaseUser, case: Case) -> bool:
    """The reception (the first step done by an officer) and whoever works the case now see it in full."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    mine = role_codes(user, case.organisation_id)
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
    """Open tasks of every role the user holds today, oldest due first (tasks without a due time last)."""
    from django.db.models import F

    roles = RoleAssignment.objects.filter(holding(), user=user).values_list("role_id", flat=True)
    return (
        Task.objects.filter(is_open=True, roles__in=roles, case__status=Case.Status.OPEN)
        .select_related("case__sop_version__sop", "case__organisation", "claimed_by")
        .distinct()
        .order_by(F("due_at").asc(nulls_last=True), "activated_at")
    )


def mask_nik(nik: str | None) -> str:
    """••••••••••••0001: the last four digits at most, enough to tell two applicants apart."""
    if not nik:
        return "-"
    return "•" * (len(nik) - 4) + nik[-4:] if len(nik) > 8 else "•" * len(nik)


def mask_free_text(text: str | None) -> str | None:
    """A note or reason as lists and exports show it: each 16-digit number (a NIK) masked like a NIK."""
    if not text:
        return text
    return NIK_IN_TEXT.sub(lambda found: mask_nik(found[0]), text)


def mask_name(name: str | None) -> str:
    """'Ani Lestari' -> 'A** L******'."""
    if not name:
        return "-"
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


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
