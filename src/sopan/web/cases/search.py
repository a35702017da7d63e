"""Finding cases: the filters the case list and the API share, read from raw values and applied to a queryset.

``read_query`` checks every value (tracking code typed loosely, NIK of sixteen digits, known status, SOP,
dates in order) and names the field of the first problem in both languages; ``find_cases`` narrows the cases a
user may see and sorts them by an index, with the primary key last so pages stay stable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.fields.json import KT

from sopan.engine.handle import valid_nik
from sopan.engine.tracking import TrackingCodeError, format_code
from sopan.problems import Message
from sopan.web import limits
from sopan.web.cases.models import Case

__all__ = ["FIELDS", "LATE", "SORTS", "CaseQuery", "SearchError", "find_cases", "read_query"]

FIELDS = ("code", "name", "nik", "sop", "organisation", "status", "late", "opened_from", "opened_to", "sort")
LATE = {"late": ("Terlambat", "Late"), "on_time": ("Tepat waktu", "On time")}
# each sort ends with the primary key, so two cases opened at the same moment keep their order from page to page
SORTS: dict[str, tuple[tuple[str, str], tuple]] = {
    "-opened_at": (("Terbaru dibuka", "Newest opened"), (F("opened_at").desc(), F("id").desc())),
    "opened_at": (("Terlama dibuka", "Oldest opened"), (F("opened_at").asc(), F("id").asc())),
    "due_at": (("Batas terdekat", "Earliest due"), (F("due_at").asc(nulls_last=True), F("id").asc())),
    "-due_at": (("Batas terjauh", "Latest due"), (F("due_at").desc(nulls_last=True), F("id").desc())),
}
_SOP = re.compile(r"\d{1,12}|[a-z0-9][a-z0-9-]{0,199}")


class SearchError(ValueError):
    """A search value that cannot be used: which field, and why, in both languages."""

    def __init__(self, field: str, id_text: str, en_text: str) -> None:
        self.field = field
        self.reason = Message(id_text, en_text)  # without the field's name, for a screen that names it its own way
        self.message = Message(f"{field}: {id_text}", f"{field}: {en_text}")
        super().__init__(self.message.en)

    def text(self, lang: str = "id") -> str:
        return self.message.text(lang)


@dataclass(frozen=True)
class CaseQuery:
    """What to look for; empty values do not narrow."""

    code: str = ""  # the canonical tracking code
    name: str = ""
    nik: str = ""
    sop: str = ""  # an SOP's id (the screen's choice) or its key (the API)
    organisation: str = ""  # an organisation's code
    status: str = ""
    late: str = ""
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None
    sort: str = "-opened_at"

    @property
    def personal(self) -> bool:
        """Whether it looks for a person (name or NIK): such a search is never put in a URL."""
        return bool(self.name or self.nik)


def _text(values: Mapping[str, str], field: str, limit: int) -> str:
    value = str(values.get(field) or "").strip()
    if len(value) > limit:
        raise SearchError(field, f"paling banyak {limit} karakter", f"at most {limit} characters")
    if "\x00" in value:
        raise SearchError(field, "tidak boleh memuat karakter nol", "must not contain a null character")
    return value


def _date(values: Mapping[str, str], field: str) -> dt.date | None:
    value = _text(values, field, 10)
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise SearchError(field, "tanggal TTTT-BB-HH", "a date YYYY-MM-DD") from None
    if not 2000 <= day.year <= 2100:
        raise SearchError(field, "tahun 2000-2100", "a year from 2000 to 2100")
    return day


def _choice(values: Mapping[str, str], field: str, choices: object, default: str = "") -> str:
    value = _text(values, field, 20) or default
    if value and value not in choices:  # type: ignore[operator]
        allowed = ", ".join(sorted(choices))  # type: ignore[call-overload]
        raise SearchError(field, f"salah satu dari {allowed}", f"one of {allowed}")
    return value


def read_query(values: Mapping[str, str]) -> CaseQuery:
    """The search asked for, every value checked; raises ``SearchError`` naming the first field in error."""
    code = _text(values, "code", 30)
    if code:
        try:
            code = format_code(code)
        except TrackingCodeError as error:
            raise SearchError("code", error.reason_id, error.reason_en) from None
    nik = "".join(_text(values, "nik", limits.NIK).split())
    if nik and not valid_nik(nik):
        raise SearchError("nik", "NIK terdiri dari 16 angka", "a NIK has 16 digits")
    sop = _text(values, "sop", limits.SOP_KEY)
    if sop and not _SOP.fullmatch(sop):
        raise SearchError("sop", "kunci SOP tidak sah", "not an SOP key")
    opened_from, opened_to = _date(values, "opened_from"), _date(values, "opened_to")
    if opened_from and opened_to and opened_to < opened_from:
        raise SearchError("opened_to", "sebelum tanggal awal", "before the first date")
    return CaseQuery(
        code=code,
        name=" ".join(_text(values, "name", limits.NAME).split()),
        nik=nik,
        sop=sop,
        organisation=_text(values, "organisation", limits.CODE),
        status=_choice(values, "status", Case.Status.values),
        late=_choice(values, "late", LATE),
        opened_from=opened_from,
        opened_to=opened_to,
        sort=_choice(values, "sort", SORTS, "-opened_at"),
    )


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def late_cases(now: dt.datetime) -> Q:
    """``cases.models.is_late`` as a condition: done after the due time, or still open past it."""
    done_late = Q(closed_at__isnull=False, closed_at__gt=F("due_at"))
    running_late = Q(closed_at__isnull=True, status=Case.Status.OPEN, due_at__lt=now)
    return Q(due_at__isnull=False) & (done_late | running_late)


def on_time_cases(now: dt.datetime) -> Q:
    """Every case ``late_cases`` leaves out."""
    closed_in_time = Q(closed_at__isnull=False, closed_at__lte=F("due_at"))
    running_in_time = Q(closed_at__isnull=True, status=Case.Status.OPEN, due_at__gte=now)
    closed_without_time = Q(closed_at__isnull=True) & ~Q(status=Case.Status.OPEN)
    return Q(due_at__isnull=True) | closed_in_time | running_in_time | closed_without_time


def find_cases(cases: QuerySet[Case], query: CaseQuery, now: dt.datetime) -> QuerySet[Case]:
    """``cases`` narrowed to the query and sorted by it."""
    if query.code:
        cases = cases.filter(tracking_code=query.code)
    if query.nik:  # by the index case_applicant_nik
        cases = cases.filter(applicant_nik=query.nik)
    if query.name:
        cases = cases.alias(applicant_name=KT("state__applicant__name")).filter(applicant_name__icontains=query.name)
    if query.sop:
        field = "sop_version__sop_id" if query.sop.isdigit() else "sop_version__sop__key"
        cases = cases.filter(**{field: query.sop})
    if query.organisation:
        cases = cases.filter(organisation__code=query.organisation)
    if query.status:
        cases = cases.filter(status=query.status)
    if query.late:
        cases = cases.filter(late_cases(now) if query.late == "late" else on_time_cases(now))
    if query.opened_from:
        cases = cases.filter(opened_at__gte=_start_of(query.opened_from))
    if query.opened_to:
        cases = cases.filter(opened_at__lt=_start_of(query.opened_to + dt.timedelta(days=1)))
    return cases.order_by(*SORTS[query.sort][1])
