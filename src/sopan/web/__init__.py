"""The Django project: persistence of organisations, SOP versions and cases, and (later) the web screens."""

from __future__ import annotations

import os

__all__ = ["setup"]


def setup() -> None:
    """Configure Django for use from the command line or a script (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sopan.web.settings")
    import django

    django.setup()
