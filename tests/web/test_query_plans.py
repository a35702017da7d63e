"""Every query behind the lists and pages uses an index on cases, events and tasks: the database's own plan is read.

Each page is requested through the test client while its queries are captured; each captured SELECT is then
explained (SQLite: ``EXPLAIN QUERY PLAN``; PostgreSQL: ``EXPLAIN`` with sequential scans priced out, so a
sequential scan in the plan means no index could serve). A full scan of a case table fails the test, whatever
the tables hold, so a page's cost does not grow with history. Runs on the database the suite runs on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sopan.web.cases.models import Case
from tests.factories import ANI
from tests.web.factories import Office, client_for, open_case

CASE_TABLES = ("cases_case", "cases_event", "cases_task", "cases_task_roles")
CATALOG = ("catalog_", "accounts_", "auth_", "django_")  # a few rows per office, read whole at will


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
            return [table for table in tables if not table.startswith(CATALOG)]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
        return _postgresql_scans(plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"])


def _postgresql_scans(node: dict[str, Any], limited: bool = False) -> list[str]:
    """Sequential scans, and index scans without a condition outside a Limit (a whole index read in order)."""
    kind = node.get("Node Type", "")
    # a Limit stops the scans below it, unless a node between them reads everything first
    limited = (limited or kind == "Limit") and kind not in ("Sort", "Aggregate", "Hash", "HashAggregate")
    found = []
    table = node.get("Relation Name", "")
    if table in CASE_TABLES:
        whole_index = "Index" in kind and "Index Cond" not in node and not limited
        if kind == "Seq Scan" or whole_index:
            found.append(table)
    for child in node.get("Plans", ()):
        found += _postgresql_scans(child, limited)
    return found


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


@pytest.fixture
def busy(office: Office) -> tuple[Office, Case]:
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
        "api case search": lambda: api.post("/api/cases/search", search, content_type="application/json"),
        "api case": lambda: api.get(f"/api/cases/{case.pk}"),
        "api events": lambda: api.get(f"/api/cases/{case.pk}/events"),
        "api inbox": lambda: api.get("/api/tasks"),
    }


def test_no_page_reads_a_case_table_whole(busy: tuple[Office, Case]) -> None:
    office, case = busy
    checked = 0
    failures = {}
    for name, run in _pages(office, case).items():
        queries = page_queries(run)
        assert queries, f"{name}: no query on the case tables captured"
        for sql, params in queries:
            checked += 1
            if scans := full_scans(sql, params):
                failures[name] = (scans, sql[:400])
    assert not failures, failures
    assert checked >= 20


def test_the_check_finds_a_full_scan(busy: tuple[Office, Case]) -> None:
    """The plan reader itself: a filter on an unindexed column is reported."""
    queries = page_queries(lambda: _Answer(list(Case.objects.filter(version=99).values("pk"))))
    assert [full_scans(sql, params) for sql, params in queries] == [["cases_case"]]


class _Answer:
    status_code = 200

    def __init__(self, rows: list) -> None:
        self.rows = rows
