"""A draft's state on its way to law, fired by the same table (``states.TRANSITIONS``) as a version's.

A draft with no row is DRAFT. While it is DIAJUKAN, DALAM_REVIEW, SESUAI, DISETUJUI or BERLAKU its authoring
``status`` is ``diajukan``, which makes every change to it refused (the editor and the API say so); DRAFT and
PERLU_PERBAIKAN give it back to its unit (``konsep``). Every transition is logged: who, when, why.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sopan.web.authoring.draft_states import Shown
from sopan.web.authoring.models import Draft
from sopan.web.catalog.models import SopVersion
from sopan.web.lifecycle.models import DraftState, DraftTransition
from sopan.web.lifecycle.states import STATE_LABELS, Authority, State, check

__all__ = ["DRAFT_READER", "EDITABLE", "draft_history", "draft_state", "fire_draft"]

EDITABLE = frozenset({State.DRAFT, State.PERLU_PERBAIKAN})
"""The states in which a draft is its unit's to change and submit."""


def draft_state(draft: Draft) -> State:
    found = DraftState.objects.filter(draft=draft).values_list("state", flat=True).first()
    return State(found) if found else State.DRAFT


def draft_history(draft: Draft) -> list[DraftTransition]:
    return list(DraftTransition.objects.filter(draft=draft))


def fire_draft(
    draft: Draft,
    name: str,
    *,
    actor: str,
    authority: Authority,
    reason: str = "",
    published: SopVersion | None = None,
) -> DraftTransition:
    """Fire transition ``name`` on ``draft`` (the caller has checked ``authority``); LifecycleError if refused."""
    with transaction.atomic():
        Draft.objects.select_for_update().filter(pk=draft.pk).values_list("pk", flat=True).first()
        row = DraftState.objects.select_for_update().filter(draft=draft).first()
        current = State(row.state) if row else State.DRAFT
        rule = check(name, current, reason=reason, authority=authority)
        now = timezone.now()
        if row is None:
            row = DraftState(draft=draft)
        row.state, row.changed_at = rule.target.value, now
        if published is not None:
            row.published = published
        row.save()
        status = Draft.Status.KONSEP if rule.target in EDITABLE else Draft.Status.DIAJUKAN
        Draft.objects.filter(pk=draft.pk).update(status=status)
        draft.status = status
        return DraftTransition.objects.create(
            draft=draft,
            name=rule.name,
            from_state=current.value,
            to_state=rule.target.value,
            at=now,
            actor=actor[:150],
            authority=authority.value,
            reason=reason.strip(),
        )


def _listed_state(draft: Draft) -> State:
    """The draft's state, from the row a list selected with it (``select_related("lifecycle")``), else read."""
    if not Draft.lifecycle.is_cached(draft):  # type: ignore[attr-defined]
        return draft_state(draft)
    try:
        return State(draft.lifecycle.state)  # type: ignore[attr-defined]
    except DraftState.DoesNotExist:
        return State.DRAFT


class _DraftReader:
    """What the editor and the drafts API read (see ``authoring.draft_states``)."""

    def shown(self, draft: Draft) -> Shown:
        state = _listed_state(draft)
        reason = ""
        if state == State.PERLU_PERBAIKAN:
            sent_back = DraftTransition.objects.filter(draft=draft, name__in=("minta_perbaikan", "kembalikan"))
            last = sent_back.order_by("-at", "-pk").first()
            reason = last.reason if last is not None else ""
        return Shown(state.value, STATE_LABELS[state], state in EDITABLE, reason)


DRAFT_READER = _DraftReader()
