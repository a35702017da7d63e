"""The per-role summaries go: a task's roles are those acting on its step in its version, so a role's workload is
read from the per-step summaries (``casework._workload``), and a command adds to one table fewer. Backwards the
table is filled again from the per-step summaries and the versions' step roles."""

from typing import Any

from django.db import migrations

_REFILL = (
    "INSERT INTO monitoring_roleday (sop_version_id, role, day, completed, minutes) "
    "SELECT d.sop_version_id, r.code, d.day, SUM(d.completed), SUM(d.minutes) FROM monitoring_stepday d "
    "JOIN catalog_steprole s ON s.sop_version_id = d.sop_version_id AND s.step = d.step "
    "JOIN catalog_role r ON r.id = s.role_id "
    "GROUP BY d.sop_version_id, r.code, d.day"
)


def refill(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(_REFILL, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_step_roles"),
        ("monitoring", "0004_review_counts"),
    ]

    operations = [
        # backwards the table is made first (the operation below, undone), then filled
        migrations.RunPython(migrations.RunPython.noop, refill),
        migrations.DeleteModel(name="RoleDay"),
    ]
