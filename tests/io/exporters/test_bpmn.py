"""The BPMN export of every library SOP: valid against the OMG schema, complete, drawn, and loadable by an engine."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from lxml import etree

from sopan.io.exporters.bpmn import BPMN, BPMNDI, DC, DI, bpmn_document, to_bpmn
from sopan.io.exporters.flow import answer_label
from sopan.io.library import LoadedSop
from sopan.model import END, Sop, Step

XSD = Path(__file__).parent / "bpmn-xsd" / "BPMN20.xsd"
NS = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI}
FLOW_NODES = ("startEvent", "userTask", "manualTask", "exclusiveGateway", "endEvent")


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def _process(root: etree._Element) -> etree._Element:
    """The organisation's process (an outside party's is a pool of its own)."""
    process = root.find("bpmn:process[@id='Process_1']", NS)
    assert process is not None
    return process


def _nodes(root: etree._Element) -> dict[str, etree._Element]:
    """The flow nodes of every process."""
    return {el.get("id"): el for tag in FLOW_NODES for el in root.findall(f"bpmn:process/bpmn:{tag}", NS)}


def _flows(root: etree._Element) -> list[etree._Element]:
    """The sequence flows of every process."""
    return root.findall("bpmn:process/bpmn:sequenceFlow", NS)


def _messages(root: etree._Element) -> set[tuple[str, str]]:
    return {(m.get("sourceRef"), m.get("targetRef")) for m in root.iterfind("bpmn:collaboration/bpmn:messageFlow", NS)}


def _inside_lanes(sop: Sop) -> list[int]:
    """The lanes (indexes in the SOP) of the organisation's steps: their first, and their other inside lanes."""
    used = set()
    for step in sop.steps:
        if _outside(sop, step):
            continue
        for n, ref in enumerate(step.lanes):
            lane = sop.lane(ref)
            if lane is not None and (n == 0 or not lane.external):
                used.add(sop.lanes.index(lane))
    return sorted(used)


def _outside(sop: Sop, step: Step) -> bool:
    """An outside party's step without a decision: a task in that party's pool."""
    lane = sop.lane(step.lanes[0]) if step.lanes else None
    return lane is not None and lane.external and step.decision is None


