"""On SQLite the tables every command writes rows into number them without AUTOINCREMENT (``cases/rowid.py``):
no ``sqlite_sequence`` row is written by a command, and the migrations that rebuild the tables keep their rows,
their ids and the event table's append-only triggers, forward and back (and backwards past the step roles, the
task-role and per-role summary tables come back filled)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from sopan.web.cases.models import Event, Task
from sopan.web.monitoring.models import ReviewCount, StepDay, StepMinutes
from tests.factories import REPO
from tests.web.factories import Office, open_case
from tests.web.hand_made_cases import build_cases

ROWID_MODELS = (Event, Task, StepDay, StepMinutes, ReviewCount)


def _create_sql(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_tables_commands_write_into_have_no_autoincrement() -> None:
    for model in ROWID_MODELS:
        sql = _create_sql(model._meta.db_table)
        assert '"id" integer NOT NULL PRIMARY KEY' in sql and "AUTOINCREMENT" not in sql, sql
    assert "AUTOINCREMENT" in _create_sql("cases_registerentry")  # every other table as Django makes it


def test_commands_write_no_sequence_row(office: Office) -> None:
    build_cases(office)  # opened, worked, looped, rejected and closed cases: rows in all five tables
    open_case(office)
    assert all(model.objects.exists() for model in ROWID_MODELS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_sequence")
        kept = {name for (name,) in cursor.fetchall()}
    assert not kept & {model._meta.db_table for model in ROWID_MODELS}, kept


# Run in its own process on its own database file: cases worked by commands on the rebuilt tables, which then
# go back to AUTOINCREMENT and forward again.
_SCRIPT = """
import json, sqlite3
import sopan.web
sopan.web.setup()
from django.core.management import call_command
from django.db import connection
from tests.web.factories import make_office
from tests.web.hand_made_cases import build_cases

TABLES = ("cases_event", "cases_task", "monitoring_stepday", "monitoring_reviewcount")
PAIRS = (  # each task with each role of its step in its case's version
    "SELECT count(*) FROM cases_task t JOIN cases_case c ON c.id = t.case_id "
    "JOIN catalog_steprole r ON r.sop_version_id = c.sop_version_id AND r.step = t.step"
)
ROLE_SUMS = (  # each step's completed tasks counted for each role of the step
    "SELECT sum(d.completed) FROM monitoring_stepday d "
    "JOIN catalog_steprole r ON r.sop_version_id = d.sop_version_id AND r.step = d.step"
)

def migrate(*target):
    call_command("migrate", *target, verbosity=0)
    connection.close()

def look():
    db = sqlite3.connect(connection.settings_dict["NAME"])
    found = {
        "autoincrement": [
            "AUTOINCREMENT" in db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0]
            for t in TABLES
        ],
        "ids": [[row[0] for row in db.execute(f"SELECT id FROM {t} ORDER BY id")] for t in TABLES],
        "triggers": sorted(row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases_event'")),
        "pairs": db.execute(PAIRS).fetchone()[0],
        "role_sums": db.execute(ROLE_SUMS).fetchone()[0],
    }
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'monitoring_roleday'").fetchone():
        found["roleday"] = db.execute("SELECT sum(completed) FROM monitoring_roleday").fetchone()[0]
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'cases_task_roles'").fetchone():
        found["task_roles"] = db.execute("SELECT count(*) FROM cases_task_roles").fetchone()[0]
    try:
        db.execute("UPDATE cases_event SET kind = 'x'")
        found["update"] = "done"
    except sqlite3.IntegrityError as error:
        found["update"] = str(error)
    db.close()
    return found

migrate()
build_cases(make_office())
connection.close()
rebuilt = look()
migrate("monitoring", "0004")
migrate("cases", "0013")
back = look()
migrate()
print(json.dumps([rebuilt, back, look()]))
"""


def test_the_rebuilding_migrations_keep_rows_ids_and_triggers_both_ways(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "SOPAN_DATABASE_URL"}
    env["SOPAN_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rebuilt, back, again = json.loads(done.stdout.strip().splitlines()[-1])
    assert rebuilt["autoincrement"] == again["autoincrement"] == [False] * 4
    assert back["autoincrement"] == [True] * 4
    assert all(rebuilt["ids"]) and rebuilt["ids"] == back["ids"] == again["ids"]
    # the task-role table is gone, and made and filled again from the step roles backwards (cases 0015)
    assert "task_roles" not in rebuilt and "task_roles" not in again
    assert back["task_roles"] == rebuilt["pairs"] > len(rebuilt["ids"][1])
    # and the per-role summaries (monitoring 0005) from the per-step ones
    assert "roleday" not in rebuilt and "roleday" not in again
    assert back["roleday"] == rebuilt["role_sums"] > 0
    for found in (rebuilt, back, again):
        assert found["triggers"] == ["sopan_event_no_delete", "sopan_event_no_update"]
        assert "append-only" in found["update"]
