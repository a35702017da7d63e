"""The register book screens: one register's entries of one year a page at a time, printable as PDF and XLSX."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sopan.web.cases.case_search_views import page_number
from sopan.web.catalog.models import Organisation
from sopan.web.monitoring.letterhead import letterhead
from sopan.web.monitoring.places import FIRST_YEAR, LAST_YEAR, organisation_for
from sopan.web.monitoring.printing import pdf_response
from sopan.web.monitoring.recap_tables import book_table, book_title, day_label
from sopan.web.monitoring.register_book import PAGE_SIZE, PRINT_SIZE, BookPage, book_page, register_names
from sopan.web.monitoring.spreadsheet import XLSX, report_workbook
from sopan.web.ui.errors import NotFoundBecause

__all__ = ["book_document", "book_file_name", "book_workbook", "register_page", "register_pdf", "register_xlsx"]


def _book(request: HttpRequest, organisation: str, year: int, size: int) -> tuple[Organisation, BookPage | None]:
    """The organisation and the page asked for (``register`` and ``halaman`` in the query); None without a
    register chosen; 404 for a year out of range or a register the organisation does not keep."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFoundBecause(
            f"Tahun pada alamat harus antara {FIRST_YEAR} dan {LAST_YEAR}.",
            f"The year in the address must be between {FIRST_YEAR} and {LAST_YEAR}.",
        )
    place = organisation_for(request.user, organisation)
    name = request.GET.get("register", "")
    if not name:
        return place, None
    if name not in dict(register_names(place)):
        raise Http404("register")
    page = page_number(request.GET.get("halaman"), 10**9)
    lang = request.lang  # type: ignore[attr-defined]
    return place, book_page(request.user, place, name, year, page, lang, size)


def book_file_name(book: BookPage) -> str:
    """E.g. register_kec-contoh_register-surat-keterangan_2026 (with _jilid-2 for a later printed part)."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in book.register.lower()).split()) or "register"
    part = f"_jilid-{book.page}" if book.page > 1 else ""
    return f"register_{book.organisation.code}_{slug}_{book.year}{part}"


def book_document(book: BookPage, lang: str) -> dict[str, Any]:
    today = dt.datetime.now(ZoneInfo(book.organisation.timezone)).date()
    return {
        "book": book,
        "head": letterhead(book.organisation),
        "title": book_title(book, lang),
        "table": book_table(book, lang),
        "signing_day": day_label(today, lang),
    }


@login_required
def register_page(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    place, book = _book(request, organisation, year, PAGE_SIZE)
    context: dict[str, Any] = {"organisation": place, "year": year, "registers": register_names(place)}
    if book is not None:
        context |= book_document(book, request.lang)  # type: ignore[attr-defined]
        context["pages"] = range(1, book.pages + 1)
        context["parts"] = range(1, -(-book.total // PRINT_SIZE) + 1)
    return render(request, "monitoring/register.html", context)


def _printed(request: HttpRequest, organisation: str, year: int) -> BookPage:
    """One printed part (jilid) of PRINT_SIZE entries, ``halaman`` numbering the parts."""
    _, book = _book(request, organisation, year, PRINT_SIZE)
    if book is None:
        raise Http404("register")
    return book


@login_required
def register_pdf(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    book = _printed(request, organisation, year)
    context = book_document(book, request.lang)  # type: ignore[attr-defined]
    return pdf_response(request, "monitoring/register_print.html", context, book_file_name(book))


def book_workbook(book: BookPage, lang: str) -> bytes:
    shown = book_document(book, lang)
    table = shown["table"]
    heading = [*shown["head"].lines, shown["title"]]
    widths = {1: 14, 3: 16, 4: 40, 5: 30, 6: 24}
    return report_workbook(str(book.year), heading, table.columns, table.rows, widths=widths)


@login_required
def register_xlsx(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    book = _printed(request, organisation, year)
    response = HttpResponse(book_workbook(book, request.lang), content_type=XLSX)  # type: ignore[attr-defined]
    response["Content-Disposition"] = f'attachment; filename="{book_file_name(book)}.xlsx"'
    return response
