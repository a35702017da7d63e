"""Running a command against a stored case: one transaction, optimistic locking, idempotent command ids.

A command is decided by the pure engine on the case's stored state; its events, the new state, the task
rows and register entries are written together. If another command changed the case meanwhile (the
version moved), the command is decided again on the fresh state, so the loser of a race gets the engine's
own refusal ("already completed by ...") instead of a silent double write.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from sopan.engine import Actor, CaseState, Command, Context, EventKind, OpenCase, Refusal, RefusalCode, apply, handle
from sopan.engine import Event as EngineEvent
from sopan.engine.tracking import new_code
from sopan.web.cases.models import Case, Event, RegisterEntry, Task
from sopan.web.cases.plain_sql import insert_rows, update_where
from sopan.web.cases.runtime import DbRegisters, actor_for, calendar_for, process_for, role_ids
from sopan.web.catalog.models import SopVersion

__all__ = ["CommandResult", "submit"]

_ATTEMPTS = 5
_ANYONE = Actor("")
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class CommandResult:
    case: Case
    events: list[Event]  # identified by (case, seq); a fresh command's rows are written without reading back ids
    replayed: bool = False  # the command id had been carried out before: nothing new was written

    @property
    def state(self) -> CaseState:
        return CaseState.from_json(self.case.state)


class _Conflict(Exception):
    """The case changed between reading it and writing the command's events."""


def submit(
    user: AbstractBaseUser,
    command: Command,
    *,
    case: Case | uuid.UUID | str | None = None,
    version: SopVersion | None = None,
    command_id: uuid.UUID | str | None = None,
) -> CommandResult:
    """Carry out ``command`` for ``user`` on ``case`` (or open a case of ``version``).

    The command's actor is replaced by the user's roles in the case's organisation; its ``at`` is kept
    (simulations run in the past), so callers in the web layer pass ``timezone.now()``.
    Raises Refusal when the engine refuses or the case keeps changing under the command.
    """
    case_id = case.pk if isinstance(case, Case) else case
    # a command id is the caller's: scoped to the user, and bound to what the command asked
    scoped = uuid.uuid5(uuid.UUID(str(command_id)), str(user.pk)) if command_id else None
    digest = _digest(command, case_id, version)
    for _ in range(_ATTEMPTS):
        try:
            with transaction.atomic():
                return _submit_once(user, command, case_id, version, scoped, digest)
        except _Conflict:
            continue
        except IntegrityError:
            if scoped is None or not Event.objects.filter(command_id=scoped).exists():
                raise
            continue  # a concurrent retry of the same command id won; the next attempt replays it
    raise Refusal(
        RefusalCode.CONFLICT,
        "Kasus ini sedang diubah oleh pengguna lain; muat ulang dan coba lagi.",
        "This case is being changed by another user; reload and try again.",
    )


def _digest(command: Command, case_id: object, version: SopVersion | None) -> str:
    """What a command asks, apart from who and when: the same id with another request is a mistake, not a retry."""
    asked = dataclasses.replace(command, actor=_ANYONE, at=_EPOCH)
    target = f"case:{case_id}" if case_id is not None else f"version:{version.pk if version else None}"
    return hashlib.sha256(f"{target}|{asked!r}".encode()).hexdigest()


def _replayed(command_id: uuid.UUID, digest: str) -> CommandResult | None:
    events = list(Event.objects.filter(command_id=command_id).select_related("case").order_by("seq"))
    if not events:
        return None
    if events[0].command_digest != digest:
        raise Refusal(
            RefusalCode.COMMAND_ID_REUSED,
            "Formulir atau kunci idempotensi ini sudah dipakai untuk perintah lain; muat ulang halaman.",
            "This form or idempotency key was already used for another command; reload the page.",
        )
    return CommandResult(case=events[0].case, events=events, replayed=True)


