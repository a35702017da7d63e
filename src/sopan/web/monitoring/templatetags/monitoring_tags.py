"""``{% if user|may_monitor:sop.organisation %}``: whether to show the links to an organisation's monitoring."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractBaseUser

from sopan.web.catalog.models import Organisation
from sopan.web.monitoring import access

register = template.Library()


@register.filter
def may_monitor(user: AbstractBaseUser, organisation: Organisation) -> bool:
    return access.may_monitor(user, organisation)
