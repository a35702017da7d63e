"""Production settings pass Django's deployment checks; every page carries the security headers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.factories import REPO


def test_production_settings_pass_the_deploy_check(tmp_path) -> None:
    env = {
        **os.environ,
        "SOPAN_PRODUCTION": "1",
        "SOPAN_SECRET_KEY": "a-long-random-secret-key-for-the-check-" + "x" * 40,
        "SOPAN_HOME": str(tmp_path),
        "SOPAN_ALLOWED_HOSTS": "sopan.example.go.id",
    }
    env.pop("SOPAN_DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # a test-only switch (the browser test); never set in deployment
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings",
            "sopan.web.settings",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path) -> None:
    env = {**os.environ, "SOPAN_PRODUCTION": "1", "SOPAN_HOME": str(tmp_path)}
    env.pop("SOPAN_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", "import sopan.web.settings"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SOPAN_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_pages_carry_security_headers() -> None:
    response = Client().get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
