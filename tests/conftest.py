"""Fixtures for every test: the seed documents beside the checkout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import SEEDS


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the seeds are expected at {SEEDS} (../shared beside the checkout)")
    return SEEDS


@pytest.fixture(scope="session", autouse=True)
def _flush_past_append_only_triggers() -> Iterator[None]:
    """Transactional tests empty every table after each test, on SQLite with DELETE, which the event table's
    append-only triggers refuse; they are set aside for that flush only (PostgreSQL truncates: no row triggers)."""
    from django.db.backends.sqlite3.base import DatabaseOperations  # the base first: the backend's import order

    original = DatabaseOperations.execute_sql_flush

    def flush(self: DatabaseOperations, sql_list: list[str]) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sopan_%'")
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f"DROP TRIGGER {name}")
        try:
            original(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                for _, sql in triggers:
                    cursor.execute(sql)

    DatabaseOperations.execute_sql_flush = flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]
