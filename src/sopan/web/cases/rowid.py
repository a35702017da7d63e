"""An id that SQLite numbers without ``AUTOINCREMENT``, for the tables every command writes rows into.

Django declares every SQLite id ``AUTOINCREMENT``: SQLite then keeps the largest id ever given in the
``sqlite_sequence`` table and writes that row at the end of every statement that may insert (an upsert that only
adds to a row as well), a page more in each command that appends an event or a task, or adds to the summaries.
Without it an id is the largest in the table plus one, the same number unless the row with the largest id has been
deleted: events never are (append-only), nor a case with events and so its tasks; summary rows are when they are
rebuilt, and nothing refers to their ids. PostgreSQL keeps its identity
column as it is.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

__all__ = ["RowidAutoField", "to_rowid"]


class RowidAutoField(models.BigAutoField):
    """A ``BigAutoField`` that is SQLite's plain rowid (no ``AUTOINCREMENT``) and PostgreSQL's identity."""

    def db_type_suffix(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return None
        return super().db_type_suffix(connection)


def to_rowid(model_name: str) -> migrations.AlterField:
    """The migration operation that makes a model's id a ``RowidAutoField`` (SQLite rebuilds the table)."""
    return migrations.AlterField(
        model_name=model_name, name="id", field=RowidAutoField(primary_key=True, serialize=False)
    )
