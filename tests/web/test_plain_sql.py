"""Plain statements write exactly what the ORM would read back (UUIDs, datetimes, JSON), on either database."""

from __future__ import annotations

import datetime as dt
import uuid

from sopan.engine import OpenCase
from sopan.web.cases.models import Case, Event
from sopan.web.cases.plain_sql import insert_rows, update_where
from sopan.web.cases.services import submit
from tests.engine.conftest import WIB, at
from tests.web.conftest import NOBODY, Office
from tests.web.test_services import ANI


def test_insert_and_update_round_trip(office: Office) -> None:
    case = submit(office.loket, OpenCase(NOBODY, at(2, 8), applicant=ANI), version=office.version).case
    command = uuid.uuid4()
    moment = dt.datetime(2026, 11, 2, 9, 30, tzinfo=WIB)
    insert_rows(
        Event,
        [
            Event(
                case=case,
                seq=99,
                kind="output_recorded",
                at=moment,
                actor=office.loket,
                actor_name="siti",
                data={"name": "Surat", "value": "No. 1/2026", "nested": [1, {"a": None}]},
                command_id=command,
            )
        ],
    )
    stored = Event.objects.get(case=case, seq=99)
    assert stored.at == moment and stored.command_id == command and stored.actor == office.loket
    assert stored.data == {"name": "Surat", "value": "No. 1/2026", "nested": [1, {"a": None}]}
    assert stored.recorded_at is not None  # auto_now_add is honoured
    due = dt.datetime(2026, 11, 4, 10, tzinfo=WIB)
    assert update_where(Case, {"due_at": due, "state": {"x": 1}}, {"id": case.pk, "version": case.version}) == 1
    assert update_where(Case, {"due_at": None}, {"id": case.pk, "version": case.version + 5}) == 0
    case.refresh_from_db()
    assert case.due_at == due and case.state == {"x": 1}
