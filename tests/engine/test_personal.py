"""Anonymising a closed case: no personal value left in its events, the fold replays it, the times unchanged."""

from __future__ import annotations

import json

import pytest

from sopan.engine import Applicant, Context, Decide, EventKind, OpenCase, RecordOutsideStep, RejectCase, execute, replay
from sopan.engine.personal import MARKER, anonymise, mask_niks, scrub
from tests.factories import KASI, LOKET, at

NIK = "3508123456780001"
APPLICANT = Applicant("Ani Lestari", nik=NIK, phone="081234567890", address="Jl. Mawar 7, Bawang")


def _closed_case(ctx: Context) -> list:
    events = []
    state, new = execute(
        None, OpenCase(actor=LOKET, at=at(2, 8), case_id="c", tracking_code="T", applicant=APPLICANT), ctx
    )
    events += new
    note = f"diantar oleh ani lestari, KK 3508999988887777, NIK {NIK}"
    outside = RecordOutsideStep(actor=LOKET, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}, note=note)
    state, new = execute(state, outside, ctx)
    events += new
    state, new = execute(state, Decide(actor=LOKET, at=at(2, 10), task=2, answer=True, waivers={"1": "ada"}), ctx)
    events += new
    state, new = execute(state, RejectCase(actor=KASI, at=at(2, 11), reason="Ani Lestari menarik permohonan"), ctx)
    return events + new


def test_no_personal_value_remains_and_the_fold_replays_the_anonymised_state(ctx: Context) -> None:
    events = _closed_case(ctx)
    before = replay(events)
    after_events = anonymise(events, at(9, 8), "admin", f"permintaan {APPLICANT.name}")
    text = json.dumps([event.to_json() for event in after_events])
    for value in (APPLICANT.name, NIK, APPLICANT.phone, APPLICANT.address, "3508999988887777", "ani lestari"):
        assert value not in text
    assert after_events[-1].kind == EventKind.CASE_ANONYMISED and after_events[-1].actor == "admin"
    after = replay(after_events)
    assert after.applicant == {"name": MARKER, "nik": MARKER, "phone": MARKER, "address": MARKER}
    assert after.version == before.version + 1
    for old, new in zip(before.tasks, after.tasks, strict=True):
        assert (old.activated_at, old.due_at, old.completed_at, old.elapsed_minutes, old.answer) == (
            new.activated_at,
            new.due_at,
            new.completed_at,
            new.elapsed_minutes,
            new.answer,
        )
    assert (after.closed_at, after.due_at, after.status) == (before.closed_at, before.due_at, before.status)


def test_an_open_case_is_not_anonymised(ctx: Context) -> None:
    _, events = execute(
        None, OpenCase(actor=LOKET, at=at(2, 8), case_id="c", tracking_code="T", applicant=APPLICANT), ctx
    )
    with pytest.raises(ValueError):
        anonymise(events, at(9, 8), "admin", "")


def test_sixteen_digit_numbers_are_masked_but_not_longer_or_shorter_ones() -> None:
    assert (
        mask_niks(f"NIK {NIK}, nomor 12345678901234567, telp 0812")
        == f"NIK {MARKER}, nomor 12345678901234567, telp 0812"
    )
    assert scrub({"applicant": {"name": "Ani", "nik": None}, "n": [f"x{NIK}"]}, ["Ani"]) == {
        "applicant": {"name": MARKER, "nik": None},
        "n": [f"x{MARKER}"],
    }


def test_a_short_name_is_a_whole_word_in_free_text_only(ctx: Context) -> None:
    applicant = Applicant("Ida", nik=NIK)
    state, events = execute(
        None, OpenCase(actor=LOKET, at=at(2, 8), case_id="c", tracking_code="T", applicant=applicant), ctx
    )
    note = "tidak ada salinan; diantar IDA sendiri (Idawati menunggu)"
    for command in (
        RecordOutsideStep(actor=LOKET, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}, note=note),
        Decide(actor=LOKET, at=at(2, 10), task=2, answer=False, reason="berkas ida kurang"),
        RejectCase(actor=LOKET, at=at(2, 11), reason="ditarik"),
    ):
        state, new = execute(state, command, ctx)
        events += new
    after = replay(anonymise(events, at(9, 8), "admin", "permintaan Ida"))
    assert after.tasks[0].note == f"tidak ada salinan; diantar {MARKER} sendiri (Idawati menunggu)"
    assert (after.tasks[1].answer, after.tasks[1].reason) == ("tidak", f"berkas {MARKER} kurang")
    assert after.loops == state.loops == {"2": 1}
    assert scrub({"file": "cases/9ade1c2e/x.pdf", "answer": "tidak", "note": "Ade"}, ["Ade"]) == {
        "file": "cases/9ade1c2e/x.pdf",
        "answer": "tidak",
        "note": MARKER,
    }
