"""The SOP catalog: public, like the catalog screens (SOPs are public documents)."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sopan.web import limits
from sopan.web.api.errors import not_found
from sopan.web.api.schemas import Error, SopDetail, SopSummary
from sopan.web.catalog.models import Sop, SopVersion
from sopan.web.catalog.runtime import process_for

__all__ = ["router"]

router = Router(tags=["catalog"])

AS_FILE: dict[str, Any] = {"by_alias": True, "exclude_defaults": True}
"""A definition written as its .sop.yaml: the Indonesian keys, the keys the file leaves empty left out."""


class CatalogFilter(Schema):
    q: str = Field(default="", max_length=limits.SEARCH, description="Words of the title or the organisation's name")
    organisasi: str = Field(default="", max_length=limits.CODE, description="The organisation's code")
    sifat: str = Field(default="", max_length=limits.NATURE, description="pelayanan, penugasan or rutin")


def _summary(sop: Sop, latest: int | None) -> dict[str, Any]:
    return {
        "organisation": {"code": sop.organisation.code, "name": sop.organisation.name},
        "key": sop.key,
        "title": sop.title,
        "nature": sop.nature,
        "latest_version": latest,
    }


def _version_row(version: SopVersion) -> dict[str, Any]:
    return {"number": version.number, "published_at": version.published_at, "content_hash": version.content_hash}


@router.get("/sop", response=list[SopSummary], auth=None, summary="List the SOPs (the catalog's filters)")
def list_sops(request: HttpRequest, filters: Query[CatalogFilter]) -> list[dict[str, Any]]:
    sops = Sop.objects.select_related("organisation").order_by("organisation__name", "title")
    for word in filters.q.split():
        sops = sops.filter(Q(title__icontains=word) | Q(organisation__name__icontains=word))
    if filters.organisasi:
        sops = sops.filter(organisation__code=filters.organisasi.strip())
    if filters.sifat:
        sops = sops.filter(nature=filters.sifat.strip())
    sops = sops.annotate(latest_number=Max("versions__number"))
    return [_summary(sop, sop.latest_number) for sop in sops]


def _detail(organisation: str, key: str, number: int | None) -> dict[str, Any]:
    sop = Sop.objects.select_related("organisation").filter(organisation__code=organisation, key=key).first()
    if sop is None:
        raise not_found("SOP", "SOP")
    versions = list(sop.versions.order_by("-number").defer("definition"))
    chosen = next((v for v in versions if v.number == number), None) if number is not None else (versions or [None])[0]
    if chosen is None:
        raise not_found("Versi SOP", "SOP version")
    version = SopVersion.objects.get(pk=chosen.pk)  # the one definition asked for, not every version's
    return {
        **_summary(sop, versions[0].number),
        "version": _version_row(version),
        "versions": [_version_row(v) for v in versions],
        "definition": process_for(version).sop,  # read once per server process, written out as the file's keys
    }


@router.get(
    "/sop/{organisation}/{key}",
    response={200: SopDetail, 404: Error},
    auth=None,
    summary="An SOP's latest version: metadata, versions and the definition",
    **AS_FILE,
)
def sop_latest(request: HttpRequest, organisation: str, key: str) -> dict[str, Any]:
    return _detail(organisation, key, None)


@router.get(
    "/sop/{organisation}/{key}/v{number}",
    response={200: SopDetail, 404: Error},
    auth=None,
    summary="One published version of an SOP",
    **AS_FILE,
)
def sop_version(request: HttpRequest, organisation: str, key: str, number: int) -> dict[str, Any]:
    return _detail(organisation, key, number)
