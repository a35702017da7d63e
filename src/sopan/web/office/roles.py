"""Who holds which role of an organisation: assigning (definitif, Plt, Plh, with an optional period), ending an
assignment (the row stays as history), the roles nobody holds today, and the organisation's administrators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from sopan.web.accounts.models import Administrator, RoleAssignment, holding
from sopan.web.catalog.models import Organisation, Role
from sopan.web.office.audit import record
from sopan.web.office.refusal import Refused
from sopan.web.office.staff import active_administrators, staff_of

__all__ = [
    "add_administrator",
    "assign_role",
    "assignments",
    "end_assignment",
    "internal_roles",
    "remove_administrator",
    "vacant_roles",
]

KINDS = {kind.value for kind in RoleAssignment.Kind}


def internal_roles(organisation: Organisation) -> QuerySet[Role]:
    """The organisation's own lanes (outside parties such as the Pemohon are not held by staff)."""
    return Role.objects.filter(organisation=organisation, external=False).order_by("name")


def assignments(organisation: Organisation) -> QuerySet[RoleAssignment]:
    """Every assignment of the organisation's roles, the history included, newest first."""
    return (
        RoleAssignment.objects.filter(role__organisation=organisation)
        .select_related("user", "role")
        .order_by("role__name", "-created_at")
    )


def vacant_roles(organisation: Organisation, day: dt.date | None = None) -> QuerySet[Role]:
    """Internal roles with no active holder on ``day``: their steps would wait forever."""
    held = RoleAssignment.objects.filter(holding(day), role=OuterRef("pk"), user__is_active=True)
    return internal_roles(organisation).filter(~Exists(held))


def _snapshot(assignment: RoleAssignment) -> dict[str, Any]:
    return {
        "pengguna": assignment.user.username,
        "peran": assignment.role.code,
        "jenis": assignment.kind,
        "mulai": assignment.valid_from.isoformat() if assignment.valid_from else None,
        "sampai": assignment.valid_until.isoformat() if assignment.valid_until else None,
    }


def assign_role(
    actor: AbstractBaseUser | None,
    organisation: Organisation,
    user: User,
    role: Role,
    kind: str = RoleAssignment.Kind.DEFINITIF,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> RoleAssignment:
    if role.organisation_id != organisation.pk:
        raise Refused(
            "role_other_organisation",
            f"Peran '{role.code}' milik organisasi lain, bukan {organisation.name}.",
            f"The role '{role.code}' belongs to another organisation, not {organisation.name}.",
            field="role",
        )
    if role.external:
        raise Refused(
            "role_external",
            f"Peran '{role.name}' adalah pihak luar (mis. Pemohon) dan tidak dipegang pegawai.",
            f"The role '{role.name}' is an outside party (e.g. the applicant) and is not held by staff.",
            field="role",
        )
    if kind not in KINDS:
        raise Refused(
            "kind_invalid", "Jenis harus definitif, plt atau plh.", "The kind is definitif, plt or plh.", "kind"
        )
    if valid_from and valid_until and valid_until < valid_from:
        raise Refused(
            "period_order",
            f"Masa berakhir ({valid_until:%d-%m-%Y}) sebelum dimulai ({valid_from:%d-%m-%Y}).",
            f"The period ends ({valid_until:%Y-%m-%d}) before it starts ({valid_from:%Y-%m-%d}).",
            field="valid_until",
        )
    with transaction.atomic():
        # the user and the overlap are judged with the user's row locked (SQLite: the transaction's write lock), so
        # a form sent twice at once gives one assignment and refuses the other, and a user deactivated meanwhile
        # gets none (NO KEY: rows that refer to the user are not held up)
        if not User.objects.select_for_update(no_key=True).filter(pk=user.pk, is_active=True).exists():
            raise Refused("user_inactive", "Pengguna ini tidak aktif.", "This user is inactive.", field="user")
        overlapping = RoleAssignment.objects.filter(user=user, role=role, ended_at__isnull=True)
        if valid_until:
            overlapping = overlapping.exclude(valid_from__gt=valid_until)
        if valid_from:
            overlapping = overlapping.exclude(valid_until__lt=valid_from)
        if overlapping.exists():
            raise Refused(
                "role_overlap",
                f"{user.username} sudah memegang peran '{role.name}' pada masa itu.",
                f"{user.username} already holds the role '{role.name}' in that period.",
                field="role",
            )
        assignment = RoleAssignment.objects.create(
            user=user, role=role, kind=kind, valid_from=valid_from, valid_until=valid_until
        )
        staff = staff_of(user)
        if staff.organisation_id is None:
            staff.organisation = organisation
            staff.save(update_fields=["organisation"])
        record(actor, organisation, "role.assign", f"{user.username} → {role.code}", None, _snapshot(assignment))
    return assignment


def end_assignment(actor: AbstractBaseUser | None, organisation: Organisation, assignment: RoleAssignment) -> None:
    """The assignment stops now; its row stays in the role's history."""
    if assignment.role.organisation_id != organisation.pk or assignment.ended_at is not None:
        return
    with transaction.atomic():
        assignment.ended_at = timezone.now()
        assignment.save(update_fields=["ended_at"])
        target = f"{assignment.user.username} → {assignment.role.code}"
        record(
            actor,
            organisation,
            "role.end",
            target,
            _snapshot(assignment),
            {"berakhir": assignment.ended_at.isoformat()},
        )


def add_administrator(actor: AbstractBaseUser | None, organisation: Organisation, user: User) -> None:
    if not user.is_active:
        raise Refused("user_inactive", "Pengguna ini tidak aktif.", "This user is inactive.", field="user")
    with transaction.atomic():
        _, created = Administrator.objects.get_or_create(user=user, organisation=organisation)
        staff = staff_of(user)
        if staff.organisation_id is None:
            staff.organisation = organisation
            staff.save(update_fields=["organisation"])
        if created:
            record(actor, organisation, "administrator.add", user.username, None, {"pengelola": True})


def remove_administrator(actor: AbstractBaseUser | None, organisation: Organisation, user: User) -> None:
    """Never the last active administrator: the office would have no one to keep it."""
    if not active_administrators(organisation).exclude(user=user).exists():
        raise Refused(
            "last_administrator",
            f"{user.username} adalah pengelola aktif terakhir {organisation.name}: tetapkan pengelola lain dahulu.",
            f"{user.username} is the last active administrator of {organisation.name}: appoint another one first.",
        )
    with transaction.atomic():
        deleted, _ = Administrator.objects.filter(user=user, organisation=organisation).delete()
        if deleted:
            record(
                actor, organisation, "administrator.remove", user.username, {"pengelola": True}, {"pengelola": False}
            )
