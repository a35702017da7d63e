"""Reviewers' notes on a draft with their threads, and the Berita Acara of a review with one row per SOP."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from sopan.web.authoring.models import Draft
from sopan.web.catalog.models import Organisation


class Note(models.Model):
    """A reviewer's note on an identity field, on a step (followed when steps move), or on the draft as a whole."""

    class Kind(models.TextChoices):
        UMUM = "umum", "Umum"
        IDENTITAS = "identitas", "Identitas"
        LANGKAH = "langkah", "Langkah"

    class Status(models.TextChoices):
        TERBUKA = "terbuka", "Terbuka"
        DIPERBAIKI = "diperbaiki", "Sudah diperbaiki"
        SELESAI = "selesai", "Selesai"

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="review_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=150, help_text="The author's name as it was shown then")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.UMUM)
    field = models.CharField(max_length=50, blank=True, help_text="The editor's field name, e.g. nama")
    step = models.PositiveIntegerField(null=True, blank=True, help_text="The step's number where it was last seen")
    step_gone = models.BooleanField(default=False, help_text="The step is no longer in the draft")
    step_text = models.CharField(max_length=500, blank=True, help_text="The step's kegiatan where it was last seen")
    first_step = models.PositiveIntegerField(null=True, blank=True, help_text="The step's number when noted")
    anchor_version = models.PositiveIntegerField(default=0, help_text="The draft's version the anchor was read at")
    anchor_steps = models.JSONField(default=list, help_text="The steps' fingerprints at anchor_version")
    anchor_index = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TERBUKA)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["draft", "status"], name="review_note_draft_status")]

    def __str__(self) -> str:
        return f"{self.draft_id} #{self.pk}"

    @property
    def open(self) -> bool:
        return self.status != self.Status.SELESAI


class NoteEntry(models.Model):
    """One entry of a note's thread: an answer, or a change of its status (with an optional word)."""

    class Action(models.TextChoices):
        JAWAB = "jawab", "Jawaban"
        DIPERBAIKI = "diperbaiki", "Sudah diperbaiki"
        SELESAI = "selesai", "Selesai"
        DIBUKA = "dibuka", "Dibuka kembali"

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.JAWAB)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Minutes(models.Model):
    """A Berita Acara telaah SOP: numbered per Biro organisation and year, kept as it was made."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    biro = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="review_minutes")
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reviewed_minutes")
    year = models.PositiveIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=100, help_text="The nomor printed, e.g. 001/BA-SOP/biro-organisasi/2026")
    date = models.DateField()
    place = models.CharField(max_length=200)
    evaluator_name = models.CharField(max_length=200)
    evaluator_position = models.CharField(max_length=200, blank=True)
    evaluator_nip = models.CharField(max_length=30, blank=True)
    officer_name = models.CharField(max_length=200)
    officer_position = models.CharField(max_length=200, blank=True)
    officer_nip = models.CharField(max_length=30, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-sequence"]
        constraints = [models.UniqueConstraint(fields=["biro", "year", "sequence"], name="review_minutes_number")]


class MinutesItem(models.Model):
    """One SOP reviewed in a Berita Acara: its verdict and its notes as they stood then."""

    class Verdict(models.TextChoices):
        SESUAI = "sesuai", "SESUAI"
        PERLU_PERBAIKAN = "perlu_perbaikan", "PERLU PERBAIKAN"

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    draft = models.ForeignKey(Draft, on_delete=models.SET_NULL, null=True, related_name="+")
    draft_version = models.PositiveIntegerField()
    sop_key = models.CharField(max_length=200)
    title = models.CharField(max_length=500)
    sop_number = models.CharField(max_length=200, blank=True)
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    notes = models.JSONField(default=list, help_text="[{place, text, status, answers}] as they stood")

    class Meta:
        ordering = ["position"]
