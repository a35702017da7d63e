"""The administrator's profile and calendar screens: /pengelola/<org>/profil/ and /pengelola/<org>/kalender/.

Only an organisation's administrators (and superusers) reach them; anyone else gets 404, with no hint that the
organisation has administrators. Every change is a POST with CSRF, made whole or not at all, and recorded.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sopan.i18n import t
from sopan.web.cases.access import administered_organisations
from sopan.web.catalog.local_calendar import WHAT, LocalCalendarError, year_of
from sopan.web.catalog.models import Organisation
from sopan.web.catalog.profile import PROFILE_KEYS, ProfileError, file_values, logo_data_uri
from sopan.web.catalog.runtime import calendar_for
from sopan.web.setelan.changes import change_calendar, drop_logo, undo_calendar, update_profile, upload_logo
from sopan.web.setelan.forms import ZONES, CalendarChangeForm, CalendarRemoveForm, LogoForm, ProfileForm, errors_of
from sopan.worktime.hours import DAY_NAMES

__all__ = ["calendar_page", "profile_page"]

MIN_YEAR, MAX_YEAR = 2000, 2100


def office_or_404(request: HttpRequest, code: str) -> Organisation:
    found = administered_organisations(request.user).filter(code=code).first()
    if found is None:
        raise Http404("organisation")
    return found


def _refuse(request: HttpRequest, lines: list[str]) -> None:
    for line in lines:
        messages.error(request, line)


@login_required
def profile_page(request: HttpRequest, organisation: str) -> HttpResponse:
    office = office_or_404(request, organisation)
    lang = request.lang  # type: ignore[attr-defined]
    form = ProfileForm(initial=ProfileForm.initial_for(office))
    status = 200
    if request.method == "POST":
        action = request.POST.get("aksi", "profil")
        if action == "profil":
            form = ProfileForm(request.POST)
            if _save_profile(request, office, form):
                return redirect("office-profile", organisation=office.code)
        elif action in ("logo", "hapus-logo"):
            if _save_logo(request, office, action):
                return redirect("office-profile", organisation=office.code)
        else:
            _refuse(request, [t("Tindakan tidak dikenal.", "Unknown action.", lang)])
        status = 400
    from_file = file_values(office)
    rows = [(key, key in office.office_changes, _shown(from_file.get(key), lang)) for key in PROFILE_KEYS]
    return render(
        request,
        "setelan/profile.html",
        {
            "organisation": office,
            "form": form,
            "days": [(day, form[f"jam_{day}"]) for day in DAY_NAMES],
            "sources": rows,
            "changed": sorted(office.office_changes),
            "logo": logo_data_uri(office),
            "file_logo": (office.definition or {}).get("logo"),
            "zones": ZONES,
        },
        status=status,
    )


def _shown(value: object, lang: str) -> str:
    if value in (None, "", [], {}):
        return t("(kosong: bawaan)", "(empty: the default)", lang)
    if isinstance(value, list):
        return " / ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{day} {hours}" for day, hours in value.items())
    return str(value)


def _save_profile(request: HttpRequest, office: Organisation, form: ProfileForm) -> bool:
    lang = request.lang  # type: ignore[attr-defined]
    if not form.is_valid():
        _refuse(request, errors_of(form, lang))
        return False
    try:
        update_profile(request.user, office, form.changes(office), reset=set(form.cleaned_data["kembalikan"]))
    except ProfileError as error:
        _refuse(request, [t("Profil tidak disimpan", "The profile was not saved", lang) + f": {error.text(lang)}"])
        return False
    messages.success(request, t("Profil tersimpan.", "Profile saved.", lang))
    return True


def _save_logo(request: HttpRequest, office: Organisation, action: str) -> bool:
    lang = request.lang  # type: ignore[attr-defined]
    if action == "hapus-logo":
        drop_logo(request.user, office)
        messages.success(request, t("Logo unggahan dihapus.", "The uploaded logo was removed.", lang))
    else:
        form = LogoForm(request.POST, request.FILES)
        if not form.is_valid():
            _refuse(request, errors_of(form, lang))
            return False
        try:
            upload_logo(request.user, office, form.cleaned_data["logo"].read())
        except ProfileError as error:
            _refuse(request, [t("Logo tidak disimpan", "The logo was not saved", lang) + f": {error.text(lang)}"])
            return False
        messages.success(request, t("Logo tersimpan.", "Logo saved.", lang))
    return True


def _year(request: HttpRequest, office: Organisation) -> int:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return timezone.now().astimezone(calendar_for(office).zone).year  # the office's own new year
    return min(max(year, MIN_YEAR), MAX_YEAR)


@login_required
def calendar_page(request: HttpRequest, organisation: str) -> HttpResponse:
    office = office_or_404(request, organisation)
    lang = request.lang  # type: ignore[attr-defined]
    year = _year(request, office)
    status = 200
    if request.method == "POST":
        if _change_calendar(request, office):
            return redirect(f"{request.path}?tahun={year}")
        status = 400
    days = year_of(office, year)
    week = calendar_for(office).hours.to_days()
    return render(
        request,
        "setelan/calendar.html",
        {
            "organisation": office,
            "year": year,
            "years": (year - 1, year + 1),
            "week": [(day, week.get(day, "")) for day in DAY_NAMES],
            "days": [(day, DAY_NAMES[day.date.weekday()], t(*WHAT[day.what], lang)) for day in days],
            "form": CalendarChangeForm(request.POST if request.method == "POST" else None),
        },
        status=status,
    )


def _change_calendar(request: HttpRequest, office: Organisation) -> bool:
    lang = request.lang  # type: ignore[attr-defined]
    action = request.POST.get("aksi", "")
    form: CalendarChangeForm | CalendarRemoveForm
    form = CalendarRemoveForm(request.POST) if action == "hapus" else CalendarChangeForm(request.POST)
    if action not in ("ubah", "hapus") or not form.is_valid():
        _refuse(request, errors_of(form, lang) or [t("Tindakan tidak dikenal.", "Unknown action.", lang)])
        return False
    try:
        if isinstance(form, CalendarRemoveForm):
            count = undo_calendar(request.user, office, *form.period())
            messages.success(request, t(f"{count} perubahan dibatalkan.", f"{count} changes undone.", lang))
        else:
            data = form.cleaned_data
            days = change_calendar(
                request.user, office, form.kind, data["dari"], data["sampai"], name=data["nama"], hours=data["jam"]
            )
            label = t(*WHAT["local-holiday" if form.kind == "holiday" else form.kind], lang)
            messages.success(request, f"{label}: {_span(days, lang)}")
    except LocalCalendarError as error:
        _refuse(request, [error.text(lang)])
        return False
    return True


def _span(days: list[dt.date], lang: str) -> str:
    if len(days) == 1:
        return days[0].isoformat()
    return f"{days[0]} - {days[-1]} ({len(days)} {t('hari', 'days', lang)})"
