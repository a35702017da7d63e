"""Each editing operation: what it changes, what follows it (targets, lane references), and its refusals."""

from __future__ import annotations

import json

from sopan.edit import Refusal, apply, definition_from_text, export_text, sop_of
from sopan.edit.fields import related_lines
from sopan.io.template import TEMPLATE
from sopan.io.yaml_io import read_sop_text
from tests.factories import LIBRARY

BASE = {
    "organisasi": "kec-bawang",
    "nama": "Uji",
    "pelaksana": [{"kode": "pemohon", "nama": "Pemohon", "pihak_luar": True}, "Petugas Loket"],
    "langkah": [
        {"kegiatan": "Mengajukan permohonan", "pelaksana": "pemohon"},
        {
            "kegiatan": "Memeriksa berkas",
            "pelaksana": "Petugas Loket",
            "keputusan": {"pertanyaan": "Lengkap?", "tidak": 1},
        },
        {"kegiatan": "Menerbitkan surat", "pelaksana": "petugas-loket", "lanjut": "selesai"},
    ],
}


def ok(outcome):
    assert not isinstance(outcome, Refusal), outcome
    return outcome


def test_inserting_a_step_moves_the_targets_with_their_steps() -> None:
    result = ok(apply(BASE, "insert_step", {"after": "0", "kegiatan": "Mengambil nomor antrean"}))
    assert [s["kegiatan"] for s in result["langkah"]][:2] == ["Mengambil nomor antrean", "Mengajukan permohonan"]
    assert result["langkah"][2]["keputusan"]["tidak"] == 2  # still the application, now step 2
    assert result["langkah"][0]["pelaksana"] == "pemohon"
    assert BASE["langkah"][1]["keputusan"]["tidak"] == 1  # the given definition is untouched


def test_moving_a_step_down_and_back_gives_the_same_definition() -> None:
    down = ok(apply(BASE, "move_step", {"step": 1, "offset": 1}))
    assert down["langkah"][0]["keputusan"]["tidak"] == 2
    assert ok(apply(down, "move_step", {"step": 2, "offset": -1})) == BASE
    refused = apply(BASE, "move_step", {"step": 1, "offset": -1})
    assert isinstance(refused, Refusal) and refused.code == "U009"


def test_deleting_a_step_that_is_a_target_is_refused_or_repaired() -> None:
    refused = apply(BASE, "delete_step", {"step": 1})
    assert isinstance(refused, Refusal) and refused.code == "U004"
    assert "langkah 2" in refused.message.id and "step 2" in refused.message.en
    repaired = ok(apply(BASE, "delete_step", {"step": 1, "repair": True}))
    assert repaired["langkah"][0]["keputusan"]["tidak"] == 1  # now the step that took its place (old 2)
    last = ok(apply(BASE, "delete_step", {"step": 3}))
    assert len(last["langkah"]) == 2


def test_renaming_a_lane_renames_it_in_every_step() -> None:
    result = ok(apply(BASE, "rename_lane", {"lane": "petugas-loket", "nama": "Petugas Pelayanan"}))
    assert result["pelaksana"][1] == "Petugas Pelayanan"
    assert [s["pelaksana"] for s in result["langkah"]] == ["pemohon", "Petugas Pelayanan", "Petugas Pelayanan"]
    assert {lane.code for lane in sop_of(result).lanes} == {"pemohon", "petugas-pelayanan"}
    kept_code = ok(apply(BASE, "rename_lane", {"lane": "pemohon", "nama": "Masyarakat"}))
    assert kept_code["pelaksana"][0]["kode"] == "pemohon" and kept_code["langkah"][0]["pelaksana"] == "pemohon"


def test_lanes_are_added_marked_moved_and_refused_when_taken_or_used() -> None:
    added = ok(apply(BASE, "add_lane", {"nama": "Camat", "pihak_luar": "on"}))
    assert added["pelaksana"][-1] == {"kode": "camat", "nama": "Camat", "pihak_luar": True}
    assert apply(added, "add_lane", {"nama": "camat"}).code == "U003"
    inside = ok(apply(added, "mark_external", {"lane": "camat", "pihak_luar": ""}))
    assert inside["pelaksana"][-1] == {"kode": "camat", "nama": "Camat"}
    moved = ok(apply(inside, "move_lane", {"lane": "camat", "offset": -2}))
    assert moved["pelaksana"][0]["kode"] == "camat"
    assert apply(BASE, "delete_lane", {"lane": "pemohon"}).code == "U004"
    assert ok(apply(added, "delete_lane", {"lane": "camat"})) == BASE


