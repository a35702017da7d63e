"""A task's roles are read from its step's roles in its case's version (``catalog.StepRole``): the task-role
table goes, and a command that opens a task writes no role rows. Backwards the table is filled again from the
step roles, as the commands had filled it."""

from typing import Any

from django.db import migrations

_REFILL = (
    "INSERT INTO cases_task_roles (task_id, role_id) "
    "SELECT t.id, r.role_id FROM cases_task t "
    "JOIN cases_case c ON c.id = t.case_id "
    "JOIN catalog_steprole r ON r.sop_version_id = c.sop_version_id AND r.step = t.step"
)


def refill(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(_REFILL, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_step_roles"),
        ("cases", "0014_appended_ids_without_sequence"),
    ]

    operations = [
        # backwards the table is made first (the operations below, undone), then filled
        migrations.RunPython(migrations.RunPython.noop, refill),
        migrations.RemoveField(model_name="task", name="roles"),
        migrations.DeleteModel(name="TaskRole"),
    ]