def _submit_once(
    user: AbstractBaseUser,
    command: Command,
    case_id: uuid.UUID | str | None,
    version: SopVersion | None,
    command_id: uuid.UUID | None,
    digest: str,
) -> CommandResult:
    if command_id and (prior := _replayed(command_id, digest)):
        return prior
    stored: Case | None = None
    state: CaseState | None = None
    if isinstance(command, OpenCase):
        if version is None:
            raise ValueError("opening a case needs the SOP version")
        command = dataclasses.replace(command, case_id=str(uuid.uuid4()), tracking_code=new_code())
    else:
        if case_id is None:
            raise Refusal(RefusalCode.NO_CASE, "Kasus tidak disebut.", "No case given.")
        found = list(
            Case.objects.select_related("sop_version__sop__organisation", "organisation")
            .defer("sop_version__definition")  # process_for() reads it only for a version it has not seen
            .filter(pk=case_id)
            .order_by()[:1]  # one row by its key: no ORDER BY to build
        )
        stored = found[0] if found else None
        if stored is None:
            raise Refusal(RefusalCode.NO_CASE, "Kasus tidak ditemukan.", "Case not found.")
        version = stored.sop_version
        state = CaseState.from_json(stored.state)
    organisation = version.sop.organisation
    command = dataclasses.replace(command, actor=actor_for(user, organisation))
    ctx = Context(
        process=process_for(version), calendar=calendar_for(organisation), registers=DbRegisters(organisation)
    )
    events = handle(state, command, ctx)
    base_version = state.version if state else 0
    for event in events:
        state = apply(state, event)
    assert state is not None
    fields = {
        "status": str(state.status),
        "current_step": state.current.step if state.current else None,
        "due_at": state.due_at,
        "closed_at": state.closed_at,
        "version": state.version,
        "state": state.to_json(),
    }
    if stored is None:
        stored = Case.objects.create(
            id=uuid.UUID(state.case_id),
            tracking_code=state.tracking_code,
            organisation=organisation,
            sop_version=version,
            opened_at=state.opened_at,
            **fields,
        )
    else:
        if not update_where(Case, fields, {"id": stored.pk, "version": base_version}):
            raise _Conflict
        for name, value in fields.items():
            setattr(stored, name, value)
    rows = [
        Event(
            case=stored,
            seq=base_version + index,
            kind=str(event.kind),
            at=event.at,
            actor=user if event.actor else None,
            actor_name=event.actor or "",
            data=event.data,
            command_id=command_id,
            command_digest=digest if command_id else "",
        )
        for index, event in enumerate(events, start=1)
    ]
    insert_rows(Event, rows)
    _write_tasks(stored, state, events, user)
    _write_register_entries(stored, events)
    return CommandResult(case=stored, events=rows)


def _write_tasks(case: Case, state: CaseState, events: list[EngineEvent], user: AbstractBaseUser) -> None:
    """Keep the task rows (what inboxes query) in step with the state.

    A task activated by this command gets a new row with its roles; a task that already has a row gets one
    UPDATE of the columns a command can change, without reading the row first.
    """
    touched = {e.data["task"] for e in events if "task" in e.data}
    activated = {e.data["task"] for e in events if e.kind == EventKind.TASK_ACTIVATED}
    closing = any(e.kind in (EventKind.CASE_CANCELLED, EventKind.CASE_REJECTED) for e in events)
    username = user.get_username()
    created: list[tuple[Task, list[str]]] = []
    for number in sorted(touched):
        task = state.task(number)
        if task is None:
            continue
        changes: dict[str, object] = {"is_open": not task.done and state.is_open}
        if task.claimed_by is None:
            changes["claimed_by"] = None
        elif task.claimed_by == username:
            changes["claimed_by"] = user
        if task.done:
            changes.update(
                completed_at=task.completed_at, elapsed_minutes=task.elapsed_minutes, answer=task.answer or ""
            )
            if task.completed_by == username:
                changes["completed_by"] = user
        if number not in activated and Task.objects.filter(case=case, number=number).update(**changes):
            continue
        row = Task(
            case=case,
            number=number,
            step=task.step,
            outside=task.outside,
            activated_at=task.activated_at,
            due_at=task.due_at,
            **changes,
        )
        row.save(force_insert=True)
        created.append((row, task.roles))
    if created:
        wanted = {code for _, roles in created for code in roles}
        ids = role_ids(case.organisation_id, wanted)
        Task.roles.through.objects.bulk_create(
            [
                Task.roles.through(task_id=row.pk, role_id=ids[code])
                for row, roles in created
                for code in dict.fromkeys(roles)
                if code in ids
            ]
        )
    if closing:
        Task.objects.filter(case=case, is_open=True).update(is_open=False)


def _write_register_entries(case: Case, events: list[EngineEvent]) -> None:
    for event in events:
        if event.kind == EventKind.REGISTER_ENTRY_MADE:
            RegisterEntry.objects.create(
                organisation_id=case.organisation_id,
                register=event.data["register"],
                year=event.data["year"],
                number=event.data["number"],
                case=case,
                step=event.data.get("step"),
                at=event.at,
            )
