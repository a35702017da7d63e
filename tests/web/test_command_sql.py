"""The command path's statements store what the ORM stores (JSON: the same value) and read it back, either database."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from sopan.engine import (
    Applicant,
    CaseState,
    ClaimTask,
    CompleteStep,
    Context,
    Decide,
    HoldForApplicant,
    MemoryRegisters,
    OpenCase,
    Process,
    RecordOutput,
    RecordOutsideStep,
    RejectCase,
    ResumeCase,
    execute,
)
from sopan.model.sop import Sop
from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases import services
from sopan.web.cases.command_sql import (
    CaseChanged,
    CommandSql,
    CommandStore,
    NewTask,
    RecordedEvent,
    Statement,
    command_store,
    dump_json,
)
from sopan.web.cases.models import Case, Event, Task
from sopan.web.cases.services import submit
from sopan.web.catalog.models import CalendarOverride, Role
from sopan.worktime.calendar import WorkCalendar
from tests.factories import ANI, CAMAT, KASI, LOKET, SERVICE_SOP, WIB, at
from tests.web.factories import NOBODY, Office
from tests.web.wire import sent_messages

MOMENTS = [
    dt.datetime(2026, 11, 2, 9, 30, tzinfo=WIB),
    dt.datetime(2026, 11, 2, 23, 59, 59, 999999, tzinfo=WIB),  # another day in UTC, with microseconds
    dt.datetime(2026, 12, 31, 17, 0, 0, 1, tzinfo=dt.UTC),
    dt.datetime(2027, 1, 1, 6, 59, tzinfo=dt.timezone(dt.timedelta(hours=8))),  # WITA, last year in UTC
]


@pytest.mark.django_db
@pytest.mark.parametrize("moment", [*MOMENTS, None])
def test_times_are_stored_as_the_orm_stores_them(moment: dt.datetime | None) -> None:
    with command_store() as store:
        ours = store.sql.adapt_time(moment)
    assert ours == Case._meta.get_field("due_at").get_db_prep_save(moment, connection)


@pytest.mark.django_db
def test_uuids_and_json_are_stored_as_the_orm_stores_them() -> None:
    value = uuid.uuid4()
    data = {"name": "Surat", "value": "No. 1/2026", "nested": [1, {"a": None}], "angka": 2.5, "teks": "é ✓"}
    with command_store() as store:
        assert store.sql.adapt_uuid(value) == Event._meta.get_field("command_id").get_db_prep_save(value, connection)
        ours = store.sql.adapt_json(data)
    theirs = Event._meta.get_field("data").get_db_prep_save(data, connection)
    if connection.vendor == "postgresql":  # psycopg's Jsonb wrappers: compare what they wrap, and what they send
        assert ours.obj == theirs.obj == data
        assert json.loads(ours.dumps(ours.obj)) == data
    else:  # compact JSON text, non-ASCII kept: the ORM reads back the same value
        assert json.loads(ours) == json.loads(theirs) == data
        assert "é ✓" in ours


def _states_of_a_full_case() -> list[CaseState]:
    """Every state of a case that goes through each kind of field: applicant with non-ASCII text, waivers, a hold
    and its resumption, an output, a register number, a loop back, a refusal with its reason."""
    process = Process(Sop.model_validate(SERVICE_SOP))
    ctx = Context(process=process, calendar=WorkCalendar(), registers=MemoryRegisters())
    applicant = Applicant(name="Ani Lestari — Ñ ✓", nik="3508010101010001", phone="0812", address="Jl. Mawar 1")
    steps = [
        OpenCase(actor=LOKET, at=at(2, 8), case_id="c", tracking_code="T", applicant=applicant),
        RecordOutsideStep(actor=LOKET, at=at(2, 9), task=1, waivers={"1": "tidak ada", "2": "ada"}),
        HoldForApplicant(actor=LOKET, at=at(2, 9, 30), task=2, missing=("Surat kuasa",)),
        ResumeCase(actor=LOKET, at=at(3, 10, 15), task=2, note="sudah dibawa"),
        Decide(actor=LOKET, at=at(3, 11), task=2, answer=True, waivers={"1": "a"}),
        RecordOutput(actor=KASI, at=at(3, 11, 5), task=3, name="Konsep surat", value="No. 1/2026 é"),
        CompleteStep(actor=KASI, at=at(3, 13, 0), task=3),
        Decide(actor=CAMAT, at=at(4, 8, 1), task=4, answer=False, reason="perbaiki"),
        CompleteStep(actor=KASI, at=at(4, 9, 0), task=5),
        RejectCase(actor=CAMAT, at=at(4, 10, 0), reason="ditolak: berkas palsu"),
    ]
    states: list[CaseState] = []
    state = None
    for command in steps:
        state, _ = execute(state, command, ctx)
        states.append(state)
    return states


def test_a_state_is_written_as_its_to_json_would_be() -> None:
    """The command path writes the state dataclass straight to JSON; it reads back as ``to_json()`` writes it."""
    states = _states_of_a_full_case()
    last = states[-1].to_json()
    assert last["status"] == "rejected" and last["register_entries"] and last["held_minutes"] > 0
    assert last["applicant"]["name"].endswith("✓") and last["tasks"][2]["outputs"]
    for state in states:
        assert json.loads(dump_json(state)) == state.to_json()
        assert CaseState.from_json(json.loads(dump_json(state))) == state


def test_a_lone_surrogate_in_a_name_is_kept_as_a_replacement_character(office: Office) -> None:
    """A JSON body may carry a lone surrogate as an escape; neither orjson nor jsonb takes it: no crash, U+FFFD."""
    applicant = Applicant(name="Ani \ud800 Lestari", nik="3508010101010001", phone=None, address=None)
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=applicant), version=office.version).case
    submit(office.loket, ClaimTask(actor=NOBODY, at=at(2, 9), task=1), case=case)
    case.refresh_from_db()
    assert case.state["applicant"]["name"] == "Ani \ufffd Lestari"
    assert case.typed_state.tasks[0].claimed_by


def test_json_that_json_dumps_wrote_and_orjson_refuses_still_reads() -> None:
    """Old rows hold ``json.dumps`` text: a lone surrogate's escape or NaN, which orjson refuses, read as before."""
    old = json.dumps({"applicant": {"name": "Ani \ud800"}, "minutes": float("nan")})
    read = CommandSql.read_json(old)
    assert read["applicant"] == {"name": "Ani \ud800"} and read["minutes"] != read["minutes"]
    assert CommandSql.read_json(old.encode())["applicant"] == {"name": "Ani \ud800"}


