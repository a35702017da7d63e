"""The case list: find any case the officer may see, a page at a time with the total, sorted by an index.

The non-personal filters (code, SOP, status, lateness, dates, sort) may come in the URL; a search for a name or
a NIK is sent only as a POST, and its pages are buttons of the same form, so no personal data enters a URL.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from sopan.web.cases.access import held_roles, lean_cases, masked_applicant, visible_cases, visible_count
from sopan.web.cases.models import Case
from sopan.web.cases.search import FIELDS, LATE, SORTS, CaseQuery, SearchError, find_cases, read_query
from sopan.web.catalog.models import Sop
from sopan.web.ui.language import text

__all__ = ["PAGE_SIZE", "case_list", "page_number"]

PAGE_SIZE = 50
MAX_PAGE = 100_000
PERSONAL = ("name", "nik")


def page_number(value: str | None, pages: int) -> int:
    """The page asked for, within 1..pages; anything unreadable is the first page."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return max(1, min(number, pages, MAX_PAGE))


def _sops(request: HttpRequest) -> list[Sop]:
    """The SOPs whose cases this user may see, for the filter's choices."""
    sops = Sop.objects.select_related("organisation")
    if not request.user.is_superuser:
        sops = sops.filter(versions__roles__in=held_roles(request.user).values("role_id")).distinct()
    return list(sops.order_by("organisation__name", "title"))


# each search field as the screen labels it, for its error messages
LABELS = {
    "code": ("Kode pelacakan", "Tracking code"),
    "name": ("Nama pemohon", "Applicant's name"),
    "nik": ("NIK", "NIK"),
    "sop": ("SOP", "SOP"),
    "organisation": ("Organisasi", "Organisation"),
    "status": ("Status", "Status"),
    "late": ("Ketepatan waktu", "Timeliness"),
    "opened_from": ("Dibuka dari", "Opened from"),
    "opened_to": ("Dibuka sampai", "Opened to"),
    "sort": ("Urutkan", "Sort"),
}


def _read(request: HttpRequest) -> tuple[CaseQuery, str | None]:
    values: QueryDict = request.POST if request.method == "POST" else request.GET
    try:
        query = read_query(values)
    except SearchError as error:
        label = LABELS.get(error.field, (error.field, error.field))
        # the text typed stays in its field, to be mended (the choices and dates start again)
        typed = CaseQuery(**{name: values.get(name, "")[:200] for name in ("code", "name", "nik")})
        return typed, f"{text(request, *label)}: {error.reason.text(getattr(request, 'lang', 'id'))}"
    if query.personal and request.method != "POST":  # a name or NIK never stays in a URL
        return CaseQuery(), text(
            request,
            "Cari nama atau NIK melalui formulir (bukan lewat alamat).",
            "Search for a name or NIK through the form (not in the address).",
        )
    return query, None


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    query, error = _read(request)
    cases = lean_cases(visible_cases(request.user))
    # a search that cannot be made lists nothing, rather than every case as if it had been
    cases = cases.none() if error else find_cases(cases, query, timezone.now())
    total = visible_count(request.user, cases)
    pages = max(1, -(-total.count // PAGE_SIZE))  # with more than the cap, as far as the cap (then: narrow it)
    page = page_number((request.POST if request.method == "POST" else request.GET).get("page"), pages)
    start = (page - 1) * PAGE_SIZE
    rows = [
        {"case": case, "applicant": masked_applicant(case.applicant_json, full=False)}
        for case in cases[start : start + PAGE_SIZE]
    ]
    lang = getattr(request, "lang", "id")
    context: dict[str, Any] = {
        "rows": rows,
        "query": query,
        "error": error,
        "total": total.count,
        "more": total.more,
        "page": page,
        "pages": pages,
        "first": start + 1 if rows else 0,
        "last": start + len(rows),
        "previous": page - 1 if page > 1 else None,
        "next": page + 1 if page < pages else None,
        "by_post": query.personal,
        "link_query": urlencode(
            {name: str(value) for name in FIELDS if name not in PERSONAL and (value := getattr(query, name))}
        ),
        "statuses": Case.Status.choices,
        "lateness": [(key, label[1] if lang == "en" else label[0]) for key, label in LATE.items()],
        "sorts": [(key, label[1] if lang == "en" else label[0]) for key, (label, _) in SORTS.items()],
        "sops": _sops(request),
    }
    return render(request, "cases/case_list.html", context, status=422 if error else 200)
