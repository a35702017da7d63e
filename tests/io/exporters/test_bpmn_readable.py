"""What a Camunda Modeler user sees in the BPMN diagram: names clear of icons, no empty lanes, every performer,
merging gateways, answers by their own line, loops that nest, outside parties in pools of their own."""

from __future__ import annotations

import itertools
import textwrap

from sopan.io.exporters.bpmn_graph import NodeKind, process_graph
from sopan.io.exporters.bpmn_layout import Bounds, Segment, crosses, layout, touches
from sopan.model import Sop
from tests.factories import library_sops

SOPS = {item.sop.id: item.sop for item in library_sops()}


def _segments(points: list[tuple[float, float]]) -> list[Segment]:
    return list(itertools.pairwise(points))


def test_a_task_name_starts_below_the_task_icon() -> None:
    """bpmn.io centres a task's name (12 px lines) and draws the user icon in the top 26 px of the box."""
    for sop in SOPS.values():
        graph = process_graph(sop)
        diagram = layout(graph)
        for node in graph.nodes:
            if node.kind in (NodeKind.USER_TASK, NodeKind.MANUAL_TASK):
                lines = len(textwrap.wrap(node.name, 20, break_long_words=True))
                assert (diagram.nodes[node.id].height - 15 * lines) / 2 >= 26, (sop.id, node.name)


def test_only_lanes_that_perform_a_step_are_drawn() -> None:
    sop = SOPS["pelayanan-bunda-dewi-harum"]
    graph = process_graph(sop)
    used = {sop.lane(ref).name for step in sop.steps for ref in step.lanes}
    assert len(sop.lanes) == 13 and len(graph.lanes) + len(graph.parties) == len(used) < 13
    assert all(any(node.lane == index for node in graph.nodes) for index in range(len(graph.lanes)))


def test_a_step_done_by_either_of_two_lanes_is_shown_in_both() -> None:
    sop = Sop.model_validate(
        {
            "organisasi": "uji",
            "nama": "Uji",
            "pelaksana": ["Camat", "Sekretaris", "Kasi Pelayanan", "Staf"],
            "langkah": [
                {"kegiatan": "Menerima berkas", "pelaksana": "staf"},
                {"kegiatan": "Memeriksa berkas", "pelaksana": ["kasi-pelayanan", "sekretaris"]},
                {"kegiatan": "Menandatangani", "pelaksana": "camat"},
            ],
        }
    )
    graph = process_graph(sop)
    assert graph.lanes == ["Camat", "Sekretaris", "Kasi Pelayanan", "Staf"]
    (alternative,) = graph.alternatives
    assert alternative.step == "Step_2" and graph.lanes[alternative.lane] == "Sekretaris"
    assert alternative.text == "Langkah 2: Kasi Pelayanan atau Sekretaris"
    diagram = layout(graph)
    box, lane = diagram.annotations[alternative.id], diagram.lanes[alternative.lane]
    assert lane.y <= box.y and box.bottom <= lane.bottom
    start, end = diagram.associations[alternative.id]
    task = diagram.nodes["Step_2"]
    assert start == (task.cx, task.y) and end == (box.cx, box.bottom)  # the task's lane is below


def test_several_flows_into_a_step_meet_in_a_gateway_first() -> None:
    for sop in SOPS.values():
        graph = process_graph(sop)
        for node in graph.nodes:
            incoming = [flow for flow in graph.flows if flow.target == node.id]
            if node.kind is not NodeKind.GATEWAY:
                assert len(incoming) <= 1, (sop.id, node.id)
    graph = process_graph(SOPS["penanganan-disiplin-pegawai"])
    joins = [node for node in graph.nodes if node.id.startswith("Join_")]
    assert len(joins) >= 7 and all(node.kind is NodeKind.GATEWAY for node in joins)


def test_an_answer_sits_by_its_own_line_off_every_other() -> None:
    for sop in SOPS.values():
        diagram = layout(process_graph(sop))
        for flow_id, edge in diagram.edges.items():
            if edge.label is None:
                continue
            others = [s for other, e in diagram.edges.items() if other != flow_id for s in _segments(e.waypoints)]
            assert not [s for s in others if touches(edge.label, s)], (sop.id, flow_id)


