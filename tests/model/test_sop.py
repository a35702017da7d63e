from __future__ import annotations

import pytest
from pydantic import ValidationError

from sopan.model import END, Lane, RequirementGroup, Sop


def _sop(**extra) -> Sop:
    data = {
        "organisasi": "org",
        "nama": "Penerbitan Surat",
        "pelaksana": ["Petugas", {"kode": "kasi", "nama": "Kepala Seksi"}],
        "langkah": [
            {"kegiatan": "Menerima berkas", "pelaksana": "Petugas", "waktu": "5 menit"},
            {"kegiatan": "Memeriksa berkas", "pelaksana": "kasi", "keputusan": {"pertanyaan": "Lengkap?", "tidak": 1}},
            {"kegiatan": "Menyerahkan surat", "pelaksana": "Petugas"},
        ],
    }
    data.update(extra)
    return Sop.model_validate(data)


def test_lanes_from_text_get_a_code() -> None:
    sop = _sop()
    assert sop.lanes[0] == Lane(code="petugas", name="Petugas")
    assert sop.lane("KASI") is sop.lanes[1]
    assert sop.lane("kepala seksi") is sop.lanes[1]
    assert sop.lane("Camat") is None


def test_steps_are_numbered_by_position_and_flow_follows() -> None:
    sop = _sop()
    assert [s.number for s in sop.steps] == [1, 2, 3]
    assert sop.successors(sop.steps[0]) == [(2, None)]
    assert sop.successors(sop.steps[1]) == [(3, "ya"), (1, "tidak")]
    assert sop.successors(sop.steps[2]) == [(END, None)]


def test_bare_number_waktu_uses_satuan_waktu() -> None:
    sop = _sop(satuan_waktu="menit", langkah=[{"kegiatan": "Mengukur", "pelaksana": "Petugas", "waktu": 120}])
    assert sop.steps[0].duration.nominal_minutes() == 120
    assert sop.steps[0].duration.text == "120"


def test_unreadable_waktu_names_the_step() -> None:
    with pytest.raises(ValidationError) as caught:
        _sop(langkah=[{"kegiatan": "A", "waktu": "5 menit"}, {"kegiatan": "B", "waktu": "S menit"}])
    (error,) = caught.value.errors()
    assert error["loc"][:3] == ("langkah", 1, "waktu")
    assert "S menit" in error["msg"]


def test_requirement_groups_nest() -> None:
    sop = _sop(
        langkah=[
            {
                "kegiatan": "Meneliti berkas",
                "kelengkapan": [
                    "Surat pengantar",
                    {"kelompok": "a. Kenaikan Pangkat Reguler", "kasus": True, "butir": ["FC SK pangkat terakhir"]},
                ],
            }
        ]
    )
    group = sop.steps[0].requirements[1]
    assert isinstance(group, RequirementGroup) and group.case and group.items == ["FC SK pangkat terakhir"]


def test_reference_needs_exactly_one_target() -> None:
    assert _sop(keterkaitan="SOP Surat Keluar").related[0].sop == "SOP Surat Keluar"
    with pytest.raises(ValidationError):
        _sop(keterkaitan=[{"sop": "A", "instansi": "B"}])


def test_unknown_key_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        _sop(judul="x")
    assert caught.value.errors()[0]["type"] == "extra_forbidden"