def test_events_written_and_replayed_round_trip_through_the_orm(office: Office) -> None:
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    command = uuid.uuid4()
    written = [
        RecordedEvent(case.pk, 90 + index, "output_recorded", moment, "siti", {"value": index, "nested": [{"a": None}]})
        for index, moment in enumerate(MOMENTS)
    ]
    with transaction.atomic(), command_store() as store:
        store.insert_events([(event, office.loket.pk, command, "d" * 64) for event in written])
    stored = list(Event.objects.filter(case=case, seq__gte=90).order_by("seq"))
    assert [(e.seq, e.at, e.actor, e.actor_name, e.data, e.command_id) for e in stored] == [
        (e.seq, e.at, office.loket, "siti", e.data, command) for e in written
    ]
    assert all(e.recorded_at is not None and e.command_digest == "d" * 64 for e in stored)
    with command_store() as store:
        digest, replayed = store.replay(command)  # type: ignore[misc]
    assert digest == "d" * 64 and replayed == written


def test_the_one_read_answers_as_the_separate_statements_do(office: Office) -> None:
    """The case, a Plh's roles on the days of its period only, ended assignments left out, and the overrides."""
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    organisation = office.organisation.pk
    kasi, camat = (Role.objects.get(organisation=office.organisation, code=code) for code in ("kasi", "camat"))
    first, last = dt.date(2026, 3, 1), dt.date(2026, 3, 7)
    RoleAssignment.objects.create(user=office.loket, role=kasi, kind="plh", valid_from=first, valid_until=last)
    RoleAssignment.objects.create(user=office.loket, role=camat, ended_at=MOMENTS[0])
    CalendarOverride.objects.create(organisation=office.organisation, date=dt.date(2026, 11, 3), kind="holiday")
    CalendarOverride.objects.create(
        organisation=office.organisation, date=dt.date(2026, 11, 4), kind="hours", name="Rapat", hours="08:00-12:00"
    )
    with transaction.atomic(), command_store() as store:
        store.start(office.loket.pk, case.pk, None)
        assert store.case(case.pk) == CommandStore.case(store, case.pk) is not None
        for day, held in (
            (first, True),
            (last, True),
            (first - dt.timedelta(days=1), False),
            (dt.date(2026, 3, 8), False),
        ):
            codes = store.role_codes(office.loket.pk, organisation, day)
            assert codes == CommandStore.role_codes(store, office.loket.pk, organisation, day)
            assert codes == ({"loket", "kasi"} if held else {"loket"})
        ours = sorted(store.overrides(organisation))
        theirs = sorted(
            (dt.date.fromisoformat(str(row[0])), *row[1:]) for row in CommandStore.overrides(store, organisation)
        )
        assert ours == theirs and [row[0] for row in ours] == [dt.date(2026, 11, 3), dt.date(2026, 11, 4)]
    with transaction.atomic(), command_store() as store:  # opening a case: no case, the organisation's reads
        store.start(office.kasi.pk, None, organisation)
        assert (
            store.role_codes(office.kasi.pk, organisation, first) == {"kasi"}
            and len(store.overrides(organisation)) == 2
        )
        assert store.case(uuid.uuid4()) is None


