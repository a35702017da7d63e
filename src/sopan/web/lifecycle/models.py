"""Each SOP version's current state, the append-only log of its transitions, and which SOP governs review."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sopan.web.catalog.models import Organisation, Sop, SopVersion
from sopan.web.immutable import ImmutableModel
from sopan.web.lifecycle.states import Authority, State

__all__ = ["ReviewPolicy", "Transition", "VersionState"]

STATES = [(state.value, state.value) for state in State]


class VersionState(models.Model):
    """The state a version is in now: the last transition's target, kept beside the log for queries and the
    database's rule that an SOP has at most one BERLAKU version."""

    version = models.OneToOneField(SopVersion, on_delete=models.PROTECT, primary_key=True, related_name="lifecycle")
    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="+", help_text="The version's SOP")
    state = models.CharField(max_length=20, choices=STATES)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sop"], condition=Q(state="BERLAKU"), name="one_berlaku_version_per_sop"),
            models.CheckConstraint(condition=Q(state__in=[state.value for state in State]), name="known_state"),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.state}"


class Transition(ImmutableModel):
    """One change of a version's state: who, when, why, from what to what. Never changed or deleted."""

    version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="transitions")
    name = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=STATES, blank=True, help_text="Empty: the version had none")
    to_state = models.CharField(max_length=20, choices=STATES)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150, help_text="The username, or 'sopan' for publishing")
    authority = models.CharField(max_length=20, choices=[(a.value, a.value) for a in Authority])
    reason = models.TextField(blank=True)
    decree_number = models.CharField(max_length=200, blank=True, help_text="The revoking decree's number")

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["version", "at"])]

    def __str__(self) -> str:
        return f"{self.version} {self.from_state or '-'} -> {self.to_state}"


class ReviewPolicy(models.Model):
    """The SOP that governs review of an organisation's SOPs (another organisation's, e.g. the Biro's)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="review_policy")
    review_sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return f"{self.organisation.code}: {self.review_sop}"
