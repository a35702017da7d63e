"""On PostgreSQL, the command path's tables stop checking their references to users and roles in the database, and
the case state is compressed with lz4.

A foreign key's check locks the row it points to (``FOR KEY SHARE``) in every transaction that writes a reference:
every command locked its officer's user row (the event's actor, the task's claimer and completer) and each role of
every new task, a lock written to those rows and, when two commands hold one at once, a MultiXact. These few rows
are shared by every command of an office. Users are ended, never deleted, and roles are never deleted either, so
the references are kept by the application (Django's ``on_delete``), not by a lock per command. The case state,
several kB of JSON rewritten by every command, is compressed with lz4 where the server has it (much cheaper than
the default pglz). SQLite keeps its tables as they are: its checks lock nothing, and dropping a constraint would
copy the table.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (table, column, the model it refers to) whose foreign key constraint is dropped
UNCHECKED = (
    ("cases_event", "actor_id", settings.AUTH_USER_MODEL),
    ("cases_task", "claimed_by_id", settings.AUTH_USER_MODEL),
    ("cases_task", "completed_by_id", settings.AUTH_USER_MODEL),
    ("cases_task_roles", "role_id", "catalog.Role"),
)


def _foreign_keys(schema_editor: Any, table: str, column: str) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [name for name, info in constraints.items() if info["foreign_key"] and info["columns"] == [column]]


def drop_checks(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table, column, _ in UNCHECKED:
        for name in _foreign_keys(schema_editor, table, column):
            schema_editor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
        )
        if cursor.fetchone()[0]:
            schema_editor.execute('ALTER TABLE "cases_case" ALTER COLUMN "state" SET COMPRESSION lz4')


def restore_checks(apps: Any, schema_editor: Any) -> None:
    """The checks again, named as Django names them; NOT VALID, so rows written meanwhile are not judged (the
    references were the application's to keep), only those written from now on."""
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table, column, model in UNCHECKED:
        target = apps.get_model(model)._meta.db_table
        name = schema_editor._create_index_name(table, [column], suffix=f"_fk_{target}_id")
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} FOREIGN KEY ({quote(column)}) "
            f'REFERENCES {quote(target)} ("id") DEFERRABLE INITIALLY DEFERRED NOT VALID'
        )
    schema_editor.execute('ALTER TABLE "cases_case" ALTER COLUMN "state" SET COMPRESSION DEFAULT')


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_task_role_model"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="actor",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="task",
                    name="claimed_by",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="claimed_tasks",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="task",
                    name="completed_by",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="completed_tasks",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="taskrole",
                    name="role",
                    field=models.ForeignKey(
                        db_constraint=False, on_delete=django.db.models.deletion.CASCADE, to="catalog.role"
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_checks, restore_checks)],
        ),
    ]
