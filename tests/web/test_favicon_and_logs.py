"""The icon browsers ask for is served (no 404 per page), and log lines go to the standard error of the moment,
so a server thread logging after a test's captured stream closed writes no "Logging error"."""

from __future__ import annotations

import io
import logging
import sys

import pytest
from django.conf import settings
from django.test import Client

from sopan.web.ui.logs import CurrentStandardError


@pytest.mark.django_db
def test_the_icon_is_linked_and_served() -> None:
    page = Client().get("/masuk/").content.decode()
    assert '<link rel="icon" href="/static/sopan/favicon.svg" type="image/svg+xml">' in page
    icon = Client().get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/svg+xml"
    assert b"<svg" in icon.content and icon["Cache-Control"].startswith("public")


@pytest.mark.django_db
def test_the_icon_is_answered_without_a_database_or_a_session() -> None:
    client = Client()
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200 and "sessionid" not in answer.cookies


def test_logs_go_to_the_standard_error_of_the_moment(monkeypatch) -> None:
    assert settings.LOGGING["handlers"]["console"]["class"] == "sopan.web.ui.logs.CurrentStandardError"
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    handler = CurrentStandardError()
    first.close()  # what a test's captured stream does when the test ends
    later = io.StringIO()
    monkeypatch.setattr(sys, "stderr", later)
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None)
    handler.handle(record)
    assert later.getvalue() == "Not Found: /x\n"
