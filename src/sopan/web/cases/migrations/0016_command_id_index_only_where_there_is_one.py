"""The index of the events' command ids holds only events with one: the others (an API call without an
idempotency key, a review case's commands, a simulation's) are never looked up by it, and their commands no longer
write an entry each. The old index is dropped by name, without Django's table rebuild on SQLite."""

from django.db import migrations, models
from django.db.models import Q

OLD = "cases_event_command_id_8e7cad21"  # Django's name for the index of db_index=True


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_task_roles_from_step_roles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="event", name="command_id", field=models.UUIDField(null=True)),
            ],
            database_operations=[
                migrations.RunSQL(f'DROP INDEX "{OLD}"', f'CREATE INDEX "{OLD}" ON "cases_event" ("command_id")'),
            ],
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(condition=Q(command_id__isnull=False), fields=["command_id"], name="event_command_id"),
        ),
    ]
