"""Cases, their tasks, the append-only event log, and register numbering.

``Case.state`` is the engine's fold of the case's events, stored as JSON; the web layer reads it only through
``Case.typed_state`` (the engine's typed ``CaseState``). ``Case.version`` counts the events and is the optimistic
lock: a command writes only if the version is still the one it read. ``is_late`` is the one lateness rule.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sopan.engine import CaseState
from sopan.web.cases.ids import new_case_id
from sopan.web.cases.indexes import CoveringIndex
from sopan.web.cases.rowid import RowidAutoField
from sopan.web.catalog.models import Organisation, SopVersion
from sopan.web.immutable import ImmutableModel


def is_late(due_at: dt.datetime | None, done_at: dt.datetime | None, running: bool, now: dt.datetime) -> bool:
    """Late: done after it was due, or still running past it. Without a due time nothing is late; a case or task
    neither done nor running (closed without a time) is not late."""
    if due_at is None:
        return False
    if done_at is not None:
        return done_at > due_at
    return running and now > due_at


class ApplicantNik(models.Func):
    """The applicant's NIK read out of ``Case.state``, written as one literal expression on each database: what the
    NIK index held before ``Case.applicant_nik`` (migrations 0011, and 0017 filling the column from it)."""

    output_field = models.CharField()
    templates = {
        "sqlite": "json_extract(%(expressions)s, '$.applicant.nik')",
        "postgresql": "((%(expressions)s -> 'applicant') ->> 'nik')",
    }

    def __init__(self) -> None:
        super().__init__(models.F("state"))

    def as_sql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def, override]
        template = self.templates.get(connection.vendor, self.templates["postgresql"])
        return super().as_sql(compiler, connection, template=template, **extra)


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Berjalan"
        FINISHED = "finished", "Selesai"
        CANCELLED = "cancelled", "Dibatalkan"
        REJECTED = "rejected", "Ditolak"

    id = models.UUIDField(primary_key=True, default=new_case_id, editable=False)  # time-ordered: see ids.py
    tracking_code = models.CharField(max_length=16, unique=True)
    # no index of their own: (organisation, opened_at) and (sop_version, opened_at) below serve
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases", db_index=False)
    sop_version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="cases", db_index=False)
    # no index of its own: (status, due_at) below serves every filter on status; each index of this table whose
    # columns a command's UPDATE sets is written again by every command
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    current_step = models.PositiveIntegerField(null=True)
    opened_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField(null=True)
    version = models.PositiveIntegerField(default=0)
    state = models.JSONField(default=dict)
    # the applicant's NIK as the case was opened (personal data: cleared when anonymised), a column of its own so
    # that its index is written once, not by every command that rewrites the state
    applicant_nik = models.CharField(max_length=16, null=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, help_text="When its personal data was replaced")

    class Meta:
        ordering = ["-opened_at"]
        # lists sort by an index and search looks up by one, so a page costs the same however much history exists
        indexes = [
            models.Index(fields=["opened_at"], name="case_opened"),
            # the monitoring figures count cases by status and promised time: read from these two alone
            models.Index(
                fields=["organisation", "opened_at"],
                include=["id", "sop_version", "status", "due_at", "closed_at"],
                name="case_organisation_opened",
            ),
            # no column every command changes (version, state, current step) in any index of the case: PostgreSQL
            # then updates the row in place of its page (HOT) without a new entry in each index
            models.Index(
                fields=["sop_version", "opened_at"],
                include=["id", "status", "due_at", "closed_at"],
                name="case_version_opened",
            ),
            models.Index(fields=["status", "due_at"], name="case_status_due"),
            # only cases with an applicant's NIK, a column no command after the opening writes: a command does not
            # write this index (an index of an expression over the state was rewritten by every one)
            models.Index(fields=["applicant_nik"], condition=Q(applicant_nik__isnull=False), name="case_applicant_nik"),
        ]

    @property
    def typed_state(self) -> CaseState:
        """The state as the engine's typed ``CaseState``, parsed once per loaded ``state`` (a refresh reloads it)."""
        cached = self.__dict__.get("_typed_state")
        if cached is None or cached[0] is not self.state:
            cached = (self.state, CaseState.from_json(self.state))
            self.__dict__["_typed_state"] = cached
        return cached[1]

    @property
    def is_late(self) -> bool:
        """Closed after its due time, or open past it."""
        return is_late(self.due_at, self.closed_at, self.status == self.Status.OPEN, timezone.now())


