"""Two published versions of an SOP compared: public, like the catalog (SOPs are public documents)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sopan.compare import Comparison
from sopan.web.api.errors import not_found
from sopan.web.api.schemas import Error
from sopan.web.catalog.models import Sop, SopVersion
from sopan.web.catalog.versions import compare_versions

__all__ = ["router"]

router = Router(tags=["catalog"])

MAX_VERSION = 999_999


class VersionPair(Schema):
    dari: int = Field(ge=1, le=MAX_VERSION, description="The version compared from (usually the older one)")
    ke: int = Field(ge=1, le=MAX_VERSION, description="The version compared to")


def _version(sop: Sop, number: int) -> SopVersion:
    version = sop.versions.filter(number=number).first()
    if version is None:
        raise not_found(f"Versi SOP {number}", f"SOP version {number}")
    return version


@router.get(
    "/sop/{organisation}/{key}/compare",
    response={200: Comparison, 404: Error},
    auth=None,
    summary="Two published versions of an SOP compared: identity fields, lanes and steps, the changed words marked",
)
def compare(request: HttpRequest, organisation: str, key: str, versions: Query[VersionPair]) -> Comparison:
    sop = Sop.objects.filter(organisation__code=organisation, key=key).first()
    if sop is None:
        raise not_found("SOP", "SOP")
    return compare_versions(_version(sop, versions.dari), _version(sop, versions.ke))
