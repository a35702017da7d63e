"""Who may see an organisation's figures and event log: its own officers (an internal role), and superusers;
who evaluates (Tabel 7, the seven criteria): its administrators and superusers, who may also see the figures.

The figures and the log name steps and roles, never an applicant or a single officer, so no narrower rule is
needed yet; an outside party's lane (Pemohon) does not count.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases.access import can_administer
from sopan.web.catalog.models import Organisation

__all__ = ["may_evaluate", "may_monitor", "may_see_evaluations"]


def may_monitor(user: AbstractBaseUser, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(user=user, role__organisation=organisation, role__external=False).exists()


def may_evaluate(user: AbstractBaseUser, organisation: Organisation) -> bool:
    """Who fills and signs Tabel 7 and the evaluation: the organisation's administrators and superusers."""
    return can_administer(user, organisation)


def may_see_evaluations(user: AbstractBaseUser, organisation: Organisation) -> bool:
    return may_monitor(user, organisation) or may_evaluate(user, organisation)