class Task(models.Model):
    """One activation of a step, kept in step with the case state for inbox queries. Its roles are those of its
    step in its case's version (``catalog.StepRole``), kept once per version, not per task."""

    id = RowidAutoField(primary_key=True)
    # no index of its own: the unique (case, number) serves, and each index is one more page every command writes
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks", db_index=False)
    number = models.PositiveIntegerField()
    step = models.PositiveIntegerField()
    outside = models.BooleanField(default=False)
    activated_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True)
    # no index on who claimed or completed a task: nothing looks tasks up by them (users are ended, never
    # deleted: the admin site offers no deletion), and each command rewrote both indexes' entries (two pages
    # each on SQLite); no check in the database either (migration 0010: a check locks the user's row in every
    # command)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="claimed_tasks",
        db_index=False,
        db_constraint=False,
    )
    completed_at = models.DateTimeField(null=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="completed_tasks",
        db_index=False,
        db_constraint=False,
    )
    elapsed_minutes = models.FloatField(null=True, help_text="Working minutes from activation to completion")
    answer = models.CharField(max_length=5, blank=True)
    is_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="task_unique_number")]
        # the monitoring figures per step read a case's tasks from this index alone, never the table (PostgreSQL;
        # not made on SQLite, where the unique (case, number) is the same index of the case: see indexes.py)
        indexes = [
            CoveringIndex(
                fields=["case"],
                include=["id", "step", "completed_at", "elapsed_minutes", "due_at", "answer", "is_open"],
                name="task_case_figures",
            ),
            # the open tasks in the inbox's order, and only them: a closed task leaves this index (one page) and
            # no index of ``is_open`` alone or of every task's due time is written by each command
            models.Index(fields=["due_at", "activated_at"], condition=Q(is_open=True), name="task_open_due"),
        ]


class Event(ImmutableModel):
    """Append-only: who did what to which case, when, with which command."""

    # no index on case (the unique (case, seq) serves) nor on kind (read only with the case): every index is one
    # more page each command writes
    id = RowidAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", db_index=False)
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=40)
    at = models.DateTimeField()
    # no index on the actor either: events are read by case or by command, never by who acted; and no check in
    # the database (migration 0010: a check locks the user's row in every command)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    actor_name = models.CharField(max_length=150, blank=True)
    data = models.JSONField(default=dict)
    command_id = models.UUIDField(null=True)  # indexed where there is one (Meta)
    command_digest = models.CharField(
        max_length=64,
        blank=True,
        help_text="What the command asked (SHA-256): a reused id for another command is refused",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="event_unique_seq")]
        # a command sent again is found by its id; a command without one (an API call without an idempotency key,
        # a review case's, a simulation's) is never looked up, and its events stay out of the index
        indexes = [models.Index(fields=["command_id"], condition=Q(command_id__isnull=False), name="event_command_id")]


class Anonymisation(models.Model):
    """The audit of one anonymisation, and the one way past the event table's append-only triggers.

    While a row of a case has no ``finished_at``, the database lets the ``data`` of that case's events be
    rewritten (and nothing else of them); the anonymiser inserts it, rewrites, and closes it in one transaction.
    Rows are never deleted, and a finished row never changes (triggers as well).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="anonymisations")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(max_length=150, blank=True)
    on_request = models.BooleanField(default=False, help_text="Asked by the data subject (before the period ended)")
    reason = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-at"]


class RegisterCounter(models.Model):
    """The last number given in a register for a year; locked while a command takes the next one."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="register_counters")
    register = models.CharField(max_length=300)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "register", "year"], name="counter_unique_register_year")
        ]


class RegisterEntry(ImmutableModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="register_entries")
    register = models.CharField(max_length=300)
    year = models.PositiveIntegerField()
    number = models.PositiveIntegerField()
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="register_entries")
    step = models.PositiveIntegerField(null=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["register", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "register", "year", "number"], name="entry_unique_number")
        ]
