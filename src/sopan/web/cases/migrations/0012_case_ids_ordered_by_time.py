"""New cases made through the ORM get time-ordered ids (``ids.new_case_id``), as the command path's do.

Only the model's default changes, which the database does not hold: the operation changes Django's state alone
(SQLite would otherwise copy the whole case table to alter its key).
"""

from django.db import migrations, models

import sopan.web.cases.ids


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_nik_index_only_cases_with_one"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="id",
                    field=models.UUIDField(
                        default=sopan.web.cases.ids.new_case_id, editable=False, primary_key=True, serialize=False
                    ),
                ),
            ],
        ),
    ]
