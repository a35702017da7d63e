"""The roles that may work each step of a published version (``StepRole``), written once when it is published.

A task's roles are those acting on its step in its case's version (the engine's ``Process.acting_roles``), so they
are kept once per version and step, not once per task: a command that opens a task writes no role rows, and the
inbox reads them by the task's step and its case's version. Roles are the organisation's, found by code; a code
without a role (none is made for it) gives no row, as it gave no task role before.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sopan.engine import Process
from sopan.web.catalog.runtime import cached_process

__all__ = ["step_role_pairs", "write_step_roles"]


def step_role_pairs(process: Process, role_ids: Mapping[str, int]) -> Iterator[tuple[int, int]]:
    """(step number, role id) for every role acting on each numbered step, the roles by code."""
    for step in process.sop.steps:
        if step.number is None:
            continue
        for code in sorted(process.acting_roles(step)):
            if code in role_ids:
                yield step.number, role_ids[code]


def write_step_roles(version: Any, step_role: Any, role: Any) -> int:
    """Write the step roles of ``version`` (a ``SopVersion``, or its historical model in a migration, with
    ``step_role`` and ``role`` the models to use); returns how many."""
    sop = version.sop
    process = cached_process(version.pk, sop.key, version.number, version.content_hash, lambda: version.definition)
    role_ids = dict(role.objects.filter(organisation_id=sop.organisation_id).values_list("code", "pk"))
    rows = [
        step_role(sop_version_id=version.pk, step=number, role_id=role_id)
        for number, role_id in step_role_pairs(process, role_ids)
    ]
    step_role.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
