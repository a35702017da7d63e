"""Fixtures for every test: the seed documents beside the checkout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture(autouse=True)
def _cheap_password_hashes(settings: Any) -> None:
    """Passwords made in a test are hashed with MD5: sopan's own first hasher runs a million PBKDF2 rounds (0.24 s
    on the 2-core test machine) for every user a fixture makes, which was most of the suite's time. The other
    hashers stay in the list, so a stored hash of theirs still verifies; the tests of hashing itself put sopan's
    list back (``test_demo_hasher.py``)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
