"""Which organisations are a Biro (or Bagian) Organisasi: a code starting with ``biro-organisasi`` (the library's
naming) or listed in ``SOPAN_BIRO`` (comma-separated codes). Who reviews whom is ``lifecycle.oversight``."""

from __future__ import annotations

import os

from django.db.models import Q

__all__ = ["BIRO_PREFIX", "biro_codes", "biro_q"]

BIRO_PREFIX = "biro-organisasi"


def biro_codes() -> set[str]:
    """The codes listed in ``SOPAN_BIRO``; with those starting with ``biro-organisasi``, the Biro."""
    return {code.strip() for code in os.environ.get("SOPAN_BIRO", "").split(",") if code.strip()}


def biro_q(prefix: str = "") -> Q:
    """The Biro organisations as a filter on Organisation (``prefix`` reaches them through a relation)."""
    return Q(**{f"{prefix}code__startswith": BIRO_PREFIX}) | Q(**{f"{prefix}code__in": biro_codes()})
