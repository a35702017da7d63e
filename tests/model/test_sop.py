from __future__ import annotations

import pytest
from pydantic import ValidationError

from sopan.model import END, Lane, RequirementGroup, Sop
from sopan.model.sop import Decision


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


@pytest.mark.parametrize(
    ("decision", "labels"),
    [
        ({"pertanyaan": "Berkas lengkap?", "tidak": 1}, ("Lengkap", "Tidak lengkap")),
        ({"pertanyaan": "Konsep surat tugas disetujui?", "tidak": 1}, ("Disetujui", "Tidak disetujui")),
        ({"pertanyaan": "Sisa cuti tahunan masih ada?", "tidak": 1}, ("Ya", "Tidak")),
        ({"pertanyaan": "Usulan disetujui dan bukti lengkap?", "tidak": 1}, ("Ya", "Tidak")),  # two: no guess
        ({"pertanyaan": "Setuju?", "tidak": 1, "label_ya": "Setuju"}, ("Setuju", "Tidak setuju")),
        (
            {"pertanyaan": "Berkas lengkap?", "tidak": 1, "label_ya": "Ya", "label_tidak": "tidak"},
            ("Lengkap", "Tidak lengkap"),
        ),
        ({"pertanyaan": "Ada?", "tidak": 1, "label_ya": "Y", "label_tidak": "N"}, ("Ya", "Tidak")),
        ({"pertanyaan": "Ada?", "tidak": 1, "label_tidak": "dikembalikan"}, ("Ya", "Dikembalikan")),
        (
            {"pertanyaan": "Lanjut?", "tidak": 1, "label_ya": "Teruskan", "label_tidak": "Kembalikan"},
            ("Teruskan", "Kembalikan"),
        ),
    ],
)
def test_decisions_are_answered_in_their_own_words(decision: dict, labels: tuple[str, str]) -> None:
    model = Decision.model_validate(decision)
    assert model.answer_labels() == labels
    assert (model.label_of("ya"), model.label_of("tidak")) == labels
