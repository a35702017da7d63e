"""The event, task and task-role ids are SQLite's plain rowid (``rowid.RowidAutoField``): no ``AUTOINCREMENT``,
so no ``sqlite_sequence`` row updated by every command. SQLite cannot drop the keyword in place, so the three
tables are copied anew (Django's table rebuild); the event table's append-only triggers go with the old table and
are made again. The copies are made as the models stand, so on SQLite too the event's actor and the task's
claimer and completer now refer to their users without a database check, as on PostgreSQL since 0010 (users are
ended, never deleted; Django's ``on_delete`` keeps the references). PostgreSQL keeps its tables: its identity
columns stay as they are."""

from importlib import import_module
from typing import Any

from django.db import migrations

from sopan.web.cases.rowid import to_rowid

_TRIGGERS = import_module("sopan.web.cases.migrations.0004_anonymisation")
_EVENT_TRIGGERS = [sql for sql in _TRIGGERS.SQLITE if " ON cases_event " in sql]


def event_triggers(apps: Any, schema_editor: Any) -> None:
    """The event table's triggers, made again after SQLite rebuilt the table (each dropped first if still there)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in _TRIGGERS.SQLITE_DROP:
        if "sopan_event_" in sql:
            schema_editor.execute(sql, params=None)
    _TRIGGERS._statements(schema_editor, _EVENT_TRIGGERS, [])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_task_case_figures_covering_only"),
    ]

    operations = [
        # backwards the rebuild runs first and the triggers are made after it: hence one on each side
        migrations.RunPython(migrations.RunPython.noop, event_triggers),
        to_rowid("event"),
        to_rowid("task"),
        to_rowid("taskrole"),
        migrations.RunPython(event_triggers, migrations.RunPython.noop),
    ]
