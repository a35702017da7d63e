"""The command path's own exchange with PostgreSQL: BEGIN with the reads, the writes in one Sync, prepared once."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction
from django.db.utils import DataError
from psycopg import pq

from sopan.engine import OpenCase, RecordOutsideStep, Refusal
from sopan.web.cases import command_pg, services
from sopan.web.cases.command_sql import _driver_cursor
from sopan.web.cases.command_wire import Wire, _prepared, _to_server
from sopan.web.cases.extensions import command_done
from sopan.web.cases.models import Case, Event
from sopan.web.cases.services import CommandResult, submit
from tests.factories import ANI, at
from tests.web.factories import NOBODY, Office
from tests.web.wire import sent_messages

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the exchange: PostgreSQL")


def test_placeholders_become_the_servers_one_number_per_name() -> None:
    assert _to_server("SELECT %s, %s") == (b"SELECT $1, $2", 2)
    assert _to_server("SELECT %(a)s, %(b)s, %(a)s") == (b"SELECT $1, $2, $1", ("a", "b"))
    assert _to_server("SELECT '100%%' || %s") == (b"SELECT '100%' || $1", 1)
    with pytest.raises(ValueError, match="either"):
        _to_server("SELECT %s, %(a)s")


def _case(office: Office) -> Case:
    return submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_begin_rides_with_the_reads_and_the_writes_go_with_the_commit(office: Office) -> None:
    """Outside a test's transaction: the command's BEGIN is queued with its reads (one Sync), its writes and the
    COMMIT are another Sync, and nothing else is sent: two round trips, where psycopg's pipeline took four."""
    case, other = _case(office), _case(office)
    record = RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"})
    submit(office.loket, record, case=other)  # every statement of a completion prepared
    sent, trace = sent_messages(lambda: submit(office.loket, record, case=case))
    assert (sent["Sync"], sent["Query"], sent["Parse"]) == (2, 0, 0), sent
    lines = [line for line in trace.splitlines() if line.startswith(b"F\t")]
    first_sync = next(index for index, line in enumerate(lines) if b"\tSync" in line)
    before = b"\n".join(lines[:first_sync])
    begin = _prepared[connection.connection][(b"BEGIN", ())]
    assert b'"' + begin + b'"' in lines[0] and before.count(b"\tExecute") == 2  # BEGIN and the reads, one Sync
    commit = _prepared[connection.connection][(b"COMMIT", ())]
    last_bind = [line for line in lines if b"\tBind\t" in line][-1]
    assert b'"' + commit + b'"' in last_bind and b"\tSync" in lines[-1]  # the COMMIT ends the writes' Sync
    assert Case.objects.get(pk=case.pk).current_step == 2  # committed


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_refused_command_does_not_cost_the_next_one_its_prepared_statements(office: Office) -> None:
    """psycopg deallocates every prepared statement of a connection after a rollback if it prepared any itself;
    it is told to prepare nothing, so a refusal (rolled back) leaves the command path's statements in place."""
    case, other = _case(office), _case(office)
    record = RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"})
    submit(office.loket, record, case=other)
    with transaction.atomic(), _driver_cursor(connection) as cursor:  # as a store's fallback runs statements
        cursor.execute("SELECT count(*) FROM cases_task WHERE case_id = %s", [case.pk])
    with pytest.raises(Refusal):
        submit(office.loket, record, case=other)  # task 1 is done: refused, the transaction rolled back
    sent, _ = sent_messages(lambda: submit(office.loket, record, case=case))
    assert sent["Parse"] == 0, sent


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_failed_statement_is_raised_after_the_exchange_and_leaves_the_connection_usable(office: Office) -> None:
    case = _case(office)
    raw = connection.connection
    with pytest.raises(DataError), transaction.atomic(), connection.wrap_database_errors:
        wire = Wire(raw)
        wire.begin()
        fine = wire.queue("SELECT 1 WHERE %s", [True])
        wire.queue("SELECT 1 / %s", [0])  # division by zero
        after = wire.queue("SELECT 2")
        try:
            wire.exchange()
        finally:
            assert (fine.rows, fine.rowcount, after.rowcount) == ([(1,)], 1, -1)  # answered, not run
    assert Case.objects.filter(pk=case.pk).exists()
    assert connection.connection is raw and not raw.closed  # the same connection, kept, out of pipeline mode
    assert raw.pgconn.pipeline_status == pq.PipelineStatus.OFF


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_statements_deallocated_behind_the_command_paths_back_are_prepared_again(office: Office) -> None:
    case, other = _case(office), _case(office)
    record = RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"})
    submit(office.loket, record, case=other)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a pooler's reset or another library might
    sent, _ = sent_messages(lambda: submit(office.loket, record, case=case))
    assert Case.objects.get(pk=case.pk).current_step == 2
    assert sent["Parse"] > 0  # prepared anew, after the first attempt found them gone


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_statements_prepared_again_never_take_a_name_the_server_still_holds(office: Office) -> None:
    """After the registry is cleared (statements found deallocated), new names are new: a statement the server
    kept under an old name never collides with one prepared afresh."""
    case = _case(office)
    raw = connection.connection
    with transaction.atomic():
        wire = Wire(raw)
        wire.queue("SELECT %s::int", [1])
        wire.exchange()
        kept = set(_prepared[raw].values())
        _prepared[raw].clear()  # as after a statement found gone: the server still holds this one
        again = wire.queue("SELECT %s::int + 1", [1])
        wire.exchange()
    assert again.rows == [(2,)] and not kept & set(_prepared[raw].values())
    assert Case.objects.filter(pk=case.pk).exists()


