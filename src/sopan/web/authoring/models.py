"""Drafts of SOPs (not yet versions), their last changes for undo, and who may write them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from sopan.web.catalog.models import Organisation, SopVersion


class Writer(models.Model):
    """A penyusun SOP: a user the organisation's pengelola allows to write its drafts."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sop_writing")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="writers")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="writer_unique")]


class Draft(models.Model):
    """An SOP being written: the same definition as a ``.sop.yaml``, with an optimistic ``version``."""

    class Status(models.TextChoices):
        KONSEP = "konsep", "Konsep"
        DIAJUKAN = "diajukan", "Diajukan"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="drafts")
    sop_key = models.SlugField(max_length=200, help_text="The file name without .sop.yaml")
    title = models.CharField(max_length=500, blank=True, help_text="The definition's nama, for lists")
    definition = models.JSONField(help_text="The SOP as the plain data of a .sop.yaml (Indonesian keys)")
    source_text = models.TextField(blank=True, help_text="The file it came from (template or upload): its comments")
    pending_text = models.TextField(blank=True, help_text="YAML-mode text saved that does not load yet")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.KONSEP)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every change: the optimistic lock")
    based_on = models.ForeignKey(SopVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="sop_drafts", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.organisation.code}/{self.sop_key}"


class DraftChange(models.Model):
    """One change of a draft: what it was before, so that the last change can be undone."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField(help_text="The draft's version this change made")
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    operation = models.CharField(max_length=50)
    before = models.JSONField(help_text="The definition before the change")
    before_pending = models.TextField(blank=True)
    before_source = models.TextField(
        null=True, blank=True, help_text="The source text (its comments) before the change; null in older rows"
    )

    class Meta:
        ordering = ["-version"]
