"""Plain INSERT and UPDATE statements for the rows every command writes.

The ORM spends about ten times longer building a statement than the database spends running it; on the
command path (one transaction per command) the statements are written here instead, with each value
prepared by its model field exactly as the ORM would (UUIDs, datetimes, JSON on SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin

__all__ = ["insert_rows", "update_where"]


def _prepared(field: models.Field, value: Any) -> Any:
    return field.get_db_prep_save(value, connection)


def insert_rows(model: type[models.Model], objects: Iterable[models.Model]) -> None:
    """INSERT the objects (their automatic primary key left to the database); auto_now_add fields are set."""
    objects = list(objects)
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"
    rows = [[_prepared(f, f.pre_save(obj, True)) for f in fields] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def update_where(model: type[models.Model], values: Mapping[str, Any], where: Mapping[str, Any]) -> int:
    """UPDATE the rows matching ``where`` (equality on each field) and return how many there were."""
    meta = model._meta
    sets = [(meta.get_field(name), value) for name, value in values.items()]
    conditions = [(meta.get_field(name), value) for name, value in where.items()]
    sql = (
        f"UPDATE {connection.ops.quote_name(meta.db_table)} SET "
        + ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f, _ in sets)
        + " WHERE "
        + " AND ".join(f"{connection.ops.quote_name(f.column)} = %s" for f, _ in conditions)
    )
    params = [_prepared(f, v) for f, v in sets] + [f.get_db_prep_value(v, connection) for f, v in conditions]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
