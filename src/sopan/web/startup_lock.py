"""One start-up at a time: ``migrate`` (and the first start's publishing) serialised across processes, with a
file lock in SOPAN_HOME on SQLite and a PostgreSQL advisory lock, so sopan processes started together on a
fresh database all work."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LOCK_ID", "migrate", "startup_lock"]

LOCK_ID = 0x736F70616E  # "sopan": the advisory lock's number, the same for every sopan process on a database


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # released by the kernel if the process dies
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _advisory_lock(connection) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_ID])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])


@contextlib.contextmanager
def startup_lock() -> Iterator[None]:
    """Held by one sopan process at a time for the database in use (Django must be set up)."""
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        with _advisory_lock(connection):
            yield
    else:
        with _file_lock(Path(settings.HOME) / "startup.lock"):
            yield


def migrate() -> None:
    """Bring the database schema up to date, one process at a time."""
    from django.core.management import call_command

    with startup_lock():
        call_command("migrate", verbosity=0)
