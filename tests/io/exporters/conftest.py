"""The SOP library, read once for the exporter tests."""

from __future__ import annotations

import pytest

from sopan.io.library import LoadedSop
from tests.factories import library_sops

SOPS: list[LoadedSop] = library_sops()


def sop_id(item: LoadedSop) -> str:
    return f"{item.sop.organisation}/{item.sop.id}"


@pytest.fixture(params=SOPS, ids=sop_id)
def library_sop(request: pytest.FixtureRequest) -> LoadedSop:
    """Each SOP of the library in turn."""
    return request.param
