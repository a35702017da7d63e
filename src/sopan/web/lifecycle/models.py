"""Each SOP version's and draft's current state, the append-only logs of their transitions, which SOP governs
review, and which case reviews which draft."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sopan.web.authoring.models import Draft
from sopan.web.cases.models import Case
from sopan.web.catalog.models import Organisation, Sop, SopVersion
from sopan.web.immutable import ImmutableModel
from sopan.web.lifecycle.states import Authority, State

__all__ = ["DraftState", "DraftTransition", "ReviewCase", "ReviewPolicy", "Transition", "VersionState"]

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


class DraftState(models.Model):
    """A draft's state on its way to law (DRAFT until its first transition), and the version it became."""

    draft = models.OneToOneField(Draft, on_delete=models.CASCADE, primary_key=True, related_name="lifecycle")
    state = models.CharField(max_length=20, choices=STATES)
    changed_at = models.DateTimeField()
    published = models.ForeignKey(
        SopVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+", help_text="Its version"
    )

    def __str__(self) -> str:
        return f"{self.draft} {self.state}"


class DraftTransition(ImmutableModel):
    """One change of a draft's state: who, when, why, from what to what, in which review case. Never changed."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=STATES)
    to_state = models.CharField(max_length=20, choices=STATES)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    authority = models.CharField(max_length=20, choices=[(a.value, a.value) for a in Authority])
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["draft", "at"])]

    def __str__(self) -> str:
        return f"{self.draft} {self.from_state} -> {self.to_state}"


class ReviewCase(models.Model):
    """A case of the review SOP and the draft it reviews; one open review case per draft at a time."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, primary_key=True, related_name="review")
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="review_cases")
    opened_at = models.DateTimeField()

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.draft_id}"
