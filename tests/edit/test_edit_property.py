"""Any library SOP edited by random operations still loads; with no edits it exports equal to its file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sopan.edit import Refusal, apply, definition_from_text, export_text, step_numbers
from sopan.edit.fields import IDENTITY_FIELDS, STEP_FIELDS, UNITS
from sopan.edit.places import lane_code
from sopan.io.yaml_io import read_sop_text
from tests.factories import LIBRARY

FILES = sorted(LIBRARY.rglob("*.sop.yaml"))
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


def test_the_library_is_there() -> None:
    assert len(FILES) == 93


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_definition_with_no_edits_exports_equal_to_its_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    definition, problems = definition_from_text(text)
    assert problems == [] and definition is not None
    assert export_text(definition, text) == text


def _operation(data: st.DataObject, definition: dict) -> tuple[str, dict]:
    numbers = step_numbers(definition)
    lanes = [lane_code(lane) for lane in definition.get("pelaksana") or []] or ["x"]
    step = data.draw(st.sampled_from([*numbers, 0, max(numbers) + 1]))
    target = data.draw(st.sampled_from([*numbers, "selesai", "", 999]))
    lane = data.draw(st.sampled_from(lanes))
    name = data.draw(st.sampled_from(sorted(st_names := {
        "add_lane": {"nama": data.draw(TEXT), "pihak_luar": data.draw(st.booleans())},
        "rename_lane": {"lane": lane, "nama": data.draw(TEXT)},
        "mark_external": {"lane": lane, "pihak_luar": data.draw(st.booleans())},
        "move_lane": {"lane": lane, "offset": data.draw(st.integers(-3, 3))},
        "delete_lane": {"lane": lane},
        "insert_step": {"after": step, "kegiatan": data.draw(TEXT)},
        "move_step": {"step": step, "offset": data.draw(st.integers(-4, 4))},
        "delete_step": {"step": step, "repair": data.draw(st.booleans())},
        "set_identity": {"field": data.draw(st.sampled_from(IDENTITY_FIELDS)), "value": data.draw(TEXT)},
        "set_step_field": {"step": step, "field": data.draw(st.sampled_from(STEP_FIELDS)), "value": data.draw(TEXT)},
        "set_requirements": {
            "step": step,
            "items": [data.draw(TEXT), {"kelompok": data.draw(TEXT), "butir": [data.draw(TEXT)], "kasus": True}],
        },
        "set_waktu": {
            "step": step,
            "amount": data.draw(st.sampled_from(["", "5", "1,5", "-1", "x", "100000"])),
            "unit": data.draw(st.sampled_from([*UNITS, "Disesuaikan", "", "tahun"])),
        },
        "set_decision": {"step": step, "pertanyaan": data.draw(TEXT), "ya": target, "tidak": target},
        "set_references": {"step": step, "sub_sop": data.draw(TEXT), "register": data.draw(TEXT)},
    })))  # fmt: skip
    return name, st_names[name]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(FILES), data=st.data())
def test_random_edits_keep_a_definition_that_loads(path: Path, data: st.DataObject) -> None:
    text = path.read_text(encoding="utf-8")
    definition, _ = definition_from_text(text)
    assert definition is not None
    for _ in range(data.draw(st.integers(1, 8))):
        name, params = _operation(data, definition)
        before = repr(definition)
        outcome = apply(definition, name, params)
        assert repr(definition) == before, "an operation changed the definition it was given"
        event(f"{name}: {outcome.code if isinstance(outcome, Refusal) else 'applied'}")
        if isinstance(outcome, Refusal):
            assert outcome.code.startswith("U") and outcome.message.id and outcome.message.en
            continue
        definition = outcome
        exported = export_text(definition, text)
        loaded = read_sop_text(exported)
        assert loaded.model is not None, [p.format("en") for p in loaded.problems]
        assert len(loaded.model.steps) == len(definition["langkah"])
