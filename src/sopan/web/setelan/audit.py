"""Where every change of an office's settings is recorded: who, which organisation, what, before and after.

The audit log of administrative changes is being built beside this app; until it is here, each change goes to
the ``sopan.audit`` logger with the user's id (never their name) and the keys that changed, and this function is
the one call site to point at the log.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from sopan.web.catalog.models import Organisation

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
