"""Comparing two SOP definitions: real library SOPs against themselves and against edited copies."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sopan.compare import compare_sops, word_spans
from sopan.io.library import load_library
from sopan.model.sop import Sop
from tests.factories import LIBRARY

CUTI = LIBRARY / "dukcapil-lumajang" / "pengajuan-cuti.sop.yaml"  # 10 steps, 5 lanes, a decision sending back


def _load(path: Any = CUTI) -> Sop:
    return load_library([path]).sops[0].sop


def _data(sop: Sop) -> dict[str, Any]:
    return copy.deepcopy(sop.to_file_data())


def _renumber(data: dict[str, Any], shift: dict[int, int]) -> Sop:
    """The SOP with its steps numbered by position and every decision target moved as ``shift`` says."""
    for position, step in enumerate(data["langkah"], start=1):
        step["nomor"] = position
        decision = step.get("keputusan")
        for key in ("ya", "tidak"):
            if decision and isinstance(decision.get(key), int):
                decision[key] = shift[decision[key]]
    return Sop.model_validate(data)


def _insert(sop: Sop, after: int, step: dict[str, Any]) -> Sop:
    data = _data(sop)
    data["langkah"].insert(after, step)
    count = len(sop.steps)
    return _renumber(data, {n: n if n <= after else n + 1 for n in range(1, count + 1)})


@pytest.mark.parametrize("path", sorted(LIBRARY.glob("*/*.sop.yaml"))[:40:4], ids=lambda p: p.stem)
def test_an_sop_against_itself_has_no_differences(path: Any) -> None:
    sop = _load(path)
    comparison = compare_sops(sop, sop)
    assert comparison.same
    assert comparison.fields == []
    assert [step.kind for step in comparison.steps] == ["unchanged"] * len(sop.steps)
    assert [lane.kind for lane in comparison.lanes] == ["unchanged"] * len(sop.lanes)


def test_one_inserted_step_is_one_added_and_the_rest_only_renumbered() -> None:
    old = _load()
    new = _insert(old, 4, {"kegiatan": "Mencatat cuti di buku penjagaan", "pelaksana": "staf", "waktu": "5 menit"})
    comparison = compare_sops(old, new)
    assert not comparison.same
    added = [step for step in comparison.steps if step.kind == "added"]
    assert [(step.new_number, step.activity) for step in added] == [(5, "Mencatat cuti di buku penjagaan")]
    others = [step for step in comparison.steps if step.kind != "added"]
    assert {step.kind for step in others} == {"unchanged"}  # the decision sending back to 3 still sends back to 3
    assert not any(step.moved for step in comparison.steps)
    assert [(step.old_number, step.new_number) for step in others if step.renumbered] == [
        (n, n + 1) for n in range(5, 11)
    ]
    assert [step.new_number for step in comparison.steps] == list(range(1, 12))  # shown in the new order
    assert comparison.fields == []


def test_a_moved_step_is_moved_and_nothing_else() -> None:
    old = _load(LIBRARY / "kec-bawang" / "pembuatan-ktp.sop.yaml")  # 9 steps, no decisions
    data = _data(old)
    data["langkah"].insert(6, data["langkah"].pop(1))  # step 2 becomes step 7
    new = _renumber(data, {})
    comparison = compare_sops(old, new)
    moved = [step for step in comparison.steps if step.moved]
    assert [(step.old_number, step.new_number, step.kind) for step in moved] == [(2, 7, "unchanged")]
    assert {step.kind for step in comparison.steps} == {"unchanged"}
    assert not comparison.same


def test_a_changed_word_of_a_field_and_of_a_step_is_marked() -> None:
    old = _load()
    data = _data(old)
    data["nama"] = "Prosedur Permohonan Cuti"
    data["langkah"][2]["kegiatan"] = "Mengetik surat pengantar cuti"
    data["langkah"][5]["waktu"] = "15 menit"
    new = Sop.model_validate(data)
    comparison = compare_sops(old, new)
    assert [(field.key, field.old, field.new) for field in comparison.fields] == [
        ("nama", "Prosedur Pengajuan Cuti", "Prosedur Permohonan Cuti")
    ]
    spans = comparison.fields[0].spans
    assert [(span.op, span.old.strip(), span.new.strip()) for span in spans] == [
        ("equal", "Prosedur", "Prosedur"),
        ("replace", "Pengajuan", "Permohonan"),
        ("equal", "Cuti", "Cuti"),
    ]
    changed = {step.new_number: step for step in comparison.steps if step.kind == "changed"}
    assert sorted(changed) == [3, 6]
    assert [column.key for column in changed[3].columns] == ["kegiatan"]
    assert [(s.op, s.new) for s in changed[3].columns[0].spans if s.op != "equal"] == [("insert", "cuti")]
    assert [(c.key, c.old, c.new) for c in changed[6].columns] == [("waktu", old.steps[5].duration.text, "15 menit")]


def test_a_renamed_lane_is_renamed_and_its_steps_are_unchanged() -> None:
    old = _load()
    data = _data(old)
    data["pelaksana"][2] = {"kode": "pengadministrasi", "nama": "Pengadministrasi Umum"}  # was kode staf, nama Staf
    for step in data["langkah"]:
        step["pelaksana"] = ["pengadministrasi" if ref == "staf" else ref for ref in step["pelaksana"]]
    data["pelaksana"][4]["nama"] = "Kepala Dinas"  # kode kaban kept
    comparison = compare_sops(old, Sop.model_validate(data))
    renamed = [(lane.old_name, lane.new_name) for lane in comparison.lanes if lane.kind == "renamed"]
    assert renamed == [("Staf", "Pengadministrasi Umum"), ("Kaban", "Kepala Dinas")]
    assert {lane.kind for lane in comparison.lanes} == {"renamed", "unchanged"}
    assert {step.kind for step in comparison.steps} == {"unchanged"}


def test_added_and_removed_lanes_and_steps() -> None:
    old = _load()
    data = _data(old)
    data["pelaksana"].append({"kode": "bkd", "nama": "BKD", "pihak_luar": True})
    del data["langkah"][9]  # "Pegawai cuti"
    data["langkah"].append({"kegiatan": "Menerbitkan surat izin cuti", "pelaksana": "bkd"})
    comparison = compare_sops(old, _renumber(data, {n: n for n in range(1, 11)}))
    assert [(lane.kind, lane.new_name) for lane in comparison.lanes if lane.kind != "unchanged"] == [("added", "BKD")]
    assert [(s.kind, s.old_number, s.new_number) for s in comparison.steps if s.kind != "unchanged"] == [
        ("removed", 10, None),  # in its old place, after the step that came before it
        ("added", None, 10),
    ]


def test_a_changed_decision_target_is_a_change_but_renumbering_is_not() -> None:
    old = _load()
    data = _data(old)
    data["langkah"][3]["keputusan"]["tidak"] = 2
    comparison = compare_sops(old, Sop.model_validate(data))
    changed = [step for step in comparison.steps if step.kind == "changed"]
    assert [(step.new_number, [c.key for c in step.columns]) for step in changed] == [(4, ["keputusan"])]
    assert "→ 3" in changed[0].columns[0].old and "→ 2" in changed[0].columns[0].new


def test_word_spans_keep_each_sides_line_breaks() -> None:
    spans = word_spans("Surat pengantar\nFotokopi KTP", "Surat pengantar desa\nFotokopi KTP")
    assert "".join(span.old for span in spans) == "Surat pengantar\nFotokopi KTP"
    assert "".join(span.new for span in spans) == "Surat pengantar desa\nFotokopi KTP"
    assert [(span.op, span.new) for span in spans if span.op != "equal"] == [("insert", "desa\n")]


def test_a_removed_step_is_shown_after_every_step_that_came_before_it() -> None:
    old = _load()
    data = _data(old)
    data["langkah"].insert(8, data["langkah"].pop(6))  # step 7 after step 9
    del data["langkah"][9]  # the last step
    comparison = compare_sops(old, _renumber(data, {n: n for n in range(1, 11)}))
    assert [(s.old_number, s.new_number) for s in comparison.steps][-4:] == [(8, 7), (9, 8), (7, 9), (10, None)]
    assert [s.old_number for s in comparison.steps if s.moved] == [7]
