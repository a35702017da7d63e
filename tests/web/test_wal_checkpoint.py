"""SQLite's WAL: checkpointed every 16,000 pages by SQLite, and by the server within a second of every request that
wrote, read from the WAL index itself (how many frames the log holds, how many are copied into the database)."""

from __future__ import annotations

import sqlite3
import struct
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from sopan.web import wal_checkpoint
from sopan.web.catalog.models import Organisation
from sopan.web.wal_checkpoint import WalCheckpointMiddleware

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def due() -> None:
    """This process checkpointed long ago, and no trailing checkpoint waits."""
    wal_checkpoint._clock.last = float("-inf")
    wal_checkpoint._clock.pending = False


def frames() -> tuple[int, int]:
    """(frames in the WAL, frames copied into the database) from the WAL index (``-shm``): its header's mxFrame and
    its checkpoint record's nBackfill, in the machine's byte order, as SQLite writes them."""
    shm = Path(connection.settings_dict["NAME"] + "-shm").read_bytes()
    (in_log,) = struct.unpack_from("=I", shm, 16)
    (copied,) = struct.unpack_from("=I", shm, 96)
    return in_log, copied


def writing(request: HttpRequest) -> HttpResponse:
    Organisation.objects.create(code=f"wal-{Organisation.objects.count()}", name="WAL")
    return HttpResponse("ok")


def reading(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(Organisation.objects.count()))


def join_trailing() -> None:
    for thread in threading.enumerate():
        if thread.name == "sopan-wal-checkpoint":
            thread.join(timeout=30)


def test_connections_run_in_wal_and_checkpoint_every_16000_pages() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 16000
        cursor.execute("PRAGMA journal_size_limit")
        assert cursor.fetchone()[0] == 64 * 1024 * 1024


def test_a_writing_request_leaves_the_wal_copied_into_the_database() -> None:
    WalCheckpointMiddleware(writing)(RequestFactory().post("/"))
    in_log, copied = frames()
    assert in_log > 0
    assert copied == in_log


def test_a_get_that_wrote_is_checkpointed_too() -> None:
    WalCheckpointMiddleware(writing)(RequestFactory().get("/"))  # a visit counted, a session saved
    in_log, copied = frames()
    assert copied == in_log


def test_a_request_that_wrote_nothing_checkpoints_nothing() -> None:
    Organisation.objects.create(code="wal-before", name="WAL")  # a write of no request's
    WalCheckpointMiddleware(reading)(RequestFactory().post("/"))
    in_log, copied = frames()
    assert copied < in_log
    assert wal_checkpoint._clock.last == float("-inf")  # its turn is left to the next request that writes


def test_a_second_write_within_the_interval_is_copied_by_the_trailing_checkpoint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(wal_checkpoint, "INTERVAL", 0.3)
    middleware = WalCheckpointMiddleware(writing)
    middleware(RequestFactory().post("/"))
    middleware(RequestFactory().post("/"))
    assert wal_checkpoint._clock.pending
    join_trailing()
    in_log, copied = frames()
    assert copied == in_log
    assert not wal_checkpoint._clock.pending


def test_writes_within_the_interval_wait_for_one_trailing_checkpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wal_checkpoint, "INTERVAL", 3600.0)  # the trailing checkpoint does not come in this test
    started: list[float] = []
    monkeypatch.setattr(wal_checkpoint, "_start_trailing", started.append)
    middleware = WalCheckpointMiddleware(writing)
    for _ in range(3):
        middleware(RequestFactory().post("/"))
    in_log, copied = frames()
    assert copied < in_log  # the second and third writes wait
    assert len(started) == 1 and 0 < started[0] <= 3600.0


def test_frames_a_reader_still_needs_get_a_trailing_checkpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[float] = []
    monkeypatch.setattr(wal_checkpoint, "_start_trailing", started.append)
    reader = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    reader.execute("BEGIN")
    reader.execute(f"SELECT count(*) FROM {Organisation._meta.db_table}").fetchall()  # its snapshot: before the write
    try:
        WalCheckpointMiddleware(writing)(RequestFactory().post("/"))
        in_log, copied = frames()
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert copied < in_log
    assert started == [wal_checkpoint.INTERVAL]
