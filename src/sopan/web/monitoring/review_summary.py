"""The case reviews counted per SOP version and opening day (``ReviewCount``), kept in step with the reviews.

A review adds one to each thing it shows: its closing (status, conforms, path conforms), each distinct deviation of
a finished case that does not conform, each waived kelengkapan item with its reason, each decision step's number of
loops, its rejection with the step and reason. A closing command stores its case's first review with its counts on
its own cursor, sent with its writes (``add_first_review``). ``keep_reviews`` stores reviews and, in the same
transaction, takes the counts of the reviews they replace (a case judged again after an anonymisation) and adds
theirs; a deleted review takes its counts with it (``forget_review``); ``rebuild`` counts the stored reviews anew
(``summarise``). The views read sums over the period's days (``counted``), so the deviations, waivers, loops and
rejections of a period cost one grouped query.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Q, Sum

from sopan.web.cases.models import Case
from sopan.web.catalog.models import Organisation, Sop, SopVersion
from sopan.web.monitoring.models import CaseReview, ReviewCount

__all__ = [
    "CLOSED",
    "DEVIATION",
    "LOOP",
    "REJECTION",
    "WAIVER",
    "add_first_review",
    "contribution",
    "counted",
    "forget_review",
    "keep_reviews",
]
__all__ += ["rebuild"]

CLOSED, DEVIATION, WAIVER, LOOP, REJECTION = "closed", "deviation", "waiver", "loop", "rejection"
CHUNK = 500  # rows per INSERT statement
_REVIEW_FIELDS = ("case_id", "sop_version_id", "status", "conforms", "path_conforms", "deviations", "waivers")
_REVIEW_FIELDS += ("loops", "rejected_step", "rejected_reason")
_STORED = ("case_id", "case_version", "opened_at", "tracking_code", *_REVIEW_FIELDS[1:])  # a review row's columns
_COUNT_COLUMNS = ("sop_version_id", "day", "measure", "digest", "detail", "n")

Key = tuple[str, tuple[Any, ...]]  # (measure, detail)


def contribution(review: CaseReview) -> Counter[Key]:
    """What one review adds to the counts of its version and day."""
    found: Counter[Key] = Counter()
    found[(CLOSED, (review.status, review.conforms, review.path_conforms))] += 1
    if review.status == Case.Status.FINISHED and not review.conforms:
        for deviation in dict.fromkeys(tuple(d) for d in review.deviations):
            found[(DEVIATION, deviation)] += 1
    for step, item, reason in review.waivers:
        found[(WAIVER, (step, item, reason))] += 1
    for number, times in review.loops.items():
        found[(LOOP, (int(number), times))] += 1
    if review.status == Case.Status.REJECTED:
        found[(REJECTION, (review.rejected_step, review.rejected_reason))] += 1
    return found


def keep_reviews(reviews: Sequence[tuple[CaseReview, dt.date]]) -> None:
    """Store the reviews (each with its case's opening day) in place of any earlier review of the same case, and
    move the counts from the earlier ones to these; inside the caller's transaction, which holds the cases' rows
    until it ends."""
    if not reviews:
        return
    # the cases first, in key order: two judgings of one case at once (an anonymisation and a ``reviewcases`` run)
    # take turns, the second seeing the first's review; a review of a state the case no longer has (rewritten
    # since it was read) is dropped: whoever rewrote the case judged it again
    current = dict(
        Case.objects.select_for_update().filter(pk__in=[review.case_id for review, _ in reviews])
        .order_by("pk").values_list("pk", "version")
    )  # fmt: skip
    reviews = [(review, day) for review, day in reviews if current.get(review.case_id) == review.case_version]
    if not reviews:
        return
    changes: Counter[tuple[int, dt.date, str, tuple[Any, ...]]] = Counter()
    days = {review.case_id: day for review, day in reviews}
    earlier = CaseReview.objects.select_for_update().filter(pk__in=list(days)).only(*_REVIEW_FIELDS)
    for old in earlier.order_by("pk"):
        for (measure, detail), n in contribution(old).items():
            changes[(old.sop_version_id, days[old.case_id], measure, detail)] -= n
    for review, day in reviews:
        for (measure, detail), n in contribution(review).items():
            changes[(review.sop_version_id, day, measure, detail)] += n
    fields = [f.name for f in CaseReview._meta.concrete_fields if not f.primary_key]
    CaseReview.objects.bulk_create(
        [review for review, _ in reviews], update_conflicts=True, unique_fields=["case"], update_fields=fields
    )
    _add({key: n for key, n in changes.items() if n})


def forget_review(sender: object, instance: CaseReview, **kwargs: Any) -> None:
    """``post_delete`` receiver of ``CaseReview``: take the deleted review's counts (none when its SOP version is
    going too: its counts go with it)."""
    zone = (
        SopVersion.objects.filter(pk=instance.sop_version_id)
        .values_list("sop__organisation__timezone", flat=True)
        .first()
    )
    if zone is not None:
        day = instance.opened_at.astimezone(ZoneInfo(zone)).date()
        _add({(instance.sop_version_id, day, m, detail): -n for (m, detail), n in contribution(instance).items()})


def rebuild(organisation: Organisation | None = None) -> int:
    """Replace the counts of the organisation (or all) by those of its stored reviews; returns the reviews read.
    On PostgreSQL the counts are locked against additions first, as ``summary_backfill.rebuild`` does."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(ReviewCount._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        counts, reviews = ReviewCount.objects.all(), CaseReview.objects.all()
        if organisation is not None:
            counts = counts.filter(sop_version__sop__organisation=organisation)
            reviews = reviews.filter(sop_version__sop__organisation=organisation)
        counts.delete()
        changes: Counter[tuple[int, dt.date, str, tuple[Any, ...]]] = Counter()
        read = 0
        for review, day in _with_days(reviews):
            read += 1
            for (measure, detail), n in contribution(review).items():
                changes[(review.sop_version_id, day, measure, detail)] += n
        _add(changes)
    return read


