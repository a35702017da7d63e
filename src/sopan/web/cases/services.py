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
from functools import cached_property
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, OperationalError, transaction

from sopan.engine import (
    SIGNED_IN,
    Actor,
    CaseState,
    Command,
    Context,
    EventKind,
    OpenCase,
    RecordOutsideStep,
    Refusal,
    RefusalCode,
    TickRequirement,
    apply,
    handle,
)
from sopan.engine import Event as EngineEvent
from sopan.engine.tracking import new_code
from sopan.web.cases.command_sql import (
    CaseChanged,
    CaseRow,
    Changed,
    CommandStore,
    NewTask,
    RecordedEvent,
    command_store,
)
from sopan.web.cases.extensions import command_done, command_writes
from sopan.web.cases.ids import new_case_id
from sopan.web.cases.models import Case, Event
from sopan.web.catalog.models import SopVersion
from sopan.web.catalog.runtime import cached_process, calendar_from
from sopan.web.catalog.version_states import closed_to_new_cases

__all__ = ["CaseHome", "CommandResult", "submit"]

_ATTEMPTS = 5
# PostgreSQL's deadlock and serialisation failures: the whole attempt was rolled back, so it may run again
_RETRYABLE = frozenset({"40P01", "40001"})
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class CaseHome(NamedTuple):
    """Where a case belongs, as its command read it; none of it ever changes for the case."""

    sop_version_id: int
    content_hash: str  # the SOP version's: a version id reused after a database reset never answers wrongly
    timezone: str  # its organisation's: the day a task counts in


@dataclass(frozen=True)
class CommandResult:
    """What a command did: the case's new state and the events written (or, for a repeated command id, the events
    its first run wrote). The case row is loaded only when asked for."""

    case_id: uuid.UUID
    state: CaseState
    events: list[RecordedEvent]
    place: CaseHome  # what the command read of where the case belongs
    replayed: bool = False  # the command id had been carried out before: nothing new was written

    @cached_property
    def case(self) -> Case:
        return Case.objects.select_related("sop_version__sop", "organisation").get(pk=self.case_id)

    @property
    def current_step(self) -> int | None:
        return self.state.current.step if self.state.current else None


def submit(
    user: AbstractBaseUser,
    command: Command,
    *,
    case: Case | uuid.UUID | str | None = None,
    version: SopVersion | None = None,
    command_id: uuid.UUID | str | None = None,
    granted: frozenset[str] = frozenset(),
) -> CommandResult:
    """Carry out ``command`` for ``user`` on ``case`` (or open a case of ``version``).

    The command's actor must be ``SIGNED_IN``: it is bound here, and only here, to the user's roles in the case's
    organisation; its ``at`` is kept
    (simulations run in the past), so callers in the web layer pass ``timezone.now()``.
    ``granted`` adds roles for this one command, and only to open a case, tick an item or record an outside
    party's step: the lifecycle lets a unit's writer record its own steps (submitting, resubmitting) in the
    review case, which lives in the reviewers' organisation. Apps above are told through ``command_done``.
    Raises Refusal when the engine refuses or the case keeps changing under the command.
    """
    if command.actor != SIGNED_IN:
        raise ValueError("build web commands with actor=SIGNED_IN: submit() binds the signed-in user")
    if granted and not isinstance(command, OpenCase | TickRequirement | RecordOutsideStep):
        raise ValueError("roles are granted only to open a case, tick an item or record an outside party's step")
    case_id = _case_key(case.pk if isinstance(case, Case) else case)
    # a command id is the caller's: scoped to the user, and bound to what the command asked
    scoped = uuid.uuid5(uuid.UUID(str(command_id)), str(user.pk)) if command_id else None
    digest = _digest(command, case_id, version) if scoped else ""
    for _ in range(_ATTEMPTS):
        try:
            with transaction.atomic(), command_store() as store:
                result = _submit_once(store, user, command, case_id, version, scoped, digest, granted)
                if not result.replayed:
                    command_done.send(sender=Case, user=user, result=result)
                return result  # leaving the store sends what it holds (with the COMMIT where it can)
        except CaseChanged:
            continue
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) not in _RETRYABLE:
                raise
            continue  # a deadlock's victim (e.g. two commands adding to the same summary rows in crossed order)
        except IntegrityError:
            if scoped is None or not Event.objects.filter(command_id=scoped).exists():
                raise
            continue  # a concurrent retry of the same command id won; the next attempt replays it
    raise Refusal(
        RefusalCode.CONFLICT,
        "Kasus ini sedang diubah oleh pengguna lain; muat ulang dan coba lagi.",
        "This case is being changed by another user; reload and try again.",
    )


