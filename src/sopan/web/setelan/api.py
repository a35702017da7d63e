"""The office's profile, logo and local calendar over JSON, for its administrators (and superusers).

Anyone else gets 404, with no hint that the organisation has administrators. A refused change is 422 with the
place and the problem in the caller's language, and nothing of it is kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from sopan.web.api.errors import ApiError, not_found
from sopan.web.api.schemas import Error
from sopan.web.cases.access import administered_organisations
from sopan.web.catalog.local_calendar import LocalCalendarError, year_of
from sopan.web.catalog.models import Organisation
from sopan.web.catalog.profile import ProfileError, file_values, profile_of
from sopan.web.setelan.changes import change_calendar, drop_logo, undo_calendar, update_profile, upload_logo
from sopan.web.setelan.forms import KINDS

__all__ = ["router"]

router = Router(tags=["office settings"])
ProfileKey = Literal["nama", "induk", "alamat", "zona_waktu", "jam_kerja"]


class ProfileOut(Schema):
    organisation: str
    nama: str
    induk: list[str]
    alamat: str | None
    zona_waktu: str
    jam_kerja: dict[str, str | list[str] | None] = Field(description="Empty: the default week")
    logo: str | None = Field(description="The uploaded logo's media type; empty: organisasi.yaml's logo, if any")
    changed_by_office: list[str] = Field(
        description="Keys the office changed: they win over organisasi.yaml, also when the library is published again"
    )
    library: dict[str, Any] = Field(description="The same keys as organisasi.yaml gives them")


class ProfileIn(Schema):
    """Only the keys sent are changed; ``kembalikan`` returns keys to organisasi.yaml."""

    nama: str | None = Field(default=None, max_length=300)
    induk: list[str] | None = Field(default=None, max_length=10)
    alamat: str | None = Field(default=None, max_length=500)
    zona_waktu: str | None = Field(default=None, max_length=50)
    jam_kerja: dict[str, str | list[str] | None] | None = Field(default=None, description="As in organisasi.yaml")
    kembalikan: list[ProfileKey] = Field(default_factory=list, description="Keys back to organisasi.yaml")


class CalendarDayOut(Schema):
    date: dt.date
    what: Literal["national", "local-holiday", "hours", "open"]
    name: str
    hours: str = Field(description="The hours that apply on the day; empty when closed")


class CalendarIn(Schema):
    kind: Literal["libur", "jam", "buka"] = Field(description="Local holiday, changed hours, or kept open")
    start: dt.date
    end: dt.date | None = Field(default=None, description="Inclusive; empty: one day")
    name: str = Field(default="", max_length=200)
    hours: str = Field(default="", max_length=100, description="Changed hours only, e.g. 08:00-14:00")


class CalendarChangedOut(Schema):
    dates: list[dt.date]


class RemovedOut(Schema):
    removed: int


def _office(request: HttpRequest, code: str) -> Organisation:
    found = administered_organisations(request.auth).filter(code=code).first()  # type: ignore[arg-type]
    if found is None:
        raise not_found("Organisasi", "Organisation")
    return found


def _profile(office: Organisation) -> dict[str, Any]:
    shown = profile_of(office)
    return shown | {
        "organisation": office.code,
        "induk": shown["induk"] or [],
        "zona_waktu": shown["zona_waktu"] or office.timezone,
        "jam_kerja": shown["jam_kerja"] or {},
        "changed_by_office": sorted(office.office_changes),
        "library": file_values(office),
    }


def _refused(error: ProfileError | LocalCalendarError) -> ApiError:
    if isinstance(error, ProfileError):
        return ApiError(422, "invalid_profile", error.text("id"), error.text("en"))
    return ApiError(422, "invalid_calendar", error.id_text, error.en_text)


@router.get(
    "/organisations/{code}/profile",
    response={200: ProfileOut, 401: Error, 404: Error},
    summary="The organisation's profile in force, which keys the office changed, and organisasi.yaml's values",
)
def profile(request: HttpRequest, code: str) -> dict:
    return _profile(_office(request, code))


@router.patch(
    "/organisations/{code}/profile",
    response={200: ProfileOut, 401: Error, 404: Error, 422: Error},
    summary="Change profile keys (checked as organisasi.yaml is); they win over the file until returned to it",
)
def change(request: HttpRequest, code: str, body: ProfileIn) -> dict:
    office = _office(request, code)
    changes = body.dict(exclude_unset=True, exclude={"kembalikan"})
    try:
        update_profile(request.auth, office, changes, reset=set(body.kembalikan))  # type: ignore[arg-type]
    except ProfileError as error:
        raise _refused(error) from None
    return _profile(office)


@router.post(
    "/organisations/{code}/profile/logo",
    response={200: ProfileOut, 401: Error, 404: Error, 422: Error},
    summary="Upload the logo (PNG, JPEG or GIF, at most 2 MB) printed on the identity page and the book cover",
)
def put_logo(request: HttpRequest, code: str, logo: File[UploadedFile]) -> dict:
    office = _office(request, code)
    try:
        upload_logo(request.auth, office, logo.read())  # type: ignore[arg-type]
    except ProfileError as error:
        raise _refused(error) from None
    return _profile(office)


@router.delete(
    "/organisations/{code}/profile/logo",
    response={200: ProfileOut, 401: Error, 404: Error},
    summary="Remove the uploaded logo: organisasi.yaml's logo applies again",
)
def delete_logo(request: HttpRequest, code: str) -> dict:
    office = _office(request, code)
    drop_logo(request.auth, office)  # type: ignore[arg-type]
    return _profile(office)


@router.get(
    "/organisations/{code}/calendar",
    response={200: list[CalendarDayOut], 401: Error, 404: Error},
    summary="The year's days out of the ordinary: national holidays and the office's own changes",
)
def calendar(request: HttpRequest, code: str, year: int = Query(..., ge=2000, le=2100)) -> list[Any]:
    return year_of(_office(request, code), year)


@router.post(
    "/organisations/{code}/calendar",
    response={200: CalendarChangedOut, 401: Error, 404: Error, 422: Error},
    summary="A local holiday, changed hours or a national holiday kept open, on a date or a period",
)
def change_days(request: HttpRequest, code: str, body: CalendarIn) -> dict:
    office = _office(request, code)
    try:
        dates = change_calendar(
            request.auth,  # type: ignore[arg-type]
            office,
            KINDS[body.kind],
            body.start,
            body.end,
            name=body.name,
            hours=body.hours,
        )
    except LocalCalendarError as error:
        raise _refused(error) from None
    return {"dates": dates}


@router.delete(
    "/organisations/{code}/calendar",
    response={200: RemovedOut, 401: Error, 404: Error, 422: Error},
    summary="Undo the office's changes on a date or a period",
)
def undo_days(request: HttpRequest, code: str, start: dt.date, end: dt.date | None = None) -> dict:
    office = _office(request, code)
    try:
        return {"removed": undo_calendar(request.auth, office, start, end)}  # type: ignore[arg-type]
    except LocalCalendarError as error:
        raise _refused(error) from None
