"""`sopan render` and `sopan book` as a user runs them: every format, folders, paper, broken files."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from typer.testing import CliRunner

from sopan.cli import app
from sopan.io.library import load_library
from tests.factories import LIBRARY

runner = CliRunner()
SOP = LIBRARY / "kec-bawang" / "pengelolaan-surat-masuk.sop.yaml"
BROKEN = """\
organisasi: kec-bawang
nama: Surat Rusak
langkah:
  - kegiatan: Menerima surat
    waktu: S menit
"""


def _copy_organisation(tmp_path: Path, name: str = "kec-bawang") -> Path:
    folder = tmp_path / name
    shutil.copytree(LIBRARY / name, folder)
    return folder


@pytest.mark.parametrize(
    ("fmt", "suffix", "start"),
    [
        ("pdf", ".pdf", b"%PDF-"),
        ("html", ".html", b"<!DOCTYPE html>"),
        ("docx", ".docx", b"PK"),
        ("svg", ".svg", b"<svg"),
        ("bpmn", ".bpmn", b"<?xml"),
        ("mermaid", ".mmd", b"flowchart"),
    ],
)
def test_one_file_in_each_format(tmp_path: Path, fmt: str, suffix: str, start: bytes) -> None:
    target = tmp_path / f"surat{suffix}"
    result = runner.invoke(app, ["render", str(SOP), "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(start)
    assert str(target) in result.output


def test_without_output_the_file_is_named_after_the_sop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["render", str(SOP), "-f", "html"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pengelolaan-surat-masuk.html").is_file()


def test_svg_of_several_pages_and_the_rows_option(tmp_path: Path) -> None:
    target = tmp_path / "surat.svg"
    result = runner.invoke(app, ["render", str(SOP), "-f", "svg", "--baris", "2", "-o", str(target)])
    assert result.exit_code == 0, result.output
    pages = sorted(tmp_path.glob("surat-*.svg"))
    assert len(pages) >= 3 and not target.exists()
    for page in pages:
        etree.fromstring(page.read_bytes())  # well-formed
        assert b"@font-face" in page.read_bytes()  # stands alone


def test_f4_paper_reaches_the_document(tmp_path: Path) -> None:
    target = tmp_path / "surat.docx"
    result = runner.invoke(app, ["render", str(SOP), "-f", "docx", "--kertas", "F4", "-o", str(target)])
    assert result.exit_code == 0, result.output
    document = docx.Document(io.BytesIO(target.read_bytes()))
    assert {round(s.page_width.mm) for s in document.sections} == {330}
    html = tmp_path / "surat.html"
    assert runner.invoke(app, ["render", str(SOP), "-f", "html", "--kertas", "f4", "-o", str(html)]).exit_code == 0
    assert "size: 330mm 215mm" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "suffix"), [("svg", ".svg"), ("bpmn", ".bpmn"), ("mermaid", ".mmd")])
def test_the_whole_library_renders(tmp_path: Path, fmt: str, suffix: str) -> None:
    result = runner.invoke(app, ["render", str(LIBRARY), "-f", fmt, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    sops = load_library([LIBRARY]).sops
    for item in sops:
        folder = tmp_path / "out" / item.path.parent.name
        assert list(folder.glob(f"{item.sop.id}{suffix}")) or list(folder.glob(f"{item.sop.id}-1{suffix}"))
    assert f"{len(sops)} SOP dirender" in result.output and "0 gagal" in result.output


def test_a_broken_file_is_named_with_its_problem(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.sop.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(app, ["render", str(broken), "-f", "pdf", "-o", str(tmp_path / "x.pdf"), "--lang", "en"])
    assert result.exit_code == 1
    assert "rusak.sop.yaml:5" in result.output and "S menit" in result.output
    assert not (tmp_path / "x.pdf").exists()
    result = runner.invoke(app, ["render", str(broken), "-f", "html", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and "galat" in result.output
    missing = runner.invoke(app, ["render", str(tmp_path / "tidak-ada.sop.yaml")])
    assert missing.exit_code == 1 and "tidak ada" in missing.output


def test_a_folder_with_a_broken_file_writes_the_others(tmp_path: Path) -> None:
    folder = _copy_organisation(tmp_path)
    (folder / "rusak.sop.yaml").write_text(BROKEN, encoding="utf-8")
    (folder / "kosong.sop.yaml").write_text("organisasi: kec-bawang\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(folder), "-f", "html", "-o", str(out)])
    assert result.exit_code == 1
    assert "rusak.sop.yaml" in result.output and "kosong.sop.yaml" in result.output
    good = len(list((LIBRARY / "kec-bawang").glob("*.sop.yaml")))
    assert len(list(out.glob("*.html"))) == good
    assert f"{good} SOP dirender" in result.output and "2 gagal" in result.output
    assert not (out / "rusak.html").exists()


def test_a_folder_on_several_processes_writes_the_same_files_and_reports_in_order(tmp_path: Path) -> None:
    folder = _copy_organisation(tmp_path)
    (folder / "rusak.sop.yaml").write_text(BROKEN, encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        result = runner.invoke(app, ["render", str(folder), "-f", "pdf", "-o", str(out), "--jobs", jobs])
        assert result.exit_code == 1 and "rusak.sop.yaml" in result.output and "1 gagal" in result.output
        outputs[jobs] = {path.name: path.read_bytes() for path in sorted(out.glob("*.pdf"))}
    good = len(list((LIBRARY / "kec-bawang").glob("*.sop.yaml")))
    assert len(outputs["1"]) == good and outputs["1"] == outputs["2"]
    assert runner.invoke(app, ["render", str(folder), "-o", str(tmp_path / "x"), "--jobs", "0"]).exit_code == 2


def test_a_folder_needs_an_output_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(LIBRARY / "kec-bawang"), "-f", "html", "--lang", "en"])
    assert result.exit_code == 2 and "-o" in result.output


def test_the_book_as_pdf_and_html(tmp_path: Path) -> None:
    pdf = tmp_path / "buku.pdf"
    result = runner.invoke(app, ["book", str(LIBRARY / "biro-organisasi-kalsel"), "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-") and "Buku 2 SOP" in result.output
    html = tmp_path / "buku.html"
    result = runner.invoke(app, ["book", str(LIBRARY / "kec-bawang"), "-o", str(html), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert html.read_text(encoding="utf-8").count('<article class="sop"') == 9
    assert "Book of 9 SOPs" in result.output
    assert "warning: kec-bawang: no decree enacting the SOPs" in result.output  # and a placeholder page
    assert (
        "warning" not in runner.invoke(app, ["book", str(LIBRARY / "biro-organisasi-kalsel"), "-o", str(html)]).output
    )
    by_title = runner.invoke(app, ["book", str(LIBRARY / "kec-bawang"), "-o", str(html), "--urut", "judul"])
    assert (
        by_title.exit_code == 0 and "peringatan: kec-bawang: keputusan penetapan SOP belum dicatat" in by_title.output
    )


def test_book_problems(tmp_path: Path) -> None:
    result = runner.invoke(app, ["book", str(tmp_path), "-o", str(tmp_path / "b.pdf")])
    assert result.exit_code == 1 and "organisasi.yaml" in result.output
    wrong = runner.invoke(app, ["book", str(LIBRARY / "kec-bawang"), "-o", str(tmp_path / "b.docx")])
    assert wrong.exit_code == 2 and ".pdf" in wrong.output
    folder = _copy_organisation(tmp_path)
    (folder / "rusak.sop.yaml").write_text(BROKEN, encoding="utf-8")
    broken = runner.invoke(app, ["book", str(folder), "-o", str(tmp_path / "b.html")])
    assert broken.exit_code == 1 and "rusak.sop.yaml" in broken.output
    assert (tmp_path / "b.html").is_file()  # the book is made of the readable SOPs


def test_help_names_the_commands_and_options() -> None:
    assert "Render SOP" in runner.invoke(app, ["render", "--help"]).output
    assert "--kertas" in runner.invoke(app, ["render", "--help"]).output
    assert "keputusan" in runner.invoke(app, ["book", "--help"]).output


def test_docx_draws_the_lanes_with_shapes_not_pictures(tmp_path: Path) -> None:
    target = tmp_path / "surat.docx"
    assert runner.invoke(app, ["render", str(SOP), "-f", "docx", "-o", str(target)]).exit_code == 0
    archive = zipfile.ZipFile(target)
    assert not [name for name in archive.namelist() if name.startswith("word/media/")]
    assert b"flowChartProcess" in archive.read("word/document.xml")


def test_the_output_name_decides_the_format_and_guards_sop_files(tmp_path: Path) -> None:
    source = LIBRARY / "kec-bawang" / "pembuatan-ktp.sop.yaml"
    word = tmp_path / "surat.docx"
    assert CliRunner().invoke(app, ["render", str(source), "-o", str(word)]).exit_code == 0
    assert word.read_bytes().startswith(b"PK")  # a Word file, not a PDF under a .docx name
    mismatch = CliRunner().invoke(app, ["render", str(source), "-f", "pdf", "-o", str(tmp_path / "x.docx")])
    assert mismatch.exit_code == 2 and ".docx" in mismatch.output and not (tmp_path / "x.docx").exists()
    guard = CliRunner().invoke(app, ["render", str(source), "-f", "mermaid", "-o", str(tmp_path / "y.sop.yaml")])
    assert guard.exit_code == 2 and "SOP" in guard.output
    (tmp_path / "folder.pdf").mkdir()
    unwritable = CliRunner().invoke(app, ["render", str(source), "-o", str(tmp_path / "folder.pdf")])
    assert unwritable.exit_code == 1 and "tidak dapat ditulis" in unwritable.output
    assert not list(tmp_path.glob(".*.tmp"))
