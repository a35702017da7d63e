"""The case status loses its own index: (status, due_at) serves every filter on it, and each index of the case
table is written again by every command. The index is dropped by name, so SQLite keeps its table as it is."""

from typing import Any

from django.db import migrations, models

STATUS_INDEXES = ("cases_case_status_95787cb3", "cases_case_status_95787cb3_like")  # the second on PostgreSQL only


def drop_status_indexes(apps: Any, schema_editor: Any) -> None:
    for name in STATUS_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def restore_status_indexes(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f'CREATE INDEX "{STATUS_INDEXES[0]}" ON "cases_case" ("status")')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'CREATE INDEX "{STATUS_INDEXES[1]}" ON "cases_case" ("status" varchar_pattern_ops)')


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_monitoring_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("open", "Berjalan"),
                            ("finished", "Selesai"),
                            ("cancelled", "Dibatalkan"),
                            ("rejected", "Ditolak"),
                        ],
                        default="open",
                        max_length=10,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_status_indexes, restore_status_indexes)],
        ),
    ]
