"""The feed of events across cases (``GET /api/pemantauan/peristiwa``): a cursor that never skips or repeats an
event written between two polls, by one writer or two at once, nor one committed after a later id; only the
organisations the caller may monitor; nothing personal."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from sopan.engine import ClaimTask, OpenCase, ReleaseTask
from sopan.web.accounts.models import ApiToken
from sopan.web.cases.models import Case, Event
from sopan.web.cases.services import submit
from sopan.web.catalog.models import SopVersion
from sopan.web.monitoring.feed import read_feed
from tests.factories import ANI, at
from tests.web.factories import NOBODY, Office, open_case, run_together

pytestmark = pytest.mark.django_db(transaction=True)


def feed(client: Client, cursor: str, limit: int) -> dict[str, Any]:
    answer = client.get("/api/pemantauan/peristiwa", {"setelah": cursor, "batas": limit})
    assert answer.status_code == 200, answer.content
    return answer.json()


def claim_and_release(office: Office, case: Case) -> None:
    submit(office.loket, ClaimTask(actor=NOBODY, at=at(2, 9), task=1), case=case.pk)
    submit(office.loket, ReleaseTask(actor=NOBODY, at=at(2, 9, 5), task=1), case=case.pk)


def test_polling_while_cases_change_returns_every_event_once_in_order(office: Office) -> None:
    first, second = open_case(office), open_case(office)
    other_version = SopVersion.objects.get(sop__organisation__code="kec-lain")
    submit(office.outsider, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=other_version)
    _, raw = ApiToken.issue(office.kasi, "dasbor-provinsi")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    seen: list[dict[str, Any]] = []
    cursor = "0"
    for round_ in range(6):
        page = feed(client, cursor, 3)
        seen += page["events"]
        cursor = page["next"]
        if round_ == 1:
            claim_and_release(office, first)  # one writer between two polls
        if round_ == 3:  # two writers at once
            results = run_together(
                [lambda: claim_and_release(office, first), lambda: claim_and_release(office, second)]
            )
            assert results == [None, None]
    while page["events"]:
        page = feed(client, cursor, 3)
        seen += page["events"]
        cursor = page["next"]
    expected = list(
        Event.objects.filter(case__organisation__code="kec-contoh").order_by("id").values_list("id", flat=True)
    )
    assert [int(event["cursor"]) for event in seen] == expected  # none skipped, none twice, in order
    assert {event["organisation"] for event in seen} == {"kec-contoh"}  # never kec-lain's
    assert len(expected) == 10 and feed(client, cursor, 3) == {"events": [], "next": cursor}
    text = json.dumps(seen)
    assert "Ani" not in text and ANI.nik not in text and "siti" not in text  # no applicant, no officer
    opened = next(event for event in seen if event["kind"] == "task_activated")
    assert opened["sop"] == "surat-keterangan" and opened["activity"].startswith("1. ") and opened["roles"]


def test_an_event_committed_after_a_later_one_is_not_skipped(office: Office) -> None:
    """Writer A writes first and commits last; the reader in between waits for A instead of passing its id."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite commits one writer at a time: its ids are in commit order already")
    slow, fast = open_case(office), open_case(office)
    after = read_feed(office.kasi, 0, 1000).next
    written, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                submit(office.loket, ClaimTask(actor=NOBODY, at=at(2, 9), task=1), case=slow.pk)
                written.set()
                release.wait(20)
        finally:
            connection.close()

    pages = []

    def reader() -> None:
        try:
            pages.append(read_feed(office.kasi, int(after), 1000))
        finally:
            connection.close()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert written.wait(20)
    submit(office.loket, ClaimTask(actor=NOBODY, at=at(2, 9), task=1), case=fast.pk)  # a higher id, committed now
    polling = threading.Thread(target=reader)
    polling.start()
    polling.join(1.0)
    assert polling.is_alive() and not pages  # waiting for the slow writer, not answering without its event
    release.set()
    writer.join(20)
    polling.join(20)
    [page] = pages
    claims = [event for event in page.events if event.kind == "task_claimed"]
    assert [event.case for event in claims] == [slow.tracking_code, fast.tracking_code]
    assert int(page.next) >= max(int(event.cursor) for event in page.events)


def test_a_cursor_that_is_not_one_is_refused(office: Office) -> None:
    _, raw = ApiToken.issue(office.kasi, "dasbor")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    for wrong in ("-1", "abc", "1e3", "٣", str(2**63)):
        answer = client.get("/api/pemantauan/peristiwa", {"setelah": wrong})
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_cursor", wrong
    assert client.get("/api/pemantauan/peristiwa", {"batas": 0}).status_code == 422
    assert Client().get("/api/pemantauan/peristiwa").status_code == 401
