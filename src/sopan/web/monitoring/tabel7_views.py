"""Tabel 7 screens: the period's form pre-filled from the data, edited and signed by the evaluator; PDF and XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sopan.web.catalog.models import Organisation
from sopan.web.monitoring.access import may_evaluate
from sopan.web.monitoring.form_input import FormError, carry_out, posted_text
from sopan.web.monitoring.models import MonitoringForm, MonitoringRow, Thresholds
from sopan.web.monitoring.places import check_half, organisation_for
from sopan.web.monitoring.printing import pdf_response
from sopan.web.monitoring.spreadsheet import XLSX, workbook
from sopan.web.monitoring.tabel7 import fill, half_label, half_period, paraf, thresholds_of
from sopan.web.ui.language import text

__all__ = ["tabel7_page", "tabel7_pdf", "tabel7_xlsx"]

VERDICTS = {"baik": True, "tidak": False, "": None}


class NotStarted(Exception):
    """The period's Tabel 7 is not kept yet, and this user does not start one (only an evaluator does)."""


def _form(request: HttpRequest, organisation: Organisation, year: int, half: int) -> MonitoringForm:
    """The evaluator gets the form filled from the data; anyone else sees it only once it exists."""
    check_half(year, half)
    if may_evaluate(request.user, organisation):
        return fill(organisation, year, half)
    form = MonitoringForm.objects.filter(organisation=organisation, year=year, half=half).first()
    if form is None:
        raise NotStarted
    return form


def _percent(request: HttpRequest, name: str, label_id: str, label_en: str) -> float:
    raw = request.POST.get(name, "").strip().replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        shown = raw[:10]
        raise FormError(
            f"{label_id} '{shown}' harus angka 0 sampai 100", f"{label_en} '{shown}' must be a number from 0 to 100"
        )
    return value / 100


def _save(request: HttpRequest, form: MonitoringForm) -> None:
    rows = list(form.rows.all())
    for row in rows:
        verdict = request.POST.get(f"verdict-{row.pk}", "")
        if verdict not in VERDICTS:
            raise FormError(f"Penilaian baris {row.number} tidak dikenal", f"Row {row.number}: unknown verdict")
        row.verdict = VERDICTS[verdict]
        row.note = posted_text(request, f"note-{row.pk}", f"Catatan baris {row.number}", f"Row {row.number} note")
        row.action = posted_text(
            request, f"action-{row.pk}", f"Tindakan baris {row.number}", f"Row {row.number} action"
        )
    form.observations = posted_text(request, "observations", "Hasil pengamatan", "Observations")
    for row in rows:
        row.save()
    form.save()


def _thresholds(request: HttpRequest, limits: Thresholds) -> None:
    limits.on_time = _percent(request, "on_time", "Batas tepat waktu", "On-time threshold")
    limits.conforming = _percent(request, "conforming", "Batas kesesuaian", "Conformance threshold")
    limits.updated_by = request.user.get_username()
    limits.save()


def _post(request: HttpRequest, form: MonitoringForm) -> str:
    """Carry out the posted action; returns the message to show."""
    if form.is_signed:
        raise FormError("Formulir ini sudah diparaf dan tidak dapat diubah.", "This form is signed and cannot change.")
    action = request.POST.get("action", "")
    if action == "simpan":
        _save(request, form)
        return text(request, "Disimpan.", "Saved.")
    if action == "paraf":
        _save(request, form)
        if unjudged := list(form.rows.filter(verdict__isnull=True).order_by("number").values_list("number", flat=True)):
            rows = ", ".join(str(number) for number in unjudged)
            raise FormError(
                f"Baris {rows} belum dinilai: setiap prosedur perlu penilaian sebelum diparaf.",
                f"{'Rows' if len(unjudged) > 1 else 'Row'} {rows} {'have' if len(unjudged) > 1 else 'has'} no verdict: "
                "every procedure needs one before signing.",
            )
        form.signed_by, form.signed_at = request.user, timezone.now()
        form.signed_by_name = request.user.get_full_name() or request.user.get_username()  # type: ignore[attr-defined]
        form.save()
        return text(request, "Diparaf.", "Signed.")
    if action == "ambang":
        _thresholds(request, thresholds_of(form.organisation))
        fill(form.organisation, form.year, form.half, refresh=True)
        return text(request, "Batas disimpan; saran dihitung ulang.", "Thresholds saved; suggestions worked out again.")
    if action == "perbarui":
        fill(form.organisation, form.year, form.half, refresh=True)
        return text(request, "Angka dan saran diperbarui dari data.", "Figures and suggestions updated from the data.")
    raise FormError("Tindakan tidak dikenal.", "Unknown action.")


