"""Where every change of an office's settings is recorded: who, which organisation, what, before and after.

Each change is an entry of the office's audit trail (``office.audit``, shown to its administrators) with the
changed keys' values before and after (an image as a short marker, not its bytes), and a line in the
``sopan.audit`` logger with the user's id (never their name) and the keys that changed.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from sopan.web.catalog.models import Organisation
from sopan.web.office.audit import record

__all__ = ["changed_keys", "record_change"]

log = logging.getLogger("sopan.audit")


def changed_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))


def record_change(
    user: AbstractBaseUser, organisation: Organisation, what: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """Record one administrative change of ``organisation`` by ``user`` (``what``: profil, logo, kalender)."""
    keys = changed_keys(before, after)
    if keys:
        log.info("%s %s by user %s: %s", organisation.code, what, user.pk, ", ".join(keys))
        shown_before = {key: _shown(before.get(key)) for key in keys}
        shown_after = {key: _shown(after.get(key)) for key in keys}
        record(user, organisation, f"setelan.{what}", organisation.code, shown_before, shown_after)


def _shown(value: Any) -> Any:
    """A value as the audit trail keeps it: an uploaded image as a marker, long text cut."""
    if isinstance(value, str) and value.startswith("data:"):
        return "(gambar / image)"
    if isinstance(value, str) and len(value) > 500:
        return value[:500] + "…"
    return value