def test_nested_jumps_in_one_lane_do_not_cross() -> None:
    """A decision at step 1 jumps to step 5, one at step 2 to step 4: the inner jump runs nearer the tasks."""
    steps = [
        {"kegiatan": "Memeriksa", "pelaksana": "staf", "keputusan": {"pertanyaan": "Lengkap?", "tidak": 5}},
        {"kegiatan": "Menilai", "pelaksana": "staf", "keputusan": {"pertanyaan": "Sesuai?", "tidak": 4}},
        {"kegiatan": "Mencatat", "pelaksana": "staf"},
        {"kegiatan": "Mengarsipkan", "pelaksana": "staf"},
        {"kegiatan": "Menyerahkan", "pelaksana": "staf"},
    ]
    sop = Sop.model_validate({"organisasi": "uji", "nama": "Uji", "pelaksana": ["Staf"], "langkah": steps})
    diagram = layout(process_graph(sop))
    outer, inner = diagram.edges["Flow_1_tidak"].waypoints, diagram.edges["Flow_2_tidak"].waypoints
    assert inner[1][1] < outer[1][1]  # the inner jump's channel is nearer the tasks
    assert not any(crosses(a, b) for a in _segments(outer) for b in _segments(inner))


def test_loops_back_into_higher_lanes_do_not_cross_in_pairs() -> None:
    """Penanganan Disiplin Pegawai sends three pairs of answers back up a lane (steps 4 and 5, 8 and 9, 12 and 13):
    laid out the same way, each pair crossed; one of each now runs over its target's lane."""
    diagram = layout(process_graph(SOPS["penanganan-disiplin-pegawai"]))
    edges = [_segments(edge.waypoints) for edge in diagram.edges.values()]
    assert not [(a, b) for one, two in itertools.combinations(edges, 2) for a in one for b in two if crosses(a, b)]
    entering_from_above = [
        f for f, e in diagram.edges.items() if f.endswith("_tidak") and e.waypoints[-2][1] < e.waypoints[-1][1]
    ]
    assert len(entering_from_above) >= 3


def test_an_outside_party_is_a_pool_of_its_own_reached_by_message_flows() -> None:
    sop = Sop.model_validate(
        {
            "organisasi": "uji",
            "nama": "Uji",
            "pelaksana": [{"kode": "pemohon", "nama": "Pemohon", "pihak_luar": True}, "Petugas"],
            "langkah": [
                {"kegiatan": "Mengajukan berkas", "pelaksana": "pemohon"},
                {"kegiatan": "Memeriksa berkas", "pelaksana": "petugas"},
                {"kegiatan": "Menerima dokumen", "pelaksana": "pemohon"},
            ],
        }
    )
    graph = process_graph(sop)
    assert graph.lanes == ["Petugas"] and graph.parties == ["Pemohon"]
    pools = {node.id: node.pool for node in graph.nodes}
    assert {n for n, pool in pools.items() if pool == 0} == {"StartEvent", "Step_2", "End_2"}
    assert {n for n, pool in pools.items() if pool == 1} == {
        "Start_1",
        "Step_1",
        "Send_1",
        "Start_3",
        "Step_3",
        "End_3",
    }
    assert [(f.source, f.target) for f in graph.flows if pools[f.source] == 0] == [
        ("StartEvent", "Step_2"),
        ("Step_2", "End_2"),
    ]
    assert sorted((m.source, m.target) for m in graph.messages) == [("Send_1", "Step_2"), ("Step_2", "Start_3")]
    assert not graph.node("Start_1").message and graph.node("Start_3").message  # the applicant starts on its own
    diagram = layout(graph)
    organisation, applicant = diagram.pools
    assert applicant.y >= organisation.bottom + 40
    for message in graph.messages:
        points = diagram.messages[message.id]
        assert all(x1 == x2 or y1 == y2 for (x1, y1), (x2, y2) in _segments(points))
        source, target = diagram.nodes[message.source], diagram.nodes[message.target]
        assert _on_border(points[0], source) and _on_border(points[-1], target)
        assert any(organisation.bottom < y < applicant.y for _, y in points)  # across in the gap between the pools


def _on_border(point: tuple[float, float], box: Bounds) -> bool:
    x, y = point
    inside = box.x <= x <= box.right and box.y <= y <= box.bottom
    return inside and (x in (box.x, box.right) or y in (box.y, box.bottom))


def test_no_message_flow_runs_through_a_node() -> None:
    for sop in SOPS.values():
        graph = process_graph(sop)
        diagram = layout(graph)
        for message in graph.messages:
            segments = _segments(diagram.messages[message.id])
            for node_id, box in diagram.nodes.items():
                if node_id not in (message.source, message.target):
                    assert not any(touches(box, segment) for segment in segments), (sop.id, message.id, node_id)
