"""Web test fixtures: the office of ``tests/web/factories.py`` (a service SOP published for a kecamatan), cheap
password hashes for tests that never log in, an empty cache, the office's penyusun SOP."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from sopan.web.authoring.models import Writer
from tests.web.factories import Office, make_office, make_user


@pytest.fixture
def office(db) -> Office:
    return make_office()


@pytest.fixture
def writer(office):
    """A loket officer of the office who is also its penyusun SOP (may write its drafts)."""
    user = make_user("penulis", office.organisation, "loket")
    Writer.objects.create(user=user, organisation=office.organisation)
    return user


@pytest.fixture
def fast_users(settings):
    """Users made with a cheap password hash, for tests that never log in with a password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def empty_cache():
    """The cache empty before and after the test."""
    cache.clear()
    yield
    cache.clear()
