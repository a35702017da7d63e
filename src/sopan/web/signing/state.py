"""The state of a published version as the public verification page shows it.

The one place that answers it: today BERLAKU for the latest published version of its SOP and DIGANTIKAN for an
older one. When the lifecycle's state table lands, this function reads it instead (DICABUT included).
"""

from __future__ import annotations

from sopan.web.catalog.models import SopVersion

__all__ = ["BERLAKU", "DICABUT", "DIGANTIKAN", "STATE_LABELS", "version_state"]

BERLAKU = "BERLAKU"
DIGANTIKAN = "DIGANTIKAN"
DICABUT = "DICABUT"
STATE_LABELS = {BERLAKU: "in force", DIGANTIKAN: "superseded", DICABUT: "revoked"}


def version_state(version: SopVersion) -> str:
    latest = version.sop.versions.order_by("-number").values_list("number", flat=True).first()
    return BERLAKU if latest == version.number else DIGANTIKAN