def _bounds(shape: etree._Element) -> tuple[float, float, float, float]:
    box = shape.find("dc:Bounds", NS)
    return tuple(float(box.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def test_valid_against_the_bpmn_schema(library_sop: LoadedSop, schema: etree.XMLSchema) -> None:
    document = etree.fromstring(to_bpmn(library_sop.sop))
    assert schema.validate(document), schema.error_log


def test_every_step_and_every_successor_is_in_the_process(library_sop: LoadedSop) -> None:
    sop = library_sop.sop
    root = bpmn_document(sop)
    nodes = _nodes(root)
    inside = {el.get("id") for tag in FLOW_NODES for el in _process(root).findall(f"bpmn:{tag}", NS)}
    flows = {(f.get("sourceRef"), f.get("targetRef"), f.get("name")) for f in _flows(root)}
    messages = _messages(root)
    steps = {step.number: step for step in sop.steps}
    for flow in _flows(root):  # a sequence flow stays in its process
        assert (flow.get("sourceRef") in inside) == (flow.get("targetRef") in inside)
    for step in sop.steps:
        node = nodes[f"Step_{step.number}"]
        lane = sop.lane(step.lanes[0])
        assert etree.QName(node).localname == ("manualTask" if lane and lane.external else "userTask")
        assert (f"Step_{step.number}" in inside) == (not _outside(sop, step))
        source = f"Gateway_{step.number}" if step.decision else f"Step_{step.number}"
        if step.decision:
            assert nodes[source].get("name") == step.decision.question
            assert (f"Step_{step.number}", source, None) in flows
        for target, label in sop.successors(step):
            outside_target = target != END and _outside(sop, steps[target])
            if _outside(sop, step):  # on in the party's pool, its end, or a message out of the pool
                follows = f"Start_{target}" if outside_target else f"Step_{target}"
                assert (
                    (target == END and (f"Step_{step.number}", f"End_{step.number}", None) in flows)
                    or (f"Step_{step.number}", f"Step_{target}", None) in flows
                    or (f"Send_{step.number}", follows) in messages
                )
                continue
            names = {(s, n) for s, _, n in flows}
            assert (source, answer_label(step, label)) in names
            if outside_target:
                assert (f"Step_{step.number}", f"Start_{target}") in messages
            else:
                target_id = f"End_{step.number}" if target == END else _entry(nodes, target)
                assert (etree.QName(nodes[target_id]).localname == "endEvent") == (target == END)
                assert (source, target_id, answer_label(step, label)) in flows
    start = [n for n in inside if etree.QName(nodes[n]).localname == "startEvent"]
    assert start == ["StartEvent"]
    for node_id in nodes:  # a merging gateway leads to its step only
        if node_id.startswith("Join_"):
            assert [(s, t) for s, t, _ in flows if s == node_id] == [(node_id, f"Step_{node_id[5:]}")]


def _entry(nodes: dict[str, etree._Element], step: object) -> str:
    """Where the flows into a step arrive: its merging gateway when several do."""
    return f"Join_{step}" if f"Join_{step}" in nodes else f"Step_{step}"


def test_lanes_hold_every_node_exactly_once(library_sop: LoadedSop) -> None:
    sop = library_sop.sop
    root = bpmn_document(sop)
    refs = [ref.text for ref in _process(root).iterfind("bpmn:laneSet/bpmn:lane/bpmn:flowNodeRef", NS)]
    inside = [el.get("id") for tag in FLOW_NODES for el in _process(root).findall(f"bpmn:{tag}", NS)]
    assert sorted(refs) == sorted(inside)
    lanes = _process(root).findall("bpmn:laneSet/bpmn:lane", NS)
    used = _inside_lanes(sop)
    names = [lane.get("name") for lane in lanes]
    assert names[: len(used)] == [sop.lanes[index].name for index in used]  # no lane without a step
    assert len(names) in (len(used), len(used) + 1)  # and the lane of undeclared pelaksana, if any


def test_every_element_is_drawn(library_sop: LoadedSop) -> None:
    root = bpmn_document(library_sop.sop)
    plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    shapes = {s.get("bpmnElement"): s for s in plane.findall("bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement"): e for e in plane.findall("bpmndi:BPMNEdge", NS)}
    lanes = [lane.get("id") for lane in _process(root).iterfind("bpmn:laneSet/bpmn:lane", NS)]
    participants = [p.get("id") for p in root.findall("bpmn:collaboration/bpmn:participant", NS)]
    parties = {sop_lane.name for sop_lane in library_sop.sop.lanes if sop_lane.external}
    assert all(p.get("name") in parties for p in root.findall("bpmn:collaboration/bpmn:participant", NS)[1:])
    annotations = [a.get("id") for a in _process(root).findall("bpmn:textAnnotation", NS)]
    associations = [a.get("id") for a in _process(root).findall("bpmn:association", NS)]
    messages = [m.get("id") for m in root.iterfind("bpmn:collaboration/bpmn:messageFlow", NS)]
    assert set(shapes) == {*_nodes(root), *lanes, *participants, *annotations}
    assert set(edges) == {f.get("id") for f in _flows(root)} | set(associations) | set(messages)
    for edge in edges.values():
        assert len(edge.findall("di:waypoint", NS)) >= 2


def test_the_layout_is_readable(library_sop: LoadedSop) -> None:
    """Nodes sit inside their lane without overlapping; edges are orthogonal and touch both their ends."""
    root = bpmn_document(library_sop.sop)
    plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    shapes = {s.get("bpmnElement"): _bounds(s) for s in plane.findall("bpmndi:BPMNShape", NS)}
    lane_of = {
        ref.text: lane.get("id")
        for lane in _process(root).iterfind("bpmn:laneSet/bpmn:lane", NS)
        for ref in lane.findall("bpmn:flowNodeRef", NS)
    }
    boxes = [shapes[node] for node in _nodes(root)]
    for node, lane in lane_of.items():
        x, y, w, h = shapes[node]
        lx, ly, lw, lh = shapes[lane]
        assert lx <= x and x + w <= lx + lw and ly <= y and y + h <= ly + lh, node
    for i, (x, y, w, h) in enumerate(boxes):
        for ox, oy, ow, oh in boxes[i + 1 :]:
            assert x + w <= ox or ox + ow <= x or y + h <= oy or oy + oh <= y
    for flow in _flows(root):
        edge = plane.find(f"bpmndi:BPMNEdge[@bpmnElement='{flow.get('id')}']", NS)
        points = [(float(p.get("x")), float(p.get("y"))) for p in edge.findall("di:waypoint", NS)]
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            assert x1 == x2 or y1 == y2, flow.get("id")
        assert _on_border(points[0], shapes[flow.get("sourceRef")]), flow.get("id")
        assert _on_border(points[-1], shapes[flow.get("targetRef")]), flow.get("id")


def _on_border(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    (px, py), (x, y, w, h) = point, box
    inside = x <= px <= x + w and y <= py <= y + h
    return inside and (px in (x, x + w) or py in (y, y + h))


def test_an_engine_loads_and_runs_it(library_sop: LoadedSop) -> None:
    """SpiffWorkflow parses the process and runs it to the end when every decision is answered 'ya'."""
    bpmn_parser = pytest.importorskip("SpiffWorkflow.bpmn.parser.BpmnParser")
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.util.task import TaskState

    sop = library_sop.sop
    root = bpmn_document(sop)
    _process(root).set("isExecutable", "true")
    parser = bpmn_parser.BpmnParser()
    parser.add_bpmn_xml(root.getroottree(), "sop.bpmn")
    workflow = BpmnWorkflow(parser.get_spec("Process_1"))
    answers = {f"keputusan_{step.number}": "ya" for step in sop.steps if step.decision}
    for _ in range(4 * len(sop.steps)):
        workflow.do_engine_steps()
        ready = workflow.get_tasks(state=TaskState.READY)
        if not ready:
            break
        ready[0].data.update(answers)
        ready[0].run()
    workflow.do_engine_steps()
    assert workflow.is_completed()


def test_mutu_baku_is_documented() -> None:
    sop = Sop.model_validate(
        {
            "organisasi": "uji",
            "nama": "Uji <Dokumentasi> & Label",
            "pelaksana": [{"kode": "pemohon", "nama": "Pemohon", "pihak_luar": True}, 'Petugas "Loket"'],
            "langkah": [
                {"kegiatan": "Mengajukan berkas", "pelaksana": "pemohon", "output": "Berkas"},
                {
                    "kegiatan": "Memeriksa berkas",
                    "pelaksana": "petugas-loket",
                    "kelengkapan": ["KTP", {"kelompok": "Pindah datang", "butir": ["SKPWNI"], "kasus": True}],
                    "waktu": "5 menit",
                    "output": ["Berkas lengkap"],
                    "keputusan": {"pertanyaan": "Berkas lengkap?", "tidak": "selesai", "label_tidak": "Kurang"},
                },
                {"kegiatan": "Menyerahkan dokumen", "pelaksana": "petugas-loket", "waktu": "1 hari"},
            ],
        }
    )
    root = bpmn_document(sop)
    nodes = _nodes(root)
    text = nodes["Step_2"].findtext("bpmn:documentation", namespaces=NS)
    assert "Waktu: 5 menit" in text and "- KTP" in text and "Pindah datang (kasus tertentu)" in text
    assert "    - SKPWNI" in text and "Output:\n  - Berkas lengkap" in text
    assert etree.QName(nodes["Step_1"]).localname == "manualTask"
    names = {f.get("id"): f.get("name") for f in _flows(root)}
    assert names["Flow_2_ya"] == "Ya" and names["Flow_2_tidak"] == "Kurang"
    conditions = {f.get("id"): f.findtext("bpmn:conditionExpression", namespaces=NS) for f in _flows(root)}
    assert conditions["Flow_2_tidak"] == "keputusan_2 == 'tidak'" and conditions["Flow_1_end"] is None
    assert ("Send_1", "Step_2") in _messages(root)  # the applicant's pool hands the file over
    participants = root.findall("bpmn:collaboration/bpmn:participant", NS)
    assert [p.get("name") for p in participants] == ["Uji <Dokumentasi> & Label", "Pemohon"]
    assert "End_2" in nodes and "End_3" in nodes  # off the main line, and after the last step
    assert to_bpmn(sop) == to_bpmn(sop)
    assert b"Uji &lt;Dokumentasi&gt; &amp; Label" in to_bpmn(sop)


def test_steps_without_a_declared_lane_share_one_lane() -> None:
    sop = Sop.model_validate(
        {"organisasi": "uji", "nama": "Uji", "pelaksana": ["Camat"], "langkah": [{"kegiatan": "Menulis"}]}
    )
    lanes = _process(bpmn_document(sop)).findall("bpmn:laneSet/bpmn:lane", NS)
    assert [lane.get("name") for lane in lanes] == ["Pelaksana tidak diketahui"]  # Camat performs no step
    assert [ref.text for ref in lanes[0]] == ["StartEvent", "Step_1", "End_1"]
