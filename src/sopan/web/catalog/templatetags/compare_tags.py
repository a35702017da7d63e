"""Template helpers of the version comparison: one side of a text with its changed words marked, and labels."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from sopan.compare import Comparison, StepChange, TextChange
from sopan.model.places import place_in_words
from sopan.web.ui.language import text

register = template.Library()

CHANGE_LABELS = {
    "added": ("Ditambahkan", "Added"),
    "removed": ("Dihapus", "Removed"),
    "changed": ("Diubah", "Changed"),
    "renamed": ("Berganti nama", "Renamed"),
    "unchanged": ("Tetap", "Unchanged"),
    "moved": ("Dipindah", "Moved"),
}

COLUMN_LABELS = {
    "kegiatan": ("Kegiatan", "Activity"),
    "pelaksana": ("Pelaksana", "Performer"),
    "kelengkapan": ("Kelengkapan", "Requirements"),
    "waktu": ("Waktu", "Time"),
    "waktu_sumber": ("Waktu (sumber)", "Time (source)"),
    "output": ("Output", "Output"),
    "keterangan": ("Keterangan", "Remarks"),
    "keputusan": ("Keputusan", "Decision"),
    "lanjut": ("Lanjut ke", "Next"),
    "sub_sop": ("Sub-SOP", "Sub-SOP"),
    "register": ("Register", "Register"),
    "varian": ("Varian", "Variants"),
    "catatan": ("Catatan", "Notes"),
    "nama": ("Nama", "Name"),
    "pihak_luar": ("Pihak luar", "Outside party"),
}


@register.filter
def side(change: TextChange, which: str) -> SafeString:
    """The old or the new text of ``change``, the words only on that side in <del> or <ins>."""
    old = which == "old"
    parts = []
    for span in change.spans:
        words = span.old if old else span.new
        if not words:
            continue
        if span.op == "equal":
            parts.append(conditional_escape(words))
        else:  # the space after the last word stays outside the mark
            marked = words.rstrip()
            tag = format_html('<{0} class="diff-word">{1}</{0}>', "del" if old else "ins", marked)
            parts += [tag, conditional_escape(words[len(marked) :])]
    if not change.spans:
        parts.append(conditional_escape(change.old if old else change.new))
    return mark_safe("".join(str(part) for part in parts))


@register.simple_tag(takes_context=True)
def change_label(context: template.Context, kind: str) -> str:
    """A change's kind (added, removed, ...) in the page's language."""
    id_text, en_text = CHANGE_LABELS.get(kind, (kind, kind))
    return text(context.get("request"), id_text, en_text)


@register.simple_tag(takes_context=True)
def key_label(context: template.Context, key: str) -> str:
    """A file key as the page's language names it: a column of the table, or an identity field."""
    request = context.get("request")
    if key in COLUMN_LABELS:
        return text(request, *COLUMN_LABELS[key])
    return place_in_words((key,), getattr(request, "lang", "id")).capitalize()


@register.filter
def step_count(comparison: Comparison, kind: str) -> int:
    """How many steps of the comparison are ``kind`` (added, removed, changed or moved)."""
    return comparison.count(kind)


@register.filter
def column_rows(step: StepChange) -> list[tuple[str, TextChange | None]]:
    """A changed step's rows: its activity for context (unless it changed itself), then each changed column."""
    rows: list[tuple[str, TextChange | None]] = [(column.key, column) for column in step.columns]
    if not any(key == "kegiatan" for key, _ in rows):
        rows.insert(0, ("kegiatan", None))
    return rows
