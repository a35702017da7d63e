"""One promise: a file `sopan check` accepts can be shown, rendered, published and simulated without a crash or hang."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from sopan.io.guard import MAX_DEPTH
from sopan.io.library import load_library
from sopan.io.messages import validation_message
from sopan.io.yaml_io import read_organisation, read_sop, read_sop_text, save_sop
from sopan.lint.runner import lint_library
from sopan.problems import Severity
from tests.factories import REPO
from tests.hostile.mutations import Mutant, dump, mutants

EXERCISE = Path(__file__).with_name("exercise.py")
PER_FILE_SECONDS = 30  # show, five renders, publishing and simulation of one accepted file
TOTAL_SECONDS = 300  # the child process is killed after this: a hang fails the test instead of stalling CI

MINIMAL = "organisasi: uji\nnama: Uji\npelaksana: [Petugas]\nlangkah:\n  - kegiatan: Menerima\n    pelaksana: Petugas\n"


def _errors(problems: list) -> list:
    return [p for p in problems if p.severity is Severity.ERROR]


# ----- the reported failures, each refused with F00x and its line ---------------------------------------------


def _alias_bomb() -> str:
    lines = ["organisasi: uji", "nama: Uji", "pelaksana: [Petugas]", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)]
    return "\n".join(lines) + "\nlangkah:\n  - kegiatan: Menerima\n    pelaksana: Petugas\n    kelengkapan: *a6\n"


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        (_alias_bomb(), "F001", 5),
        (MINIMAL + "catatan: " + "[" * 30_000 + "]" * 30_000 + "\n", "F001", 7),
        (MINIMAL + "catatan: " + "[" * 1_500 + "]" * 1_500 + "\n", "F001", 7),
        (MINIMAL + "catatan:\n" + "".join(" " * i + "-\n" for i in range(1, 200)), "F001", 6 + MAX_DEPTH),
        (MINIMAL + 'catatan: |\n  "\nlain: ' + "[" * 1_990 + "]" * 1_990 + "\n", "F001", 9),
        (MINIMAL + 'catatan: |\n  "\nlain: ' + "[" * 2_001 + "]" * 2_001 + "\n", "F001", None),
        (MINIMAL + "catatan: a\x00b\n", "F001", 7),
        (MINIMAL + "catatan: \x1b[31m\n", "F001", 7),
        (MINIMAL.replace("  - kegiatan", "  - nomor: 100000000000000000000000\n    kegiatan"), "F003", 5),
        (MINIMAL + "    waktu: 99999999999999999 hari\n", "F003", 7),
        (MINIMAL + "tanggal_pembuatan: 0000-00-00\n", "F003", 7),
        (MINIMAL + "tanggal_pembuatan: 20000000000000000000-01-01\n", "F003", 7),
        (MINIMAL + "tanggal_revisi: 100000000000000000000\n", "F003", 7),
        (MINIMAL + "tanggal_revisi: 2020-00-00\n", "F003", 7),
    ],
    ids=[
        "alias-bomb",
        "flow-30000",
        "flow-1500",
        "block-200",
        "flow-hidden-after-a-quote",
        "brackets",
        "nul",
        "escape",
        "nomor",
        "waktu",
        "date-zero",
        "date-20-digits",
        "date-int",
        "date-month-zero",
    ],
)
def test_hostile_sop_text_is_refused_with_its_line(text: str, code: str, line: int) -> None:
    started = time.monotonic()
    result = read_sop_text(text, "uji")
    assert result.model is None
    assert [(p.code, p.line) for p in result.problems][:1] == [(code, line)]
    assert all(len(p.message.en) < 300 and p.message.id for p in result.problems)
    assert time.monotonic() - started < 2


def test_a_bomb_in_an_invalid_place_is_refused_quickly() -> None:
    """The alias bomb under an unknown key used to hang `check` itself in repr()."""
    started = time.monotonic()
    result = read_sop_text(_alias_bomb().replace("    kelengkapan: *a6\n", "") + "lain: *a6\n", "uji")
    assert result.problems[0].code == "F001"
    assert time.monotonic() - started < 2


def test_a_huge_value_is_cut_before_it_is_written() -> None:
    value: list = ["x"] * 10
    for _ in range(7):
        value = [value] * 10  # 10^8 items if written out
    started = time.monotonic()
    message = validation_message({"type": "list_type", "msg": "Input should be a valid list", "input": value})
    assert time.monotonic() - started < 0.5
    assert len(message.en) < 150 and "..." in message.en


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "uji"
    folder.mkdir()
    (folder / "organisasi.yaml").write_text("kode: uji\nnama: Dinas Uji\n", encoding="utf-8")
    (folder / "nol.sop.yaml").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipa.sop.yaml")
    for name in ("nol.sop.yaml", "pipa.sop.yaml"):
        result = read_sop(folder / name)
        assert [p.code for p in result.problems] == ["F000"]
        assert "not a regular file" in result.problems[0].message.en
    library = load_library([folder])  # check lists them as refused instead of skipping them
    assert sorted(p.file.name for p in library.problems if p.file) == ["nol.sop.yaml", "pipa.sop.yaml"]
    (folder / "organisasi.yaml").unlink()
    (folder / "organisasi.yaml").symlink_to("/dev/zero")
    refused = [(p.code, p.file.name) for p in load_library([folder]).problems if p.file]
    assert ("F000", "organisasi.yaml") in refused


@pytest.mark.parametrize(
    ("extra", "links", "words"),
    [
        ("zona_waktu: Mars/Olympus\n", {}, "zona waktu tidak dikenal"),
        ("zona_waktu: ../../etc/passwd\n", {}, "zona waktu tidak dikenal"),
        ("logo: ../../../../etc/hostname\n", {}, "folder organisasi"),
        ("logo: /etc/hostname\n", {}, "folder organisasi"),
        ("logo: logo.png\n", {"logo.png": "/etc/hostname"}, "folder organisasi"),
        ("logo: logo.png\n", {"logo.png": "/dev/zero"}, "folder organisasi"),
    ],
    ids=["zone-mars", "zone-path", "logo-up", "logo-absolute", "logo-symlink-out", "logo-device"],
)
def test_organisation_zone_and_logo_are_checked_at_load_time(
    tmp_path: Path, extra: str, links: dict[str, str], words: str
) -> None:
    (tmp_path / "organisasi.yaml").write_text("kode: uji\nnama: Dinas Uji\n" + extra, encoding="utf-8")
    for name, target in links.items():
        (tmp_path / name).symlink_to(target)
    result = read_organisation(tmp_path / "organisasi.yaml")
    assert result.model is None
    assert [(p.code, p.line) for p in result.problems] == [("F003", 3)]
    assert words in result.problems[0].message.id


# ----- the mutation corpus and the property test: refused by check, or every command succeeds ---------------


def _results(home: Path) -> list[dict]:
    path = home / "results.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _exercise(tmp_path: Path, cases: list[Mutant], pdf: set[str]) -> list[dict]:
    """Write each case to its own folder and run every command on it in a child process with a time limit."""
    folders = [str(case.write(tmp_path / f"{n:03d}")) for n, case in enumerate(cases)]
    pdf_folders = [f for f, case in zip(folders, cases, strict=True) if case.name in pdf]
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + str(REPO)}
    env.pop("SOPAN_DATABASE_URL", None)  # an SQLite database of its own in ``home``
    try:
        child = subprocess.run(
            [sys.executable, str(EXERCISE), str(home), *folders, "--pdf", *pdf_folders],
            capture_output=True,
            text=True,
            timeout=TOTAL_SECONDS,
            env=env,
            cwd=tmp_path,
        )
    except subprocess.TimeoutExpired:
        started = _results(home)
        pytest.fail(f"hang: no result within {TOTAL_SECONDS} s; last started: {started[-1:] if started else None}")
    lines = _results(home)
    last = next((line["start"] for line in reversed(lines) if "start" in line), None)
    assert child.returncode == 0, f"signal or crash (return code {child.returncode}) in {last}: {child.stderr[-3000:]}"
    assert "Traceback" not in child.stderr + child.stdout, (child.stderr + child.stdout)[-3000:]
    records = [line for line in lines if "folder" in line]
    assert len(records) == len(cases)
    names = dict(zip(folders, (case.name for case in cases), strict=True))
    failed = {names[r["folder"]]: r["failures"] for r in records if r["failures"]}
    assert not failed, failed
    slow = {names[r["folder"]]: r["seconds"] for r in records if r["seconds"] > PER_FILE_SECONDS}
    assert not slow, slow
    return [{**r, "name": names[r["folder"]]} for r in records]


def test_mutated_library_files_are_refused_or_survive_every_command(tmp_path: Path) -> None:
    cases = list(mutants())
    pdf = {"kec-bawang:waktu-total-max", "biro-organisasi-kalsel:kegiatan-bidi"}  # PDF is slow: a sample
    records = _exercise(tmp_path, cases, pdf)
    accepted = {r["name"] for r in records if r["accepted"]}
    # the reported attacks are refused ...
    for attack in ("alias-bomb", "flow-30000", "nul-byte", "nomor-10e23", "waktu-huge-days", "date-zero"):
        assert not any(name.endswith(f":{attack}") for name in accepted), attack
    for attack in ("waktu-over-max", "waktu-over-total-max", "loop-forever", "python-tag", "merge-key"):
        assert not any(name.endswith(f":{attack}") for name in accepted), attack
    for attack in ("zona-mars", "logo-traversal", "logo-symlink-out", "sop-dev-zero", "organisation-deep"):
        assert not any(name.endswith(f":{attack}") for name in accepted), attack
    # ... and the corpus is not refused wholesale: legal edge cases pass and were run through every command
    for legal in ("waktu-max", "waktu-total-max", "many-steps", "kegiatan-bidi", "total-max-one-hour-week"):
        assert {f"{source}:{legal}" for source in ("kec-bawang", "biro-organisasi-kalsel")} <= accepted, legal
    assert len(accepted) >= 16


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_NUMBER = st.one_of(st.integers(-3, 20), st.integers(min_value=-(10**30), max_value=10**30))


def _mostly(valid: st.SearchStrategy, hostile: st.SearchStrategy) -> st.SearchStrategy:
    """Valid values three times in four, so that many files pass `check` and reach the other commands."""
    return st.integers(0, 3).flatmap(lambda pick: hostile if pick == 3 else valid)


_WAKTU = _mostly(
    st.sampled_from(["5 menit", "1 jam", "2 hari", "1 minggu", "Disesuaikan", "500 hari", "1,5 jam", "3 Hari"]),
    st.one_of(
        st.builds(lambda n, unit: f"{n} {unit}", _NUMBER, st.sampled_from(["menit", "jam", "hari", "minggu", "abad"])),
        st.floats(allow_nan=True),
        _TEXT,
    ),
)
_TARGET = _mostly(st.sampled_from([1, 2, "selesai"]), st.one_of(_NUMBER, _TEXT))
_STEP = st.fixed_dictionaries(
    {
        "kegiatan": _mostly(st.sampled_from(["Menerima berkas", "Memeriksa berkas", "Menandatangani"]), _TEXT),
        "pelaksana": _mostly(st.sampled_from(["Petugas", "Kepala", "Pemohon"]), st.sampled_from(["", "Hantu"])),
    },
    optional={
        "waktu": _WAKTU,
        "lanjut": _TARGET,
        "keputusan": st.fixed_dictionaries({"pertanyaan": st.just("Lengkap?"), "tidak": _TARGET}),
        "kelengkapan": st.lists(st.one_of(_TEXT, st.fixed_dictionaries({"kelompok": _TEXT})), max_size=3),
        "output": st.one_of(_TEXT, st.lists(_TEXT, max_size=2)),
    },
)
_DATE = _mostly(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)).map(str),
    st.one_of(st.integers(-5, 10**21), _TEXT, st.sampled_from(["0000-00-00", "2020-02-30"])),
)


@st.composite
def _sop(draw: st.DrawFn) -> dict:
    steps = draw(st.lists(_STEP, min_size=1, max_size=6))
    if draw(st.integers(0, 5)) == 5:  # now and then explicit, possibly hostile, step numbers
        for step in steps:
            step["nomor"] = draw(_NUMBER)
    sop = {
        "organisasi": "uji",
        "nama": draw(_mostly(st.just("Pelayanan Uji"), _TEXT)),
        "pelaksana": ["Petugas", "Kepala", {"nama": "Pemohon", "pihak_luar": True}],
        "langkah": steps,
    }
    if draw(st.booleans()):
        sop["tanggal_pembuatan"] = draw(_DATE)
    return sop


_SOP = _sop()
_ORGANISATION = "kode: uji\nnama: Dinas Uji\n"


def test_generated_files_are_refused_or_survive_every_command(tmp_path: Path) -> None:
    accepted: list[Mutant] = []
    checked = {"files": 0}

    @seed(20261204)
    @settings(max_examples=120, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(sop=_SOP, cut=st.one_of(st.none(), st.floats(0.1, 0.95)))
    def check_never_crashes(sop: dict, cut: float | None) -> None:
        text = dump(sop)
        if cut is not None:
            text = text[: int(len(text) * cut)]  # truncated files too
        folder = tmp_path / f"generated-{checked['files']:04d}"
        Mutant("generated", text, _ORGANISATION).write(folder)
        checked["files"] += 1
        library = load_library([folder])  # `sopan check`, in process: it must never raise
        problems = library.problems + lint_library(library)
        if not _errors(problems):
            accepted.append(Mutant(f"generated-{len(accepted)}", text, _ORGANISATION))

    check_never_crashes()
    assert checked["files"] >= 100
    assert len(accepted) >= 10, "few generated files pass check: the strategy no longer reaches the commands"
    _exercise(tmp_path / "run", accepted[:6], pdf={accepted[0].name})


@pytest.mark.parametrize("old", ["a\x00b", "x: " + "[" * 30_000, ""], ids=["nul", "deep", "empty"])
def test_saving_over_a_hostile_file_replaces_it(tmp_path: Path, old: str) -> None:
    good = read_sop_text(MINIMAL, "uji").model
    target = tmp_path / "uji.sop.yaml"
    target.write_text(old, encoding="utf-8")
    save_sop(good, target)
    again = read_sop(target)
    assert again.problems == [] and again.model is not None and again.model.title == "Uji"
