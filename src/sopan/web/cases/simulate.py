"""Demo data: many realistic cases run through the database, each command as a real user would give it."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from sopan.engine import SIGNED_IN, CaseState, Refusal
from sopan.engine.simulation import SimulationPolicy
from sopan.web.accounts.demo import ensure_demo_users
from sopan.web.cases.services import submit
from sopan.web.catalog.models import Organisation, SopVersion
from sopan.web.catalog.runtime import calendar_for, process_for
from sopan.web.catalog.version_states import closed_to_new_cases

__all__ = ["SimulationReport", "simulate_organisation"]


@dataclass
class SimulationReport:
    cases: int = 0
    finished: int = 0
    open: int = 0
    closed_early: int = 0
    commands: int = 0
    late_steps: int = 0
    steps: int = 0
    refusals: list[str] = field(default_factory=list)


def _actor_user(users: dict[str, User], roles: list[str], rng: random.Random) -> User | None:
    holders = [users[code] for code in sorted(roles) if code in users]
    return rng.choice(holders) if holders else None


def simulate_case(
    version: SopVersion, users: dict[str, User], rng: random.Random, start: dt.datetime, until: dt.datetime
) -> tuple[CaseState | None, SimulationReport]:
    """One case from its opening at ``start`` until it closes or the next piece of work would pass ``until``."""
    report = SimulationReport()
    process = process_for(version)
    calendar = calendar_for(version.sop.organisation)
    policy = SimulationPolicy(process, calendar, rng)
    opener = _actor_user(users, list(process.opening_roles()), rng)
    if opener is None:
        report.refusals.append(f"{process.key}: no internal role can open a case")
        return None, report
    opened_at = calendar.next_working_moment(start)
    result = submit(opener, policy.opening(SIGNED_IN, opened_at), version=version)
    report.cases = report.commands = 1
    state = result.state
    case = result.case_id
    while state.is_open and state.current is not None:
        task = state.current
        finish = policy.finish_time(state)
        if finish > until:
            break
        user = _actor_user(users, task.roles, rng)
        if user is None:
            report.refusals.append(f"{process.key}: no user for step {task.step}")
            break
        for command in policy.work(state, SIGNED_IN, finish):
            try:
                result = submit(user, command, case=case)
            except Refusal as refusal:
                report.refusals.append(f"{process.key} step {task.step}: {refusal.message.en}")
                return state, report
            report.commands += 1
            state = result.state
        done = state.task(task.task)
        if done is not None and done.done:
            report.steps += 1
            report.late_steps += (
                done.due_at is not None and done.completed_at is not None and done.completed_at > done.due_at
            )
    report.finished = int(state.status == "finished")
    report.open = int(state.is_open)
    report.closed_early = int(state.status in ("cancelled", "rejected"))
    return state, report


def simulate_organisation(
    organisation: Organisation,
    cases_per_sop: int,
    seed: int = 1,
    until: dt.datetime | None = None,
    window_days: int = 90,
    on_case: Callable[[], None] | None = None,
) -> SimulationReport:
    """``cases_per_sop`` cases for every SOP of the organisation, opened over the ``window_days`` before
    ``until`` (default now); the most recent ones are still running."""
    rng = random.Random(seed)
    until = until or dt.datetime.now(dt.UTC)
    users = ensure_demo_users(organisation)
    total = SimulationReport()
    versions = [sop.latest for sop in organisation.sops.order_by("key")]
    for version in versions:
        if version is None or closed_to_new_cases(version):  # a revoked SOP opens no case
            continue
        for _ in range(cases_per_sop):
            start = until - dt.timedelta(days=rng.uniform(0, window_days))
            _, report = simulate_case(version, users, rng, start, until)
            for name in ("cases", "finished", "open", "closed_early", "commands", "late_steps", "steps"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
            total.refusals += report.refusals
            if on_case:
                on_case()
    return total
