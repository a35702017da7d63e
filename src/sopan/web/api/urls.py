"""The API's routes, mounted under /api/ by the project's urls."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="sopan API",
    version="1",
    description="SOP catalog, cases, tasks, events and public status. Token authentication for integrations.",
    urls_namespace="api",
)