def test_the_case_update_holds_the_optimistic_lock(office: Office) -> None:
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    values = {
        "status": "open",
        "current_step": 1,
        "due_at": MOMENTS[1],
        "closed_at": None,
        "version": case.version + 1,
        "state": {"x": [1, "dua"]},
    }
    try:
        with transaction.atomic(), command_store() as store:
            refused = not store.update_case(case.pk, case.version + 5, values)  # someone else moved the case on
    except CaseChanged:
        refused = connection.vendor == "postgresql"  # where the database fails the transaction itself
    assert refused
    case.refresh_from_db()
    assert case.version == values["version"] - 1
    with transaction.atomic(), command_store() as store:
        assert store.update_case(case.pk, case.version, values)
    case.refresh_from_db()
    assert (case.due_at, case.state, case.version) == (MOMENTS[1], {"x": [1, "dua"]}, values["version"])


def test_a_command_tells_the_store_which_case_columns_it_left_as_they_were(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite rewrites the entry of every index holding a column its UPDATE sets, changed or not: a command that
    leaves the status and due time alone says so, and a closing one does not."""
    told: list[frozenset[str]] = []
    real = services.command_store

    @contextlib.contextmanager
    def telling() -> Iterator[Any]:
        with real() as store:
            update = store.update_case_with_events

            def recorded(*args: Any) -> Any:
                told.append(args[-1])
                return update(*args)

            store.update_case_with_events = recorded
            yield store

    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    monkeypatch.setattr(services, "command_store", telling)
    task = case.typed_state.current
    assert task is not None
    submit(office.loket, ClaimTask(actor=NOBODY, at=at(2, 9), task=task.task), case=case)
    submit(office.loket, RejectCase(actor=NOBODY, at=at(2, 10), reason="Berkas tidak sah"), case=case)
    assert told == [frozenset({"status", "due_at", "closed_at"}), frozenset({"due_at"})]
    case.refresh_from_db()
    assert (case.status, case.closed_at, case.version) == ("rejected", at(2, 10), case.typed_state.version)


@pytest.mark.django_db
def test_a_case_update_leaving_columns_out_sets_only_the_others() -> None:
    with command_store() as store:
        sql = store.sql
    statement = sql.update_case_of(("current_step", "version", "state"))
    assert statement is sql.update_case_of(("current_step", "version", "state"))  # built once per set of columns
    sets = statement.sql.split(" SET ")[1].split(" WHERE ")[0]
    assert "status" not in sets and "due_at" not in sets and "closed_at" not in sets and '"state"' in sets
    assert statement.fields == ("current_step", "version", "state", "key:id", "key:version")


def test_a_batchs_writes_are_sent_on_leaving_the_store_and_its_answers_are_true(office: Office) -> None:
    """Writes queued in a batch (on PostgreSQL they wait for the COMMIT) are stored once the store is left, and an
    answer asked after the batch is the statement's own, not a guess made before it was sent."""
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    values = {"status": "open", "current_step": 1, "due_at": MOMENTS[1], "closed_at": None, "state": {"x": 1}}
    before = case.version
    with transaction.atomic(), command_store() as store:
        with store.batch():
            written = store.update_case(case.pk, before, {**values, "version": before + 1})
            found = store.update_task(case.pk, 1, {"is_open": True})
            missing = store.update_task(case.pk, 99, {"is_open": True})
        assert (bool(written), bool(found), bool(missing)) == (True, True, False)
    case.refresh_from_db()
    assert (case.version, case.due_at) == (before + 1, MOMENTS[1])


def test_a_task_row_is_inserted_and_updated(office: Office) -> None:
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    row = {"number": 9, "step": 3, "outside": False, "activated_at": MOMENTS[0], "due_at": None, "is_open": True}
    with transaction.atomic(), command_store() as store:
        task_id = store.insert_task(case.pk, row)
        changed = {"is_open": False, "completed_at": MOMENTS[2], "completed_by": office.kasi.pk, "answer": "ya"}
        assert store.update_task(case.pk, 9, changed)
        assert not store.update_task(case.pk, 10, {"is_open": False})
    task = Task.objects.get(pk=task_id)
    assert (task.number, task.activated_at, task.completed_at, task.completed_by, task.answer, task.is_open) == (
        9,
        MOMENTS[0],
        MOMENTS[2],
        office.kasi,
        "ya",
        False,
    )


def test_a_task_update_may_insert_the_row_where_there_is_none(office: Office) -> None:
    """PostgreSQL's store writes the missing row in the UPDATE's own statement (its writes go with the COMMIT, so
    no answer is asked before); SQLite's answers that nothing changed, and the caller inserts it."""
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    row = {"number": 9, "step": 3, "outside": False, "activated_at": MOMENTS[0], "due_at": None, "is_open": False}
    with transaction.atomic(), command_store() as store:
        instead = NewTask(row)
        answered = bool(store.update_task(case.pk, 9, {"is_open": False}, instead))
    inserted = Task.objects.filter(case=case, number=9).first()
    if connection.vendor == "postgresql":
        assert answered and inserted is not None and not inserted.is_open and inserted.step == 3
    else:
        assert not answered and inserted is None


def test_register_numbers_count_per_register_and_year(office: Office) -> None:
    with transaction.atomic(), command_store() as store:
        numbers = [store.next_register_number(office.organisation.pk, "Register A", 2026) for _ in range(3)]
        numbers.append(store.next_register_number(office.organisation.pk, "Register B", 2026))
        numbers.append(store.next_register_number(office.organisation.pk, "Register A", 2027))
    assert numbers == [1, 2, 3, 1, 1]


@pytest.mark.django_db
def test_a_missing_case_reads_as_none() -> None:
    with command_store() as store:
        assert store.case(uuid.uuid4()) is None
        assert store.replay(uuid.uuid4()) is None


@pytest.mark.django_db
def test_each_statement_takes_one_parameter_per_listed_field() -> None:
    with command_store() as store:
        sql = store.sql
        statements = [sql.insert_case, sql.update_case, sql.insert_event, sql.insert_task, sql.close_open_tasks]
        statements += [sql.insert_register_entry, sql.update_task(("is_open", "claimed_by", "completed_at"))]
    mark = "?" if connection.vendor == "sqlite" else "%s"
    for statement in statements:
        assert statement.sql.count(mark) == len(statement.fields) == len(statement.adapters), statement.sql
    assert sql.update_task(("is_open",)) is sql.update_task(("is_open",))  # built once per set of columns
    with pytest.raises(KeyError):
        sql.insert_case.params({"id": uuid.uuid4()})  # a missing value is an error, not a shifted column
    one, none = Statement("?", ("a",), (str,)), Statement("", (), ())
    assert (one.params({"a": 1}), none.params({})) == (("1",), ())  # a tuple, whatever the number of fields


def test_the_command_path_and_the_startup_lock_are_the_only_raw_sql_in_the_web_layer() -> None:
    """Raw SQL lives in the command path (speed: the commands and the version-state check before each case opens),
    the start-up lock and the events' commit order (PostgreSQL's advisory locks have no ORM form), and the
    monitoring's summaries and review counts (additive upserts have none either); triggers are in migrations.
    (SQLite's WAL checkpointer runs its pragma on a driver connection of its own, outside Django.)"""
    import pathlib

    import sopan.web

    web = pathlib.Path(sopan.web.__file__).parent
    raw = ("connection.cursor", ".raw(", "cursor.execute", "RawSQL", ".extra(")
    found = [
        str(path.relative_to(web))
        for path in web.rglob("*.py")
        if "migrations" not in path.parts and any(word in path.read_text(encoding="utf-8") for word in raw)
    ]
    assert sorted(found) == [
        "cases/command_pg.py",
        "cases/command_read.py",
        "cases/command_sql.py",
        "cases/feed_order.py",
        "lifecycle/services.py",
        "monitoring/review_summary.py",
        "monitoring/summaries.py",
        "startup_lock.py",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips and prepared statements: PostgreSQL")
def test_a_completion_on_postgresql_is_three_round_trips_of_prepared_statements(office: Office) -> None:
    """The reads with the event-order lock and BEGIN, the writes in one pipeline, COMMIT: nothing planned anew."""
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    other = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    record = RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"})
    submit(office.loket, record, case=other)
    # the monitoring's summaries ride in the same pipeline (test_monitoring_summaries.py)
    results = []
    sent, trace = sent_messages(lambda: results.append(submit(office.loket, record, case=case)))
    result = results[0]
    assert result.current_step == 2 and Task.objects.get(case=case, number=2).is_open
    # the test runs in a transaction, so the command's BEGIN and COMMIT are a SAVEPOINT and its RELEASE, a Query
    # each; outside, BEGIN rides with the reads and COMMIT is the one Query: three round trips
    assert sent["Query"] == 2 and b"SAVEPOINT" in trace
    assert sent["Sync"] == 2  # the reads, then the writes
    assert sent["Parse"] == 0  # every statement was prepared by the commands before
    assert sent["Execute"] == 5, sent  # the reads, the case with its events, two task rows, the summaries


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typed VALUES: PostgreSQL")
def test_a_value_too_long_for_its_column_is_refused_not_cut(office: Office) -> None:
    """The events' VALUES are typed by their columns, but a varchar(n) as text: an explicit cast to varchar(40)
    would cut a longer event kind short, where the column's own assignment refuses it."""
    from django.db import IntegrityError
    from django.db.utils import DataError

    from sopan.web.cases import command_sql
    from sopan.web.cases.command_pg import PostgresSql

    extra = PostgresSql(command_sql._statements("postgresql", "default"))
    statement = extra.update_case_with_events(1)
    assert "::varchar" not in statement
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    events = statement[statement.index(" INSERT INTO ") :]
    with pytest.raises((DataError, IntegrityError)), connection.cursor() as cursor:
        cursor.execute(
            f"WITH moved AS (SELECT 1) {events}",
            [case.pk, 99, "k" * 41, at(2, 9), None, "", "{}", None, "", at(2, 9)],
        )