def _case_key(value: uuid.UUID | str | None) -> uuid.UUID | None:
    """A case id as a UUID; text that is not one names no case."""
    if value is None or isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Refusal(RefusalCode.NO_CASE, "Kasus tidak ditemukan.", "Case not found.") from None


def _digest(command: Command, case_id: object, version: SopVersion | None) -> str:
    """What a command asks, apart from who and when: the same id with another request is a mistake, not a retry."""
    asked = dataclasses.replace(command, actor=SIGNED_IN, at=_EPOCH)
    target = f"case:{case_id}" if case_id is not None else f"version:{version.pk if version else None}"
    return hashlib.sha256(f"{target}|{asked!r}".encode()).hexdigest()


def _replayed(store: CommandStore, command_id: uuid.UUID, digest: str) -> CommandResult | None:
    found = store.replay(command_id)
    if found is None:
        return None
    first_digest, events = found
    if first_digest != digest:
        raise Refusal(
            RefusalCode.COMMAND_ID_REUSED,
            "Formulir atau kunci idempotensi ini sudah dipakai untuk perintah lain; muat ulang halaman.",
            "This form or idempotency key was already used for another command; reload the page.",
        )
    row = store.case(events[0].case_id)
    assert row is not None  # events are never deleted, nor are the cases they belong to
    return CommandResult(row.case_id, CaseState.from_json(row.state), events, _place(row), replayed=True)


def _new_case(version: SopVersion) -> CaseRow:
    """Where a case of ``version`` will live, before it exists."""
    organisation = version.sop.organisation
    return CaseRow(
        new_case_id(), 0, {}, organisation.pk, organisation.code, organisation.timezone, organisation.office_hours,
        version.pk, version.sop.key, version.number, version.content_hash,
    )  # fmt: skip


class _StoreRegisters:
    """Register numbers from the counter row this command's transaction locks."""

    def __init__(self, store: CommandStore, organisation_id: int) -> None:
        self.store = store
        self.organisation_id = organisation_id

    def next_number(self, organisation: str, register: str, year: int) -> int:
        return self.store.next_register_number(self.organisation_id, register, year)


def _submit_once(
    store: CommandStore,
    user: AbstractBaseUser,
    command: Command,
    case_id: uuid.UUID | None,
    version: SopVersion | None,
    command_id: uuid.UUID | None,
    digest: str,
    granted: frozenset[str] = frozenset(),
) -> CommandResult:
    opening = isinstance(command, OpenCase)
    # first, before any row lock: the feed's readers see events in commit order (and a store may read all here)
    store.start(user.pk, None if opening else case_id, version.sop.organisation_id if opening and version else None)
    if command_id and (prior := _replayed(store, command_id, digest)):
        return prior
    state: CaseState | None = None
    if isinstance(command, OpenCase):
        if version is None:
            raise ValueError("opening a case needs the SOP version")
        if closed := closed_to_new_cases(version):
            raise Refusal(RefusalCode.SOP_NOT_IN_FORCE, *closed)
        row = _new_case(version)
        command = dataclasses.replace(command, case_id=str(row.case_id), tracking_code=new_code())
    else:
        if case_id is None:
            raise Refusal(RefusalCode.NO_CASE, "Kasus tidak disebut.", "No case given.")
        found = store.case(case_id)
        if found is None:
            raise Refusal(RefusalCode.NO_CASE, "Kasus tidak ditemukan.", "Case not found.")
        row = found
        state = CaseState.from_json(row.state)
    process = cached_process(
        row.sop_version_id, row.sop_key, row.sop_version_number, row.content_hash,
        lambda: store.definition(row.sop_version_id),
    )  # fmt: skip
    day = command.at.astimezone(ZoneInfo(row.timezone)).date()  # a Plt/Plh holds the role on its days only
    actor = Actor(user=user.get_username(), roles=store.role_codes(user.pk, row.organisation_id, day) | granted)
    command = dataclasses.replace(command, actor=actor)
    ctx = Context(
        process=process,
        calendar=calendar_from(row.timezone, row.office_hours, store.overrides(row.organisation_id)),
        registers=_StoreRegisters(store, row.organisation_id),
    )
    events = handle(state, command, ctx)
    before = _case_columns(state) if state is not None else None  # read now: ``apply`` changes the state in place
    for event in events:
        state = apply(state, event)
    assert state is not None
    values = _case_columns(state)
    recorded = [
        RecordedEvent(row.case_id, row.version + index, str(event.kind), event.at, event.actor or "", event.data)
        for index, event in enumerate(events, start=1)
    ]
    result = CommandResult(row.case_id, state, recorded, _place(row))
    written: Changed | None = None
    rows = [(event, user.pk if event.actor_name else None, command_id, digest) for event in recorded]
    with store.batch():  # the writes may go together: their answers are asked after it
        if row.version == 0:
            store.insert_case(
                {
                    "id": row.case_id,
                    "tracking_code": state.tracking_code,
                    "organisation_id": row.organisation_id,
                    "sop_version_id": row.sop_version_id,
                    "opened_at": state.opened_at,
                    "applicant_nik": (state.applicant or {}).get("nik") or None,
                    **values,
                }
            )
            store.insert_events(rows)
        else:
            assert before is not None
            same = frozenset(name for name in _SELDOM_CHANGED if values[name] == before[name])
            written = store.update_case_with_events(row.case_id, row.version, values, rows, same)
        missing = _write_tasks(store, row, state, events, user)
        for event in recorded:
            if event.kind == EventKind.REGISTER_ENTRY_MADE:
                store.insert_register_entry(row.organisation_id, row.case_id, event)
        for write in command_writes():  # the apps' own (the monitoring's summaries)
            write(store, result)
    if written is not None and not written:
        raise CaseChanged  # the whole transaction is rolled back and the command decided again
    for updated, new in missing:
        if not updated:  # a task touched without a row of its own yet
            store.insert_task(row.case_id, new.fields)
    return result


