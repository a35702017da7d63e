"""The pengelola's screen that gives and takes the penyusun SOP permission (who may write the office's drafts)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sopan.web.authoring.models import Writer
from sopan.web.office.audit import record
from sopan.web.office.common import administered_or_404
from sopan.web.office.staff import members
from sopan.web.ui.language import text

__all__ = ["WriterForm", "writers"]


class WriterForm(forms.Form):
    pengguna = forms.IntegerField(min_value=1)
    aksi = forms.ChoiceField(choices=[("beri", "beri"), ("cabut", "cabut")], required=False)


@login_required
def writers(request: HttpRequest, organisation: str) -> HttpResponse:
    office = administered_or_404(request, organisation)
    status = 200
    form = WriterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not form.is_valid():
        field = next(iter(form.errors))
        messages.error(request, text(request, f"Isian '{field}' tidak sah.", f"The field '{field}' is not valid."))
        status = 400
    elif request.method == "POST":
        user = members(office).filter(pk=form.cleaned_data["pengguna"]).first()
        if user is None:
            messages.error(request, text(request, "Pengguna itu tidak ada di organisasi ini.", "No such user here."))
        elif form.cleaned_data["aksi"] == "cabut":
            Writer.objects.filter(user=user, organisation=office).delete()
            record(request.user, office, "writer.revoke", user.get_username())
        else:
            Writer.objects.get_or_create(user=user, organisation=office, defaults={"granted_by": request.user})
            record(request.user, office, "writer.grant", user.get_username())
        return redirect("office-writers", office.code)
    granted = set(Writer.objects.filter(organisation=office).values_list("user_id", flat=True))
    people = [(user, user.pk in granted) for user in members(office).filter(is_active=True).order_by("username")[:500]]
    return render(request, "authoring/writers.html", {"organisation": office, "people": people}, status=status)
