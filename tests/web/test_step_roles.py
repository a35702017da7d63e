"""A version's step roles (``catalog.StepRole``) are the roles acting on each of its steps, written once when it is
published; the inbox reads a task's roles from them."""

from __future__ import annotations

import importlib

from django.apps import apps

from sopan.engine import RecordOutsideStep
from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases.access import inbox_tasks
from sopan.web.cases.models import Task
from sopan.web.cases.services import submit
from sopan.web.catalog.models import SopVersion, StepRole
from sopan.web.catalog.runtime import process_for
from sopan.web.catalog.step_roles import step_role_pairs
from tests.factories import at
from tests.web.factories import NOBODY, Office, open_case, publish_revision, task_role_codes
from tests.web.hand_made_cases import build_cases


def _stored(version: SopVersion) -> set[tuple[int, str]]:
    return set(StepRole.objects.filter(sop_version=version).values_list("step", "role__code"))


def _acting(version: SopVersion) -> set[tuple[int, str]]:
    process = process_for(version)
    return {(step.number, code) for step in process.sop.steps for code in process.acting_roles(step)}


def test_publishing_writes_the_roles_acting_on_each_step(office: Office) -> None:
    stored = _stored(office.version)
    assert stored == _acting(office.version)
    assert {code for step, code in stored if step == 1} == {"loket", "kasi", "camat"}  # the Pemohon's: anyone inside
    organisations = StepRole.objects.filter(sop_version=office.version).values_list("role__organisation", flat=True)
    assert set(organisations) == {office.organisation.pk}


def test_each_version_has_its_own(office: Office) -> None:
    revised = publish_revision(office)  # a step inserted after the first: the later steps' numbers move
    assert _stored(revised) == _acting(revised) != _stored(office.version)


def test_a_code_without_a_role_gives_no_row(office: Office) -> None:
    process = process_for(office.version)
    pairs = list(step_role_pairs(process, {"loket": 1, "kasi": 2, "camat": 3}))  # (step, role id)
    assert {role for _, role in pairs} == {1, 2, 3}
    assert list(step_role_pairs(process, {"loket": 1, "camat": 3})) == [pair for pair in pairs if pair[1] != 2]


def test_the_migration_writes_for_every_version_what_publishing_wrote(office: Office) -> None:
    before = {version.pk: _stored(version) for version in SopVersion.objects.all()}
    assert len(before) == 2 and all(before.values())  # kec-contoh's and kec-lain's
    StepRole.objects.all().delete()
    importlib.import_module("sopan.web.catalog.migrations.0005_step_roles").fill(apps, None)
    assert {version.pk: _stored(version) for version in SopVersion.objects.all()} == before


def test_the_inbox_finds_a_task_by_its_step_roles(office: Office) -> None:
    case = open_case(office)
    submit(office.loket, RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}), case=case)
    task = case.tasks.get(is_open=True)
    holders = {code for step, code in _stored(office.version) if step == task.step}
    assert holders and holders != {"loket", "kasi", "camat"}  # some officers hold it, some do not
    for user in (office.loket, office.kasi, office.camat):
        shown = list(inbox_tasks(user).values_list("pk", flat=True))
        code = RoleAssignment.objects.get(user=user).role.code
        assert shown == ([task.pk] if code in holders else []), code
    assert not inbox_tasks(office.outsider).exists()  # the same codes in another organisation
    StepRole.objects.filter(sop_version=office.version, step=task.step).delete()
    assert not any(inbox_tasks(user).exists() for user in (office.loket, office.kasi, office.camat))


def test_every_task_s_roles_in_its_state_are_its_step_roles(office: Office) -> None:
    """The engine writes a task's roles into its activation event and the state; the inbox reads the version's
    step roles. Both come from ``Process.acting_roles``: were that rule ever to change, they would part, and this
    fails."""
    build_cases(office)  # outside steps, loops back, holds, rejections: every kind of task activation
    tasks = Task.objects.select_related("case")
    assert tasks.count() > 20
    for task in tasks:
        assert set(task.case.typed_state.task(task.number).roles) == task_role_codes(task), (task.case_id, task.number)
