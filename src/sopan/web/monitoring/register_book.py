"""A register book (buku register / agenda): the entries the engine numbered in one register for one year.

Entries are read a page at a time in number order. The applicant is shown in full only to a viewer who may see
the personal data of that case (``can_see_personal_data``), masked for anyone else; an anonymised case shows its
marker. The remark is the case's status now (and a wait for the applicant), in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Max

from sopan.i18n import t
from sopan.web.cases.access import can_see_personal_data, masked_applicant, role_codes
from sopan.web.cases.models import RegisterEntry
from sopan.web.catalog.models import Organisation
from sopan.web.ui.templatetags.sopan_tags import STATUS_LABELS

__all__ = ["PAGE_SIZE", "PRINT_SIZE", "BookLine", "BookPage", "book_page", "register_names"]

PAGE_SIZE = 100  # on the screen and in the API
PRINT_SIZE = 1000  # one printed part (jilid) of a big year


@dataclass(frozen=True)
class BookLine:
    row: int  # No. urut in the book
    number: str  # nomor register, e.g. 0007/2026
    day: dt.date
    tracking_code: str
    sop: str
    applicant: str
    remark: str


@dataclass(frozen=True)
class BookPage:
    organisation: Organisation
    register: str
    year: int
    page: int
    pages: int
    total: int
    lines: list[BookLine]


def register_names(organisation: Organisation) -> list[tuple[str, list[int]]]:
    """Each register of the organisation with its years (newest first) that have entries."""
    years: dict[str, list[int]] = {}
    rows = RegisterEntry.objects.filter(organisation=organisation).values("register", "year").annotate(last=Max("at"))
    for row in rows.order_by("register", "-year"):
        years.setdefault(row["register"], []).append(row["year"])
    return sorted(years.items())


def _applicant(viewer: AbstractBaseUser, roles: frozenset[str], entry: RegisterEntry) -> str:
    applicant = entry.case.typed_state.applicant
    if not applicant:
        return "-"
    shown = masked_applicant(applicant, can_see_personal_data(viewer, entry.case, roles)) or {}
    name = shown.get("name") or "-"
    return f"{name} ({shown['nik']})" if shown.get("nik") and shown["nik"] != "-" else name


def _remark(entry: RegisterEntry, lang: str) -> str:
    id_text, en_text = STATUS_LABELS.get(entry.case.status, (entry.case.status, entry.case.status))
    remark = t(id_text, en_text, lang)
    if entry.case.typed_state.hold is not None:
        remark += t(" (menunggu pemohon)", " (waiting for the applicant)", lang)
    return remark


def book_page(
    viewer: AbstractBaseUser, organisation: Organisation, register: str, year: int, page: int, lang: str, size: int
) -> BookPage:
    """Page ``page`` (from 1, kept within the book) of ``size`` entries."""
    entries = RegisterEntry.objects.filter(organisation=organisation, register=register, year=year)
    total = entries.count()
    pages = max(1, math.ceil(total / size))
    page = max(1, min(page, pages))
    zone = ZoneInfo(organisation.timezone)
    chosen = entries.select_related("case__sop_version__sop", "case__organisation").defer(
        "case__sop_version__definition", "case__organisation__definition"
    )
    first = (page - 1) * size
    roles = role_codes(viewer, organisation.pk)  # once for the page: every entry is of this organisation
    lines = [
        BookLine(
            row=first + index + 1,
            number=f"{entry.number:04d}/{entry.year}",
            day=entry.at.astimezone(zone).date(),
            tracking_code=entry.case.tracking_code,
            sop=entry.case.sop_version.sop.title,
            applicant=_applicant(viewer, roles, entry),
            remark=_remark(entry, lang),
        )
        for index, entry in enumerate(chosen.order_by("number")[first : first + size])
    ]
    return BookPage(organisation, register, year, page, pages, total, lines)
