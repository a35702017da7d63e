"""Actions that apps above the catalog offer on a published version's page (e.g. "approve and sign").

The catalog cannot import them (it sits below), so they register a provider at start-up; the SOP page shows
what the providers give for the signed-in user. Anonymous readers get none (their page is cached).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from sopan.web.catalog.models import SopVersion

__all__ = ["VersionAction", "actions_for", "register"]


@dataclass(frozen=True)
class VersionAction:
    url: str
    label_id: str
    label_en: str
    primary: bool = False


Provider = Callable[[HttpRequest, SopVersion], "VersionAction | None"]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def actions_for(request: HttpRequest, version: SopVersion) -> list[VersionAction]:
    if not request.user.is_authenticated:
        return []
    return [action for provider in _PROVIDERS if (action := provider(request, version)) is not None]
