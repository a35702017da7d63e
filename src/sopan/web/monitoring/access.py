"""Who may see an organisation's figures, event log, Tabel 7 and evaluations: its own officers (an internal role),
its administrators and superusers; who evaluates (fills and signs Tabel 7 and the seven criteria): its
administrators and superusers.

The figures and the log name steps and roles, never an applicant or a single officer, so no narrower rule is
needed yet; an outside party's lane (Pemohon) does not count.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from sopan.web.accounts.models import RoleAssignment, holding
from sopan.web.cases.access import can_administer
from sopan.web.catalog.models import Organisation

__all__ = ["may_evaluate", "may_monitor"]


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
