"""Tabel 7 pre-filled from the data: per SOP the figures of the half year, a suggested verdict and the catatan.

The verdict suggested is "Berjalan dengan baik" when both the share of cases finished on time and the share of
finished cases conforming to the SOP reach the organisation's thresholds (a share that cannot be worked out, e.g.
no case finished, is left out; with neither there is no suggestion). The catatan is written in Bahasa Indonesia,
the language of the form. The evaluator's own verdict and catatan start as the suggestion; filling again from
the data again (asked for, while unsigned) updates the figures and the suggestion and keeps what the evaluator
changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from sopan.i18n import t
from sopan.web.catalog.models import Organisation, Sop
from sopan.web.monitoring.casework import casework
from sopan.web.monitoring.models import MonitoringForm, MonitoringRow, Signed, Thresholds
from sopan.web.monitoring.performance import Period, performance

__all__ = [
    "figures_of",
    "fill",
    "half_label",
    "half_period",
    "paraf",
    "suggest",
    "thresholds_of",
    "write_note",
]

LATE_STEPS_SHOWN = 3


def half_period(year: int, half: int) -> Period:
    """Januari-Juni (1) or Juli-Desember (2) of ``year``."""
    if half == 1:
        return Period(dt.date(year, 1, 1), dt.date(year, 6, 30))
    return Period(dt.date(year, 7, 1), dt.date(year, 12, 31))


def half_label(year: int, half: int, lang: str = "id") -> str:
    if half == 1:
        return t(f"Januari-Juni {year}", f"January-June {year}", lang)
    return t(f"Juli-Desember {year}", f"July-December {year}", lang)


def paraf(signed: Signed, organisation: Organisation) -> str:
    """The evaluator's name and the local time of signing, or an empty string while unsigned."""
    if signed.signed_at is None:
        return ""
    when = signed.signed_at.astimezone(ZoneInfo(organisation.timezone)).strftime("%d-%m-%Y %H:%M")
    return f"{signed.signed_by_name}, {when}"


def thresholds_of(organisation: Organisation) -> Thresholds:
    return Thresholds.objects.get_or_create(organisation=organisation)[0]


def figures_of(sop: Sop, period: Period) -> dict[str, Any]:
    """The figures Tabel 7 and the evaluation are written from, JSON-ready."""
    perf = performance(sop, period)
    work = casework(sop, period, deviating=0)
    c = perf.cases
    late_steps = [
        [s.step, round(1 - s.within / s.with_due, 3)] for s in perf.steps if s.with_due and s.within < s.with_due
    ]
    late_steps.sort(key=lambda pair: (-pair[1], pair[0]))
    return {
        "opened": c.opened,
        "finished": c.finished,
        "rejected": c.rejected,
        "cancelled": c.cancelled,
        "open": c.open,
        "finished_with_due": c.finished_with_due,
        "on_time": c.on_time,
        "conforming": work.conforming,
        "path_conforming": work.path_conforming,
        "late_steps": late_steps,
        "waived": sum(w.count for w in work.waivers),
        "sent_back": sum(d.no for d in perf.decisions),
        "answered": sum(d.answered for d in perf.decisions),
        "loops": sum(loop.loops for loop in work.loops),
        "overdue_now": sum(w.overdue for w in perf.waiting),
        "roles": [[r.name, r.completed, r.open] for r in work.roles],
        "rejections": [[r.reason, r.count] for r in work.rejections[:3]],
        "deviations": work.deviation_counts("id")[:3],
        "deviations_en": {text_id: text_en for text_id, text_en, _n in work.deviations},
        "service": sop.nature == "pelayanan",
    }


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def suggest(figures: dict[str, Any], thresholds: Thresholds) -> bool | None:
    """True: berjalan dengan baik; False: tidak; None: nothing to judge by."""
    shares = [
        (_share(figures["on_time"], figures["finished_with_due"]), thresholds.on_time),
        (_share(figures["conforming"], figures["finished"]), thresholds.conforming),
    ]
    judged = [share >= least for share, least in shares if share is not None]
    return all(judged) if judged else None


def write_note(figures: dict[str, Any]) -> str:
    """E.g. '27 dari 31 permohonan selesai tepat waktu; langkah 3 melewati mutu baku pada 40%; ...'."""
    word = "permohonan" if figures.get("service") else "kasus"
    if not figures["opened"]:
        return f"Tidak ada {word} dalam periode ini."
    parts = []
    if figures["finished_with_due"]:
        parts.append(f"{figures['on_time']} dari {figures['finished_with_due']} {word} selesai tepat waktu")
    else:
        parts.append(f"{figures['opened']} {word} dibuka, {figures['finished']} selesai")
    for step, late in figures["late_steps"][:LATE_STEPS_SHOWN]:
        parts.append(f"langkah {step} melewati mutu baku pada {round(late * 100)}%")
    if figures["finished"]:
        parts.append(f"{figures['conforming']} dari {figures['finished']} {word} selesai sesuai SOP")
    if figures["waived"]:
        parts.append(f"kelengkapan dikecualikan {figures['waived']} kali")
    if figures["rejected"]:
        parts.append(f"{figures['rejected']} {word} ditolak")
    return "; ".join(parts) + "."


def _sops(organisation: Organisation) -> list[Sop]:
    """The organisation's SOPs that have a published version, in catalog order."""
    return [sop for sop in Sop.objects.filter(organisation=organisation) if sop.latest is not None]


@transaction.atomic
def fill(organisation: Organisation, year: int, half: int, refresh: bool = False) -> MonitoringForm:
    """The period's form, made from the data the first time (a row for each SOP published since is added);
    with ``refresh``, every row's figures and suggestion are worked out again while the form is unsigned."""
    form, _ = MonitoringForm.objects.select_for_update().get_or_create(organisation=organisation, year=year, half=half)
    if form.is_signed:
        return form
    period, limits = half_period(year, half), thresholds_of(organisation)
    rows = {row.sop_id: row for row in form.rows.all()}
    for sop in _sops(organisation):
        if sop.pk in rows and not refresh:
            continue
        figures = figures_of(sop, period)
        suggested, note = suggest(figures, limits), write_note(figures)
        row = rows.get(sop.pk)
        if row is None:
            number = max([r.number for r in rows.values()], default=0) + 1
            row = MonitoringRow(form=form, number=number, sop=sop, verdict=suggested, note=note)
            rows[sop.pk] = row
        else:
            if row.verdict == row.suggested:
                row.verdict = suggested
            if row.note == row.suggested_note:
                row.note = note
        row.procedure, row.figures, row.suggested, row.suggested_note = sop.title, figures, suggested, note
        row.save()
    return form