def _with_days(reviews: Any) -> Iterator[tuple[CaseReview, dt.date]]:
    """Each review with its case's opening day in its organisation's time zone, read in chunks."""
    zones: dict[str, ZoneInfo] = {}
    fields = ("pk", *_REVIEW_FIELDS[1:], "opened_at", "sop_version__sop__organisation__timezone")
    for values in reviews.order_by("pk").values_list(*fields).iterator(chunk_size=5000):
        *own, opened_at, zone = values
        tz = zones.get(zone) or zones.setdefault(zone, ZoneInfo(zone))
        review = CaseReview(case_id=own[0], **dict(zip(_REVIEW_FIELDS[1:], own[1:], strict=True)))
        yield review, opened_at.astimezone(tz).date()


def counted(sop: Sop, start: dt.date, end: dt.date) -> dict[str, list[tuple[tuple[Any, ...], int]]]:
    """Per measure, each detail with its count over the SOP's versions and the days ``start``..``end``: one
    grouped query over the counts' key index."""
    rows = (
        ReviewCount.objects.filter(sop_version__sop=sop, day__gte=start, day__lte=end)
        .values_list("measure", "digest", "detail")
        .annotate(total=Sum("n"))
        .order_by()
    )
    found: dict[str, list[tuple[tuple[Any, ...], int]]] = {}
    for measure, _digest, detail, total in rows:
        if total:
            found.setdefault(measure, []).append((tuple(detail), total))
    return found


