"""bpmnlint's recommended rules find nothing in the BPMN export of any library SOP (see ``bpmnlint/README.md``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from sopan.io.exporters.bpmn import BPMN, bpmn_document, to_bpmn
from tests.factories import library_sops

SOPS = library_sops()
BPMNLINT_VERSION = "11.15.0"
CONFIG = Path(__file__).parent / "bpmnlint" / ".bpmnlintrc"


def bpmnlint() -> Path:
    """The pinned bpmnlint, installed with npm into the test cache on first use; skips when that cannot be."""
    cache = Path(os.environ.get("SOPAN_TEST_CACHE") or Path.home() / ".cache" / "sopan")
    prefix = cache / f"bpmnlint-{BPMNLINT_VERSION}"
    binary = prefix / "node_modules" / ".bin" / "bpmnlint"
    if binary.exists():
        return binary
    if not shutil.which("npm") or not shutil.which("node"):
        pytest.skip("bpmnlint needs node and npm (Debian's nodejs and npm), which are not installed")
    prefix.mkdir(parents=True, exist_ok=True)
    command = ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", f"bpmnlint@{BPMNLINT_VERSION}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.skip("npm could not install bpmnlint within 5 minutes (is its registry reachable?)")
    if done.returncode != 0 or not binary.exists():
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        pytest.skip(f"npm could not install bpmnlint (is its registry reachable?): {reason}")
    return binary


def test_the_recommended_rules_find_nothing_in_any_library_sop(tmp_path: Path) -> None:
    binary = bpmnlint()
    files = []
    for item in SOPS:
        path = tmp_path / item.sop.organisation / f"{item.sop.id}.bpmn"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(to_bpmn(item.sop))
        files.append(str(path.relative_to(tmp_path)))
    done = subprocess.run(
        [str(binary), "--config", str(CONFIG), "--max-warnings=0", *files],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
    assert len(files) == len(SOPS) > 90


def test_bpmnlint_reports_a_fake_join(tmp_path: Path) -> None:
    """The same run does fail on what it is there to catch: a task that two flows enter without a gateway."""
    binary = bpmnlint()
    (item,) = [s for s in SOPS if s.sop.id == "penanganan-disiplin-pegawai"]
    root = bpmn_document(item.sop)
    process = root.find(f"{{{BPMN}}}process")
    join = next(g for g in process.iter(f"{{{BPMN}}}exclusiveGateway") if g.get("id", "").startswith("Join_"))
    step = process.find(f"*[@id='Step_{join.get('id')[5:]}']")
    for flow in process.iter(f"{{{BPMN}}}sequenceFlow"):
        if flow.get("targetRef") == join.get("id"):
            flow.set("targetRef", step.get("id"))
            etree.SubElement(step, f"{{{BPMN}}}incoming").text = flow.get("id")
    (tmp_path / "fake.bpmn").write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    done = subprocess.run(
        [str(binary), "--config", str(CONFIG), "--max-warnings=0", "fake.bpmn"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0 and "fake-join" in done.stdout
