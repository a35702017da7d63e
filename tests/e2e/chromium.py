"""Debian's chromium as the browser tests drive it: its path, its flags, the test password and the screenshot folder."""

from __future__ import annotations

import os
import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "kata-sandi-uji-123"
SHOTS = os.environ.get("SOPAN_SCREENSHOTS")  # a folder: save a screenshot of every screen on the way


def login(page, base: str, username: str, password: str) -> None:
    """Sign in through the login form and wait for the inbox it leads to."""
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/tugas/")


def shot(page, name: str) -> None:
    """A full-page screenshot into SHOTS, when it is set."""
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def sign_in(page, url: str, username: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Sign ``username`` in (with the test password unless another is given) at ``url`` and wait for the inbox."""
    login(page, url, username, password)
