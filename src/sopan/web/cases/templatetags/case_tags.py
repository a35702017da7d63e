"""Template helpers of the case screens: free text masked like NIKs for viewers without personal-data access."""

from __future__ import annotations

from django import template

from sopan.web.cases.access import mask_free_text

register = template.Library()


@register.filter
def free_text(value: object, full: bool = False) -> object:
    """A note, reason or output value: 16-digit numbers masked like NIKs unless the viewer sees personal data."""
    if full or not isinstance(value, str):
        return value
    return mask_free_text(value)
