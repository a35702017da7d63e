"""Anonymisation under faults: killed (-9) half way it leaves the case as it was; two at once, exactly one wins.

Either way the stored state is the replay of the stored events, and the event table holds no half-rewritten data.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection

from sopan.engine import CaseState
from sopan.engine.personal import MARKER
from sopan.web.cases.models import Anonymisation, Case
from sopan.web.cases.personal_data import AnonymisationRefused, anonymise_case
from tests.factories import REPO
from tests.web.factories import Office, run_together
from tests.web.personal_data_cases import LATER, NIK, administrator, finished_case, replayed

pytestmark = pytest.mark.django_db(transaction=True)

# runs in a child process: anonymise, but stop for good once the events are rewritten (before the commit)
CHILD = """
import sys, time
from pathlib import Path
from sopan.web import setup
setup()
from django.contrib.auth.models import User
from sopan.web.cases import personal_data
from tests.web.personal_data_cases import LATER
original = personal_data.apply
def stop(*args):
    Path(sys.argv[1]).write_text("rewritten")
    time.sleep(120)
    return original(*args)
personal_data.apply = stop
personal_data.anonymise_case(User.objects.get(username="pengelola"), sys.argv[2], now=LATER)
"""


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )


def test_killed_half_way_the_case_is_as_it_was(office: Office, tmp_path: Path) -> None:
    case = finished_case(office)
    administrator(office)
    before = [(e.seq, e.data) for e in case.events.order_by("seq")]
    ready = tmp_path / "ready"
    env = {**os.environ, "SOPAN_DATABASE_URL": _database_url(), "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(ready), str(case.pk)], cwd=REPO, env=env)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.poll() is None, "the child ended before it rewrote the events"
            assert time.monotonic() < deadline, "the child did not reach the rewrite"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    connection.close()  # a fresh connection sees what the database kept
    case = Case.objects.get(pk=case.pk)
    assert case.anonymised_at is None and not Anonymisation.objects.exists()
    assert [(e.seq, e.data) for e in case.events.order_by("seq")] == before and NIK in str(before)
    assert replayed(case) == CaseState.from_json(case.state)
    anonymise_case(User.objects.get(username="pengelola"), case, now=LATER)  # and it can be done again, whole
    case.refresh_from_db()
    assert case.state["applicant"]["nik"] == MARKER and replayed(case).version == case.version


def test_two_anonymisations_at_once_one_wins(office: Office) -> None:
    case = finished_case(office)
    user = administrator(office)
    results = run_together([lambda: anonymise_case(user, case.pk, now=LATER) for _ in range(2)])
    refused = [r for r in results if isinstance(r, AnonymisationRefused)]
    assert len(refused) == 1 and refused[0].code == "already_anonymised", results
    case.refresh_from_db()
    assert case.events.filter(kind="case_anonymised").count() == 1 and Anonymisation.objects.count() == 1
    assert replayed(case).version == case.version == case.events.count()
