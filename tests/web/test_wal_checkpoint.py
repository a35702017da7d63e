"""SQLite's WAL: checkpointed by a thread of each process soon after every commit, and by SQLite every 16,000 pages,
read from the WAL index itself (how many frames the log holds, how many are copied into the database)."""

from __future__ import annotations

import sqlite3
import struct
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

from sopan.web.catalog.models import Organisation
from sopan.web.sqlite_backend import checkpointer
from sopan.web.sqlite_backend.checkpointer import Checkpointer

pytestmark = pytest.mark.django_db(transaction=True)


def frames(path: str | None = None) -> tuple[int, int]:
    """(frames in the WAL, frames copied into the database) from the WAL index (``-shm``): its header's mxFrame and
    its checkpoint record's nBackfill, in the machine's byte order, as SQLite writes them."""
    shm = Path((path or connection.settings_dict["NAME"]) + "-shm").read_bytes()
    (in_log,) = struct.unpack_from("=I", shm, 16)
    (copied,) = struct.unpack_from("=I", shm, 96)
    return in_log, copied


def write(name: str = "wal") -> None:
    Organisation.objects.create(code=f"{name}-{Organisation.objects.count()}", name="WAL")


def soon(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Whether ``condition`` holds within ``seconds`` (looked at every 20 ms)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def wal_database(path: str) -> str:
    """A new database file at ``path`` in WAL mode (which the file keeps)."""
    made = sqlite3.connect(path)
    made.execute("PRAGMA journal_mode=WAL")
    made.close()
    return path


@pytest.fixture
def database(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A database of its own in WAL mode, with SQLite's own checkpoints off: only a checkpointer copies its log."""
    db = sqlite3.connect(tmp_path / "own.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("CREATE TABLE t (n INTEGER)")
    yield db
    db.close()


@pytest.fixture
def own_checkpointer(database: sqlite3.Connection, tmp_path: Path) -> Iterator[Checkpointer]:
    started = Checkpointer(str(tmp_path / "own.sqlite3"), poll=0.05)
    started.start()
    yield started
    started.stop()


def test_connections_run_in_wal_and_sqlite_checkpoints_every_16000_pages() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 16000
        cursor.execute("PRAGMA journal_size_limit")
        assert cursor.fetchone()[0] == 64 * 1024 * 1024


def test_a_commit_is_copied_into_the_database_without_anyone_asking() -> None:
    write()
    in_log, _ = frames()
    assert in_log > 0
    assert soon(lambda: frames()[1] >= in_log)  # the process's checkpointer copied it
    running = checkpointer.running(connection.settings_dict["NAME"])
    assert running is not None and running.is_alive() and running.checkpoints > 0


def test_the_process_keeps_one_checkpointer_per_database_file() -> None:
    first = checkpointer.running(connection.settings_dict["NAME"])
    connection.close()
    write()  # a new connection
    assert checkpointer.running(connection.settings_dict["NAME"]) is first


def test_a_process_made_by_fork_starts_its_own(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(checkpointer, "_running", {})
    path = str(tmp_path / "forked.sqlite3")
    wal_database(path)
    checkpointer.watch(path)
    parent = checkpointer.running(path)
    monkeypatch.setattr(checkpointer.os, "getpid", lambda: -1)  # as the child sees itself
    checkpointer.watch(path)
    child = checkpointer.running(path)
    try:
        assert parent is not None and child is not None and child is not parent and child.is_alive()
    finally:
        for started in (parent, child):
            assert started is not None
            started.stop()


def test_a_commit_is_checkpointed_within_a_poll(database: sqlite3.Connection, own_checkpointer: Checkpointer) -> None:
    database.execute("INSERT INTO t VALUES (1)")
    answered = own_checkpointer
    assert soon(lambda: answered.answer is not None and answered.answer[2] == answered.answer[1])
    in_log, copied = frames(own_checkpointer.path)
    assert in_log > 0 and copied == in_log


def test_no_commit_no_checkpoint(database: sqlite3.Connection, own_checkpointer: Checkpointer) -> None:
    database.execute("INSERT INTO t VALUES (1)")
    assert soon(lambda: own_checkpointer.checkpoints >= 1)
    ran = own_checkpointer.checkpoints
    time.sleep(0.4)  # eight looks
    assert own_checkpointer.checkpoints == ran
    database.execute("INSERT INTO t VALUES (2)")
    assert soon(lambda: own_checkpointer.checkpoints == ran + 1)


def test_frames_a_reader_still_needs_are_copied_once_it_has_finished(
    database: sqlite3.Connection, own_checkpointer: Checkpointer, tmp_path: Path
) -> None:
    reader = sqlite3.connect(tmp_path / "own.sqlite3", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM t").fetchall()  # its snapshot: before the write
    try:
        database.execute("INSERT INTO t VALUES (1)")
        assert soon(lambda: own_checkpointer.answer is not None)
        time.sleep(0.2)
        in_log, copied = frames(own_checkpointer.path)
        assert copied < in_log  # held back by the reader
        ran = own_checkpointer.checkpoints
        assert soon(lambda: own_checkpointer.checkpoints > ran + 1)  # tried again at each look, with no new commit
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert soon(lambda: frames(own_checkpointer.path)[1] == frames(own_checkpointer.path)[0])


def test_a_child_process_forgets_its_parents_checkpointers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The fork hook: a child starts its own for the databases it opens (a database of this test's own, as the
    child inherits the parent's open connection)."""
    import os

    monkeypatch.setattr(checkpointer, "_running", {})
    path = str(tmp_path / "parent.sqlite3")
    wal_database(path)
    checkpointer.watch(path)
    read, written = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answers whether it knows a checkpointer, then leaves at once
        os.write(written, b"1" if checkpointer.running(path) else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    parent = checkpointer.running(path)
    assert parent is not None and parent.is_alive()
    parent.stop()
    assert os.read(read, 1) == b"0"


def test_stopped_the_process_starts_them_again_with_its_next_connection(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(checkpointer, "_running", {})
    path = str(tmp_path / "again.sqlite3")
    wal_database(path)
    checkpointer.watch(path)
    first = checkpointer.running(path)
    checkpointer.stop()
    assert first is not None and not first.is_alive() and checkpointer.running(path) is None
    checkpointer.watch(path)  # as the backend does for a new connection
    again = checkpointer.running(path)
    assert again is not None and again is not first and again.is_alive()
    again.stop()


def test_a_database_that_is_gone_is_not_made_anew(tmp_path: Path) -> None:
    gone = Checkpointer(str(tmp_path / "gone.sqlite3"), poll=0.05)
    gone.start()
    gone.join(timeout=10)
    assert not gone.is_alive() and not (tmp_path / "gone.sqlite3").exists()


def test_a_database_with_a_rollback_journal_gets_no_checkpoints(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE t (n INTEGER)")
    ended = Checkpointer(str(path), poll=0.05)
    ended.start()
    ended.join(timeout=10)
    db.execute("INSERT INTO t VALUES (1)")
    db.close()
    assert not ended.is_alive() and ended.checkpoints == 0


def test_disabled_the_process_stops_its_checkpointers_and_starts_none(
    monkeypatch: pytest.MonkeyPatch, own_checkpointer: Checkpointer
) -> None:
    monkeypatch.setattr(checkpointer, "_running", {(checkpointer.os.getpid(), own_checkpointer.path): own_checkpointer})
    monkeypatch.setattr(checkpointer, "_disabled", False)
    checkpointer.disable()
    assert not own_checkpointer.is_alive()
    checkpointer.watch(own_checkpointer.path)
    assert checkpointer.running(own_checkpointer.path) is None
