"""The editor's comparison page: the SOP's published version side by side with the draft."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sopan.web.authoring.access import readable_draft_or_404
from sopan.web.authoring.comparing import compare_draft, published_for
from sopan.web.ui.language import text

__all__ = ["draft_compare"]


@login_required
def draft_compare(request: HttpRequest, draft_id: str) -> HttpResponse:
    """Published version -> draft; a clear message (with the way to YAML mode) when the draft does not load."""
    draft = readable_draft_or_404(request.user, draft_id)
    published = published_for(draft)
    context = {"draft": draft, "published": published}
    if published is None:
        return render(request, "authoring/compare.html", context)
    comparison = compare_draft(draft, published)
    if comparison is None:
        return render(request, "authoring/compare.html", {**context, "does_not_load": True}, status=422)
    context.update(
        comparison=comparison,
        old_label=text(request, f"Versi {published.number}", f"Version {published.number}"),
        new_label=text(request, "Konsep", "Draft"),
    )
    return render(request, "authoring/compare.html", context)
