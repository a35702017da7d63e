"""Web test fixtures: the office of ``tests/web/factories.py`` (a service SOP published for a kecamatan), cheap
password hashes for tests that never log in, an empty cache, the office's penyusun SOP, the Biro and its analyst."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection

from sopan.web.accounts.models import Administrator, Staff
from sopan.web.authoring.models import Writer
from sopan.web.catalog.models import Organisation
from tests.web.factories import Office, make_office, make_user

# SQLite's own mechanisms (its write-ahead log, its kept connections) have nothing to test on PostgreSQL, whose run
# must skip nothing (test_postgresql.py): there these files are not collected at all
collect_ignore = (
    []
    if connection.vendor == "sqlite"
    else ["test_wal_checkpoint.py", "test_sqlite_connection_kept.py", "test_sqlite_backend.py", "test_sqlite_rowids.py"]
)


@pytest.fixture
def office(db) -> Office:
    return make_office()


@pytest.fixture
def pengelola(office: Office) -> User:
    """The office's administrator (pengelola), holding no role of the SOP."""
    user = make_user("pengelola", office.organisation)
    Administrator.objects.create(user=user, organisation=office.organisation)
    return user


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


@pytest.fixture
def biro(db) -> Organisation:
    """The Biro Organisasi (its code makes it the Biro): it reviews every organisation's drafts."""
    return Organisation.objects.create(code="biro-organisasi-contoh", name="Biro Organisasi Contoh")


@pytest.fixture
def analyst(biro) -> User:
    """Rina Kartika, a penyusun SOP of the Biro (so a reviewer), with her NIP in her staff record."""
    user = make_user("analis", biro)
    user.first_name, user.last_name = "Rina", "Kartika"
    user.save()
    Staff.objects.create(user=user, organisation=biro, nip="198001012005012001")
    Writer.objects.create(user=user, organisation=biro)
    return user
