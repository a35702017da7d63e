"""A new, empty database for sopan processes a test starts: SQLite in a fresh SOPAN_HOME, or a new PostgreSQL
database beside the one SOPAN_DATABASE_URL names."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

from tests.factories import REPO

__all__ = ["fresh_database"]


def fresh_database(home: Path) -> tuple[dict[str, str], Callable[[], None]]:
    """Environment for a new, empty database of the kind under test (PostgreSQL when SOPAN_DATABASE_URL names one)."""
    env = {**os.environ, "SOPAN_HOME": str(home), "PYTHONPATH": str(REPO / "src")}
    for name in ("SOPAN_PRODUCTION", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    url = os.environ.get("SOPAN_DATABASE_URL", "")
    if not url.startswith("postgres"):
        env.pop("SOPAN_DATABASE_URL", None)
        return env, lambda: None
    import psycopg

    server, _, name = url.rpartition("/")
    fresh = f"{name or 'sopan'}_start_{uuid.uuid4().hex[:8]}"
    admin = f"{server}/postgres"  # the named database may not exist: only Django's test_ one does
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{fresh}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

    return {**env, "SOPAN_DATABASE_URL": f"{server}/{fresh}"}, drop
