"""The roles acting on each step of each version (``StepRole``), written for every version published so far."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

from sopan.web.catalog.step_roles import write_step_roles


def fill(apps: Any, schema_editor: Any) -> None:
    version, step_role, role = (apps.get_model("catalog", name) for name in ("SopVersion", "StepRole", "Role"))
    for found in version.objects.select_related("sop").iterator():
        write_step_roles(found, step_role, role)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_profile"),
    ]

    operations = [
        migrations.CreateModel(
            name="StepRole",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("step", models.PositiveIntegerField()),
                (
                    "role",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="catalog.role"),
                ),
                (
                    "sop_version",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="step_roles",
                        to="catalog.sopversion",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("sop_version", "step", "role"), name="steprole_unique")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
