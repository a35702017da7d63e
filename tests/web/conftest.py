"""Database fixtures: the office of ``tests/web/factories.py`` (a service SOP published for a kecamatan)."""

from __future__ import annotations

import pytest

from tests.web.factories import Office, make_office


@pytest.fixture
def office(db) -> Office:
    return make_office()
