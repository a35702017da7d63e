"""Recording administrative changes (who, when, what, before and after) and reading them back per organisation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from sopan.web.accounts.models import AuditEntry
from sopan.web.catalog.models import Organisation

__all__ = ["CLI", "entries", "record"]

CLI = "cli"  # the actor's name for changes made on the command line


def record(
    actor: AbstractBaseUser | None,
    organisation: Organisation | None,
    action: str,
    target: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """One entry; ``actor`` None is the command line. Values must never hold a password or a token."""
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor.get_username() if actor is not None else CLI,
        action=action,
        target=target[:300],
        before=before,
        after=after,
    )


def entries(organisation: Organisation) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=organisation).select_related("actor")
