"""Engine fixtures: the small service SOP of ``tests/factories.py`` (every feature the engine handles) as a context."""

from __future__ import annotations

import pytest

from sopan.engine import Context, MemoryRegisters, Process
from sopan.model.sop import Sop
from sopan.worktime.calendar import WorkCalendar
from tests.factories import SERVICE_SOP


@pytest.fixture
def service_sop() -> Sop:
    return Sop.model_validate(SERVICE_SOP)


@pytest.fixture
def ctx(service_sop: Sop) -> Context:
    service_sop.id = "surat-keterangan"
    return Context(process=Process(service_sop), calendar=WorkCalendar(), registers=MemoryRegisters())
