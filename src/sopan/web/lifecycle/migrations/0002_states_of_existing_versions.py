"""Versions published before the lifecycle existed: each SOP's newest version BERLAKU, the older ones DIGANTIKAN."""

from __future__ import annotations

from django.db import migrations
from django.utils import timezone

REASON = "Status awal saat siklus hidup SOP diperkenalkan / state when the lifecycle was introduced"


def forwards(apps, schema_editor) -> None:
    SopVersion = apps.get_model("catalog", "SopVersion")
    VersionState = apps.get_model("lifecycle", "VersionState")
    Transition = apps.get_model("lifecycle", "Transition")
    now = timezone.now()
    newest: dict[int, int] = {}
    for pk, sop_id in SopVersion.objects.order_by("sop_id", "number").values_list("pk", "sop_id"):
        newest[sop_id] = pk  # the last one seen per SOP has the highest number
    states, transitions = [], []
    for pk, sop_id in SopVersion.objects.values_list("pk", "sop_id"):
        if VersionState.objects.filter(version_id=pk).exists():
            continue
        in_force = newest[sop_id] == pk
        state = "BERLAKU" if in_force else "DIGANTIKAN"
        states.append(VersionState(version_id=pk, sop_id=sop_id, state=state, changed_at=now))
        transitions.append(
            Transition(
                version_id=pk,
                name="terbitkan" if in_force else "gantikan",
                from_state="",
                to_state=state,
                at=now,
                actor="sopan",
                authority="publikasi",
                reason=REASON,
            )
        )
    VersionState.objects.bulk_create(states, batch_size=500)
    Transition.objects.bulk_create(transitions, batch_size=500)


def backwards(apps, schema_editor) -> None:
    apps.get_model("lifecycle", "VersionState").objects.all().delete()
    apps.get_model("lifecycle", "Transition").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0001_initial"), ("catalog", "0004_profile")]

    operations = [migrations.RunPython(forwards, backwards)]
