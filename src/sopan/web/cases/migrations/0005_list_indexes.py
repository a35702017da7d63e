"""Indexes the case lists sort by and the NIK search looks up by; the foreign keys they begin with lose their own."""

import django.db.models.deletion
from django.db import migrations, models

import sopan.web.cases.models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_anonymisation"),
        ("catalog", "0003_retention"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="organisation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="catalog.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="sop_version",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="catalog.sopversion",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["opened_at"], name="case_opened"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["organisation", "opened_at"], name="case_organisation_opened"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["sop_version", "opened_at"], name="case_version_opened"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["status", "due_at"], name="case_status_due"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(sopan.web.cases.models.ApplicantNik(), name="case_applicant_nik"),
        ),
    ]
