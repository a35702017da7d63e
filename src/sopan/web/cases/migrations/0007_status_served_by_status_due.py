"""The case status loses its own index: (status, due_at) serves every filter on it, and each index of the case
table is written again by every command. The index is dropped by name, so SQLite keeps its table as it is."""

from django.db import migrations, models

STATUS_INDEXES = ("cases_case_status_95787cb3", "cases_case_status_95787cb3_like")  # the second on PostgreSQL only


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
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name in STATUS_INDEXES],
                    reverse_sql=['CREATE INDEX "cases_case_status_95787cb3" ON "cases_case" ("status")'],
                ),
            ],
        ),
    ]
