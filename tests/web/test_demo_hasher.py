"""Demo users' passwords are hashed cheaply on a first start outside production, and in full everywhere else."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import User
from django.test import Client
from typer.testing import CliRunner

from sopan.cli import app
from sopan.web.accounts.demo_hasher import DEMO_ALGORITHM, HASHER, demo_password_hash
from sopan.web.serve import DEMO_ACCOUNTS
from tests.factories import LIBRARY


@pytest.fixture(autouse=True)
def sopans_hashers(settings) -> None:
    """sopan's own list of hashers, not the tests' cheap one (``tests/conftest.py``)."""
    from sopan.web import settings as sopan_settings

    settings.PASSWORD_HASHERS = list(sopan_settings.PASSWORD_HASHERS)


def test_outside_production_the_demo_hash_is_cheap_and_verifies(settings) -> None:
    hashed = demo_password_hash("sopan-acak123")
    assert hashed.startswith(f"{DEMO_ALGORITHM}$1000$")
    assert check_password("sopan-acak123", hashed) and not check_password("sopan-lain123", hashed)


def test_in_production_it_is_never_made_and_refused(settings) -> None:
    outside = demo_password_hash("sopan-acak123")
    settings.PRODUCTION = True
    settings.PASSWORD_HASHERS = [name for name in settings.PASSWORD_HASHERS if name != HASHER]
    full = demo_password_hash("sopan-acak123")
    assert full.startswith("pbkdf2_sha256$") and check_password("sopan-acak123", full)
    assert not check_password("sopan-acak123", outside)  # an unknown algorithm: the right password is refused


@pytest.mark.django_db
def test_first_start_hashes_demo_users_cheaply_and_login_rehashes_in_full(tmp_path, settings) -> None:
    settings.HOME = tmp_path / "home"
    started = CliRunner().invoke(app, ["serve", "--prepare-only", "--library", str(LIBRARY / "kec-bawang")])
    assert started.exit_code == 0, started.output
    lines = (settings.HOME / DEMO_ACCOUNTS).read_text().splitlines()
    name, password = next(line.split()[:2] for line in lines if line.startswith("kec-bawang.demo "))
    demo_users = User.objects.exclude(username="admin").exclude(password__startswith="!")
    assert demo_users.count() >= 2 and all(user.password.startswith(DEMO_ALGORITHM) for user in demo_users)
    assert User.objects.get(username="admin").password.startswith("pbkdf2_sha256$")  # the admin in full
    page = Client().post("/masuk/", {"username": name, "password": password})
    assert page.status_code == 302
    assert User.objects.get(username=name).password.startswith("pbkdf2_sha256$")  # re-hashed in full
