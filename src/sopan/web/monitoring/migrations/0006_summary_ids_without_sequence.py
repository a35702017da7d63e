"""The summary tables' ids are SQLite's plain rowid (``cases.rowid.RowidAutoField``): a command's upserts into
them no longer write the ``sqlite_sequence`` row. SQLite copies the three tables anew; PostgreSQL keeps them."""

from django.db import migrations

from sopan.web.cases.rowid import to_rowid


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_appended_ids_without_sequence"),
        ("monitoring", "0005_workload_from_step_summaries"),
    ]

    operations = [to_rowid("reviewcount"), to_rowid("stepday"), to_rowid("stepminutes")]
