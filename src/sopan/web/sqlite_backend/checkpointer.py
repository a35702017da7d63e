"""SQLite's write-ahead log checkpointed by a thread of its own, soon after every commit: no command or request waits
for a checkpoint, and what a power cut can take is bounded in time, not in pages.

With ``synchronous=NORMAL`` a commit is written to the WAL but not synced; a checkpoint syncs the WAL, copies its
pages into the database and syncs that. Run by the committing connection (SQLite's own automatic checkpoint, every
``wal_autocheckpoint`` pages, or a server that checkpointed after a request), it is the commit's caller who waits:
copying and syncing a 16,000-page log took 45 ms on the 2-core test machine, once every 1,200 commands: a tenth
of the command path's time (``benchmarks/engine/run.py``), and far longer on a slow disk.

So each process that opens the database keeps one thread (``Checkpointer``) with a connection of its own, which
looks every ``POLL`` seconds whether another connection committed (``PRAGMA data_version``, a read of the WAL
index) and then runs a PASSIVE checkpoint: it copies what no reader still needs and waits for no one, so writers
go on meanwhile. A checkpoint that left frames behind (a reader still needed them, or writers added more) is tried
again at the next look. A quiet office's commit is synced within ``POLL`` seconds, a busy one's every ``POLL``
seconds. SQLite's own checkpoint every 16,000 pages (``settings``) stays as the backstop: under a sustained stream
of commits the log never empties between two looks, so it is that one which lets the log start again from its
beginning, and by then it finds most of the log copied already. Threads of several processes on one database
take turns (one checkpoint at a time; PASSIVE skips a turn rather than wait). PostgreSQL needs none of this.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path

__all__ = ["POLL", "Checkpointer", "disable", "running", "stop", "watch"]

POLL = 0.25  # seconds between looks for new commits: no commit stays unsynced much longer than this

logger = logging.getLogger(__name__)


class Checkpointer(threading.Thread):
    """Checkpoints one database file's WAL whenever another connection has committed since it last looked."""

    def __init__(self, path: str, poll: float = POLL) -> None:
        # a daemon: a stopping process does not wait for it. Nothing is lost: a commit is in the WAL, which the
        # last connection to close checkpoints, and only a power cut takes what was never synced
        super().__init__(name="sopan-wal-checkpoint", daemon=True)
        self.path = path
        self.poll = poll
        self.checkpoints = 0  # how many it ran (tests and benchmarks read it)
        self.answer: tuple[int, int, int] | None = None  # SQLite's last: (busy, frames in the WAL, frames copied)
        self._stopping = threading.Event()

    def run(self) -> None:
        try:  # the file as it is: a database that is gone is not made anew, empty, by this connection
            db = sqlite3.connect(f"{Path(self.path).resolve().as_uri()}?mode=rw", uri=True, isolation_level=None)
        except sqlite3.Error as error:
            logger.warning("WAL checkpoints of %s not started: %s", self.path, error)
            return
        try:
            if db.execute("PRAGMA journal_mode").fetchall()[0][0] != "wal":
                return  # a rollback journal has no log to copy (its commits sync themselves)
            seen: int | None = None
            behind = False  # the last checkpoint left frames in the WAL uncopied
            while not self._stopping.wait(self.poll):
                try:
                    (version,) = db.execute("PRAGMA data_version").fetchall()[0]
                    if version != seen or behind:
                        seen = version
                        behind = self.checkpoint(db)
                except sqlite3.Error as error:  # e.g. the disk is full: the next look tries again
                    logger.warning("WAL checkpoint of %s failed: %s", self.path, error)
        except sqlite3.Error as error:
            logger.warning("WAL checkpoints of %s not started: %s", self.path, error)
        finally:
            db.close()

    def checkpoint(self, db: sqlite3.Connection) -> bool:
        """One PASSIVE checkpoint; True if it left frames behind."""
        busy, in_log, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()[0]
        self.answer = (busy, in_log, copied)
        self.checkpoints += 1
        return bool(busy) or copied < in_log

    def stop(self) -> None:
        """Stop looking and close the connection (waits for a checkpoint under way)."""
        self._stopping.set()
        if self.is_alive():
            self.join()


_lock = threading.Lock()
_running: dict[tuple[int, str], Checkpointer] = {}  # by process and database file
_disabled = False


def _forked() -> None:
    """In a process made by fork: the lock anew (another thread may have held it at the fork), and the parent's
    checkpointers forgotten (their threads did not come along)."""
    global _lock
    _lock = threading.Lock()
    _running.clear()


os.register_at_fork(after_in_child=_forked)


def watch(path: str) -> None:
    """Make sure this process has a checkpointer for the database file at ``path`` (the backend calls this for
    every new connection; a process made by fork starts its own)."""
    key = (os.getpid(), path)
    if _disabled or key in _running:
        return
    with _lock:
        if _disabled or key in _running:
            return
        checkpointer = Checkpointer(path)
        checkpointer.start()
        _running[key] = checkpointer


def running(path: str) -> Checkpointer | None:
    """This process's checkpointer of ``path``, if it has one."""
    return _running.get((os.getpid(), path))


def stop() -> None:
    """Stop this process's checkpointers, their connections closed; the next new connection starts one again.
    A process about to fork workers calls this (``serve``): a child must not inherit an open SQLite connection."""
    with _lock:
        stopping = [checkpointer for (pid, _), checkpointer in _running.items() if pid == os.getpid()]
        _running.clear()
    for checkpointer in stopping:
        checkpointer.stop()


def disable() -> None:
    """Stop this process's checkpointers and start no more: for a measurement that reads the WAL's frames
    (``benchmarks/engine/pages.py``), which a checkpoint would let SQLite write over."""
    global _disabled
    _disabled = True
    stop()
