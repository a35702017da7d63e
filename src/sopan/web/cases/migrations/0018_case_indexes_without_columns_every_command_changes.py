"""The case's version leaves ``case_version_opened``'s included columns: no index of the case then holds a column
that every command changes (version, state, current step), so PostgreSQL updates a case's row in place in its
page (a HOT update) instead of adding an entry to each of its indexes. Nothing reads the version from the index
any more (the check for stale reviews goes by case). SQLite, which keeps no included columns, makes the same index
again."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_applicant_nik_column"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_version_opened"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["sop_version", "opened_at"],
                include=("id", "status", "due_at", "closed_at"),
                name="case_version_opened",
            ),
        ),
    ]
