"""Template helpers: bilingual text and the language switch, working-time durations, and due-time marks."""

from __future__ import annotations

import datetime as dt

from django import template
from django.http import QueryDict
from django.utils import timezone

from sopan.web.ui.language import text

register = template.Library()


@register.simple_tag(takes_context=True)
def t(context: template.Context, id_text: str, en_text: str) -> str:
    return text(context.get("request"), id_text, en_text)


@register.simple_tag(takes_context=True)
def language_query(context: template.Context, lang: str) -> str:
    """The current page's query with ``lang`` set: switching language keeps what the page was asked for."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query["lang"] = lang
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def grouped(context: template.Context, number: int) -> str:
    """A whole number with its thousands marked as the page's language writes them: 10.000, or 10,000."""
    written = f"{number:,}"
    return t(context, written.replace(",", "."), written)


@register.filter
def minutes(value: float | None) -> str:
    """Working minutes as '1 j 25 m'."""
    if value is None:
        return "-"
    hours, mins = divmod(round(value), 60)
    return f"{hours} j {mins} m" if hours else f"{mins} m"


@register.filter
def due_mark(due: dt.datetime | None) -> str:
    """'overdue', 'soon' (within two hours) or '' for a due time."""
    if due is None:
        return ""
    now = timezone.now()
    if due < now:
        return "overdue"
    return "soon" if due - now < dt.timedelta(hours=2) else ""


EVENT_LABELS = {
    "case_opened": ("Kasus dibuka", "Case opened"),
    "task_activated": ("Langkah dimulai", "Step started"),
    "task_claimed": ("Tugas diambil", "Task claimed"),
    "task_released": ("Tugas dilepas", "Task released"),
    "requirement_ticked": ("Kelengkapan dicentang", "Requirement ticked"),
    "requirement_unticked": ("Centang dibatalkan", "Requirement unticked"),
    "requirement_waived": ("Kelengkapan dikecualikan", "Requirement waived"),
    "output_recorded": ("Output dicatat", "Output recorded"),
    "step_completed": ("Langkah selesai", "Step completed"),
    "decision_made": ("Keputusan", "Decision"),
    "register_entry_made": ("Dicatat di register", "Register entry"),
    "case_held": ("Menunggu pemohon", "Waiting for the applicant"),
    "case_resumed": ("Berkas dibawa, dilanjutkan", "Documents brought, resumed"),
    "case_finished": ("Kasus selesai", "Case finished"),
    "case_cancelled": ("Kasus dibatalkan", "Case cancelled"),
    "case_rejected": ("Permohonan ditolak", "Application rejected"),
    "case_anonymised": ("Data pribadi dianonimkan", "Personal data anonymised"),
}


STATUS_LABELS = {
    "open": ("Berjalan", "Open"),
    "finished": ("Selesai", "Finished"),
    "cancelled": ("Dibatalkan", "Cancelled"),
    "rejected": ("Ditolak", "Rejected"),
}


NATURE_LABELS = {
    "pelayanan": ("Pelayanan", "Service"),
    "penugasan": ("Penugasan", "Assignment"),
    "rutin": ("Rutin", "Routine"),
}


@register.simple_tag(takes_context=True)
def nature_label(context: template.Context, nature: str | None) -> str:
    """An SOP's kind (sifat) in the page's language."""
    if not nature:
        return "-"
    id_text, en_text = NATURE_LABELS.get(nature, (nature, nature))
    return t(context, id_text, en_text)


@register.simple_tag(takes_context=True)
def status_label(context: template.Context, status: str) -> str:
    """A case's status in the page's language."""
    id_text, en_text = STATUS_LABELS.get(status, (status, status))
    return t(context, id_text, en_text)


@register.simple_tag(takes_context=True)
def event_label(context: template.Context, kind: str) -> str:
    id_text, en_text = EVENT_LABELS.get(kind, (kind, kind))
    return t(context, id_text, en_text)
