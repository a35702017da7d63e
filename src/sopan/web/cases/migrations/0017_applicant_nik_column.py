"""The applicant's NIK gets a column of its own, filled from the state of the cases there are, and the NIK index
is on it: an index of an expression over the state was rewritten by every command (SQLite rewrites the entry of
every index over a column its UPDATE sets), where the column is written once, when the case is opened."""

from typing import Any

from django.db import migrations, models

from sopan.web.cases.models import ApplicantNik


def fill(apps: Any, schema_editor: Any) -> None:
    """Each case's NIK from its state, where it has one (sixteen digits, as the engine takes them)."""
    case = apps.get_model("cases", "Case")
    with_nik = case.objects.alias(nik=ApplicantNik()).filter(nik__regex=r"^[0-9]{16}$")
    with_nik.update(applicant_nik=ApplicantNik())


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_command_id_index_only_where_there_is_one"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="applicant_nik",
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="case", name="case_applicant_nik"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("applicant_nik__isnull", False)),
                fields=["applicant_nik"],
                name="case_applicant_nik",
            ),
        ),
    ]
