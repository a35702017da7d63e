"""SQLite's write-ahead log checkpointed by a thread of its own, soon after every commit: no command or request waits
for a checkpoint, and what a power cut can take is bounded in time, not in pages.

With ``synchronous=NORMAL`` a commit is written to the WAL but not synced; a checkpoint syncs the WAL, copies its
pages into the database and syncs that. Run by the committing connection (SQLite's own automatic checkpoint, every
``wal_autocheckpoint`` pages, or a server that checkpointed after a request), it is the commit's caller who waits:
copying and syncing a 16,000-page log took 45 ms on the 2-core test machine, once every 1,200 commands: a tenth
of the command path's time (``benchmarks/engine/run.py``), and far longer on a slow disk.

So each process that opens the database keeps one thread (``Checkpointer``), which opens a connection, runs a
PASSIVE checkpoint and closes it: every ``POLL`` seconds while commits come, every ``WAIT`` seconds once a
checkpoint found nothing new (SQLite's answer says how many frames the log holds and how many are copied). It never
opens SQLite's files itself: closing any descriptor of a file drops every POSIX lock the process holds on it,
SQLite's among them, and reading the WAL index that way let another process take the index for new and truncate
it under this one's mapping (a crash, SIGBUS, seen in a CI run). PASSIVE copies what no
reader still needs and waits for no one, so writers go on meanwhile. The thread holds no connection between its
checkpoints: a database file replaced under it is simply the one it opens next, nothing of SQLite's is left open
across a fork, and when the process ends its own last connection closes last, which checkpoints and removes the
log as SQLite does. A quiet office's commits are synced within about ``WAIT`` seconds, a busy one's every ``POLL``
seconds; frames a reader's older snapshot still needs are copied (and synced) once that reader has finished.
SQLite's own
checkpoint every 16,000 pages (``settings``) stays as the backstop: under a sustained stream of commits the log is
never empty at the moment a writer begins, so it is that one which lets the log start again from its beginning,
and by then it finds most of the log copied already. Threads of several processes on one database take turns (one
checkpoint at a time; PASSIVE skips a turn rather than wait). PostgreSQL needs none of this.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path

__all__ = ["POLL", "WAIT", "Checkpointer", "disable", "running", "stop", "watch"]

POLL = 0.25  # seconds between checkpoints while commits come
WAIT = 1.0  # seconds between checkpoints once one found nothing new: a quiet office's commits wait this at most

logger = logging.getLogger(__name__)


class Checkpointer(threading.Thread):
    """Checkpoints one database file's WAL: often while commits come, seldom while none do."""

    def __init__(self, path: str, poll: float = POLL, wait: float = WAIT) -> None:
        # a daemon: a stopping process does not wait for it, and it holds no connection but during a checkpoint
        super().__init__(name="sopan-wal-checkpoint", daemon=True)
        self.path = path
        self.poll = poll
        self.wait = wait
        self.checkpoints = 0  # how many it ran (tests and benchmarks read it)
        self.answer: tuple[int, int, int] | None = None  # SQLite's last: (busy, frames in the WAL, frames copied)
        self._stopping = threading.Event()

    def run(self) -> None:
        previous: tuple[int, int, int] | None = None
        idle = 0.0  # above 0: the last checkpoint found nothing new, this long ago
        while not self._stopping.wait(self.poll):
            if 0 < idle < self.wait:
                idle += self.poll
                continue
            try:
                answer = self.checkpoint()
            except sqlite3.OperationalError as error:
                if not Path(self.path).exists():  # the database is gone: nothing to look after
                    return
                logger.warning("WAL checkpoint of %s failed: %s", self.path, error)
                continue
            except (OSError, sqlite3.Error) as error:  # e.g. the disk is full: the next look tries again
                logger.warning("WAL checkpoint of %s failed: %s", self.path, error)
                continue
            busy, in_log, copied = answer
            idle = self.poll if answer == previous and not busy and copied >= in_log else 0.0
            previous = answer

    def checkpoint(self) -> tuple[int, int, int]:
        """One PASSIVE checkpoint on a connection of its own, closed after it; SQLite's answer."""
        # the file as it is: a database that is gone is not made anew, empty, by this connection
        db = sqlite3.connect(f"{Path(self.path).resolve().as_uri()}?mode=rw", uri=True, isolation_level=None)
        try:
            busy, in_log, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()[0]
        finally:
            db.close()
        self.answer = (busy, in_log, copied)
        self.checkpoints += 1
        return self.answer

    def stop(self) -> None:
        """Stop looking (waits for a checkpoint under way)."""
        self._stopping.set()
        if self.is_alive():
            self.join()


_lock = threading.Lock()
_running: dict[str, Checkpointer] = {}  # this process's, by database file
_disabled = False


def _forked() -> None:
    """In a process made by fork: the lock anew (another thread may have held it at the fork), and the parent's
    checkpointers forgotten (their threads did not come along), so the child's first connection starts its own."""
    global _lock
    _lock = threading.Lock()
    _running.clear()


os.register_at_fork(after_in_child=_forked)


def watch(path: str) -> None:
    """Make sure this process has a checkpointer for the database file at ``path`` (the backend calls this for
    every new connection)."""
    if _disabled or _alive(path):
        return
    with _lock:
        if _disabled or _alive(path):  # one that ended (its database was gone) is started anew
            return
        checkpointer = Checkpointer(path)
        try:
            checkpointer.start()
        except RuntimeError as error:  # no thread to be had: SQLite's own checkpoints remain
            logger.warning("WAL checkpoints of %s not started: %s", path, error)
            return
        _running[path] = checkpointer


def _alive(path: str) -> bool:
    found = _running.get(path)
    return found is not None and found.is_alive()


def running(path: str) -> Checkpointer | None:
    """This process's checkpointer of ``path``, if it has one."""
    return _running.get(path)


def stop() -> None:
    """Stop this process's checkpointers; the next new connection starts one again. A process about to fork
    workers calls this (``serve``), so that no thread is in the middle of a checkpoint at the fork."""
    with _lock:
        stopping = list(_running.values())
        _running.clear()
    for checkpointer in stopping:
        checkpointer.stop()


def disable() -> None:
    """Stop this process's checkpointers and start no more: for a measurement that reads the WAL's frames
    (``benchmarks/engine/pages.py``), which a checkpoint would let SQLite write over."""
    global _disabled
    _disabled = True
    stop()
