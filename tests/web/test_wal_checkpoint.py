"""SQLite's WAL: checkpointed every 16,000 pages by SQLite, and by the server after a writing request at least once a
second, read from the WAL index itself (how many frames the log holds, how many are copied into the database)."""

from __future__ import annotations

import struct
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
def sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the WAL is SQLite's")


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


@pytest.fixture
def due() -> None:
    """This process checkpointed long ago."""
    wal_checkpoint._clock.last = float("-inf")


def test_connections_run_in_wal_and_checkpoint_every_16000_pages() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 16000


def test_a_writing_request_leaves_the_wal_copied_into_the_database(due: None) -> None:
    WalCheckpointMiddleware(writing)(RequestFactory().post("/"))
    in_log, copied = frames()
    assert in_log > 0
    assert copied == in_log


def test_a_reading_request_checkpoints_nothing(due: None) -> None:
    WalCheckpointMiddleware(writing)(RequestFactory().get("/"))  # a GET that wrote all the same
    in_log, copied = frames()
    assert copied < in_log


def test_a_second_writing_request_within_the_interval_waits_for_the_next(due: None) -> None:
    middleware = WalCheckpointMiddleware(writing)
    middleware(RequestFactory().post("/"))
    middleware(RequestFactory().post("/"))
    in_log, copied = frames()
    assert copied < in_log


def test_the_next_writing_request_after_the_interval_checkpoints_again(due: None) -> None:
    middleware = WalCheckpointMiddleware(writing)
    middleware(RequestFactory().post("/"))
    middleware(RequestFactory().post("/"))
    wal_checkpoint._clock.last -= wal_checkpoint.INTERVAL
    middleware(RequestFactory().post("/"))
    in_log, copied = frames()
    assert copied == in_log
