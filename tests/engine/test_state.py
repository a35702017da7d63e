"""The stored form of a case's state: every field, and the same as a generic deep encoding."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from sopan.engine import Applicant, Context, Decide, OpenCase, RecordOutput, RecordOutsideStep, execute
from sopan.engine.state import CaseState
from tests.factories import KASI, LOKET, at


def generic(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: generic(v) for k, v in value.items()}
    if isinstance(value, list):
        return [generic(v) for v in value]
    return value


def test_to_json_writes_every_field_like_a_generic_encoding(ctx: Context) -> None:
    state, _ = execute(
        None, OpenCase(actor=LOKET, at=at(2, 8), case_id="c", tracking_code="T", applicant=Applicant("Ani")), ctx
    )
    state, _ = execute(state, RecordOutsideStep(actor=LOKET, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}), ctx)
    state, _ = execute(state, Decide(actor=LOKET, at=at(2, 10), task=2, answer=True, waivers={"1": "a"}), ctx)
    state, _ = execute(state, RecordOutput(actor=KASI, at=at(2, 11), task=3, name="Konsep surat", value="x"), ctx)
    encoded = state.to_json()
    assert encoded == generic(dataclasses.asdict(state))
    assert set(encoded["tasks"][0]) == {f.name for f in dataclasses.fields(type(state.tasks[0]))}
    assert CaseState.from_json(encoded) == state


def test_a_task_stored_before_a_field_was_added_reads_with_its_default(ctx: Context) -> None:
    state, _ = execute(
        None, OpenCase(actor=LOKET, at=at(2, 8), case_id="c", tracking_code="T", applicant=Applicant("Ani")), ctx
    )
    stored = state.to_json()
    del stored["tasks"][0]["held_minutes"], stored["tasks"][0]["ticked"]
    read = CaseState.from_json(stored)
    assert read.tasks[0].held_minutes == 0.0 and read.tasks[0].ticked == {}
    assert read.tasks[0].activated_at == at(2, 8) and read == state


def test_a_task_with_a_name_no_field_has_is_refused(ctx: Context) -> None:
    state, _ = execute(
        None, OpenCase(actor=LOKET, at=at(2, 8), case_id="c", tracking_code="T", applicant=Applicant("Ani")), ctx
    )
    stored = state.to_json()
    stored["tasks"][0]["priority"] = 1
    with pytest.raises(TypeError, match="priority"):
        CaseState.from_json(stored)
