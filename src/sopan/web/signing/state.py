"""The state of a published version as the public verification page shows it.

The lifecycle app records every version's state (BERLAKU, DIGANTIKAN, DICABUT, ...) and the catalog reads it
through ``version_states``; this module asks there. A version without a recorded state (only possible when no app
records states) is read by publication order: the latest BERLAKU, an older one DIGANTIKAN.
"""

from __future__ import annotations

from sopan.web.catalog.models import SopVersion
from sopan.web.catalog.version_states import states_of

__all__ = ["BERLAKU", "DICABUT", "DIGANTIKAN", "STATE_LABELS", "version_state"]

BERLAKU = "BERLAKU"
DIGANTIKAN = "DIGANTIKAN"
DICABUT = "DICABUT"
STATE_LABELS = {BERLAKU: "in force", DIGANTIKAN: "superseded", DICABUT: "revoked"}


def version_state(version: SopVersion) -> str:
    recorded = states_of([version.pk]).get(version.pk)
    if recorded:
        return recorded
    latest = version.sop.versions.order_by("-number").values_list("number", flat=True).first()
    return BERLAKU if latest == version.number else DIGANTIKAN
