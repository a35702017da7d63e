"""Every lint rule with an example that fails it and one that passes."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from sopan.io import save_organisation
from sopan.io.library import load_library
from sopan.io.yaml_io import dump_yaml
from sopan.lint import RULES, lint_library
from sopan.model import Organisation
from tests.render.images import tiny_png

ORG = {"kode": "uji", "nama": "Dinas Uji", "keputusan": [{"nomor": "188/1/2018", "judul": "Penetapan SOP"}]}

GOOD: dict[str, Any] = {
    "organisasi": "uji",
    "nomor": "001/SOP/2022",
    "nama": "Penerbitan Surat Keterangan",
    "tanggal_pembuatan": "2022-01",
    "tanggal_revisi": "2022-01",
    "tanggal_efektif": "2022-02",
    "disahkan_oleh": {"jabatan": "Kepala Dinas", "nip": "196607101992021007"},
    "dasar_hukum": ["Permen PANRB 35/2012"],
    "kualifikasi_pelaksana": ["Memahami pelayanan"],
    "keterkaitan": [{"instansi": "Kecamatan"}],
    "peralatan_perlengkapan": ["Komputer"],
    "peringatan": ["Pelayanan terlambat"],
    "pencatatan_pendataan": ["Buku Register"],
    "pelaksana": [{"kode": "petugas", "nama": "Petugas Loket"}, {"kode": "kasi", "nama": "Kepala Seksi"}],
    "langkah": [
        {
            "kegiatan": "Menerima berkas permohonan",
            "pelaksana": "petugas",
            "waktu": "5 menit",
            "output": "Berkas",
            "register": "Buku Register",
        },
        {
            "kegiatan": "Memeriksa berkas",
            "pelaksana": "kasi",
            "waktu": "10 menit",
            "output": "Berkas diperiksa",
            "keputusan": {"pertanyaan": "Berkas lengkap?", "tidak": 1},
        },
        {"kegiatan": "Menyerahkan surat", "pelaksana": "Petugas Loket", "waktu": "1 hari", "output": "Surat"},
    ],
    "standar_pelayanan": {"jangka_waktu": "3 hari"},
}


def _with(change) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


def _step(index: int, **values):
    def change(data):
        data["langkah"][index].update(values)

    return change


def _set(**values):
    return lambda data: data.update(values)


def _remove(*keys):
    def change(data):
        for key in keys:
            data.pop(key)

    return change


# code -> change that breaks GOOD for exactly that rule
BREAKERS = {
    "K001": _step(0, kegiatan="Petugas Loket menerima berkas permohonan"),
    "K002": _step(0, kegiatan="Penerimaan berkas permohonan"),
    "P001": _step(0, pelaksana="Camat"),
    "P002": lambda d: d["pelaksana"].append({"kode": "sekdin", "nama": "Sekretaris"}),
    "P003": _step(0, pelaksana=[]),
    "P004": lambda d: d["pelaksana"].append({"kode": "kasi", "nama": "Kasi Lain"}),
    "P005": lambda d: d["pelaksana"].append({"kode": "kasi-2", "nama": " kepala  seksi"}),
    "A001": _step(2, nomor=2),
    "A002": _step(1, keputusan={"pertanyaan": "Berkas lengkap?", "tidak": 9}),
    "A003": _step(0, lanjut=7),
    "A004": _step(0, lanjut=3),
    "A005": _step(2, lanjut=1),
    "M001": _step(0, waktu=None),
    "M002": _step(2, waktu="Disesuaikan"),
    "M003": _step(2, output=[]),
    "M004": lambda d: d["standar_pelayanan"].update(jangka_waktu="1 hari"),
    "R001": _set(keterkaitan=["SOP Pengiriman Surat"]),
    "R002": _step(2, sub_sop="SOP Pengarsipan"),
    "R003": _step(0, register="Buku Agenda"),
    "I001": _remove("nomor", "peringatan"),
    "I002": lambda d: d["disahkan_oleh"].update(nip="1966 0710"),
    "O001": _set(organisasi="lain"),
    "O005": _set(ditetapkan_dengan="999/2020"),
}
# rules that look across files: (extra files, organisation change)
LIBRARY_BREAKERS = {
    "O002": ({"kedua": _set(nama="Legalisasi Surat")}, None),
    "O003": ({"kedua": _set(nomor="002/SOP/2022")}, None),
    "O004": ({}, lambda org: org["keputusan"][0].update(daftar_sop=[{"judul": "SOP Hilang", "sop": "hilang"}])),
    "O006": ({}, lambda org: org["keputusan"][0].update(daftar_sop=[{"judul": "SOP Tanpa Tabel"}])),
    "O007": ({}, lambda org: org.update(logo="logo-hilang.png")),
}


def _library(tmp_path: Path, sops: dict[str, dict], organisation: dict | None = None):
    folder = tmp_path / "uji"
    folder.mkdir(exist_ok=True)
    save_organisation(Organisation.model_validate(organisation or ORG), folder / "organisasi.yaml")
    for name, data in sops.items():
        (folder / f"{name}.sop.yaml").write_text(dump_yaml(data), encoding="utf-8")
    library = load_library([folder])
    assert not library.problems, [p.format("en") for p in library.problems]
    return library


def _codes(tmp_path: Path, sops: dict[str, dict], organisation: dict | None = None) -> list[str]:
    return [p.code for p in lint_library(_library(tmp_path, sops, organisation))]


def test_every_rule_has_an_example() -> None:
    assert set(BREAKERS) | set(LIBRARY_BREAKERS) == set(RULES)


def test_the_good_sop_passes_every_rule(tmp_path: Path) -> None:
    assert _codes(tmp_path, {"surat": GOOD}) == []


@pytest.mark.parametrize("code", sorted(BREAKERS))
def test_rule_fails_on_its_example(tmp_path: Path, code: str) -> None:
    problems = [p for p in lint_library(_library(tmp_path, {"surat": _with(BREAKERS[code])})) if p.code == code]
    assert problems, f"{code} did not fire on its example"
    problem = problems[0]
    assert problem.message.id != problem.message.en  # bilingual
    assert problem.severity is RULES[code].severity
    if problem.path:
        assert problem.line is not None  # located in the file


@pytest.mark.parametrize("code", sorted(LIBRARY_BREAKERS))
def test_library_rule_fails_on_its_example(tmp_path: Path, code: str) -> None:
    extra, org_change = LIBRARY_BREAKERS[code]
    organisation = copy.deepcopy(ORG)
    if org_change:
        org_change(organisation)
    sops = {"surat": GOOD, **{name: _with(change) for name, change in extra.items()}}
    assert code in _codes(tmp_path, sops, organisation)


def test_a_title_the_decree_marks_a_duplicate_is_not_missing(tmp_path: Path) -> None:
    organisation = copy.deepcopy(ORG)
    entries = [{"judul": "SOP Tanpa Tabel", "baris": 4}, {"judul": "SOP Tanpa Tabel", "baris": 9, "duplikat_dari": 4}]
    organisation["keputusan"][0].update(daftar_sop=entries)
    problems = [p for p in lint_library(_library(tmp_path, {"surat": GOOD}, organisation)) if p.code == "O006"]
    assert len(problems) == 1  # the original entry only
    assert problems[0].line is not None


def test_a_logo_is_a_whole_image(tmp_path: Path) -> None:
    organisation = copy.deepcopy(ORG)
    folder = tmp_path / "uji"
    folder.mkdir()
    (folder / "logo.png").write_bytes(tiny_png())
    (folder / "kosong.png").write_bytes(b"")
    # a path that leaves the folder is refused when the file is read (F003, tests/hostile), before lint runs
    for logo, expected in [("logo.png", None), ("kosong.png", "not a whole")]:
        organisation["logo"] = logo
        problems = [p for p in lint_library(_library(tmp_path, {"surat": GOOD}, organisation)) if p.code == "O007"]
        if expected is None:
            assert problems == [], logo
            continue
        (problem,) = problems
        assert expected in problem.message.en and logo in problem.message.id and problem.line is not None


def test_lane_names_twice_is_one_finding_naming_both_codes(tmp_path: Path) -> None:
    data = _with(BREAKERS["P005"])
    problems = [p for p in lint_library(_library(tmp_path, {"surat": data})) if p.code == "P005"]
    assert len(problems) == 1
    assert "kasi, kasi-2" in problems[0].message.en and "kasi, kasi-2" in problems[0].message.id


def test_shared_decree_number_is_not_a_duplicate(tmp_path: Path) -> None:
    enacted = {"nomor": "188/1/2018", "ditetapkan_dengan": "188/1/2018"}
    first = _with(_set(**enacted))
    second = _with(_set(nama="Legalisasi Surat", **enacted))
    assert "O002" not in _codes(tmp_path, {"a": first, "b": second})


def test_references_resolve_by_title_id_or_number(tmp_path: Path) -> None:
    target = _with(_set(nama="Prosedur Pengagendaan Surat Keluar", nomor="002/SOP/2022"))
    for reference in ("SOP Pengagendaan surat keluar", "pengagendaan", "002/SOP/2022"):
        source = _with(_set(keterkaitan=[reference]))
        assert "R001" not in _codes(tmp_path, {"surat": source, "pengagendaan": target}), reference


def test_decision_exit_to_the_end_is_valid(tmp_path: Path) -> None:
    data = _with(_step(1, keputusan={"pertanyaan": "Ditolak?", "ya": "selesai", "tidak": 3}))
    codes = _codes(tmp_path, {"surat": data})
    assert "A002" not in codes and "A004" not in codes


def test_short_names_resolve_to_the_one_title_containing_them(tmp_path: Path) -> None:
    invitation = _with(_set(nama="Prosedur Pembuatan Undangan Rapat", nomor="002/SOP/2022"))
    minutes = _with(_set(nama="Prosedur Pembuatan Notulen Rapat", nomor="003/SOP/2022"))
    short = _with(_set(keterkaitan=["SOP Undangan Rapat"]))
    assert "R001" not in _codes(tmp_path, {"surat": short, "undangan": invitation})
    ambiguous = _with(_set(keterkaitan=["SOP Rapat"]))
    (tmp_path / "b").mkdir()
    assert "R001" in _codes(tmp_path / "b", {"surat": ambiguous, "undangan": invitation, "notulen": minutes})
