"""SQLite's WAL: checkpointed by a thread of each process soon after every commit, and by SQLite every 16,000 pages,
read from the WAL index itself (how many frames the log holds, how many are copied into the database)."""

from __future__ import annotations

import os
import sqlite3
import struct
import threading
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


def waiting(path: str) -> int:
    """Frames of a test's own database not yet copied (its WAL index read here: never the suite's database, as
    closing a file drops the process's locks on it)."""
    in_log, copied = frames(path)
    return in_log - copied


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
    """A checkpointer of that database, looking every 50 ms, once it has copied the table's creation."""
    started = Checkpointer(str(tmp_path / "own.sqlite3"), poll=0.05, wait=0.1)
    started.start()
    try:
        assert soon(lambda: waiting(started.path) == 0)
        yield started
    finally:
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
    running = checkpointer.running(connection.settings_dict["NAME"])
    assert running is not None and running.is_alive()
    before = running.checkpoints
    write()
    answered = running  # SQLite's answer to the thread's checkpoint: every frame of the log copied
    assert soon(lambda: answered.checkpoints > before and answered.answer is not None and answered.answer[1] > 0)
    assert soon(lambda: answered.answer is not None and answered.answer[2] == answered.answer[1])


def test_the_process_keeps_one_checkpointer_per_database_file() -> None:
    first = checkpointer.running(connection.settings_dict["NAME"])
    connection.close()
    write()  # a new connection
    assert first is not None and checkpointer.running(connection.settings_dict["NAME"]) is first


def test_a_commit_is_checkpointed_within_a_few_looks(
    database: sqlite3.Connection, own_checkpointer: Checkpointer
) -> None:
    ran = own_checkpointer.checkpoints
    database.execute("INSERT INTO t VALUES (1)")
    assert waiting(own_checkpointer.path) > 0
    assert soon(lambda: waiting(own_checkpointer.path) == 0, seconds=2)
    assert own_checkpointer.checkpoints > ran
    assert own_checkpointer.answer is not None and own_checkpointer.answer[2] == own_checkpointer.answer[1]


def test_while_nothing_is_new_it_looks_only_every_wait(database: sqlite3.Connection, tmp_path: Path) -> None:
    patient = Checkpointer(str(tmp_path / "own.sqlite3"), poll=0.05, wait=0.5)
    patient.start()
    try:
        assert soon(lambda: patient.checkpoints >= 3)  # the table's creation copied, then nothing new
        ran = patient.checkpoints
        time.sleep(1.0)  # twenty looks
        assert patient.checkpoints - ran <= 3  # a checkpoint every half second, not at every look
        database.execute("INSERT INTO t VALUES (1)")
        assert soon(lambda: waiting(patient.path) == 0, seconds=3)  # copied at the next of them
    finally:
        patient.stop()