# the case columns a command seldom changes: a store may leave them out of its UPDATE when they did not
_SELDOM_CHANGED = ("status", "due_at", "closed_at")


def _case_columns(state: CaseState) -> dict[str, Any]:
    """The case row's columns a command writes, from its state."""
    return {
        "status": str(state.status),
        "current_step": state.current.step if state.current else None,
        "due_at": state.due_at,
        "closed_at": state.closed_at,
        "version": state.version,
        "state": state,  # written as its to_json() would be, without building that dict (command_sql.dump_json)
    }


def _place(row: CaseRow) -> CaseHome:
    return CaseHome(row.sop_version_id, row.content_hash, row.timezone)


def _write_tasks(
    store: CommandStore, row: CaseRow, state: CaseState, events: list[EngineEvent], user: AbstractBaseUser
) -> list[tuple[Changed, NewTask]]:
    """Keep the task rows (what inboxes query) in step with the state.

    A task activated by this command gets a new row (its roles are its step's, kept with the version); a task
    that already has a row gets one UPDATE of the columns a command can change, without reading the row first.
    Returns each UPDATE's answer with the row to insert instead if it found no row (known once the store's batch
    is sent; a store that inserts it in the UPDATE's own statement answers that it is ensured).
    """
    updates: list[tuple[Changed, NewTask]] = []
    touched = {e.data["task"] for e in events if "task" in e.data}
    activated = {e.data["task"] for e in events if e.kind == EventKind.TASK_ACTIVATED}
    closing = any(e.kind in (EventKind.CASE_CANCELLED, EventKind.CASE_REJECTED) for e in events)
    resumed = any(e.kind == EventKind.CASE_RESUMED for e in events)  # the task's due time moved by the wait
    username = user.get_username()
    for number in sorted(touched):
        task = state.task(number)
        if task is None:
            continue
        changes: dict[str, object] = {"is_open": not task.done and state.is_open}
        if resumed:
            changes["due_at"] = task.due_at
        if task.claimed_by is None:
            changes["claimed_by"] = None
        elif task.claimed_by == username:
            changes["claimed_by"] = user.pk
        if task.done:
            changes.update(
                completed_at=task.completed_at, elapsed_minutes=task.elapsed_minutes, answer=task.answer or ""
            )
            if task.completed_by == username:
                changes["completed_by"] = user.pk
        fields = {
            "number": number,
            "step": task.step,
            "outside": task.outside,
            "activated_at": task.activated_at,
            "due_at": task.due_at,
            **changes,
        }
        if number in activated:
            store.insert_task(row.case_id, fields)
        else:
            instead = NewTask(fields)
            updates.append((store.update_task(row.case_id, number, changes, instead), instead))
    if closing:
        store.close_open_tasks(row.case_id)
    return updates
