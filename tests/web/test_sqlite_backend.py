"""sopan's SQLite backend begins each transaction on the driver's connection, still IMMEDIATE."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_backend_is_sopans_and_the_vendor_sqlite() -> None:
    assert connection.settings_dict["ENGINE"] == "sopan.web.sqlite_backend"
    wrapper = connections[DEFAULT_DB_ALIAS]
    assert type(wrapper).__module__ == "sopan.web.sqlite_backend.base" and wrapper.vendor == "sqlite"


def test_a_transaction_holds_the_write_lock_from_its_begin() -> None:
    """IMMEDIATE: a second writer is refused as soon as the first has begun, before it has written anything."""
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        with transaction.atomic():
            connection.cursor().execute("SELECT 1")
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # and free once it ended
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_begin_goes_past_the_query_log() -> None:
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        connection.cursor().execute("SELECT 1")
    assert [query["sql"] for query in captured.captured_queries] == ["SELECT 1", "COMMIT"]
