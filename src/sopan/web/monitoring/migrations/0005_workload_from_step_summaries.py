"""The per-role summaries go: a task's roles are those acting on its step in its version, so a role's workload is
read from the per-step summaries (``casework._workload``), and a command adds to one table fewer."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0004_review_counts"),
    ]

    operations = [
        migrations.DeleteModel(name="RoleDay"),
    ]
