from __future__ import annotations

from pathlib import Path

from sopan.io.library import load_library


def test_two_organisation_files_with_one_code_are_reported(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "organisasi.yaml").write_text("kode: sama\nnama: Dinas\n", encoding="utf-8")
    library = load_library([tmp_path])
    (problem,) = library.problems
    assert problem.code == "F004" and problem.line == 1
    assert "sama" in problem.message.text("id") and "already used" in problem.message.text("en")
    assert library.organisation_paths["sama"] == tmp_path / "a" / "organisasi.yaml"  # the first one is kept


def test_python_dash_m_sopan_runs_the_command() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "sopan", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "sopan" in result.stdout
