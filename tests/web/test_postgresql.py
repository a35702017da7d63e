"""The web tests again on PostgreSQL, when a server is given (CI sets SOPAN_TEST_POSTGRES)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.factories import REPO

POSTGRES = os.environ.get("SOPAN_TEST_POSTGRES")


@pytest.mark.skipif(not POSTGRES or bool(os.environ.get("SOPAN_DATABASE_URL")), reason="no PostgreSQL given")
def test_web_suite_passes_on_postgresql() -> None:
    env = {**os.environ, "SOPAN_DATABASE_URL": POSTGRES}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/web",
            "-p",
            "no:cacheprovider",
            "--deselect",
            "tests/web/test_postgresql.py",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=2700,  # a guard against a hang, not a speed test: a loaded machine took over 20 min
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary and "failed" not in summary, summary
