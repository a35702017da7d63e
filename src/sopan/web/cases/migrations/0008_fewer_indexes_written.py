"""Tasks and events lose the indexes nothing reads but every command writes: who claimed, completed or acted
(users are ended, never deleted), a task's openness alone and every task's due time, the last two replaced by one
index of the open tasks in the inbox's order. Indexes are dropped by name, so SQLite keeps its tables as they are
(altering the fields would copy each table once per field)."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (table, column, index name as Django named it)
DROPPED = (
    ("cases_event", "actor_id", "cases_event_actor_id_35c6f1fe"),
    ("cases_task", "claimed_by_id", "cases_task_claimed_by_id_8814a7a9"),
    ("cases_task", "completed_by_id", "cases_task_completed_by_id_f3901272"),
    ("cases_task", "due_at", "cases_task_due_at_9a7f09a1"),
    ("cases_task", "is_open", "cases_task_is_open_e85cf7a3"),
)


def drop_indexes(apps: Any, schema_editor: Any) -> None:
    for _, _, name in DROPPED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def restore_indexes(apps: Any, schema_editor: Any) -> None:
    for table, column, name in DROPPED:
        schema_editor.execute(f'CREATE INDEX "{name}" ON "{table}" ("{column}")')


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_status_served_by_status_due"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="actor",
                    field=models.ForeignKey(
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
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="completed_tasks",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(model_name="task", name="due_at", field=models.DateTimeField(null=True)),
                migrations.AlterField(model_name="task", name="is_open", field=models.BooleanField(default=True)),
            ],
            database_operations=[migrations.RunPython(drop_indexes, restore_indexes)],
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                condition=models.Q(("is_open", True)), fields=["due_at", "activated_at"], name="task_open_due"
            ),
        ),
    ]
