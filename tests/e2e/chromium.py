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


def sign_in(page, url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    """Sign ``username`` in on the login page of the server at ``url`` and wait for the inbox."""
    page.goto(f"{url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/tugas/")