def test_frames_a_reader_still_needs_are_copied_once_it_has_finished(
    database: sqlite3.Connection, own_checkpointer: Checkpointer, tmp_path: Path
) -> None:
    reader = sqlite3.connect(tmp_path / "own.sqlite3", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM t").fetchall()  # its snapshot: before the write
    try:
        ran = own_checkpointer.checkpoints
        database.execute("INSERT INTO t VALUES (1)")
        assert soon(lambda: own_checkpointer.checkpoints > ran + 2)  # tried at each look, with no new commit
        assert waiting(own_checkpointer.path) > 0  # held back by the reader
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert soon(lambda: waiting(own_checkpointer.path) == 0)


def test_a_database_replaced_at_its_path_is_the_one_checkpointed(
    database: sqlite3.Connection, own_checkpointer: Checkpointer, tmp_path: Path
) -> None:
    """The checkpointer keeps no connection: a file made anew at the path is the one its next checkpoint opens,
    and nothing of the old one's is left to write into the new one's log."""
    path = tmp_path / "own.sqlite3"
    database.close()  # the last connection: SQLite copies the log and removes it
    path.unlink()
    new = sqlite3.connect(path, isolation_level=None)
    try:
        new.execute("PRAGMA journal_mode=WAL")
        new.execute("PRAGMA wal_autocheckpoint=0")
        new.execute("CREATE TABLE u (n INTEGER)")
        new.execute("INSERT INTO u VALUES (7)")
        assert soon(lambda: waiting(str(path)) == 0)
        other = sqlite3.connect(path)
        assert other.execute("SELECT n FROM u").fetchall() == [(7,)]
        other.close()
    finally:
        new.close()


def test_a_database_that_is_gone_is_not_made_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = Checkpointer(str(tmp_path / "gone.sqlite3"), poll=0.05)
    gone.start()
    try:
        gone.join(timeout=5)  # nothing to look after: it ends
        assert not gone.is_alive() and gone.checkpoints == 0 and not (tmp_path / "gone.sqlite3").exists()
        monkeypatch.setattr(checkpointer, "_running", {gone.path: gone})
        wal_database(gone.path)  # made again: the next connection's watch starts a new one
        checkpointer.watch(gone.path)
        again = checkpointer.running(gone.path)
        assert again is not None and again is not gone and again.is_alive()
        again.stop()
    finally:
        gone.stop()


def test_a_database_with_a_rollback_journal_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE t (n INTEGER)")
    looking = Checkpointer(str(path), poll=0.05)
    looking.start()
    try:
        db.execute("INSERT INTO t VALUES (1)")
        assert soon(lambda: looking.checkpoints >= 1)
        assert looking.answer == (0, -1, -1)  # SQLite's answer for a database without a log: nothing done
        assert not Path(str(path) + "-wal").exists()
        assert db.execute("PRAGMA journal_mode").fetchall() == [("delete",)]
    finally:
        looking.stop()
        db.close()


def test_a_child_process_forgets_its_parents_checkpointers_and_their_lock(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The fork hook: the child knows no checkpointer (its first connection starts its own), and the module's lock
    is free in it even when another thread of the parent held it at the fork."""
    monkeypatch.setattr(checkpointer, "_running", {})
    path = wal_database(str(tmp_path / "parent.sqlite3"))
    checkpointer.watch(path)
    parent = checkpointer.running(path)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with checkpointer._lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    read, written = os.pipe()
    try:
        assert held.wait(10)
        pid = os.fork()
        if pid == 0:  # the child: answers, then leaves at once
            free = checkpointer._lock.acquire(timeout=2)
            os.write(written, b"%d%d" % (checkpointer.running(path) is None, free))
            os._exit(0)
        os.waitpid(pid, 0)
        assert os.read(read, 2) == b"11"
        assert parent is not None and parent.is_alive() and checkpointer.running(path) is parent
    finally:
        release.set()
        holder.join()
        os.close(read)
        os.close(written)
        if parent is not None:
            parent.stop()


def test_stopped_the_process_starts_them_again_with_its_next_connection(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(checkpointer, "_running", {})
    path = wal_database(str(tmp_path / "again.sqlite3"))
    checkpointer.watch(path)
    first = checkpointer.running(path)
    checkpointer.stop()
    again = None
    try:
        assert first is not None and not first.is_alive() and checkpointer.running(path) is None
        checkpointer.watch(path)  # as the backend does for a new connection
        again = checkpointer.running(path)
        assert again is not None and again is not first and again.is_alive()
    finally:
        for started in (first, again):
            if started is not None:
                started.stop()


def test_disabled_the_process_stops_its_checkpointers_and_starts_none(
    monkeypatch: pytest.MonkeyPatch, own_checkpointer: Checkpointer
) -> None:
    monkeypatch.setattr(checkpointer, "_running", {own_checkpointer.path: own_checkpointer})
    monkeypatch.setattr(checkpointer, "_disabled", False)
    checkpointer.disable()
    assert not own_checkpointer.is_alive()
    checkpointer.watch(own_checkpointer.path)
    assert checkpointer.running(own_checkpointer.path) is None
