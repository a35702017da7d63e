"""The REST API assembled from every app's router and mounted under /api/; its docs load only local files."""

from __future__ import annotations

from ninja import Swagger

from sopan.web.api import cases, catalog, drafts, office, personal_data, status, versions
from sopan.web.api.auth import AUTH
from sopan.web.api.errors import install_error_handlers
from sopan.web.api.openapi import SopanApi
from sopan.web.lifecycle import api as lifecycle_api
from sopan.web.lifecycle import draft_api as lifecycle_draft_api
from sopan.web.lifecycle import waiting_api as lifecycle_waiting_api
from sopan.web.monitoring import api as monitoring_api
from sopan.web.review import api as review_api
from sopan.web.setelan import api as setelan_api
from sopan.web.signing import api as signing_api

api = SopanApi(
    title="sopan API",
    version="1",
    description=(
        "SOP catalog, cases, tasks, events and public status, with the same permissions as the screens. "
        "Integrations send `Authorization: Bearer <token>` (tokens from an administrator's screen or "
        "`createapitoken`; a read-only token gets 403 on writes); a signed-in browser "
        "uses its session and the CSRF token on unsafe methods. Errors are `{code, message}`; messages are in "
        "Bahasa Indonesia, or English with `Accept-Language: en`."
    ),
    urls_namespace="api",
    # Swagger UI from django-ninja's own static files; no online validator badge (it would fetch from the internet)
    docs=Swagger(settings={"validatorUrl": None}),
    auth=AUTH,  # signed in unless an operation says otherwise (the catalog and the public status)
)
install_error_handlers(api)
api.add_router("/", catalog.router)
api.add_router("/", versions.router)
api.add_router("/", cases.router)
api.add_router("/", status.router)
api.add_router("/", personal_data.router)
api.add_router("/", office.router)
api.add_router("/", monitoring_api.router)
api.add_router("/", setelan_api.router)
api.add_router("/", lifecycle_api.router)
api.add_router("/", lifecycle_waiting_api.router)  # before /drafts/{draft_id}, which would take "waiting"
api.add_router("/", drafts.router)
api.add_router("/", lifecycle_draft_api.router)
api.add_router("/", signing_api.router)
api.add_router("/", review_api.router)
