"""A version's state as a badge in the page's language, for the catalog's and the lifecycle's pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from sopan.web.lifecycle.states import Authority, State

register = template.Library()

_TONE = {State.BERLAKU: "ok", State.DIGANTIKAN: "soon", State.DICABUT: "overdue"}


def _lang(context: template.Context) -> str:
    return "en" if getattr(context.get("request"), "lang", "id") == "en" else "id"


@register.simple_tag(takes_context=True)
def state_badge(context: template.Context, state: str) -> str:
    """'Berlaku' / 'In force' as a badge; nothing for a version with no state."""
    if state not in State.__members__:
        return ""
    found = State(state)
    lang = _lang(context)
    return format_html(
        '<span class="badge state {}" data-state="{}">{}</span>', _TONE.get(found, ""), found.value, found.label(lang)
    )


@register.simple_tag(takes_context=True)
def authority_label(context: template.Context, authority: str) -> str:
    if authority not in {a.value for a in Authority}:
        return authority
    lang = _lang(context)
    return Authority(authority).label(lang)


@register.simple_tag(takes_context=True)
def state_label(context: template.Context, state: str) -> str:
    if state not in State.__members__:
        return "-"
    lang = _lang(context)
    return State(state).label(lang)
