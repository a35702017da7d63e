"""The Mermaid export: every step in its lane's subgraph, every successor an edge, labels that cannot break out."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from sopan.io.exporters.flow import answer_label
from sopan.io.exporters.mermaid import escape_label, to_mermaid
from sopan.io.library import LoadedSop
from sopan.model import END, Sop
from tests.factories import library_sops

GOLDEN = Path(__file__).parent / "golden"
SUBGRAPH = re.compile(r'^    subgraph (\w+)\["([^"]*)"\]$')
NODE = re.compile(r'^        (\w+)(\(\["|\["|\{")([^"]*)("\]\)|"\]|"\})$')
EDGE = re.compile(r'^    (\w+) -->(?:\|"([^"]*)"\|)? (\w+)$')

SOPS = library_sops()


def _parse(source: str) -> tuple[dict[str, tuple[str, str]], dict[str, str], set[tuple[str, str, str | None]]]:
    """Nodes (id -> shape, label), the subgraph title of each node, and the edges; fails on any other line."""
    lines = source.splitlines()
    assert lines[0] == "flowchart TD"
    nodes: dict[str, tuple[str, str]] = {}
    lane_of: dict[str, str] = {}
    edges: set[tuple[str, str, str | None]] = set()
    lane: str | None = None
    for line in lines[1:]:
        if match := SUBGRAPH.match(line):
            lane = match.group(2)
        elif line == "    end":
            lane = None
        elif match := NODE.match(line):
            assert lane is not None, line
            nodes[match.group(1)] = (match.group(2), match.group(3))
            lane_of[match.group(1)] = lane
        elif match := EDGE.match(line):
            edges.add((match.group(1), match.group(3), match.group(2)))
        else:
            raise AssertionError(f"unexpected line: {line!r}")
    return nodes, lane_of, edges


def test_structure(library_sop: LoadedSop) -> None:
    sop = library_sop.sop
    nodes, lane_of, edges = _parse(to_mermaid(sop))
    for step in sop.steps:
        shape, label = nodes[f"s{step.number}"]
        assert lane_of[f"s{step.number}"] == escape_label(sop.lane(step.lanes[0]).name)
        assert label.startswith(f"{step.number}. ")
        successors = sop.successors(step)
        if step.decision is not None:
            assert shape == '{"'
        elif step is sop.steps[0] or successors == [(END, None)]:
            assert shape == '(["'
        else:
            assert shape == '["'
        for target, answer in successors:
            if target == END and step.decision is None:
                continue  # the step itself is the terminator
            to = f"e{step.number}" if target == END else f"s{target}"
            label_text = answer_label(step, answer)
            assert (f"s{step.number}", to, escape_label(label_text) if label_text else None) in edges
            if target == END:
                assert nodes[to] == ('(["', "Selesai") and lane_of[to] == lane_of[f"s{step.number}"]
    assert {a for a, _, _ in edges} | {b for _, b, _ in edges} <= set(nodes)


def test_labels_cannot_break_out() -> None:
    tricky = 'Petugas "Loket" [A] {B} <C> & #1 `d`'
    sop = Sop.model_validate(
        {
            "organisasi": "uji",
            "nama": "Uji",
            "pelaksana": [tricky],
            "langkah": [
                {"kegiatan": 'Mencatat "surat" (lihat [lampiran])\n<b>x</b> & #quot; -->|x| end', "pelaksana": tricky},
                {
                    "kegiatan": "Memeriksa",
                    "pelaksana": tricky,
                    "keputusan": {"pertanyaan": 'Lengkap? "ya"', "tidak": "selesai", "label_ya": 'A|"b"'},
                },
                {"kegiatan": "Menyerahkan", "pelaksana": tricky},
            ],
        }
    )
    source = to_mermaid(sop)
    nodes, _, edges = _parse(source)
    assert (
        nodes["s1"][1]
        == "1. Mencatat #quot;surat#quot; (lihat [lampiran]) #lt;b#gt;x#lt;/b#gt; #amp; #35;quot; --#gt;|x| end"
    )
    assert ("s2", "s3", "A|#quot;b#quot;") in edges and ("s2", "e2", "Tidak") in edges
    assert 'subgraph lane1["Petugas #quot;Loket#quot; [A] {B} #lt;C#gt; #amp; #35;1 #96;d#96;"]' in source
    for label in re.findall(r'"([^\n]*?)"[\]\}|]', source):
        assert not set(label) & set('"<>&`'), label


def test_golden() -> None:
    """One SOP as committed; SOPAN_UPDATE_GOLDEN=1 rewrites the file after a deliberate change."""
    (item,) = [s for s in SOPS if s.sop.organisation == "dukcapil-lumajang" and s.sop.id == "pengajuan-cuti"]
    golden = GOLDEN / "pengajuan-cuti.mmd"
    if os.environ.get("SOPAN_UPDATE_GOLDEN") == "1":
        golden.write_text(to_mermaid(item.sop), encoding="utf-8")
        pytest.skip(f"{golden.name} regenerated: look at the difference before committing it")
    assert to_mermaid(item.sop) == golden.read_text(encoding="utf-8")
