"""SQLite's write-ahead log checkpointed at least once a second after writes: what a power cut can take is bounded
in time, not in pages.

With ``synchronous=NORMAL`` a commit is written to the WAL but not synced; a checkpoint syncs the WAL, copies its
pages into the database and syncs that. SQLite checkpoints by itself when the WAL reaches ``wal_autocheckpoint``
pages (16,000 in ``settings``: rare checkpoints copy each of a command's hot pages once for many commands), which
an office that writes little would take days to reach. So after a request that may have written, the server
checkpoints if this process has not done so for ``INTERVAL`` seconds: a quiet office's commits are synced by the
request that made them, a busy one's once a second. PostgreSQL needs none of this.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

__all__ = ["INTERVAL", "WalCheckpointMiddleware", "checkpoint"]

INTERVAL = 1.0  # seconds between this process's checkpoints, at most, while it writes
_SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

logger = logging.getLogger(__name__)


class _Clock:
    """When this process last checkpointed; one per process, shared by its threads."""

    def __init__(self) -> None:
        self.last = float("-inf")
        self.lock = threading.Lock()

    def due(self) -> bool:
        """True once an interval has passed since the last checkpoint, and then to one caller only."""
        now = time.monotonic()
        with self.lock:
            if now - self.last < INTERVAL:
                return False
            self.last = now
            return True


_clock = _Clock()


def checkpoint() -> tuple[int, int, int] | None:
    """A PASSIVE checkpoint on this thread's connection: it copies what no reader still needs and waits for no
    one. Returns SQLite's answer (busy, frames in the WAL, frames checkpointed), or None if it could not run."""
    db = connections[DEFAULT_DB_ALIAS]
    try:
        with db.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
            busy, frames, copied = cursor.fetchone()
    except DatabaseError as error:  # the response is made: a failed checkpoint only waits for the next one
        logger.warning("WAL checkpoint failed: %s", error)
        return None
    return busy, frames, copied


class WalCheckpointMiddleware:
    """After a request that may have written (any method but GET, HEAD, OPTIONS, TRACE), checkpoint SQLite's WAL
    if this process has not for ``INTERVAL`` seconds. Does nothing on PostgreSQL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.sqlite = connections[DEFAULT_DB_ALIAS].vendor == "sqlite"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        writing = self.sqlite and request.method not in _SAFE
        if writing and not connections[DEFAULT_DB_ALIAS].in_atomic_block and _clock.due():
            checkpoint()
        return response
