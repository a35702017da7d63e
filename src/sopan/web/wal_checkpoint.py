"""SQLite's write-ahead log checkpointed within a second of every write the server makes: what a power cut can take
is bounded in time, not in pages.

With ``synchronous=NORMAL`` a commit is written to the WAL but not synced; a checkpoint syncs the WAL, copies its
pages into the database and syncs that. SQLite checkpoints by itself when the WAL reaches ``wal_autocheckpoint``
pages (16,000 in ``settings``: rare checkpoints copy each of a command's hot pages once for many commands), which
an office that writes little would take days to reach, and server threads keep their connections, so the
checkpoint SQLite runs when the last connection closes does not come either. So after a request that wrote (its
connection's count of changed rows grew, whatever the method: a GET may count a visit or save a session), the
server checkpoints at once if this process has not done so for ``INTERVAL`` seconds, and otherwise leaves a
trailing checkpoint due when the interval ends: a quiet office's commits are synced by the request that made them,
a busy one's once a second. A checkpoint that could not copy every frame (a reader still needed the older pages, or
a writer added more meanwhile) leaves another trailing one, so no write waits more than about a second longer than
the readers that hold it back. PostgreSQL needs none of this.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db import Error as DjangoDatabaseError
from django.http import HttpRequest, HttpResponse

__all__ = ["INTERVAL", "WalCheckpointMiddleware", "checkpoint"]

INTERVAL = 1.0  # seconds: at most one checkpoint per process in this time, and no write left longer unsynced

logger = logging.getLogger(__name__)


class _Clock:
    """When this process last checkpointed, and whether a trailing checkpoint is waiting; shared by its threads."""

    def __init__(self) -> None:
        self.last = float("-inf")
        self.pending = False
        self.lock = threading.Lock()

    def after_write(self) -> float | None:
        """0.0: checkpoint now; a delay in seconds: start the trailing checkpoint after it; None: one is already
        waiting, which will copy this write too."""
        now = time.monotonic()
        with self.lock:
            waited = now - self.last
            if waited >= INTERVAL:
                self.last = now
                return 0.0
            if self.pending:
                return None
            self.pending = True
            return INTERVAL - waited

    def trailing(self) -> None:
        """The trailing checkpoint is starting: later writes need one of their own."""
        with self.lock:
            self.pending = False
            self.last = time.monotonic()

    def again(self) -> bool:
        """A checkpoint left frames behind (a reader still needed them, or a writer added more): True if a
        trailing checkpoint is now to be started for them, False if one is already waiting."""
        with self.lock:
            if self.pending:
                return False
            self.pending = True
            return True


_clock = _Clock()


def checkpoint() -> tuple[int, int, int] | None:
    """A PASSIVE checkpoint on this thread's connection: it copies what no reader still needs and waits for no
    one. Returns SQLite's answer (busy, frames in the WAL, frames checkpointed), or None if it could not run."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
            busy, frames, copied = cursor.fetchone()
    except DjangoDatabaseError as error:  # the response is made: a failed checkpoint only waits for the next one
        logger.warning("WAL checkpoint failed: %s", error)
        return None
    return busy, frames, copied


def _checkpoint_all() -> None:
    """Checkpoint; what it could not copy gets a trailing checkpoint of its own (a failure waits for a write)."""
    answer = checkpoint()
    if answer is not None and answer[2] < answer[1] and _clock.again():
        _start_trailing(INTERVAL)


def _trailing_checkpoint() -> None:
    """The body of the trailing checkpoint's thread: on a connection of its own, closed after it."""
    _clock.trailing()
    try:
        _checkpoint_all()
    except Exception:  # a thread of its own: nothing above it to tell (e.g. the process is shutting down)
        logger.warning("trailing WAL checkpoint failed", exc_info=True)
    finally:
        connections.close_all()


def _start_trailing(delay: float) -> None:
    # not a daemon: a process that stops waits for it (at most INTERVAL), so its last writes are synced too
    timer = threading.Timer(delay, _trailing_checkpoint)
    timer.name = "sopan-wal-checkpoint"
    timer.start()


def _changed_rows(raw: Any) -> int:
    return raw.total_changes if raw is not None else 0


class WalCheckpointMiddleware:
    """After a request that wrote to SQLite, checkpoint its WAL now or within ``INTERVAL`` seconds. Does nothing on
    PostgreSQL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.sqlite = connections[DEFAULT_DB_ALIAS].vendor == "sqlite"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.sqlite:
            return self.get_response(request)
        db = connections[DEFAULT_DB_ALIAS]
        before_connection = db.connection
        before = _changed_rows(before_connection)
        response = self.get_response(request)
        after_connection = db.connection
        if after_connection is None or db.in_atomic_block:
            return response  # no connection left to ask, or the request's writes are not committed yet
        if after_connection is not before_connection:
            before = 0  # the request opened its connection: every change counted is its own
        if _changed_rows(after_connection) > before:
            delay = _clock.after_write()
            if delay == 0.0:
                _checkpoint_all()
            elif delay is not None:
                _start_trailing(delay)
        return response