def _digest(measure: str, detail: tuple[Any, ...]) -> str:
    text = json.dumps([measure, list(detail)], ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _add(changes: dict[tuple[int, dt.date, str, tuple[Any, ...]], int]) -> None:
    """Add the changes to the stored counts (``INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n``), in key
    order so that concurrent writers never deadlock on them."""
    rows = _count_rows(changes)
    with connection.cursor() as cursor:  # Django's cursor: %s on every database
        for first in range(0, len(rows), CHUNK):
            chunk = rows[first : first + CHUNK]
            cursor.execute(_count_upsert("%s", len(chunk)), [value for row in chunk for value in row])
    _drop_emptied([(version, day, measure, digest) for version, day, measure, digest, _, added in rows if added < 0])


def _count_rows(changes: dict[tuple[int, dt.date, str, tuple[Any, ...]], int]) -> list[tuple[Any, ...]]:
    """The count rows' parameters (``_COUNT_COLUMNS``), in key order, each detail in the form Django stores it."""
    vendor = connection.vendor
    keyed = sorted(
        ((version, day, measure, *_stored_detail(vendor, measure, detail)), n)
        for (version, day, measure, detail), n in changes.items()
    )
    return [(version, day, measure, digest, stored, n) for (version, day, measure, digest, stored), n in keyed]


@lru_cache(maxsize=4096)
def _stored_detail(vendor: str, measure: str, detail: tuple[Any, ...]) -> tuple[str, Any]:
    """A detail's digest and its value as Django stores it, made once per detail: the same few (a closing's
    status, a waiver's reason, a loop's count) come back with case after case. The stored value is only read."""
    stored = ReviewCount._meta.get_field("detail").get_db_prep_save(list(detail), connection)
    return _digest(measure, detail), stored


def _drop_emptied(keys: list[tuple[int, dt.date, str, str]]) -> None:
    """Delete the rows of ``keys`` (those just taken from) that count nothing now: a count at 0 would keep the text
    of a reason an anonymisation rewrote (the applicant's name in it) although no review shows it any more."""
    for first in range(0, len(keys), CHUNK):
        emptied = Q()
        for version, day, measure, digest in keys[first : first + CHUNK]:
            emptied |= Q(sop_version_id=version, day=day, measure=measure, digest=digest)
        ReviewCount.objects.filter(emptied, n__lte=0).delete()


@lru_cache(maxsize=64)
def _count_upsert(mark: str, rows: int) -> str:
    """The INSERT of ``rows`` count rows adding to those already there; built once per placeholder and size."""
    quote = connection.ops.quote_name
    table = quote(ReviewCount._meta.db_table)
    columns = ", ".join(quote(ReviewCount._meta.get_field(name).column) for name in _COUNT_COLUMNS)
    key = ", ".join(quote(ReviewCount._meta.get_field(name).column) for name in _COUNT_COLUMNS[:4])
    one = "(" + ", ".join([mark] * len(_COUNT_COLUMNS)) + ")"
    n = quote("n")
    return (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * rows)} "
        f"ON CONFLICT ({key}) DO UPDATE SET {n} = {table}.{n} + excluded.{n}"
    )


@dataclass(frozen=True)
class _FirstReview:
    """A closing command's statements for one database: the review row, and its counts (SQLite), or both in
    one statement (PostgreSQL: the counts are added only if the review was stored)."""

    review: Any  # cases.command_sql.Statement
    counts: str  # with one ``{values}`` for the rows' placeholders


def add_first_review(cursor: Any, sql: Any, review: CaseReview, day: dt.date) -> None:
    """Store the review of the case a command closes, with its counts, on the command's driver cursor (``sql`` is
    the store's ``CommandSql``): a write that goes with the command's own, with no ORM and, on PostgreSQL, no
    round trip of its own. It is the case's first review (a case closes once, and only closed cases are judged);
    should one be stored all the same, it is kept with its counts and this one is dropped."""
    statements = _first_review(sql)
    stored = statements.review.params({name: getattr(review, name) for name in _STORED})
    rows = _count_rows({(review.sop_version_id, day, m, detail): n for (m, detail), n in contribution(review).items()})
    if sql.sqlite:
        counted = [value.isoformat() if isinstance(value, dt.date) else value for row in rows for value in row]
        cursor.execute(statements.review.sql, stored)
        if cursor.rowcount == 1:
            cursor.execute(_count_upsert("?", len(rows)), counted)
        return
    values = ", ".join(["(" + ", ".join(["%s"] * len(_COUNT_COLUMNS)) + ")"] * len(rows))
    cursor.execute(statements.counts.format(values=values), (*stored, *(value for row in rows for value in row)))


@lru_cache(maxsize=4)
def _first_review(sql: Any) -> _FirstReview:
    quote = connection.ops.quote_name
    review = sql.insert(CaseReview, _STORED, tail=f" ON CONFLICT ({quote(CaseReview._meta.pk.column)}) DO NOTHING")
    if sql.sqlite:
        return _FirstReview(review, "")
    upsert = _count_upsert("%s", 1)
    head, tail = upsert.split(" VALUES ", 1)
    conflict = tail[tail.index(" ON CONFLICT ") :]
    casts = ("integer", "date", "text", "text", "jsonb", "integer")
    names = ", ".join(_COUNT_COLUMNS)
    typed = ", ".join(f"{column}::{cast}" for column, cast in zip(_COUNT_COLUMNS, casts, strict=True))
    counts = (
        f"WITH stored AS ({review.sql} RETURNING 1) {head} SELECT {typed} FROM (VALUES {{values}}) AS added ({names}) "
        f"WHERE EXISTS (SELECT 1 FROM stored){conflict}"
    )
    return _FirstReview(review, counts)
