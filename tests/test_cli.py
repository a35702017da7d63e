"""The sopan command as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from sopan import __version__
from sopan.cli import app
from sopan.io.yaml_io import read_sop_text

runner = CliRunner()

GOOD = """\
organisasi: uji
nama: Legalisasi Surat
pelaksana: [Petugas]
langkah:
  - kegiatan: Menerima berkas
    pelaksana: Petugas
    waktu: 2 hari
    output: Berkas
  - kegiatan: Memeriksa berkas
    pelaksana: Petugas
    waktu: 1 jam
    output: Surat
    keputusan: {pertanyaan: Lengkap?, tidak: 1}
"""


def _folder(tmp_path: Path, sop_text: str = GOOD) -> Path:
    folder = tmp_path / "uji"
    folder.mkdir()
    (folder / "organisasi.yaml").write_text("kode: uji\nnama: Dinas Uji\n", encoding="utf-8")
    (folder / "legalisasi.sop.yaml").write_text(sop_text, encoding="utf-8")
    return folder


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_check_passes_with_warnings_only(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(_folder(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "I001" in result.output and "0 galat" in result.output


def test_check_fails_on_errors_and_names_the_place(tmp_path: Path) -> None:
    folder = _folder(tmp_path, GOOD.replace("waktu: 1 jam", "waktu: S menit").replace("tidak: 1", "tidak: 8"))
    result = runner.invoke(app, ["check", str(folder), "--lang", "en"])
    assert result.exit_code == 1
    assert "legalisasi.sop.yaml" in result.output
    assert "S menit" in result.output and "cannot be read" in result.output


def test_check_json(tmp_path: Path) -> None:
    folder = _folder(tmp_path, GOOD.replace("tidak: 1", "tidak: 8"))
    result = runner.invoke(app, ["check", str(folder), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["errors"] == 1 and report["sops"] == 1
    (a002,) = [p for p in report["problems"] if p["code"] == "A002"]
    assert a002["line"] == 13 and a002["severity"] == "error"


def test_check_missing_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "tidak-ada")])
    assert result.exit_code == 1 and "tidak ada" in result.output


def test_show_summarises_time_in_working_time(tmp_path: Path) -> None:
    result = runner.invoke(app, ["show", str(_folder(tmp_path) / "legalisasi.sop.yaml")])
    assert result.exit_code == 0, result.output
    assert "Legalisasi Surat" in result.output
    assert "Total waktu baku: 2 hari kerja 1 jam" in result.output
    assert "Keputusan: 1" in result.output


def test_show_broken_file_reports_and_fails(tmp_path: Path) -> None:
    folder = _folder(tmp_path, GOOD.replace("nama: Legalisasi Surat\n", ""))
    result = runner.invoke(app, ["show", str(folder / "legalisasi.sop.yaml"), "--lang", "en"])
    assert result.exit_code == 1 and "Field required" in result.output


def test_schema_validates_the_template_and_rejects_unknown_keys() -> None:
    schema = json.loads(runner.invoke(app, ["schema"]).output)
    template = runner.invoke(app, ["new"]).output
    result = read_sop_text(template)
    assert result.model is not None, [p.format("en") for p in result.problems]
    data = result.model.to_file_data()
    jsonschema.validate(data, schema)
    data["judul"] = "x"
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("the schema accepted an unknown key")


def test_organisation_schema() -> None:
    schema = json.loads(runner.invoke(app, ["schema", "--organisasi"]).output)
    jsonschema.validate({"kode": "uji", "nama": "Dinas Uji", "induk": ["Pemerintah Kabupaten X"]}, schema)


def test_new_writes_a_file_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "baru.sop.yaml"
    assert runner.invoke(app, ["new", "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# SOP AP")
    again = runner.invoke(app, ["new", "-o", str(target)])
    assert again.exit_code == 1


def test_published_schemas_are_current() -> None:
    root = Path(__file__).resolve().parent.parent / "schema"
    assert (root / "sop.schema.json").read_text(encoding="utf-8") == runner.invoke(app, ["schema"]).output
    organisation = runner.invoke(app, ["schema", "--organisasi"]).output
    assert (root / "organisasi.schema.json").read_text(encoding="utf-8") == organisation
