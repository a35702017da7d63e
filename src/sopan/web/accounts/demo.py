"""Demo officers: one user per internal role of an organisation, for simulations and the first start."""

from __future__ import annotations

from django.contrib.auth.models import User

from sopan.web.accounts.models import Administrator, RoleAssignment, Staff, holding
from sopan.web.catalog.models import Organisation, Role

__all__ = [
    "demo_username",
    "ensure_demo_administrator",
    "ensure_demo_users",
    "ensure_office_demo_user",
    "hold_every_role",
]


def _hold(user: User, role: Role) -> None:
    """The user holds the role (definitif) and belongs to its organisation, unless already so."""
    Staff.objects.get_or_create(user=user, defaults={"organisation": role.organisation})
    if not RoleAssignment.objects.filter(holding(), user=user, role=role).exists():
        RoleAssignment.objects.create(user=user, role=role)


def demo_username(organisation: Organisation, role: Role) -> str:
    return f"{organisation.code}.{role.code}"[:150]


def ensure_demo_users(organisation: Organisation) -> dict[str, User]:
    """The demo user of each internal role (created without a usable password when missing)."""
    users: dict[str, User] = {}
    for role in Role.objects.filter(organisation=organisation, external=False):
        user, created = User.objects.get_or_create(
            username=demo_username(organisation, role), defaults={"first_name": role.name[:150]}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        _hold(user, role)
        users[role.code] = user
    return users


def _office_user(organisation: Organisation, suffix: str, name: str) -> User:
    """``<org>.<suffix>``, a staff member of the organisation (created without a usable password when missing)."""
    user, created = User.objects.get_or_create(
        username=f"{organisation.code}.{suffix}"[:150], defaults={"first_name": name[:150]}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Staff.objects.get_or_create(user=user, defaults={"organisation": organisation})
    return user


def ensure_office_demo_user(organisation: Organisation) -> User:
    """One demo user holding every internal role of the organisation, to click a case through alone; it is also
    the organisation's administrator (its personal-data screen)."""
    user = _office_user(organisation, "demo", f"Demo {organisation.name}")
    hold_every_role(user, organisation)
    Administrator.objects.get_or_create(user=user, organisation=organisation)
    return user


def hold_every_role(user: User, organisation: Organisation) -> None:
    """The user holds every internal role of the organisation (definitif)."""
    for role in Role.objects.filter(organisation=organisation, external=False):
        _hold(user, role)


def ensure_demo_administrator(organisation: Organisation) -> User:
    """The organisation's pengelola (``<org>.pengelola``): its users, roles, tokens and audit; no lane of its own."""
    user = _office_user(organisation, "pengelola", f"Pengelola {organisation.name}")
    Administrator.objects.get_or_create(user=user, organisation=organisation)
    return user
