"""Each closed case's judgement kept (conformance, waivers, loops, rejection) for the figures to read."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_list_indexes"),
        ("catalog", "0004_profile"),
        ("monitoring", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseReview",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="cases.case",
                    ),
                ),
                ("case_version", models.PositiveIntegerField()),
                ("opened_at", models.DateTimeField()),
                ("status", models.CharField(max_length=10)),
                ("tracking_code", models.CharField(max_length=16)),
                ("conforms", models.BooleanField()),
                ("path_conforms", models.BooleanField()),
                (
                    "deviations",
                    models.JSONField(default=list, help_text="[[kind, step, text_id, text_en], ...] in order"),
                ),
                (
                    "waivers",
                    models.JSONField(default=list, help_text="[[step, item, reason], ...], reasons with NIKs masked"),
                ),
                ("loops", models.JSONField(default=dict, help_text="decision step (as text) -> times answered tidak")),
                ("rejected_step", models.PositiveIntegerField(null=True)),
                ("rejected_reason", models.CharField(blank=True, max_length=2000)),
                (
                    "sop_version",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="catalog.sopversion",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["sop_version", "opened_at"], name="review_version_opened"),
                    models.Index(fields=["case", "case_version"], name="review_case_version"),
                ],
            },
        ),
    ]
