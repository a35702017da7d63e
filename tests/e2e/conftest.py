"""Fixtures of the browser tests: Debian's chromium driven by Playwright, and the small office of the web tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.chromium import ARGS, CHROMIUM
from tests.web.factories import Office, make_office


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium is needed for the browser test (looked for {CHROMIUM}); .ci/run installs it")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def office(db) -> Office:
    return make_office()
