"""Which SOP governs the review of an organisation's SOPs: the one it named, or sopan's built-in review SOP.

For Kalimantan Selatan's OPDs that is the Biro Organisasi's ``biro-organisasi-kalsel/asistensi-penyusunan-sop``
(seed 001). An organisation that names none gets ``builtin/telaah-rancangan-sop.sop.yaml``, shipped with sopan:
Unit Pengusul, Analis/Evaluator Biro Organisasi and Kepala Biro Organisasi; receive, review against the
standard, notes (sesuai? tidak: back to the unit), berita acara, approval.

A review runs as a case, and a case needs a published SOP version in some organisation. The built-in review SOP
is published on first need into a built-in organisation, ``sopan-bawaan`` (the file's own ``organisasi``), whose
roles (Analis/Evaluator and Kepala Biro Organisasi) sopan's administrators assign to the reviewing officers in
its administration screens. Not into the unit's own organisation: its administrators could then give its own
writers the reviewer's role and review themselves, and every office's catalog would list an SOP it never wrote.
One shared organisation also gives every review one register and one set of deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction

from sopan.io.library import load_library
from sopan.model.sop import Sop as SopModel
from sopan.web.catalog.models import Organisation, Sop, SopVersion
from sopan.web.catalog.publishing import publish_sop
from sopan.web.lifecycle.models import ReviewPolicy, VersionState
from sopan.web.lifecycle.states import LifecycleError, State

__all__ = [
    "BUILTIN",
    "BUILTIN_ORGANISATION",
    "ReviewSop",
    "builtin_review_sop",
    "builtin_review_version",
    "name_review_sop",
    "review_sop_for",
    "review_version_for",
]

BUILTIN_ORGANISATION = "sopan-bawaan"

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
    """Name the SOP governing review of ``organisation``'s SOPs; None returns it to the built-in one. One of its own
    SOPs is refused (LifecycleError ``own_review_sop`` on the field ``sop``): the organisation owning the review SOP
    oversees the unit, and no organisation oversees itself, so its drafts would have no reviewer."""
    if sop is not None and sop.organisation_id == organisation.pk:
        raise LifecycleError(
            "own_review_sop",
            "SOP telaah harus milik organisasi lain (mis. Biro Organisasi): organisasi tidak menelaah SOP-nya sendiri,"
            " jadi rancangan SOP-nya tidak akan punya penelaah.",
            "The review SOP must belong to another organisation (e.g. the Biro Organisasi): no organisation reviews"
            " its own SOPs, so its drafts would have no reviewer.",
            field="sop",
        )
    with transaction.atomic():
        if sop is None:
            ReviewPolicy.objects.filter(organisation=organisation).delete()
        else:
            ReviewPolicy.objects.update_or_create(
                organisation=organisation, defaults={"review_sop": sop, "changed_by": by[:150]}
            )


def builtin_review_version() -> SopVersion:
    """The built-in review SOP's version in the database, published into ``sopan-bawaan`` on first need."""
    with transaction.atomic():
        organisation, _ = Organisation.objects.get_or_create(
            code=BUILTIN_ORGANISATION, defaults={"name": "sopan (SOP bawaan)"}
        )
        version, _ = publish_sop(organisation, builtin_review_sop(), published_by="sopan")
    return version


def review_version_for(organisation: Organisation) -> SopVersion | None:
    """The version a review case of ``organisation``'s draft opens on: the named SOP's version in force (its
    newest when none has a state), or the built-in one; None when the named SOP has no version in force."""
    named = review_sop_for(organisation).sop
    if named is None:
        return builtin_review_version()
    in_force = VersionState.objects.filter(sop=named, state=State.BERLAKU).select_related("version__sop").first()
    if in_force is not None:
        return in_force.version
    newest = named.versions.select_related("sop").order_by("-number").first()
    if newest is None or VersionState.objects.filter(version=newest).exists():
        return None
    return newest
