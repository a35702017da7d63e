"""The task's roles get a model of their own on the table Django made for them, only to drop the index of the
task alone (the unique (task, role) serves every lookup by task): nothing else of the table changes."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

TASK_INDEX = "cases_task_roles_task_id_405ef3f3"


def drop_task_index(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f'DROP INDEX IF EXISTS "{TASK_INDEX}"')


def restore_task_index(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f'CREATE INDEX "{TASK_INDEX}" ON "cases_task_roles" ("task_id")')


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_fewer_indexes_written"),
        ("catalog", "0004_profile"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TaskRole",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "role",
                            models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="catalog.role"),
                        ),
                        (
                            "task",
                            models.ForeignKey(
                                db_index=False, on_delete=django.db.models.deletion.CASCADE, to="cases.task"
                            ),
                        ),
                    ],
                    options={"db_table": "cases_task_roles", "unique_together": {("task", "role")}},
                ),
                migrations.AlterField(
                    model_name="task",
                    name="roles",
                    field=models.ManyToManyField(related_name="tasks", through="cases.TaskRole", to="catalog.role"),
                ),
            ],
            database_operations=[migrations.RunPython(drop_task_index, restore_task_index)],
        ),
    ]