@login_required
def tabel7_page(request: HttpRequest, organisation: str, year: int, half: int) -> HttpResponse:
    place = organisation_for(request.user, organisation)
    try:
        form = _form(request, place, year, half)
    except NotStarted:  # a leader or officer of the organisation: say why there is nothing, and who begins it
        context = {"organisation": place, "label": half_label(year, half, request.lang)}  # type: ignore[attr-defined]
        return render(request, "monitoring/tabel7_not_started.html", context, status=404)
    evaluator = may_evaluate(request.user, place)
    status = 200
    rows = None
    if request.method == "POST":
        done = carry_out(request, evaluator, lambda: _post(request, form))
        if done is not None:
            return done
        status = 400
        form.refresh_from_db()  # nothing was saved; what was typed is shown again, to be mended and sent
        if not form.is_signed:  # a signed form is shown as signed, never with text sent after
            rows = _as_typed(request, form)
    limits = thresholds_of(place)
    context = {
        "organisation": place,
        "form": form,
        "rows": form.rows.select_related("sop") if rows is None else rows,
        "period": half_period(year, half),
        "label": half_label(year, half, request.lang),  # type: ignore[attr-defined]
        "editable": evaluator and not form.is_signed,
        "paraf": paraf(form, place),
        "on_time": request.POST.get("on_time", round(limits.on_time * 100)),
        "conforming": request.POST.get("conforming", round(limits.conforming * 100)),
    }
    return render(request, "monitoring/tabel7.html", context, status=status)


def _as_typed(request: HttpRequest, form: MonitoringForm) -> list[MonitoringRow]:
    """The rows (and the observations) with what the evaluator sent, not saved: a refused form keeps its input."""
    rows = list(form.rows.select_related("sop"))
    for row in rows:
        if (verdict := request.POST.get(f"verdict-{row.pk}")) in VERDICTS:
            row.verdict = VERDICTS[verdict]
        row.note = request.POST.get(f"note-{row.pk}", row.note)
        row.action = request.POST.get(f"action-{row.pk}", row.action)
    form.observations = request.POST.get("observations", form.observations)
    return rows


def _file_name(form: MonitoringForm) -> str:
    return f"tabel-7_{form.organisation.code}_{form.year}-{form.half}"


def _kept_form(request: HttpRequest, organisation: str, year: int, half: int) -> MonitoringForm:
    try:
        return _form(request, organisation_for(request.user, organisation), year, half)
    except NotStarted:
        raise Http404("form") from None


@login_required
def tabel7_pdf(request: HttpRequest, organisation: str, year: int, half: int) -> HttpResponse:
    form = _kept_form(request, organisation, year, half)
    rows = form.rows.select_related("sop")
    context = {"form": form, "rows": rows, "label": half_label(year, half), "paraf": paraf(form, form.organisation)}
    return pdf_response(request, "monitoring/tabel7_print.html", context, _file_name(form))


@login_required
def tabel7_xlsx(request: HttpRequest, organisation: str, year: int, half: int) -> HttpResponse:
    form = _kept_form(request, organisation, year, half)
    header = [
        "No",
        "Prosedur",
        "Berjalan dengan baik",
        "Tidak berjalan dengan baik",
        "Catatan hasil penilaian",
        "Tindakan yang harus diambil",
        "Paraf penilai",
    ]
    rows = [
        [
            r.number,
            r.procedure,
            "✓" if r.verdict else "",
            "✓" if r.verdict is False else "",
            r.note,
            r.action,
            paraf(form, form.organisation),
        ]
        for r in form.rows.all()
    ]
    if form.observations:
        rows.append(["", "Hasil pengamatan", "", "", form.observations, "", ""])
    body = workbook([(f"Tabel 7 {half_label(year, half)}", header, rows)], {1: 40, 4: 60, 5: 40, 6: 24})
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(form)}.xlsx"'
    return response
