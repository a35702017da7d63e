"""The drafts waiting for a user's review or approval, found in SQL whatever their number.

A draft waits while it is submitted and not yet approved (DIAJUKAN, DALAM_REVIEW or SESUAI). It waits for a user
who may read it without writing it (``draft_access``): a reviewer of its unit (``oversight.reviewed_units``) or the
holder of its approving role (``signing.approver``, the role named in Disahkan Oleh). The same answer as asking
``may_read`` of every draft, in a number of queries that does not grow with the drafts.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from sopan.web.accounts.models import RoleAssignment, holding
from sopan.web.authoring.access import writable_organisations
from sopan.web.authoring.models import Draft
from sopan.web.catalog.models import Role
from sopan.web.lifecycle.oversight import reviewed_units
from sopan.web.lifecycle.states import State
from sopan.web.signing.approver import jabatan_of, matching_role

__all__ = ["WAITING", "waiting_drafts"]

WAITING = frozenset({State.DIAJUKAN, State.DALAM_REVIEW, State.SESUAI})
"""The states of a draft out of its unit's hands and not yet approved."""


def waiting_drafts(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Draft]:
    """The drafts of organisations ``user`` does not write that wait for their review or approval, newest first
    (with their organisation and state row, for a list)."""
    if not user.is_authenticated:
        return Draft.objects.none()
    pending = Draft.objects.filter(
        status=Draft.Status.DIAJUKAN, lifecycle__state__in=[state.value for state in WAITING]
    ).exclude(organisation__in=writable_organisations(user))
    found = pending.filter(Q(organisation__in=reviewed_units(user)) | _approving(user, pending))
    return found.select_related("organisation", "lifecycle").order_by("-updated_at", "pk")


def _approving(user: AbstractBaseUser, pending: QuerySet[Draft]) -> Q:
    """The drafts among ``pending`` whose approving role ``user`` holds today (definitif, Plt or Plh): the role
    their office chose, else its internal role the jabatan in Disahkan Oleh names. Three queries at most."""
    held = dict(RoleAssignment.objects.filter(holding(), user=user).values_list("role_id", "role__organisation_id"))
    if not held:
        return Q(pk__in=[])
    unchosen = Q(organisation__signing_setup__isnull=True) | Q(organisation__signing_setup__approver_role__isnull=True)
    named = pending.filter(unchosen, organisation__in=set(held.values()))
    rows = list(named.values_list("pk", "organisation_id", "definition__disahkan_oleh"))
    roles: dict[int, list[Role]] = defaultdict(list)
    if rows:
        for role in Role.objects.filter(organisation__in={org for _, org, _ in rows}, external=False):
            roles[role.organisation_id].append(role)
    mine = []
    for pk, organisation, approved in rows:
        role = matching_role(jabatan_of(approved), roles[organisation])
        if role is not None and role.pk in held:
            mine.append(pk)
    return Q(organisation__signing_setup__approver_role__in=list(held)) | Q(pk__in=mine)
