from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from sopan.io import load_sop, read_sop, save_sop
from sopan.io.yaml_io import read_sop_text

from .strategies import sops


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sop=sops())
def test_load_save_load_gives_an_equal_model(tmp_path: Path, sop) -> None:
    path = tmp_path / "uji.sop.yaml"
    path.unlink(missing_ok=True)
    sop.id = "uji"
    save_sop(sop, path)
    loaded = load_sop(path)
    assert loaded == sop
    save_sop(loaded, path)  # saving over an existing file merges into its tree
    assert load_sop(path) == sop


COMMENTED = """\
# Kantor Kecamatan Bawang
organisasi: kec-bawang   # folder
nama: Pengelolaan Surat Masuk
pelaksana:
  - Camat   # kepala kecamatan
langkah:
  # langkah pertama
  - kegiatan: Mendisposisi surat.
    pelaksana: Camat
    waktu: 5 menit
"""


def test_saving_keeps_comments_and_key_order(tmp_path: Path) -> None:
    path = tmp_path / "surat-masuk.sop.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    sop = load_sop(path)
    sop.title = "Pengurusan Surat Masuk"
    sop.steps[0].duration = None
    sop.records = ["Register Surat Masuk"]
    save_sop(sop, path)
    text = path.read_text(encoding="utf-8")
    for comment in ("# Kantor Kecamatan Bawang", "# folder", "# kepala kecamatan", "# langkah pertama"):
        assert comment in text
    assert "nama: Pengurusan Surat Masuk" in text
    assert "waktu" not in text
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == ["organisasi", "nama", "pencatatan_pendataan", "pelaksana", "langkah"]
    assert load_sop(path).title == "Pengurusan Surat Masuk"


BROKEN = """\
organisasi: kec-bawang
nama: Surat
pelaksana: [Camat]
langkah:
  - kegiatan: Menerima surat
    waktu: S menit
  - kegiatan: Memeriksa
    keputusan: {pertanyaan: Lengkap?}
  - kegiatann: Menyerahkan
tanggal_efektif: 2022-13
"""


def test_every_problem_is_reported_at_once_with_its_line() -> None:
    result = read_sop_text(BROKEN)
    assert result.model is None
    found = {(p.line, p.key_path()) for p in result.problems}
    assert (6, "langkah[0].waktu") in found
    assert (8, "langkah[1].keputusan.tidak") in found
    assert (9, "langkah[2].kegiatann") in found
    assert (9, "langkah[2].kegiatan") in found  # the required key is missing from that step
    assert (10, "tanggal_efektif") in found
    messages = {p.key_path(): (p.message.text("id"), p.message.text("en")) for p in result.problems}
    assert "S menit" in messages["langkah[0].waktu"][0] and "tidak terbaca" in messages["langkah[0].waktu"][0]
    assert "cannot be read" in messages["langkah[0].waktu"][1]
    assert messages["langkah[2].kegiatann"][0].startswith("kunci tidak dikenal")


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    path = tmp_path / "rusak.sop.yaml"
    path.write_text("organisasi: x\nnama: [tidak ditutup\nlangkah: []\n", encoding="utf-8")
    result = read_sop(path)
    assert result.model is None
    (problem,) = result.problems
    assert problem.code == "F001" and problem.line is not None and problem.file == path
    assert "YAML" in problem.message.text("id")


def test_saving_never_loses_the_old_file_on_error(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "a.sop.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    sop = load_sop(path)
    sop.title = "Baru"

    def disk_full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", disk_full)
    with pytest.raises(OSError):
        save_sop(sop, path)
    assert path.read_text(encoding="utf-8") == COMMENTED  # the old file is whole
    assert not list(tmp_path.glob("*.tmp"))  # and no half-written file is left beside it
    monkeypatch.undo()
    save_sop(sop, path)
    assert load_sop(path).title == "Baru"
    assert not list(tmp_path.glob("*.tmp"))


def test_office_hours_of_an_organisation_are_read_and_bad_ones_named(tmp_path: Path) -> None:
    from sopan.io.yaml_io import read_organisation

    path = tmp_path / "organisasi.yaml"
    path.write_text(
        "kode: kec-uji\nnama: Kecamatan Uji\njam_kerja:\n  senin: 07:30-14:00\n  sabtu: 08:00-12:00\n", encoding="utf-8"
    )
    assert read_organisation(path).model.office_hours == {"senin": "07:30-14:00", "sabtu": "08:00-12:00"}
    path.write_text("kode: kec-uji\nnama: Kecamatan Uji\njam_kerja:\n  senin: 07:30-14.00x\n", encoding="utf-8")
    result = read_organisation(path)
    assert result.model is None
    (problem,) = result.problems
    assert problem.file == path and problem.line == 4 and "jam_kerja" in problem.key_path()
    assert "07:30-14.00x" in problem.format("id") and "senin" in problem.key_path()