RECORD = RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"})


def _moved_once(monkeypatch: pytest.MonkeyPatch, case: Case) -> list[int]:
    """After the engine decides the command's first attempt, another connection moves the case's version on (as
    a command of another officer would): the attempt's writes must fail, and the command be decided again."""
    decided: list[int] = []  # the events of each attempt
    original = services.handle

    def handle(*args: Any, **kwargs: Any) -> Any:
        events = original(*args, **kwargs)
        decided.append(len(events))
        if len(decided) == 1:
            settings = connection.settings_dict
            with psycopg.connect(
                host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
                password=settings["PASSWORD"], dbname=settings["NAME"], autocommit=True,
            ) as other:  # fmt: skip
                other.execute("UPDATE cases_case SET version = version + 100 WHERE id = %s", [case.pk])
        return events

    monkeypatch.setattr(services, "handle", handle)
    return decided


def _written_as_answered(case: Case, result: CommandResult) -> None:
    stored = Case.objects.get(pk=case.pk)
    seqs = set(Event.objects.filter(case=case).values_list("seq", flat=True))
    assert stored.version == result.state.version and {event.seq for event in result.events} <= seqs


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("wire", [True, False], ids=["wire", "psycopg-cursor"])
def test_a_case_moved_meanwhile_fails_the_writes_and_the_command_is_decided_again(
    office: Office, monkeypatch: pytest.MonkeyPatch, wire: bool
) -> None:
    """The writes go with the COMMIT (or, where the wire cannot serve the connection, one by one): the case's
    UPDATE itself refuses a version that moved, and the command runs again on the case as it now is."""
    case = _case(office)
    if not wire:
        monkeypatch.setattr(command_pg, "wire_usable", lambda raw: False)
    decided = _moved_once(monkeypatch, case)
    result = submit(office.loket, RECORD, case=case)
    assert len(decided) == 2  # decided, refused by the moved version, decided again
    _written_as_answered(case, result)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_catches_the_writes_failure_cannot_let_the_command_pass(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A receiver of ``command_done`` whose query sends the waiting writes, and swallows their failure: the
    command is still decided again, never answered as done with nothing stored."""
    case = _case(office)
    decided = _moved_once(monkeypatch, case)

    def careless(sender: Any, user: Any, result: CommandResult, **kwargs: Any) -> None:
        with suppress(Exception):
            Case.objects.filter(pk=result.case_id).exists()

    command_done.connect(careless, dispatch_uid="test-careless")
    try:
        result = submit(office.loket, RECORD, case=case)
    finally:
        command_done.disconnect(dispatch_uid="test-careless")
    assert len(decided) == 2
    _written_as_answered(case, result)
    assert connection.execute_wrappers == []  # the store's own is gone with it
