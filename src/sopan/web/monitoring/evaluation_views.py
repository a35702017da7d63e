"""The seven-criteria evaluation of an SOP for a half year: answered, concluded and signed; printed as PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sopan.web.authoring.access import may_write
from sopan.web.catalog.models import Sop
from sopan.web.monitoring.access import may_evaluate
from sopan.web.monitoring.evaluation import CRITERIA, evidence_lines, fill_evaluation
from sopan.web.monitoring.form_input import FormError, carry_out, posted_text
from sopan.web.monitoring.models import Evaluation
from sopan.web.monitoring.places import check_half, sop_for
from sopan.web.monitoring.printing import pdf_response
from sopan.web.monitoring.revision import open_revision, revision_draft
from sopan.web.monitoring.tabel7 import half_label, half_period, paraf
from sopan.web.ui.language import text

__all__ = ["evaluation_page", "evaluation_pdf"]

ANSWERS = {"ya": True, "tidak": False, "": None}


def _evaluation(request: HttpRequest, sop: Sop, year: int, half: int) -> Evaluation:
    check_half(year, half)
    if may_evaluate(request.user, sop.organisation):
        return fill_evaluation(sop, year, half)
    evaluation = Evaluation.objects.filter(sop=sop, year=year, half=half).first()
    if evaluation is None:
        raise Http404("evaluation")
    return evaluation


def _save(request: HttpRequest, evaluation: Evaluation) -> None:
    for number, (key, _name_id, _name_en) in enumerate(CRITERIA, start=1):
        answer = request.POST.get(f"ya-{key}", "")
        if answer not in ANSWERS:
            raise FormError(f"Kriteria {number}: jawab ya atau tidak", f"Criterion {number}: answer yes or no")
        note = posted_text(request, f"catatan-{key}", f"Catatan kriteria {number}", f"Criterion {number} note")
        evaluation.answers[key] = {"ya": ANSWERS[answer], "catatan": note}
    conclusion = request.POST.get("conclusion", "")
    if conclusion and conclusion not in Evaluation.Conclusion.values:
        raise FormError(
            "Kesimpulan harus tetap, revisi, atau dicabut", "The conclusion must be tetap, revisi or dicabut"
        )
    evaluation.conclusion = conclusion
    evaluation.conclusion_note = posted_text(request, "conclusion_note", "Catatan kesimpulan", "Conclusion note")
    evaluation.save()


def _as_typed(request: HttpRequest, evaluation: Evaluation) -> None:
    """The evaluation with what the evaluator sent, not saved: a refused form keeps its input."""
    for key, _name_id, _name_en in CRITERIA:
        answer = evaluation.answers.setdefault(key, {"ya": None, "catatan": ""})
        if (typed := request.POST.get(f"ya-{key}")) in ANSWERS:
            answer["ya"] = ANSWERS[typed]
        answer["catatan"] = request.POST.get(f"catatan-{key}", answer.get("catatan", ""))
    if (conclusion := request.POST.get("conclusion")) in (*Evaluation.Conclusion.values, ""):
        evaluation.conclusion = conclusion
    evaluation.conclusion_note = request.POST.get("conclusion_note", evaluation.conclusion_note)


def _post(request: HttpRequest, evaluation: Evaluation) -> str:
    if evaluation.is_signed:
        raise FormError("Evaluasi ini sudah diparaf dan tidak dapat diubah.", "This evaluation is signed already.")
    action = request.POST.get("action", "")
    if action == "perbarui":
        fill_evaluation(evaluation.sop, evaluation.year, evaluation.half, refresh=True)
        return text(request, "Bukti diperbarui dari data.", "Evidence updated from the data.")
    if action not in ("simpan", "paraf"):
        raise FormError("Tindakan tidak dikenal.", "Unknown action.")
    _save(request, evaluation)
    if action == "simpan":
        return text(request, "Disimpan.", "Saved.")
    if any(evaluation.answers[key]["ya"] is None for key, _i, _e in CRITERIA) or not evaluation.conclusion:
        raise FormError(
            "Jawab ketujuh kriteria dan pilih kesimpulan sebelum memaraf.",
            "Answer all seven criteria and choose a conclusion before signing.",
        )
    evaluation.signed_by, evaluation.signed_at = request.user, timezone.now()
    evaluation.signed_by_name = request.user.get_full_name() or request.user.get_username()  # type: ignore[attr-defined]
    evaluation.save()
    if evaluation.conclusion == Evaluation.Conclusion.REVISE and open_revision(evaluation.sop, request.user):
        return text(
            request,
            "Diparaf. Konsep revisi SOP ini dibuka untuk penyusun SOP unit.",
            "Signed. A revision draft of this SOP is open for the unit's SOP writers.",
        )
    return text(request, "Diparaf.", "Signed.")


def _criteria(evaluation: Evaluation, lang: str) -> list[dict[str, object]]:
    return [
        {
            "number": number,
            "key": key,
            "name": name_en if lang == "en" else name_id,
            "name_id": name_id,
            "answer": evaluation.answers.get(key, {}).get("ya"),
            "note": evaluation.answers.get(key, {}).get("catatan", ""),
            "evidence": evidence_lines(evaluation.evidence.get(key, []), lang),
        }
        for number, (key, name_id, name_en) in enumerate(CRITERIA, start=1)
    ]


@login_required
def evaluation_page(request: HttpRequest, organisation: str, key: str, year: int, half: int) -> HttpResponse:
    sop = sop_for(request.user, organisation, key)
    evaluation = _evaluation(request, sop, year, half)
    evaluator = may_evaluate(request.user, sop.organisation)
    status = 200
    if request.method == "POST":
        done = carry_out(request, evaluator, lambda: _post(request, evaluation))
        if done is not None:
            return done
        status = 400
        evaluation.refresh_from_db()  # nothing was saved; what was typed is shown again, to be mended and sent
        if not evaluation.is_signed:  # a signed evaluation is shown as signed, never with text sent after
            _as_typed(request, evaluation)
    context = {
        "sop": sop,
        "evaluation": evaluation,
        "criteria": _criteria(evaluation, request.lang),  # type: ignore[attr-defined]
        "label": half_label(year, half, request.lang),  # type: ignore[attr-defined]
        "period": half_period(year, half),
        "editable": evaluator and not evaluation.is_signed,
        "conclusions": Evaluation.Conclusion.choices,
        "paraf": paraf(evaluation, sop.organisation),
        "revision": revision_draft(sop) if evaluation.conclusion == Evaluation.Conclusion.REVISE else None,
        "writes": may_write(request.user, sop.organisation),
    }
    return render(request, "monitoring/evaluation.html", context, status=status)


@login_required
def evaluation_pdf(request: HttpRequest, organisation: str, key: str, year: int, half: int) -> HttpResponse:
    sop = sop_for(request.user, organisation, key)
    evaluation = _evaluation(request, sop, year, half)
    context = {
        "sop": sop,
        "evaluation": evaluation,
        "criteria": _criteria(evaluation, "id"),
        "label": half_label(year, half),
        "paraf": paraf(evaluation, sop.organisation),
    }
    return pdf_response(request, "monitoring/evaluation_print.html", context, f"evaluasi_{sop.key}_{year}-{half}")
