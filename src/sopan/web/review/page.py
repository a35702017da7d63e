"""What the reviewer's page shows: the draft as the official document, its lint findings, the comparison with
the version in force, and its notes with what the user may do with each."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.utils.safestring import mark_safe

from sopan.edit import step_numbers
from sopan.edit.fields import IDENTITY_FIELDS
from sopan.render import renderer_version
from sopan.render.identity import build_identity, identity_html
from sopan.web.authoring.checking import Checked, check_definition
from sopan.web.authoring.comparing import compare_draft, published_for
from sopan.web.authoring.editor import IDENTITY_LABELS, finding_row
from sopan.web.authoring.models import Draft
from sopan.web.catalog.profile import organisation_model
from sopan.web.review.access import is_unit, may_review
from sopan.web.review.notes import note_row, notes_of

__all__ = ["FLOWCHART_SECONDS", "flowchart_pages", "note_rows", "review_context"]

FLOWCHART_SECONDS = 3600
"""How long a draft's flowchart stays drawn for its reviewers. A draft under review does not change (its version
is the key), and a 200-step draft takes seconds to draw (26 pages): each reviewer visit would pay it again."""


def note_rows(draft: Draft, user: AbstractBaseUser, lang: str) -> list[dict[str, Any]]:
    """The draft's notes as rows, with what ``user`` may do with each."""
    reviewer, unit = may_review(user, draft), is_unit(user, draft)
    return [note_row(note, lang, reviewer=reviewer, unit=unit) for note in notes_of(draft)]


def _steps(draft: Draft) -> list[dict[str, Any]]:
    steps = draft.definition.get("langkah") or []
    return [
        {"number": number, "kegiatan": str(step.get("kegiatan", "") if isinstance(step, dict) else step)[:80]}
        for number, step in zip(step_numbers(draft.definition), steps, strict=True)
    ]


def flowchart_pages(draft: Draft, checked: Checked) -> list[str]:
    """The draft's flowchart pages as SVG, drawn once per draft version and renderer version (a deploy that
    changes how sopan draws draws them again)."""
    key = f"review-flowchart:{renderer_version()}:{draft.pk}:{draft.version}"
    pages = cache.get(key)
    if pages is None:
        pages = checked.flowchart()
        cache.set(key, pages, FLOWCHART_SECONDS)
    return pages


def review_context(draft: Draft, user: AbstractBaseUser, lang: str) -> dict[str, Any]:
    checked = check_definition(draft)
    identity = None
    if checked.sop is not None:
        identity = mark_safe(identity_html(build_identity(checked.sop, organisation_model(draft.organisation))))
    published = published_for(draft)
    comparison = compare_draft(draft, published) if published is not None else None
    en = lang == "en"
    rows = note_rows(draft, user, lang)
    return {
        "draft": draft,
        "identity": identity,
        "pages": [mark_safe(svg) for svg in flowchart_pages(draft, checked)],
        "findings": [finding_row(problem, lang) for problem in checked.problems],
        "published": published,
        "comparison": comparison,
        "old_label": (f"Version {published.number}" if en else f"Versi {published.number}") if published else "",
        "new_label": "Draft" if en else "Konsep",
        "notes": rows,
        "open_count": sum(1 for row in rows if row["note"].open),
        "fields": [(name, IDENTITY_LABELS[name][1 if en else 0]) for name in IDENTITY_FIELDS],
        "steps": _steps(draft),
    }
