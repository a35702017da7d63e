"""The SOP library, read once for the exporter tests."""

from __future__ import annotations

import pytest

from sopan.io.library import LoadedSop, load_library
from tests.conftest import LIBRARY

_LIBRARY = load_library([LIBRARY])
SOPS: list[LoadedSop] = _LIBRARY.sops


def sop_id(item: LoadedSop) -> str:
    return f"{item.sop.organisation}/{item.sop.id}"


@pytest.fixture(params=SOPS, ids=sop_id)
def library_sop(request: pytest.FixtureRequest) -> LoadedSop:
    """Each SOP of the library in turn."""
    return request.param
