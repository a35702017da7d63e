"""Every query behind the lists and pages uses an index on cases, events and tasks: the database's own plan is read.

Each page is requested through the test client while its queries are captured; each captured SELECT is then
explained (SQLite: ``EXPLAIN QUERY PLAN``; PostgreSQL: ``EXPLAIN`` with sequential scans and hash and merge
joins priced out, so a whole read in the plan means no index could serve). A full scan of a case table fails
the test, and so does a walk along a whole index, a list's total included. What this cannot see is how far a
search by an index condition reads (a total counted along every case of the visible versions passes too): that
the total stops one past its cap is held by ``test_case_search.py`` and the scale benchmark.
The office has a history of closed cases, each with a done task, cloned in bulk, and PostgreSQL's statistics
are taken of it, so the plans are those of an office with more history than open work.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sopan.web.cases.keyset import cursor_after
from sopan.web.cases.models import Case, Task
from sopan.web.cases.search import CaseQuery, find_cases
from tests.factories import ANI, at
from tests.web.factories import Office, client_for, insert_rows, open_case

CASE_TABLES = ("cases_case", "cases_event", "cases_task")
# what the figures read instead of the cases: a review per closed case, and rows per SOP version and day
CASE_TABLES += ("monitoring_casereview", "monitoring_reviewcount", "monitoring_stepday", "monitoring_stepminutes")
CATALOG = ("catalog_", "accounts_", "auth_", "django_")
JOINED = ("catalog_sopversion_roles", "catalog_sopversion", "catalog_sop", "catalog_organisation", "catalog_role")
JOINED += ("accounts_roleassignment",)  # a few rows per office, read whole at will
JOINED += ("catalog_steprole",)  # the roles of each step of each version: what a task's roles are
# partial indexes that hold open work only (what a page shows, not the history): read whole, they are bounded
OPEN_WORK = ("task_open_due",)


def _aliases(sql: str) -> dict[str, str]:
    """Alias -> table, from ``"cases_task" U0`` in the SQL (SQLite's plan names aliases, not tables)."""
    found = {table: table for table in re.findall(r'"(\w+)"', sql)}
    found.update({alias: table for table, alias in re.findall(r'"(\w+)" (?:AS )?([A-Z]\d+)\b', sql)})
    return found


def full_scans(sql: str, params: Any) -> list[str]:
    """The case tables this SELECT reads whole, according to the database's plan."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            lines = [str(row[-1]) for row in cursor.fetchall()]
            aliases = _aliases(sql)
            # a walk along an index is no full scan only while a LIMIT stops it (a page in the index's order)
            walk = re.search(r"\bLIMIT \d+(?: OFFSET \d+)?\s*$", sql) is not None  # its own LIMIT, not an EXISTS
            walk = walk and "USE TEMP B-TREE FOR ORDER BY" not in lines  # a whole sort reads everything first
            scanned = [re.match(r"SCAN (\w+)(.*)", line) for line in lines]
            tables = [aliases.get(m[1], m[1]) for m in scanned if m and not (walk and "USING" in m[2])]
            # "subquery": Django's name for what a bounded count counts (its rows, already read by index)
            return [table for table in tables if not table.startswith(CATALOG) and table != "subquery"]
        _price_out_whole_reads(cursor)
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
        top = plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"]
        return _postgresql_scans(top)


def _price_out_whole_reads(cursor: Any) -> None:
    """PostgreSQL picks a sequential scan or a hash join over a whole index when a table is as small as a test's;
    priced out, they remain in the plan only where no index could serve, which is what the test asks."""
    for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
        cursor.execute(f"SET LOCAL {setting} = off")


def _postgresql_scans(node: dict[str, Any], limited: bool = False, heap: str = "") -> list[str]:
    """Sequential scans, and index scans without a condition outside a Limit (a whole index read in order); a
    bitmap index scan without a condition reads the whole index of its heap scan's table (``heap``)."""
    kind = node.get("Node Type", "")
    # a Limit stops the scans below it, unless a node between them reads everything first
    limited = (limited or kind == "Limit") and kind not in ("Sort", "Aggregate", "Hash", "HashAggregate")
    found = []
    table = node.get("Relation Name", "") or (heap if kind == "Bitmap Index Scan" else "")
    if table in CASE_TABLES:
        unbounded = not limited or kind == "Bitmap Index Scan"  # a bitmap is built whole before any row is read
        whole_index = "Index" in kind and "Index Cond" not in node and unbounded
        whole_index = whole_index and node.get("Index Name") not in OPEN_WORK
        if kind == "Seq Scan" or whole_index:
            found.append(table)
    below = node.get("Relation Name", "") if kind == "Bitmap Heap Scan" else heap
    for child in node.get("Plans", ()):
        found += _postgresql_scans(child, limited, below if kind.startswith("Bitmap") else "")
    return found


def plan_text(sql: str, params: Any) -> str:
    """The plan as the database prints it, for the failure message."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        else:
            _price_out_whole_reads(cursor)
            cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def page_queries(run: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SELECTs a request makes on the case tables, with their parameters."""
    seen: list[tuple[str, Any]] = []

    def keep(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.lstrip().upper().startswith("SELECT") and any(f'"{table}"' in sql for table in CASE_TABLES):
            seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep), CaptureQueriesContext(connection):
        response = run()
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return seen


HISTORY = 2000


def add_history(office: Office, count: int) -> None:
    """``count`` finished cases, each with one done task of the loket, written in bulk."""
    opened = at(2, 8)
    cases = [
        Case(
            id=uuid.uuid4(),
            tracking_code=f"RIWAYAT-{index:05d}",
            organisation_id=office.organisation.pk,
            sop_version_id=office.version.pk,
            status=Case.Status.FINISHED,
            opened_at=opened - dt.timedelta(hours=index + 1),
            closed_at=opened - dt.timedelta(hours=index),
            state={"applicant": {"name": f"Pemohon {index}", "nik": f"35080202{index:08d}"}},
            applicant_nik=f"35080202{index:08d}",
        )
        for index in range(count)
    ]
    insert_rows(cases)
    tasks = [
        Task(id=index + 10_000, case_id=case.pk, number=1, step=1, activated_at=case.opened_at, is_open=False)
        for index, case in enumerate(cases)
    ]
    insert_rows(tasks)


@pytest.fixture
def busy(office: Office) -> tuple[Office, Case]:
    add_history(office, HISTORY)
    for _ in range(3):
        open_case(office)
    return office, open_case(office)


def _pages(office: Office, case: Case) -> dict[str, Callable[[], Any]]:
    screen = client_for(office.loket)
    from sopan.web.accounts.models import ApiToken

    _, raw = ApiToken.issue(office.loket, "rencana")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    search = {"nik": ANI.nik, "status": "open"}
    return {
        "inbox": lambda: screen.get("/tugas/"),
        "case list": lambda: screen.get("/kasus/"),
        "case list, open by due time": lambda: screen.get("/kasus/", {"status": "open", "sort": "due_at"}),
        "case list, late, dates, SOP": lambda: screen.get(
            "/kasus/",
            {
                "late": "late",
                "opened_from": "2026-11-01",
                "opened_to": "2026-11-30",
                "sop": str(office.version.sop_id),
            },
        ),
        "case list, by code": lambda: screen.get("/kasus/", {"code": case.tracking_code.lower().replace("-", "")}),
        "case search, by NIK": lambda: screen.post("/kasus/", search),
        "case page": lambda: screen.get(f"/kasus/{case.pk}/"),
        "public status": lambda: Client().get(f"/status/{case.tracking_code}/"),
        "api case list": lambda: api.get("/api/cases", {"status": "open"}),
        "api case list, after a cursor": lambda: api.get("/api/cases", {"after": cursor_after(case, "-opened_at")}),
        "api case list, by due time after a cursor": lambda: api.get(
            "/api/cases", {"status": "open", "sort": "due_at", "after": cursor_after(case, "due_at")}
        ),
        "api case search": lambda: api.post("/api/cases/search", search, content_type="application/json"),
        "api case": lambda: api.get(f"/api/cases/{case.pk}"),
        "api events": lambda: api.get(f"/api/cases/{case.pk}/events"),
        "api inbox": lambda: api.get("/api/tasks"),
        **_monitoring_pages(office),
    }


def _monitoring_pages(office: Office) -> dict[str, Callable[[], Any]]:
    """The leader's figures: they read the summaries and review counts, and the deviating cases' reviews by index."""
    from django.urls import reverse

    from sopan.web.accounts.models import ApiToken

    leader = client_for(office.kasi)
    _, raw = ApiToken.issue(office.kasi, "pemantauan")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    code, key = office.organisation.code, "surat-keterangan"
    period = {"dari": "2026-11-01", "sampai": "2026-11-30"}
    return {
        "monitoring, SOP performance": lambda: leader.get(reverse("performance", args=[code, key]), period),
        "api monitoring, organisation": lambda: api.get(f"/api/pemantauan/{code}/kinerja", period),
        "api monitoring, SOP": lambda: api.get(f"/api/pemantauan/{code}/{key}/kinerja", period),
    }


@pytest.mark.django_db(transaction=True)  # outside a transaction, so that VACUUM may run
def test_no_page_reads_a_case_table_whole(busy: tuple[Office, Case]) -> None:
    office, case = busy
    if connection.vendor == "postgresql":  # statistics of this office's rows, not of what earlier tests left
        with connection.cursor() as cursor:
            # the catalog's too: the lists join the user's roles and SOP versions, and statistics left by earlier
            # tests (or autovacuum in between) made the planner sort every case instead of walking an index; and
            # vacuumed: the pages earlier tests' rolled-back rows left (10,000 cases of the search tests) made it
            # count the visible cases from a bitmap of a whole index, or not, as autovacuum had come by or not
            cursor.execute(f"VACUUM ANALYZE {', '.join(CASE_TABLES + JOINED)}")
    checked = 0
    failures = {}
    with transaction.atomic():  # the plan reader's SET LOCAL holds within a transaction
        for name, run in _pages(office, case).items():
            queries = page_queries(run)
            assert queries, f"{name}: no query on the case tables captured"
            for sql, params in queries:
                checked += 1
                if scans := full_scans(sql, params):
                    failures[name] = (scans, sql, plan_text(sql, params))
    assert not failures, "\n\n".join(f"{name}: {scans}\n{sql}\n{plan}" for name, (scans, sql, plan) in failures.items())
    assert checked >= 20


def _partial_indexes(table: str) -> set[str]:
    """The names of the table's indexes that hold only the rows meeting their condition, as the database says."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA index_list({table})")
            return {name for _, name, _, _, partial in cursor.fetchall() if partial}
        cursor.execute(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND x.indpred IS NOT NULL",
            [table],
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)  # outside a transaction, so that VACUUM may run
def test_the_nik_index_holds_only_cases_with_a_nik_and_serves_the_search(busy: tuple[Office, Case]) -> None:
    """The NIK is a column of its own, written when the case is opened: the index holds only cases with one (an
    internal SOP's case has none), and a search by NIK reads it, among a history of other applicants' cases (on
    an empty table PostgreSQL found walking the opening-time index as cheap, and took either)."""
    assert "case_applicant_nik" in _partial_indexes("cases_case")
    if connection.vendor == "postgresql":  # statistics of this history, not of what earlier tests left
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {', '.join(CASE_TABLES)}")
    search = find_cases(Case.objects.all(), CaseQuery(nik=ANI.nik), at(2, 8))
    with transaction.atomic():  # the plan reader's SET LOCAL holds within a transaction
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                _price_out_whole_reads(cursor)
        assert "case_applicant_nik" in search.explain()


@pytest.mark.django_db
def test_the_command_id_index_holds_only_events_with_one_and_serves_the_replay() -> None:
    """A command without an id is never looked up by it: its events stay out of the index (a page less each
    command); a command sent again is still found through the index (its id is not NULL)."""
    assert _partial_indexes("cases_event") == {"event_command_id"}
    from sopan.web.cases.models import Event

    replay = Event.objects.filter(command_id=uuid.uuid4()).order_by("seq").values("seq", "kind")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                _price_out_whole_reads(cursor)
        assert "event_command_id" in replay.explain()


def test_the_check_finds_a_full_scan(busy: tuple[Office, Case]) -> None:
    """The plan reader itself: a filter on an unindexed column is reported."""
    queries = page_queries(lambda: _Answer(list(Case.objects.filter(version=99).values("pk"))))
    assert [full_scans(sql, params) for sql, params in queries] == [["cases_case"]]


def test_the_indexes_read_whole_hold_open_tasks_only() -> None:
    """An index the check lets a plan read whole is one of open tasks: closed ones (the history) never enter it."""
    conditions = {index.name: index.condition for index in Task._meta.indexes}
    assert {name: conditions.get(name) for name in OPEN_WORK} == {name: Q(is_open=True) for name in OPEN_WORK}


# the plain indexes (not unique, not the key) each table a command writes carries: each one is a page more per write
# (task_case_figures carries columns for PostgreSQL's index-only reads; SQLite's would be the case alone, which the
# unique (case, number) already is: it is not made there, indexes.CoveringIndex)
COMMAND_TABLE_INDEXES = {
    "cases_task": ["task_case_figures", "task_open_due"] if connection.vendor == "postgresql" else ["task_open_due"],
    "cases_event": ["event_command_id"],
}


@pytest.mark.django_db
def test_the_tables_a_command_writes_carry_only_the_indexes_read() -> None:
    """The indexes dropped by name (cases migrations 0008, 0009, 0016) are gone on this database, and none came
    back."""
    found = {}
    with connection.cursor() as cursor:
        for table in COMMAND_TABLE_INDEXES:
            constraints = connection.introspection.get_constraints(cursor, table)
            found[table] = sorted(
                name
                for name, info in constraints.items()
                if info["index"] and not info["unique"] and not info["primary_key"]
            )
    assert found == COMMAND_TABLE_INDEXES


# the case columns every command writes anew: in no index, so PostgreSQL can update the row in place (HOT)
EVERY_COMMAND_CHANGES = {"version", "state", "current_step"}


def _indexed_columns(table: str) -> dict[str, set[str]]:
    """Each index of the table with every column it holds, its included ones too (NULL: an expression)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA index_list({table})")
            names = [row[1] for row in cursor.fetchall()]
            found = {}
            for name in names:
                cursor.execute(f"PRAGMA index_xinfo({name})")
                found[name] = {str(row[2]) for row in cursor.fetchall() if row[5]}  # key columns, rowid left out
            return found
        cursor.execute(
            "SELECT i.relname, a.attname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY(x.indkey) "
            "WHERE x.indrelid = %s::regclass",
            [table],
        )
        found = {}
        for name, column in cursor.fetchall():
            found.setdefault(name, set()).add(str(column))
        return found


@pytest.mark.django_db
def test_no_index_of_the_case_holds_a_column_every_command_changes() -> None:
    indexes = _indexed_columns("cases_case")
    assert "case_version_opened" in indexes and {"sop_version_id", "opened_at"} <= indexes["case_version_opened"]
    assert {
        name: columns & EVERY_COMMAND_CHANGES for name, columns in indexes.items() if columns & EVERY_COMMAND_CHANGES
    } == {}


class _Answer:
    status_code = 200

    def __init__(self, rows: list) -> None:
        self.rows = rows
