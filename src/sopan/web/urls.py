"""URL routes. The screens come with the web application; for now the project has none."""

from __future__ import annotations

urlpatterns: list = []
