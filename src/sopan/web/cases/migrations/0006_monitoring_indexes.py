"""Covering indexes: the monitoring figures count cases and their tasks from the indexes alone."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_list_indexes"),
        ("catalog", "0004_profile"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="case",
            name="case_organisation_opened",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="case_version_opened",
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["organisation", "opened_at"],
                include=("id", "sop_version", "status", "due_at", "closed_at"),
                name="case_organisation_opened",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["sop_version", "opened_at"],
                include=("id", "status", "due_at", "closed_at", "version"),
                name="case_version_opened",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["case"],
                include=("id", "step", "completed_at", "elapsed_minutes", "due_at", "answer", "is_open"),
                name="task_case_figures",
            ),
        ),
    ]
