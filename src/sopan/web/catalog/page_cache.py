"""The public catalog pages kept rendered until the next publication: the library changes rarely, readers often.

A page is kept per address, language and publication stamp (the newest published version: versions are
never changed or deleted, so a new one, or a version's new state, is the only way the catalog changes). Every
request reads the stamp,
one look-up on a primary key, so a publication shows at once in every worker, whatever each one keeps. Where
the lifecycle records versions' states the stamp is the newest state change instead: a publication is one, and
so is a revocation (see ``version_states``).
Only anonymous readers' successful GETs are kept: a signed-in user's page carries their name and form tokens.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from sopan.web.catalog.models import SopVersion
from sopan.web.catalog.version_states import state_stamp

__all__ = ["KEPT_SECONDS", "cached_until_publication", "publication_stamp"]

KEPT_SECONDS = 3600  # an organisation renamed without a new version shows within the hour
View = Callable[..., HttpResponse]


def publication_stamp() -> int:
    """The newest state change's id where the lifecycle records states (each publication is one, so is a
    revocation); otherwise the newest published version's id. One query either way."""
    stamp = state_stamp()
    if stamp is not None:
        return stamp
    newest = SopVersion.objects.order_by("-pk").values_list("pk", flat=True).first()
    return newest or 0


def _key(request: HttpRequest) -> str:
    asked = f"{publication_stamp()}|{getattr(request, 'lang', 'id')}|{request.get_full_path()}"
    return "catalog-page:" + hashlib.sha256(asked.encode()).hexdigest()


def cached_until_publication(view: View) -> View:
    """``view``'s page, rendered once per publication for anonymous readers."""

    @wraps(view)
    def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), KEPT_SECONDS)
        return response

    return serve
