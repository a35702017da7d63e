"""The Berita Acara screens: made from a draft's review page (its unit's other drafts may join), listed per Biro
organisation (``/pengelola/<org>/berita-acara/``), printed as PDF with the Biro's letterhead."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from sopan.problems import Message
from sopan.web.authoring.access import may_write
from sopan.web.authoring.models import Draft
from sopan.web.limits import MINUTES_SOPS
from sopan.web.monitoring.letterhead import BLANK, letterhead
from sopan.web.monitoring.printing import pdf_response
from sopan.web.review.access import review_draft_or_404, reviewer_organisations
from sopan.web.review.minutes import (
    Entry,
    MinutesIn,
    Signatory,
    biro_for,
    check_count,
    make_minutes,
    officer_of,
    printed_date,
    signatory_of,
)
from sopan.web.review.models import Minutes
from sopan.web.review.notes import NoteError, notes_of, suggested_verdict

__all__ = ["minutes_list", "minutes_new", "minutes_pdf", "minutes_pdf_response", "minutes_visible"]


def _rows(request: HttpRequest, draft: Draft) -> list[dict[str, Any]]:
    """The unit's drafts the user may put in one Berita Acara, this one first, then the latest changed, at most
    ``MINUTES_SOPS`` in all, each with its open notes and suggested verdict. The user reviews them all: who
    reviews depends on the unit alone, and ``draft`` (same unit) was checked."""
    others = Draft.objects.filter(organisation=draft.organisation).exclude(pk=draft.pk)
    rows = []
    for candidate in [draft, *others.order_by("-updated_at", "title")[: MINUTES_SOPS - 1]]:
        notes = notes_of(candidate)
        rows.append(
            {
                "draft": candidate,
                "open": sum(1 for note in notes if note.open),
                "suggested": suggested_verdict(notes),
                "chosen": candidate.pk == draft.pk,
            }
        )
    return rows


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise NoteError(
            "bad_date", 422, Message("tanggal: tulis sebagai YYYY-MM-DD.", "date: write it as YYYY-MM-DD.")
        ) from None


def _who(post: Any, prefix: str) -> Signatory:
    return Signatory(post.get(f"{prefix}_nama", ""), post.get(f"{prefix}_jabatan", ""), post.get(f"{prefix}_nip", ""))


def _posted(request: HttpRequest, rows: list[dict[str, Any]]) -> MinutesIn:
    post = request.POST
    chosen = set(post.getlist("konsep"))
    check_count(len(chosen))  # drafts beyond the rows shown are refused, never dropped unsaid
    entries = [
        Entry(row["draft"], post.get(f"kesimpulan-{row['draft'].pk}", row["suggested"]))
        for row in rows
        if str(row["draft"].pk) in chosen
    ]
    return MinutesIn(
        date=_date(post.get("tanggal", "")),
        place=post.get("tempat", ""),
        evaluator=Signatory(
            post.get("penelaah_nama", ""), post.get("penelaah_jabatan", ""), post.get("penelaah_nip", "")
        ),
        officer=Signatory(post.get("pejabat_nama", ""), post.get("pejabat_jabatan", ""), post.get("pejabat_nip", "")),
        entries=entries,
    )


@login_required
def minutes_new(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = review_draft_or_404(request.user, draft_id)
    rows = _rows(request, draft)
    biro = biro_for(request.user, draft.organisation)
    place = letterhead(biro).place
    initial: dict[str, Any] = {
        "tanggal": timezone.localdate().isoformat(),
        "tempat": "" if place == BLANK else place,
        "penelaah": signatory_of(request.user),
        "pejabat": officer_of(draft.organisation),
    }
    context: dict[str, Any] = {"draft": draft, "rows": rows, "biro": biro, "initial": initial}
    if request.method == "POST":
        try:
            minutes = make_minutes(request.user, _posted(request, rows))
        except NoteError as error:
            posted = request.POST
            chosen = set(posted.getlist("konsep"))
            for row in rows:
                row["chosen"] = str(row["draft"].pk) in chosen
                row["suggested"] = posted.get(f"kesimpulan-{row['draft'].pk}", row["suggested"])
            context.update(refusal=error.text(request.lang))
            context["initial"] = {
                "tanggal": posted.get("tanggal", ""),
                "tempat": posted.get("tempat", ""),
                "penelaah": _who(posted, "penelaah"),
                "pejabat": _who(posted, "pejabat"),
            }
            return render(request, "review/minutes_new.html", context, status=error.status)
        return redirect(reverse("office-minutes", args=[minutes.biro.code]) + f"#ba-{minutes.pk}")
    return render(request, "review/minutes_new.html", context)


@login_required
def minutes_list(request: HttpRequest, organisation: str) -> HttpResponse:
    biro = reviewer_organisations(request.user).filter(code=organisation).first()
    if biro is None:
        raise Http404("organisation")
    kept = Minutes.objects.filter(biro=biro).select_related("unit").prefetch_related("items")
    return render(request, "review/minutes_list.html", {"biro": biro, "kept": kept})


def minutes_visible(user: Any, minutes: Minutes) -> bool:
    """The Biro's reviewers and the unit see a Berita Acara."""
    return reviewer_organisations(user).filter(pk=minutes.biro_id).exists() or may_write(user, minutes.unit)


@login_required
def minutes_pdf(request: HttpRequest, minutes_id: str) -> HttpResponse:
    minutes = get_object_or_404(Minutes.objects.select_related("biro", "unit"), pk=minutes_id)
    if not minutes_visible(request.user, minutes):
        raise Http404("minutes")
    return minutes_pdf_response(request, minutes)


def minutes_pdf_response(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    """The Berita Acara printed with its Biro's letterhead (screens and API)."""
    context = {"minutes": minutes, "items": list(minutes.items.all()), "kop": letterhead(minutes.biro)}
    context["tanggal"] = printed_date(minutes.date)
    name = "berita-acara-" + minutes.number.replace("/", "-").lower()
    return pdf_response(request, "review/minutes_print.html", context, name)
