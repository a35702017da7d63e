"""The recaps and the register books in the API: the figures and the book pages as JSON, and the same files as the
screens (XLSX, PDF). The same rules as the screens: an organisation the caller may not monitor is 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from sopan.web.api.errors import ApiError, language, not_found
from sopan.web.api.schemas import Error
from sopan.web.catalog.models import Organisation, Sop
from sopan.web.monitoring.api_common import organisation_of
from sopan.web.monitoring.places import FIRST_YEAR, LAST_YEAR
from sopan.web.monitoring.printing import pdf_response
from sopan.web.monitoring.recap import Recap, RecapLine
from sopan.web.monitoring.recap_views import asked_recap, recap_document, recap_file_name, recap_workbook
from sopan.web.monitoring.register_book import PAGE_SIZE, PRINT_SIZE, BookPage, book_page, register_names
from sopan.web.monitoring.register_views import book_document, book_file_name, book_workbook
from sopan.web.monitoring.spreadsheet import XLSX

__all__ = ["router"]

router = Router(tags=["monitoring"])
Kind = Literal["harian", "bulanan"]
FileFormat = Literal["xlsx", "pdf"]
MAX_PAGE = 100_000


class RecapQuery(Schema):
    periode: str | None = Field(
        default=None,
        max_length=10,
        description="harian: the day, YYYY-MM-DD; bulanan: the month, YYYY-MM; default today or this month",
    )
    sop: str | None = Field(default=None, max_length=200, description="Only this SOP (its key)")


class RecapFileQuery(RecapQuery):
    format: FileFormat = "xlsx"


class RecapLineOut(Schema):
    sop: str | None = Field(description="The SOP's key; null on the totals line")
    title: str
    opened: int
    finished: int
    on_time: int
    late: int
    held: int = Field(description="Cases put on hold for the applicant in the period")
    rejected: int
    cancelled: int
    average_working_minutes: float | None
    average_working_hours: float | None
    average_working_days: float | None


class RecapOut(Schema):
    organisation: str
    kind: Kind
    period: str
    start: dt.date
    end: dt.date
    working_day_minutes: int
    lines: list[RecapLineOut]
    total: RecapLineOut


class BookQuery(Schema):
    nama: str = Field(min_length=1, max_length=300, description="The register's name, as listed")
    halaman: int = Field(default=1, ge=1, le=MAX_PAGE, description="Page (JSON: 100 entries; files: 1000)")


class BookFileQuery(BookQuery):
    format: FileFormat = "xlsx"


class BookLineOut(Schema):
    row: int
    number: str
    date: dt.date
    tracking_code: str
    sop: str
    applicant: str = Field(description="Masked unless the caller may see the applicant's personal data")
    remark: str


class BookOut(Schema):
    organisation: str
    name: str = Field(description="The register's name")
    year: int
    page: int
    pages: int
    total: int
    entries: list[BookLineOut]


class RegisterOut(Schema):
    name: str
    years: list[int]


def _recap(request: HttpRequest, organisation: str, kind: str, query: RecapQuery) -> tuple[Recap, Sop | None]:
    """As on the screens (404 for an organisation or SOP not to be seen), a period that cannot be read is 422."""
    asked = asked_recap(request.auth, organisation, kind, query.periode, query.sop)
    if asked.figures is None:
        raise ApiError(422, "invalid_period", *asked.error)  # type: ignore[misc]
    return asked.figures, asked.sop


def _line(figures: Recap, line: RecapLine, total: bool = False) -> dict:
    average = line.average_minutes()
    return {
        **{name: getattr(line, name) for name in RECAP_COUNTS},
        "sop": None if total else line.key,
        "title": line.label,
        "average_working_minutes": None if average is None else round(average, 2),
        "average_working_hours": figures.hours(average),
        "average_working_days": figures.days(average),
    }


RECAP_COUNTS = ("opened", "finished", "on_time", "late", "held", "rejected", "cancelled")


@router.get(
    "/pemantauan/{organisation}/rekap/{kind}",
    response={200: RecapOut, 404: Error, 422: Error},
    summary="The daily (harian) or monthly (bulanan) recap: per SOP opened, finished, on time, late, on hold, "
    "rejected, cancelled and the average working time",
)
def recap_figures(request: HttpRequest, organisation: str, kind: Kind, query: Query[RecapQuery]) -> dict:
    figures, _ = _recap(request, organisation, kind, query)
    period = figures.period
    return {
        "organisation": figures.organisation.code,
        "kind": period.kind,
        "period": period.text,
        "start": period.period.start,
        "end": period.period.end,
        "working_day_minutes": figures.minutes_per_day,
        "lines": [_line(figures, line) for line in figures.lines],
        "total": _line(figures, figures.total, total=True),
    }


def _download(
    request: HttpRequest,
    fmt: FileFormat,
    name: str,
    template: str,
    document: Callable[[str], dict],
    workbook: Callable[[str], bytes],
) -> HttpResponse:
    """A recap or a register book as a file: the PDF of ``template`` filled with ``document``, or the workbook;
    both in the caller's language (the PDF's template reads it from the request)."""
    lang = request.lang = language(request)  # type: ignore[attr-defined]
    if fmt == "pdf":
        response = pdf_response(request, template, document(lang), name)
    else:
        response = HttpResponse(workbook(lang), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@router.get(
    "/pemantauan/{organisation}/rekap/{kind}/berkas",
    response={200: None, 404: Error, 422: Error},
    summary="The recap as the office sends it upwards: XLSX or PDF with the kop, totals and signature block",
)
def recap_file(request: HttpRequest, organisation: str, kind: Kind, query: Query[RecapFileQuery]) -> HttpResponse:
    figures, sop = _recap(request, organisation, kind, query)
    document, workbook = partial(recap_document, figures, sop), partial(recap_workbook, figures, sop)
    name = recap_file_name(figures, sop)
    return _download(request, query.format, name, "monitoring/recap_print.html", document, workbook)


@router.get(
    "/pemantauan/{organisation}/register",
    response={200: list[RegisterOut], 404: Error},
    summary="The organisation's registers (buku register / agenda) and the years that have entries",
)
def registers(request: HttpRequest, organisation: str) -> list[dict]:
    place = organisation_of(request, organisation)
    return [{"name": name, "years": years} for name, years in register_names(place)]


def _book(request: HttpRequest, organisation: str, year: int, query: BookQuery, size: int) -> BookPage:
    place: Organisation = organisation_of(request, organisation)
    if query.nama not in dict(register_names(place)):
        raise not_found("Register", "Register")
    return book_page(request.auth, place, query.nama, year, query.halaman, language(request), size)


@router.get(
    "/pemantauan/{organisation}/register/{year}",
    response={200: BookOut, 404: Error, 422: Error},
    summary="A register book's entries of one year, 100 a page in number order",
)
def register_book(request: HttpRequest, organisation: str, year: int, query: Query[BookQuery]) -> dict:
    book = _book(request, organisation, _year(year), query, PAGE_SIZE)
    return {
        "organisation": book.organisation.code,
        "name": book.register,
        "year": book.year,
        "page": book.page,
        "pages": book.pages,
        "total": book.total,
        "entries": [{**vars(line), "date": line.day} for line in book.lines],
    }


@router.get(
    "/pemantauan/{organisation}/register/{year}/berkas",
    response={200: None, 404: Error, 422: Error},
    summary="A register book printed: XLSX or PDF, 1000 entries a part (halaman numbers the parts)",
)
def register_file(request: HttpRequest, organisation: str, year: int, query: Query[BookFileQuery]) -> HttpResponse:
    book = _book(request, organisation, _year(year), query, PRINT_SIZE)
    document, workbook = partial(book_document, book), partial(book_workbook, book)
    return _download(request, query.format, book_file_name(book), "monitoring/register_print.html", document, workbook)


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ApiError(
            422,
            "invalid_year",
            f"tahun {year} di luar rentang {FIRST_YEAR}-{LAST_YEAR}",
            f"year {year} is outside {FIRST_YEAR}-{LAST_YEAR}",
        )
    return year
