"""The seed library: every SOP of the seed inventory is a file, loads, and lints without errors."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from sopan.io.library import load_library
from sopan.lint import lint_library
from sopan.problems import Severity
from tests.factories import LIBRARY

ORGANISATIONS = {"biro-organisasi-kalsel", "dukcapil-lumajang", "dukcapil-tanggamus", "kec-bawang", "bappeda-litbang"}


@pytest.fixture(scope="module")
def library():
    return load_library([LIBRARY])


def _inventory(seeds) -> list[dict[str, str]]:
    with open(seeds / "INVENTORY.csv", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["n_steps"] != "0"]


def test_every_file_loads(library) -> None:
    assert [p.format("en") for p in library.problems] == []
    assert set(library.organisations) == ORGANISATIONS
    assert len(library.sops) == 93


def test_lint_finds_no_errors(library) -> None:
    errors = [p.format("en") for p in lint_library(library) if p.severity is Severity.ERROR]
    assert errors == []


def test_every_inventory_row_has_its_file_and_steps(library, seeds) -> None:
    by_source = {(item.sop.source.file, item.sop.source.line): item for item in library if item.sop.source}
    missing = []
    for row in _inventory(seeds):
        item = by_source.get((row["seed_file"], int(row["first_line_number"])))
        if item is None:
            missing.append((row["seed_file"], row["first_line_number"], row["sop_title"]))
            continue
        expected = int(row["n_steps"])
        if len(item.sop.steps) != expected:
            notes = " ".join([*item.sop.notes, item.sop.source.note or ""]).lower()
            assert "jumlah langkah" in notes, f"{item.path.name}: {len(item.sop.steps)} steps, inventory {expected}"
    assert missing == []


def test_sources_are_unique(library) -> None:
    sources = Counter((item.sop.source.file, item.sop.source.line) for item in library if item.sop.source)
    assert [s for s, n in sources.items() if n > 1] == []
    assert sum(sources.values()) == len(library.sops)


def test_lumajang_sops_carry_their_decree(library) -> None:
    lumajang = library.by_organisation("dukcapil-lumajang")
    assert len(lumajang) == 79
    for sop in lumajang:
        assert sop.number == sop.enacted_by == "188.4/284/427.43/2018", sop.id
        assert sop.effective is not None and sop.effective.iso() == "2018-02-25", sop.id


def test_lumajang_decree_lists_83_titles(library) -> None:
    decree = next(d for d in library.organisations["dukcapil-lumajang"].decrees if d.number == "188.4/284/427.43/2018")
    assert len(decree.entries) == 83
    linked = [e.sop for e in decree.entries if e.sop]
    assert len(linked) == len(set(linked)) == 74


def test_lint_names_the_twice_named_lane_and_not_the_duplicate_titles(library) -> None:
    problems = lint_library(library)
    twice = [p for p in problems if p.code == "P005"]
    spj = [p for p in twice if p.file is not None and p.file.name == "penyusunan-spj.sop.yaml"]
    assert len(spj) == 1 and "'Sekretaris'" in spj[0].message.en
    assert spj[0].path == ("pelaksana", 3, "nama")  # at the second "Sekretaris"
    missing = [p.message.en for p in problems if p.code == "O006"]
    # Lumajang's decree declares four titles twice (duplikat_dari); they are not reported as missing
    assert not [m for m in missing if "penyusunan daftar gaji" in m], missing
    assert not [m for m in missing if "pemanfaatan data dan dokumen kependudukan" in m], missing
    assert missing  # the titles that truly have no table still are
