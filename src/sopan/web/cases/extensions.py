"""What apps above ``cases`` add to cases without being imported by it: word of every command carried out and of
every case rewritten, panels on a task page (the lifecycle shows the draft a review case reviews), and cases that
never wait for an applicant (a review case has none to wait for)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.dispatch import Signal
from django.http import HttpRequest
from django.utils.safestring import SafeString

from sopan.web.cases.models import Case

__all__ = [
    "CommandWrite",
    "HoldVeto",
    "TaskPanel",
    "add_command_write",
    "add_task_panel",
    "case_rewritten",
    "command_done",
    "command_writes",
    "offers_hold",
    "refuse_hold_when",
    "task_panels",
]

# sent with user= and result= (a CommandResult) inside the command's transaction, after its writes are made (on
# PostgreSQL they may still wait to be sent: a receiver's first query sends them, and a failure of theirs fails
# the command even if the receiver catches it); a receiver that raises refuses the command (nothing of it is
# kept); a command decided again (the case moved meanwhile) sends it again; not sent for a replayed command id
command_done = Signal()
# sent with case_id= inside the transaction that rewrote a closed case's state without a command (an
# anonymisation): what was derived from the old state must follow
case_rewritten = Signal()

# a write that goes with every command's own (store, result): see add_command_write
CommandWrite = Callable[[Any, Any], None]
_writes: list[CommandWrite] = []


def add_command_write(write: CommandWrite) -> None:
    """Register (once, at start-up) a write that goes with every command's own: called with the command's
    ``CommandStore`` and its ``CommandResult`` among the command's writes, it runs its statements on
    ``store.cursor`` (the driver's; ``store.sql.sqlite`` tells ``?`` from ``%s`` placeholders) and reads no answer:
    on PostgreSQL they are sent in the same pipeline as the command's, with no round trip of their own. Not
    called for a replayed command id; a failed write fails the command."""
    if write not in _writes:
        _writes.append(write)


def command_writes() -> list[CommandWrite]:
    return _writes


TaskPanel = Callable[[HttpRequest, Case], SafeString | None]
_panels: list[TaskPanel] = []


def add_task_panel(panel: TaskPanel) -> None:
    """Register a panel (once, at start-up) drawn on every task page it answers for."""
    if panel not in _panels:
        _panels.append(panel)


def task_panels(request: HttpRequest, case: Case) -> list[SafeString]:
    return [shown for panel in _panels if (shown := panel(request, case)) is not None]


HoldVeto = Callable[[Case], bool]
_hold_vetoes: list[HoldVeto] = []


def refuse_hold_when(veto: HoldVeto) -> None:
    """Register (once, at start-up) a test of cases that have no applicant to wait for: their task page offers no
    "wait for the applicant" form (the app refuses the command itself, through ``command_done``)."""
    if veto not in _hold_vetoes:
        _hold_vetoes.append(veto)


def offers_hold(case: Case) -> bool:
    """Whether the task page of ``case`` offers "wait for the applicant": no registered veto claims the case."""
    return not any(veto(case) for veto in _hold_vetoes)
