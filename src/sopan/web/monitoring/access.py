"""Who may see an organisation's figures, event log, Tabel 7 and evaluations: its own officers (an internal role),
its administrators and superusers; who evaluates (fills and signs Tabel 7 and the seven criteria): its
administrators and superusers.

The figures and the log name steps and roles, never an applicant or a single officer, so no narrower rule is
needed yet; an outside party's lane (Pemohon) does not count.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from sopan.web.accounts.models import Administrator, RoleAssignment, holding
from sopan.web.cases.access import can_administer
from sopan.web.catalog.models import Organisation

__all__ = ["may_evaluate", "may_monitor", "monitored_organisations"]


def may_monitor(user: AbstractBaseUser, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    officer = RoleAssignment.objects.filter(holding(), user=user, role__organisation=organisation, role__external=False)
    return officer.exists() or may_evaluate(user, organisation)


def may_evaluate(user: AbstractBaseUser, organisation: Organisation) -> bool:
    """Who fills and signs Tabel 7 and the evaluation: the organisation's administrators and superusers."""
    return can_administer(user, organisation)


def monitored_organisations(user: AbstractBaseUser) -> QuerySet[Organisation]:
    """Every organisation ``may_monitor`` allows, as one query (a province's dashboard reads several)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    officer = RoleAssignment.objects.filter(holding(), user=user, role__external=False).values("role__organisation_id")
    administered = Administrator.objects.filter(user=user).values("organisation_id")
    return Organisation.objects.filter(Q(pk__in=officer) | Q(pk__in=administered))
