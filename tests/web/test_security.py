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


def _production(tmp_path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "SOPAN_PRODUCTION": "1", "SOPAN_HOME": str(tmp_path), "PYTHONPATH": str(REPO / "src")}
    for name in ("SOPAN_SECRET_KEY", "SOPAN_DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    return {**env, **extra}


@pytest.mark.parametrize(
    ("key", "said"),
    [
        (None, "SOPAN_SECRET_KEY tidak"),
        ("x", "terlalu lemah (1 karakter)"),
        ("k" * 49, "terlalu lemah (49 karakter)"),
        ("ab" * 40, "terlalu lemah (80 karakter)"),  # long, but two characters are no secret
    ],
)
def test_production_refuses_a_missing_or_weak_secret_key_with_a_message(tmp_path, key, said) -> None:
    env = _production(tmp_path, **({"SOPAN_SECRET_KEY": key} if key else {}))
    result = subprocess.run(
        [sys.executable, "-m", "sopan", "serve", "--prepare-only"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert said in result.stderr and "at least 50 characters" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "sopan.sqlite3").exists()  # stopped before touching the database


COOKIES = """
from sopan.web import setup
setup()
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
User.objects.create_user("siti", password="rahasia-sekali-123")
client = Client(HTTP_HOST="sopan.example.go.id")
answers = [
    client.get("/masuk/?lang=en", secure=True),
    client.post("/masuk/", {"username": "siti", "password": "rahasia-sekali-123"}, secure=True),
    client.get("/tugas/", secure=True),
]
for answer in answers:
    for name, morsel in answer.cookies.items():
        print(name, "secure" if morsel["secure"] else "NOT-SECURE", answer.status_code)
"""


def test_every_cookie_is_secure_in_production(tmp_path) -> None:
    env = _production(
        tmp_path, SOPAN_SECRET_KEY="k-" + "0123456789abcdef" * 4, SOPAN_ALLOWED_HOSTS="sopan.example.go.id"
    )
    result = subprocess.run([sys.executable, "-c", COOKIES], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    cookies = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert {"sopan_lang", "csrftoken", "sessionid"} <= set(cookies), cookies
    assert all(value.startswith("secure") for value in cookies.values()), cookies


@pytest.mark.django_db
def test_pages_carry_security_headers() -> None:
    response = Client().get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
