"""Reading the evaluator's posted fields, with a bilingual message naming the field when one is wrong."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from sopan.web.ui.language import text

__all__ = ["LONGEST", "FormError", "carry_out", "posted_text"]

LONGEST = 4000


class FormError(ValueError):
    def __init__(self, text_id: str, text_en: str) -> None:
        super().__init__(text_en)
        self.text_id, self.text_en = text_id, text_en


def posted_text(request: HttpRequest, name: str, label_id: str, label_en: str) -> str:
    value = request.POST.get(name, "").strip()
    if len(value) > LONGEST:
        raise FormError(f"{label_id}: paling panjang {LONGEST} huruf", f"{label_en}: at most {LONGEST} characters")
    return value


def carry_out(request: HttpRequest, allowed: bool, action: Callable[[], str]) -> HttpResponse | None:
    """Run a posted action in one transaction: a redirect with its message, or None with the error shown (the
    caller answers 400 with the form as stored). 404 for one who may not change it."""
    if not allowed:
        raise Http404("form")
    try:
        with transaction.atomic():
            messages.success(request, action())
    except FormError as error:
        messages.error(request, text(request, error.text_id, error.text_en))
        return None
    return redirect(request.path)
