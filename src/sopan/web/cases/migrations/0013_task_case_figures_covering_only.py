"""``task_case_figures`` is made only where an index can carry columns (``indexes.CoveringIndex``): SQLite drops
its copy, an index of the case alone that repeated the unique (case, number) and cost every new task a page;
PostgreSQL keeps its index as it is (only Django's record of its class changes)."""

from typing import Any

from django.conf import settings
from django.db import migrations

import sopan.web.cases.indexes

_FIELDS = ("id", "step", "completed_at", "elapsed_minutes", "due_at", "answer", "is_open")


def _drop_on_sqlite(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute('DROP INDEX IF EXISTS "task_case_figures"')


def _make_on_sqlite(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute('CREATE INDEX IF NOT EXISTS "task_case_figures" ON "cases_task" ("case_id")')


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_case_ids_ordered_by_time"),
        ("catalog", "0004_profile"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="task", name="task_case_figures"),
                migrations.AddIndex(
                    model_name="task",
                    index=sopan.web.cases.indexes.CoveringIndex(
                        fields=["case"], include=_FIELDS, name="task_case_figures"
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(_drop_on_sqlite, _make_on_sqlite)],
        ),
    ]
