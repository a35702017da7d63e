"""Who may see an organisation's figures and event log: its own officers (an internal role), and superusers.

The figures and the log name steps and roles, never an applicant or a single officer, so no narrower rule is
needed yet; an outside party's lane (Pemohon) does not count.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from sopan.web.accounts.models import RoleAssignment, holding
from sopan.web.catalog.models import Organisation

__all__ = ["may_monitor"]


def may_monitor(user: AbstractBaseUser, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(
        holding(), user=user, role__organisation=organisation, role__external=False
    ).exists()
