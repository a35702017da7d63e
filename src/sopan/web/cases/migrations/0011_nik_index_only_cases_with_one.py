"""The index of the applicant's NIK holds only the cases that have one.

Its expression reads the case state, which every command writes, so every command rewrote the case's entry (a page
more per command) even for the cases of internal SOPs, which have no applicant; now SQLite and PostgreSQL leave
the index alone for a case whose NIK is empty before and after. A lookup by NIK (``search``) still reads it: an
equality implies the condition.
"""

import django.db.models.lookups
from django.db import migrations, models

import sopan.web.cases.models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_no_locks_on_users_and_roles"),
        ("catalog", "0004_profile"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="case_applicant_nik"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                sopan.web.cases.models.ApplicantNik(),
                condition=models.Q(django.db.models.lookups.IsNull(sopan.web.cases.models.ApplicantNik(), False)),
                name="case_applicant_nik",
            ),
        ),
    ]
