"""What the evaluator keeps per period: the thresholds, Tabel 7 (monitoring) and the seven-criteria evaluation."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sopan.web.cases.models import Case
from sopan.web.cases.rowid import RowidAutoField
from sopan.web.catalog.models import Organisation, Sop, SopVersion

__all__ = [
    "CaseReview",
    "Evaluation",
    "MonitoringForm",
    "MonitoringRow",
    "ReviewCount",
    "StepDay",
    "StepMinutes",
    "Thresholds",
]


class Thresholds(models.Model):
    """The shares under which a procedure is suggested as not running well (Tabel 7's pre-filled verdict)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="monitoring_thresholds")
    on_time = models.FloatField(default=0.8, help_text="Least share of cases finished on time (0..1)")
    conforming = models.FloatField(default=0.8, help_text="Least share of finished cases that conform (0..1)")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)


class Signed(models.Model):
    """The paraf: who signed off and when; a signed form no longer changes."""

    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_by_name = models.CharField(max_length=150, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class MonitoringForm(Signed):
    """Tabel 7, Monitoring Pelaksanaan SOP AP, of one organisation for one half year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="monitoring_forms")
    year = models.PositiveIntegerField()
    half = models.PositiveSmallIntegerField(help_text="1: Januari-Juni, 2: Juli-Desember")
    observations = models.TextField(blank=True, help_text="Observations from interviews and visits")

    class Meta:
        ordering = ["organisation", "-year", "-half"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year", "half"], name="monitoring_form_period")]


class MonitoringRow(models.Model):
    """One procedure (SOP) of Tabel 7: the suggestion from the figures and what the evaluator decided."""

    form = models.ForeignKey(MonitoringForm, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()
    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="+")
    procedure = models.CharField(max_length=500, help_text="The SOP's title as printed")
    figures = models.JSONField(default=dict, help_text="The figures the suggestion was made from")
    suggested = models.BooleanField(null=True, help_text="Berjalan dengan baik by the thresholds; null: no data")
    suggested_note = models.TextField(blank=True)
    verdict = models.BooleanField(null=True, help_text="Berjalan dengan baik (true) / tidak (false)")
    note = models.TextField(blank=True, help_text="Catatan hasil penilaian")
    action = models.TextField(blank=True, help_text="Tindakan yang harus diambil")

    class Meta:
        ordering = ["form", "number"]
        constraints = [models.UniqueConstraint(fields=["form", "sop"], name="monitoring_row_sop")]


class Evaluation(Signed):
    """The evaluation of one SOP for one half year against the seven criteria of Permen PANRB 35/2012."""

    class Conclusion(models.TextChoices):
        KEEP = "tetap", "Tetap"
        REVISE = "revisi", "Revisi"
        WITHDRAW = "dicabut", "Dicabut"

    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveIntegerField()
    half = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict, help_text="criterion key -> {'ya': bool|None, 'catatan': str}")
    evidence = models.JSONField(default=dict, help_text="criterion key -> figures shown beside it, as text")
    conclusion = models.CharField(max_length=10, choices=Conclusion.choices, blank=True)
    conclusion_note = models.TextField(blank=True)

    class Meta:
        ordering = ["sop", "-year", "-half"]
        constraints = [models.UniqueConstraint(fields=["sop", "year", "half"], name="evaluation_period")]


class CaseReview(models.Model):
    """What a closed case showed, judged once against its SOP version (``reviews.py``): the figures read these
    small rows instead of every case's state. ``case_version`` is the case's version when judged: a case changed
    since (anonymised) is judged again."""

    case = models.OneToOneField(Case, primary_key=True, on_delete=models.CASCADE, related_name="+")
    case_version = models.PositiveIntegerField()
    sop_version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="+", db_index=False)
    opened_at = models.DateTimeField()
    status = models.CharField(max_length=10)
    tracking_code = models.CharField(max_length=16)
    conforms = models.BooleanField()
    path_conforms = models.BooleanField()
    deviations = models.JSONField(default=list, help_text="[[kind, step, text_id, text_en], ...] in order")
    waivers = models.JSONField(default=list, help_text="[[step, item, reason], ...], reasons with NIKs masked")
    loops = models.JSONField(default=dict, help_text="decision step (as text) -> times answered tidak")
    rejected_step = models.PositiveIntegerField(null=True)
    rejected_reason = models.CharField(max_length=2000, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["sop_version", "opened_at"], name="review_version_opened"),
            models.Index(fields=["case", "case_version"], name="review_case_version"),  # the check for stale ones
            models.Index(
                fields=["sop_version", "opened_at"],
                name="review_deviating_opened",
                condition=models.Q(status="finished", conforms=False),
            ),  # the deviating finished cases, oldest first, a page at a time
        ]


class StepDay(models.Model):
    """The completed tasks of one step of one SOP version, of the cases opened on one day (the organisation's
    day): added to in each command's transaction (``summaries.py``), so the figures of a period are a sum."""

    id = RowidAutoField(primary_key=True)  # added to by commands: no sqlite_sequence row (rowid.py)
    sop_version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="+", db_index=False)
    step = models.PositiveIntegerField()
    day = models.DateField(help_text="The day the cases were opened, in the organisation's time zone")
    completed = models.PositiveIntegerField(default=0)
    with_due = models.PositiveIntegerField(default=0, help_text="Completed tasks that had a due time")
    within = models.PositiveIntegerField(default=0, help_text="Of those, completed by it (within the mutu baku)")
    answered = models.PositiveIntegerField(default=0, help_text="Decisions answered")
    sent_back = models.PositiveIntegerField(default=0, help_text="Decisions answered tidak")
    timed = models.PositiveIntegerField(default=0, help_text="Completed tasks with a working time")
    minutes = models.FloatField(default=0, help_text="Sum of their working minutes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sop_version", "day", "step"], name="stepday_key")]


class StepMinutes(models.Model):
    """The histogram of the working minutes behind ``StepDay`` (``histogram.bucket``): n tasks in the bucket."""

    id = RowidAutoField(primary_key=True)  # added to by commands: no sqlite_sequence row (rowid.py)
    sop_version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="+", db_index=False)
    step = models.PositiveIntegerField()
    day = models.DateField()
    bucket = models.PositiveIntegerField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sop_version", "day", "step", "bucket"], name="stepminutes_key")]


class ReviewCount(models.Model):
    """What the closed cases of one SOP version opened on one day showed (their ``CaseReview``), counted: how
    many cases or items have one ``detail`` of one ``measure`` (``review_summary.py``). Added to when a case is
    judged, taken from when it is judged again, so the figures of a period are a sum."""

    id = RowidAutoField(primary_key=True)  # added to by commands: no sqlite_sequence row (rowid.py)
    sop_version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField(help_text="The day the cases were opened, in the organisation's time zone")
    measure = models.CharField(max_length=12, help_text="closed, deviation, waiver, loop or rejection")
    digest = models.CharField(max_length=32, help_text="A hash of measure and detail: the key of a long detail")
    detail = models.JSONField(help_text="What is counted, e.g. [status, conforms, path_conforms]")
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sop_version", "day", "measure", "digest"], name="reviewcount_key")
        ]
