"""Anonymisation: its audit rows, the case's mark, and the triggers that make the event table append-only."""

import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The event table is append-only in the database itself, not only through the ORM. The one exception is the
# anonymiser: while its audit row (cases_anonymisation) of a case is open, the data and command digest of that
# case's events may be rewritten, nothing else of them. An audit row is never deleted and never changes once
# finished. Written in the database's own trigger language, so a raw UPDATE or DELETE is refused as well.
_SAME_EVENT = (
    "NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.seq = OLD.seq AND NEW.kind = OLD.kind AND NEW.at = OLD.at"
    " AND {same}(NEW.actor_id, OLD.actor_id) AND NEW.actor_name = OLD.actor_name"
    " AND {same}(NEW.command_id, OLD.command_id) AND NEW.recorded_at = OLD.recorded_at"
    " AND EXISTS (SELECT 1 FROM cases_anonymisation a WHERE a.case_id = OLD.case_id AND a.finished_at IS NULL)"
)
_SAME_AUDIT = (
    "OLD.finished_at IS NULL AND NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.at = OLD.at"
    " AND {same}(NEW.by_id, OLD.by_id) AND NEW.by_name = OLD.by_name AND NEW.reason = OLD.reason"
    " AND NEW.on_request = OLD.on_request"
)
EVENT_REFUSED = "cases_event is append-only: events are never changed or deleted (only anonymised)"
AUDIT_REFUSED = "cases_anonymisation is an audit record: never deleted, never changed once finished"

SQLITE = [
    f"CREATE TRIGGER sopan_event_no_delete BEFORE DELETE ON cases_event "
    f"BEGIN SELECT RAISE(ABORT, '{EVENT_REFUSED}'); END",
    f"CREATE TRIGGER sopan_event_no_update BEFORE UPDATE ON cases_event "
    f"WHEN NOT ({_SAME_EVENT.format(same='sopan_same')}) BEGIN SELECT RAISE(ABORT, '{EVENT_REFUSED}'); END",
    f"CREATE TRIGGER sopan_anonymisation_no_delete BEFORE DELETE ON cases_anonymisation "
    f"BEGIN SELECT RAISE(ABORT, '{AUDIT_REFUSED}'); END",
    f"CREATE TRIGGER sopan_anonymisation_no_update BEFORE UPDATE ON cases_anonymisation "
    f"WHEN NOT ({_SAME_AUDIT.format(same='sopan_same')}) BEGIN SELECT RAISE(ABORT, '{AUDIT_REFUSED}'); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS sopan_event_no_delete",
    "DROP TRIGGER IF EXISTS sopan_event_no_update",
    "DROP TRIGGER IF EXISTS sopan_anonymisation_no_delete",
    "DROP TRIGGER IF EXISTS sopan_anonymisation_no_update",
]
POSTGRESQL = [
    f"""CREATE FUNCTION sopan_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND {_SAME_EVENT.format(same="sopan_same")} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{EVENT_REFUSED}' USING ERRCODE = 'integrity_constraint_violation';
END $$""",
    "CREATE TRIGGER sopan_event_append_only BEFORE UPDATE OR DELETE ON cases_event "
    "FOR EACH ROW EXECUTE FUNCTION sopan_event_append_only()",
    f"""CREATE FUNCTION sopan_anonymisation_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND {_SAME_AUDIT.format(same="sopan_same")} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{AUDIT_REFUSED}' USING ERRCODE = 'integrity_constraint_violation';
END $$""",
    "CREATE TRIGGER sopan_anonymisation_audit BEFORE UPDATE OR DELETE ON cases_anonymisation "
    "FOR EACH ROW EXECUTE FUNCTION sopan_anonymisation_audit()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS sopan_event_append_only ON cases_event",
    "DROP FUNCTION IF EXISTS sopan_event_append_only()",
    "DROP TRIGGER IF EXISTS sopan_anonymisation_audit ON cases_anonymisation",
    "DROP FUNCTION IF EXISTS sopan_anonymisation_audit()",
]


def _statements(schema_editor, sqlite: list[str], postgresql: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    same = "({0} IS {1})" if vendor == "sqlite" else "({0} IS NOT DISTINCT FROM {1})"
    for statement in {"sqlite": sqlite, "postgresql": postgresql}.get(vendor, []):
        schema_editor.execute(_same(statement, same), params=None)


def _same(statement: str, form: str) -> str:
    """sopan_same(a, b) -> the database's null-safe equality."""
    return re.sub(r"sopan_same\(([\w.]+), ([\w.]+)\)", lambda m: form.format(m[1], m[2]), statement)


def install(apps, schema_editor) -> None:
    _statements(schema_editor, SQLITE, POSTGRESQL)


def remove(apps, schema_editor) -> None:
    _statements(schema_editor, SQLITE_DROP, POSTGRESQL_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_fewer_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, help_text="When its personal data was replaced", null=True),
        ),
        migrations.CreateModel(
            name="Anonymisation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField()),
                ("by_name", models.CharField(blank=True, max_length=150)),
                (
                    "on_request",
                    models.BooleanField(default=False, help_text="Asked by the data subject (before the period ended)"),
                ),
                ("reason", models.CharField(blank=True, max_length=500)),
                ("finished_at", models.DateTimeField(null=True)),
                (
                    "by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="anonymisations", to="cases.case"
                    ),
                ),
            ],
            options={
                "ordering": ["-at"],
            },
        ),
        migrations.RunPython(install, remove),
    ]
