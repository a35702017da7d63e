"""Which SOP governs the review of an organisation's SOPs: the one it named, or sopan's built-in review SOP.

For Kalimantan Selatan's OPDs that is the Biro Organisasi's ``biro-organisasi-kalsel/asistensi-penyusunan-sop``
(seed 001). An organisation that names none gets ``builtin/telaah-rancangan-sop.sop.yaml``, shipped with sopan:
Unit Pengusul, Analis/Evaluator Biro Organisasi and Kepala Biro Organisasi; receive, review against the
standard, notes (sesuai? tidak: back to the unit), berita acara, approval. Opening a review case of it when a
draft is submitted comes with drafts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction

from sopan.io.library import load_library
from sopan.model.sop import Sop as SopModel
from sopan.web.catalog.models import Organisation, Sop
from sopan.web.lifecycle.models import ReviewPolicy

__all__ = ["BUILTIN", "ReviewSop", "builtin_review_sop", "name_review_sop", "review_sop_for"]

BUILTIN = Path(__file__).parent / "builtin" / "telaah-rancangan-sop.sop.yaml"


@dataclass(frozen=True)
class ReviewSop:
    """The review SOP in force for an organisation: a catalog SOP it named, or the built-in one (``sop`` None)."""

    title: str
    sop: Sop | None

    @property
    def builtin(self) -> bool:
        return self.sop is None


@cache
def builtin_review_sop() -> SopModel:
    """The built-in review SOP, read from the package (it passes ``sopan check`` clean: tested)."""
    library = load_library([BUILTIN.parent])
    if library.problems or len(library.sops) != 1:
        raise RuntimeError(f"the built-in review SOP does not load: {library.problems}")
    return library.sops[0].sop


def review_sop_for(organisation: Organisation) -> ReviewSop:
    policy = ReviewPolicy.objects.filter(organisation=organisation).select_related("review_sop__organisation").first()
    if policy is not None:
        return ReviewSop(policy.review_sop.title, policy.review_sop)
    return ReviewSop(builtin_review_sop().title, None)


def name_review_sop(organisation: Organisation, sop: Sop | None, by: str) -> None:
    """Name the SOP governing review of ``organisation``'s SOPs; None returns it to the built-in one."""
    with transaction.atomic():
        if sop is None:
            ReviewPolicy.objects.filter(organisation=organisation).delete()
        else:
            ReviewPolicy.objects.update_or_create(
                organisation=organisation, defaults={"review_sop": sop, "changed_by": by[:150]}
            )
