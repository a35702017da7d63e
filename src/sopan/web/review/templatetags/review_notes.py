"""The reviewer's notes in the SOP editor: beside the field or the step they concern, and a panel for the rest."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from sopan.web.review.access import may_follow, may_review
from sopan.web.review.models import Note
from sopan.web.review.page import note_rows

register = template.Library()


def _rows(context: template.Context) -> list[dict[str, Any]]:
    """The draft's notes for the signed-in user, read once per page (and after each saved change)."""
    request, draft = context.get("request"), context.get("draft")
    if request is None or draft is None:
        return []
    cache: dict[tuple[object, int], list[dict[str, Any]]] = request.__dict__.setdefault("_review_notes", {})
    key = (draft.pk, draft.version)
    if key not in cache:
        cache[key] = note_rows(draft, request.user, request.lang) if may_follow(request.user, draft) else []
    return cache[key]


def _render(context: template.Context, rows: list[dict[str, Any]]) -> SafeString:
    if not rows:
        return mark_safe("")
    html = "".join(
        render_to_string("review/note.html", {"row": row, "back": "editor"}, request=context.get("request"))
        for row in rows
    )
    return mark_safe(f'<div class="editor-notes">{html}</div>')


@register.simple_tag(takes_context=True)
def field_notes(context: template.Context, field: str) -> SafeString:
    """The open notes on an identity field."""
    rows = [r for r in _rows(context) if r["note"].open and r["note"].kind == Note.Kind.IDENTITAS]
    return _render(context, [r for r in rows if r["note"].field == field])


@register.simple_tag(takes_context=True)
def step_notes(context: template.Context, number: int) -> SafeString:
    """The open notes on the step numbered ``number`` now."""
    rows = [r for r in _rows(context) if r["note"].open and r["note"].kind == Note.Kind.LANGKAH]
    return _render(context, [r for r in rows if r["note"].step == number and not r["note"].step_gone])


@register.simple_tag(takes_context=True)
def notes_panel(context: template.Context) -> SafeString:
    """The notes count (with the way to the reviewer's page, for reviewers), and the open notes on the whole
    draft or on a step that was deleted."""
    rows, request, draft = _rows(context), context.get("request"), context.get("draft")
    reviewer = request is not None and draft is not None and may_review(request.user, draft)
    if not rows and not reviewer:
        return mark_safe("")
    rest = [r for r in rows if r["note"].open and (r["note"].kind == Note.Kind.UMUM or r["note"].step_gone)]
    context_data = {
        "rows": rest,
        "open": sum(1 for r in rows if r["note"].open),
        "draft": context.get("draft"),
        "reviewer": reviewer,
    }
    return mark_safe(render_to_string("review/editor_panel.html", context_data, request=context.get("request")))
