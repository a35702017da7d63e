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