def test_waktu_is_read_as_the_loader_reads_it() -> None:
    result = ok(apply(BASE, "set_waktu", {"step": 2, "amount": "10", "unit": "menit"}))
    assert result["langkah"][1]["waktu"] == "10 menit"
    assert list(result["langkah"][1])[:4] == ["kegiatan", "pelaksana", "waktu", "keputusan"]  # the model's order
    assert ok(apply(BASE, "set_waktu", {"step": 2, "unit": "Disesuaikan"}))["langkah"][1]["waktu"] == "Disesuaikan"
    for amount, unit in (("x", "menit"), ("5", "tahun"), ("5", "")):
        refused = apply(BASE, "set_waktu", {"step": 2, "amount": amount, "unit": unit})
        assert isinstance(refused, Refusal) and refused.code == "U006" and "langkah 2" in refused.message.id
    too_long = apply(BASE, "set_waktu", {"step": 2, "amount": "100000", "unit": "hari"})
    assert isinstance(too_long, Refusal)


def test_decision_targets_must_be_other_steps_or_selesai() -> None:
    result = ok(apply(BASE, "set_decision", {"step": 3, "pertanyaan": "Setuju?", "ya": "selesai", "tidak": "2"}))
    assert result["langkah"][2]["keputusan"] == {"pertanyaan": "Setuju?", "ya": "selesai", "tidak": 2}
    for bad in ("3", "9", "x", ""):
        refused = apply(BASE, "set_decision", {"step": 3, "pertanyaan": "Setuju?", "tidak": bad})
        assert isinstance(refused, Refusal) and refused.code == "U005"
    removed = ok(apply(BASE, "set_decision", {"step": 2, "pertanyaan": ""}))
    assert "keputusan" not in removed["langkah"][1]


def test_kelengkapan_with_a_group_and_identity_fields() -> None:
    items = ["Surat pengantar", {"kelompok": "KK karena pindah", "butir": "SKPWNI\nKTP", "kasus": True}]
    result = ok(apply(BASE, "set_requirements", {"step": 1, "items": items}))
    sop = sop_of(result)
    group = sop.steps[0].requirements[1]
    assert group.heading == "KK karena pindah" and group.items == ["SKPWNI", "KTP"] and group.case
    named = ok(apply(result, "set_identity", {"field": "disahkan_oleh.jabatan", "value": "Camat Bawang"}))
    assert sop_of(named).approved_by.position == "Camat Bawang"
    assert list(named).index("disahkan_oleh") < list(named).index("pelaksana")
    assert apply(BASE, "set_identity", {"field": "jenis", "value": "lain"}).code == "U006"
    assert apply(BASE, "set_identity", {"field": "id", "value": "x"}).code == "U007"
    assert apply(BASE, "nothing", {}).code == "U007"
    assert apply(BASE, "move_step", {"step": "a", "offset": 1}).code == "U007"


def test_the_commented_template_keeps_its_comments_through_an_edit() -> None:
    definition, problems = definition_from_text(TEMPLATE)
    assert problems == []
    edited = ok(apply(definition, "set_identity", {"field": "nama", "value": "Penerbitan Surat Pindah"}))
    text = export_text(edited, TEMPLATE)
    line = next(line for line in text.splitlines() if line.startswith("nama:"))
    assert line.startswith("nama: Penerbitan Surat Pindah ") and line.endswith("# aspek kegiatan + output akhir")
    assert text.count("#") == TEMPLATE.count("#")


def test_keterkaitan_lines_are_sops_or_institutions() -> None:
    value = "SOP Pengelolaan Surat Keluar\ninstansi: Dinas Kependudukan\n\n"
    result = ok(apply(BASE, "set_identity", {"field": "keterkaitan", "value": value}))
    assert result["keterkaitan"] == [{"sop": "SOP Pengelolaan Surat Keluar"}, {"instansi": "Dinas Kependudukan"}]
    assert [r.institution for r in sop_of(result).related] == [None, "Dinas Kependudukan"]
    assert related_lines(result["keterkaitan"]) == value.strip()


def test_the_export_puts_keys_in_the_models_order_whatever_order_they_came_in() -> None:
    for path in sorted(LIBRARY.rglob("*.sop.yaml"))[:20]:
        text = path.read_text(encoding="utf-8")
        definition, _ = definition_from_text(text)
        shuffled = json.loads(json.dumps(definition, sort_keys=True))  # as jsonb may give it back
        assert export_text(shuffled, text) == text
        plain = export_text(definition)
        assert export_text(shuffled) == plain
        assert read_sop_text(plain).model is not None
    assert export_text(json.loads(json.dumps(BASE, sort_keys=True))).startswith("organisasi: kec-bawang\nnama: Uji\n")
