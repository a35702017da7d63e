"""Recording administrative changes (who, when, what, before and after) and reading them back per organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from sopan.web.accounts.models import AuditEntry
from sopan.web.catalog.models import Organisation

__all__ = ["ACTIONS", "CLI", "action_label", "entries", "record", "shown_value"]

CLI = "cli"  # the actor's name for changes made on the command line

# each recorded action as the audit trail names it (the code stays beside it, for a search of the log)
ACTIONS: dict[str, tuple[str, str]] = {
    "administrator.add": ("Pengelola ditambahkan", "Administrator added"),
    "administrator.remove": ("Pengelola dicabut", "Administrator removed"),
    "lifecycle.review_sop": ("SOP kaji ulang ditetapkan", "Review SOP set"),
    "role.assign": ("Peran diberikan", "Role given"),
    "setelan.kalender": ("Kalender kerja diubah", "Working calendar changed"),
    "setelan.logo": ("Logo diubah", "Logo changed"),
    "setelan.profil": ("Profil organisasi diubah", "Organisation profile changed"),
    "role.end": ("Peran diakhiri", "Role ended"),
    "signing.setup": ("Tanda tangan elektronik disiapkan", "Electronic signature set up"),
    "sop.revoke": ("SOP dicabut", "SOP revoked"),
    "sop.sign": ("SOP ditandatangani", "SOP signed"),
    "token.issue": ("Token API dibuat", "API token issued"),
    "token.revoke": ("Token API dicabut", "API token revoked"),
    "user.activate": ("Pengguna diaktifkan", "User activated"),
    "user.create": ("Pengguna ditambahkan", "User added"),
    "user.deactivate": ("Pengguna dinonaktifkan", "User deactivated"),
    "user.password_change": ("Kata sandi diganti sendiri", "Password changed by its user"),
    "user.password_reset": ("Kata sandi diatur ulang", "Password reset"),
    "user.update": ("Data pengguna diubah", "User details changed"),
    "writer.grant": ("Penyusun SOP ditunjuk", "SOP writer appointed"),
    "writer.revoke": ("Penyusun SOP dicabut", "SOP writer withdrawn"),
}


def action_label(action: str, lang: str = "id") -> str:
    """The action's name in the language; an action without one (an older or an app's own) by its code."""
    names = ACTIONS.get(action)
    return action if names is None else names[1 if lang == "en" else 0]


def shown_value(value: Any, lang: str = "id") -> str:
    """A before or after value as the trail shows it: yes and no in words, a moment in the server's local time
    (as every date of the trail), nothing as '-'."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("ya" if value else "tidak")
    if isinstance(value, str) and len(value) > 19 and value[10:11] == "T":
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")
    return str(value)


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
