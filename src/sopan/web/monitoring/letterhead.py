"""The kop and the signature block of a report an office sends upwards: who heads the office, where it signs.

The head of the office is the signatory of the organisation's newest decree (keputusan) that names one, else the
official who approved (disahkan oleh) its SOPs' newest versions in force (a superseded or revoked one not), else
"Kepala <organisation>" with the name left blank to be written by hand. The place is the decree's (ditetapkan di);
without one a dotted line is printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sopan.web.catalog.models import Organisation, SopVersion
from sopan.web.catalog.version_states import in_force

__all__ = ["Letterhead", "letterhead"]

BLANK = "........................"


@dataclass(frozen=True)
class Letterhead:
    lines: list[str]  # the kop: the parent governments, then the office, upper case, then the address
    place: str
    position: str
    name: str
    nip: str


def _signatory(found: Any) -> dict[str, Any] | None:
    return found if isinstance(found, dict) and found.get("jabatan") else None


def _from_decrees(definition: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The newest decree's signatory (one with a name first) and the newest place named."""
    decrees = sorted(
        (d for d in definition.get("keputusan") or [] if isinstance(d, dict)), key=lambda d: str(d.get("tanggal") or "")
    )
    place = next((str(d["tempat"]) for d in reversed(decrees) if d.get("tempat")), "")
    signed = [s for d in decrees if (s := _signatory(d.get("ditandatangani_oleh"))) is not None]
    signed.sort(key=lambda s: bool(s.get("nama")))  # stable: the newest named one ends last
    return (signed[-1] if signed else None), place


def _from_sops(organisation: Organisation) -> dict[str, Any] | None:
    versions = in_force(SopVersion.objects.filter(sop__organisation=organisation)).order_by("-published_at")[:20]
    for definition in versions.values_list("definition", flat=True):
        found = _signatory((definition or {}).get("disahkan_oleh"))
        if found is not None:
            return found
    return None


def letterhead(organisation: Organisation) -> Letterhead:
    definition = organisation.definition or {}
    signed, place = _from_decrees(definition)
    signed = signed or _from_sops(organisation) or {"jabatan": f"Kepala {organisation.name}"}
    parents = [str(p) for p in definition.get("induk") or [] if p]
    if not parents and organisation.parent:
        parents = [organisation.parent]
    lines = [p.upper() for p in parents] + [organisation.name.upper()]
    if organisation.address:
        lines.append(organisation.address)
    return Letterhead(
        lines=lines,
        place=place or BLANK,
        position=str(signed["jabatan"]),
        name=str(signed.get("nama") or BLANK),
        nip=str(signed.get("nip") or ""),
    )
