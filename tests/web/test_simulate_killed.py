"""`sopan simulate` killed with SIGKILL again and again: what the database kept is always whole.

Every command is one transaction, so a process killed at any moment leaves each case as the replay of its stored
events, its version equal to their count, its task rows in step with its state, and every register gap-free.
Runs on SQLite and, in the PostgreSQL re-run of the web suite, on PostgreSQL.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict

import pytest
from django.db import connection

from sopan.web.cases.models import Case, Event, RegisterEntry, Task
from tests.factories import LIBRARY, REPO
from tests.web.personal_data_cases import replayed

pytestmark = pytest.mark.django_db(transaction=True)

KILLS = 4


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )


def _simulate_and_kill(seed: int, env: dict[str, str], pause: float) -> int:
    """Start a simulation, wait until it has written events, let it run ``pause`` seconds more, then SIGKILL it."""
    before = Event.objects.count()
    command = [sys.executable, "-m", "sopan", "simulate", str(LIBRARY / "kec-bawang"), "--cases", "40", "--seed"]
    child = subprocess.Popen(
        [*command, str(seed)], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while Event.objects.count() == before:
            assert child.poll() is None, child.stderr.read().decode()[-2000:] if child.stderr else "ended early"
            assert time.monotonic() < deadline, "the simulation wrote no event in two minutes"
            time.sleep(0.1)
        time.sleep(pause)
        assert child.poll() is None, "the simulation ended before it was killed: give it more cases"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        return child.returncode
    finally:
        if child.poll() is None:
            child.kill()
        if child.stderr:
            child.stderr.close()


def test_a_simulation_killed_four_times_leaves_every_case_whole() -> None:
    env = {**os.environ, "SOPAN_DATABASE_URL": _database_url(), "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("SOPAN_PRODUCTION", None)
    pauses = random.Random(7)
    codes = [_simulate_and_kill(seed, env, pauses.uniform(0.2, 1.5)) for seed in range(1, KILLS + 1)]
    assert codes == [-signal.SIGKILL] * KILLS
    connection.close()  # a fresh connection sees what the database kept

    cases = list(Case.objects.all())
    assert len(cases) > KILLS
    for case in cases:
        events = case.events.count()
        assert case.version == events, case.tracking_code
        state = case.typed_state
        assert replayed(case) == state, case.tracking_code
        rows = {task.number: task for task in Task.objects.filter(case=case)}
        assert sorted(rows) == [task.task for task in state.tasks], case.tracking_code
        for task in state.tasks:
            assert rows[task.task].is_open == (not task.done and case.status == Case.Status.OPEN), case.tracking_code

    numbers: dict[tuple[int, str, int], list[int]] = defaultdict(list)
    for entry in RegisterEntry.objects.all():
        numbers[entry.organisation_id, entry.register, entry.year].append(entry.number)
    assert numbers, "the simulation numbered no register entry"
    for key, taken in numbers.items():
        assert sorted(taken) == list(range(1, len(taken) + 1)), key
