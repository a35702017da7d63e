"""BPMN 2.0 XML of an SOP, with its diagram (BPMNDI), for bpmn.io, Camunda Modeler and other BPMN tools.

A collaboration of the organisation running the SOP (one process, one lane per pelaksana that performs a step)
and each outside party as a pool of its own, with message flows between them (``bpmn_graph``). A start event, a
task per step (userTask; manualTask for an outside party's step), an exclusive gateway after each decision with
exits named by its answers, a merging exclusive gateway before a step that several flows enter, and end events
for 'selesai'. A step that either of several pelaksana performs has a text annotation in each other lane,
associated with its task. The mutu baku of a step (waktu, kelengkapan, output) is the task's documentation. A
decision's exits carry the condition ``keputusan_<step> == 'ya'`` (or ``'tidak'``), a Python expression on the
answer, so tools that want a condition on every exclusive exit (SpiffWorkflow) can load the process. The
processes are marked not executable: they describe the SOP; the engine that runs it is sopan's own.
"""

from __future__ import annotations

from urllib.parse import quote

from lxml import etree

from ... import __version__
from ...model import Sop, slugify
from .bpmn_graph import Node, NodeKind, ProcessGraph, process_graph
from .bpmn_layout import Bounds, Diagram, layout
from .flow import step_details, xml_safe

__all__ = ["BPMN", "BPMNDI", "DC", "DI", "bpmn_document", "to_bpmn"]

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NSMAP = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI}


def _el(parent: etree._Element, ns: str, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{ns}}}{tag}", {k: xml_safe(v) for k, v in attributes.items()})


def _documentation(parent: etree._Element, lines: list[str]) -> None:
    if lines:
        _el(parent, BPMN, "documentation").text = xml_safe("\n".join(lines))


def _key(sop: Sop) -> str:
    return sop.id or slugify(sop.title) or "sop"


def bpmn_document(sop: Sop) -> etree._Element:
    """The ``bpmn:definitions`` element of ``sop``: semantic model and diagram."""
    graph = process_graph(sop)
    key = _key(sop)
    root = etree.Element(
        f"{{{BPMN}}}definitions",
        {
            "id": "Definitions_1",
            "targetNamespace": f"urn:sopan:{quote(sop.organisation, safe='')}:{quote(key, safe='')}",
            "exporter": "sopan",
            "exporterVersion": __version__,
        },
        nsmap=_NSMAP,
    )
    collaboration = _el(root, BPMN, "collaboration", id="Collaboration_1")
    _el(collaboration, BPMN, "participant", id="Participant_1", name=sop.title, processRef="Process_1")
    for pool, party in enumerate(graph.parties, start=1):
        _el(collaboration, BPMN, "participant", id=f"Participant_{pool + 1}", name=party,
            processRef=f"Process_{pool + 1}")  # fmt: skip
    for message in graph.messages:
        _el(collaboration, BPMN, "messageFlow", id=message.id, sourceRef=message.source, targetRef=message.target)
    process = _el(root, BPMN, "process", id="Process_1", name=sop.title, isExecutable="false")
    _documentation(process, [f"Nomor SOP: {sop.number}"] if sop.number else [])
    _lane_set(process, graph)
    _process_body(process, sop, graph, 0)
    for alternative in graph.alternatives:
        annotation = _el(process, BPMN, "textAnnotation", id=alternative.id)
        _el(annotation, BPMN, "text").text = xml_safe(alternative.text)
        _el(
            process,
            BPMN,
            "association",
            id=f"Association_{alternative.id}",
            sourceRef=alternative.step,
            targetRef=alternative.id,
        )
    for pool, party in enumerate(graph.parties, start=1):
        outside = _el(root, BPMN, "process", id=f"Process_{pool + 1}", name=party, isExecutable="false")
        _process_body(outside, sop, graph, pool)
    _diagram(root, graph, layout(graph))
    return root


def to_bpmn(sop: Sop) -> bytes:
    """The BPMN 2.0 XML file of ``sop`` (UTF-8, with declaration)."""
    data: bytes = etree.tostring(bpmn_document(sop), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _lane_set(process: etree._Element, graph: ProcessGraph) -> None:
    lane_set = _el(process, BPMN, "laneSet", id="LaneSet_1")
    for index, name in enumerate(graph.lanes):
        lane = _el(lane_set, BPMN, "lane", id=f"Lane_{index + 1}", name=name)
        for node in graph.nodes:
            if node.lane == index:
                _el(lane, BPMN, "flowNodeRef").text = node.id


def _process_body(process: etree._Element, sop: Sop, graph: ProcessGraph, pool: int) -> None:
    """The nodes of one pool and the sequence flows between them."""
    nodes = [node for node in graph.nodes if node.pool == pool]
    ids = {node.id for node in nodes}
    for node in nodes:
        _flow_node(process, sop, graph, node)
    for flow in graph.flows:
        if flow.source not in ids:
            continue
        element = _el(process, BPMN, "sequenceFlow", id=flow.id, sourceRef=flow.source, targetRef=flow.target)
        if flow.name:
            element.set("name", xml_safe(flow.name))
        if flow.condition:
            expression = _el(element, BPMN, "conditionExpression", **{f"{{{XSI}}}type": "bpmn:tFormalExpression"})
            expression.text = flow.condition


def _flow_node(process: etree._Element, sop: Sop, graph: ProcessGraph, node: Node) -> None:
    element = _el(process, BPMN, node.kind.value, id=node.id, name=node.name)
    if node.step is not None and node.kind is not NodeKind.GATEWAY:
        _documentation(element, step_details(sop, node.step))
    for flow in graph.flows:
        if flow.target == node.id:
            _el(element, BPMN, "incoming").text = flow.id
    for flow in graph.flows:
        if flow.source == node.id:
            _el(element, BPMN, "outgoing").text = flow.id
    if node.message:
        _el(element, BPMN, "messageEventDefinition", id=f"{node.id}_message")


def _bounds(parent: etree._Element, box: Bounds) -> None:
    _el(parent, DC, "Bounds", x=_num(box.x), y=_num(box.y), width=_num(box.width), height=_num(box.height))


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _diagram(root: etree._Element, graph: ProcessGraph, diagram: Diagram) -> None:
    bpmn_diagram = _el(root, BPMNDI, "BPMNDiagram", id="BPMNDiagram_1")
    plane = _el(bpmn_diagram, BPMNDI, "BPMNPlane", id="BPMNPlane_1", bpmnElement="Collaboration_1")
    for index, box in enumerate(diagram.pools, start=1):
        shape = _el(
            plane, BPMNDI, "BPMNShape", id=f"Participant_{index}_di", bpmnElement=f"Participant_{index}",
            isHorizontal="true",
        )  # fmt: skip
        _bounds(shape, box)
    for index, box in enumerate(diagram.lanes, start=1):
        shape = _el(plane, BPMNDI, "BPMNShape", id=f"Lane_{index}_di", bpmnElement=f"Lane_{index}", isHorizontal="true")
        _bounds(shape, box)
    for node in graph.nodes:
        shape = _el(plane, BPMNDI, "BPMNShape", id=f"{node.id}_di", bpmnElement=node.id)
        if node.kind is NodeKind.GATEWAY:
            shape.set("isMarkerVisible", "true")
        _bounds(shape, diagram.nodes[node.id])
        if node.id in diagram.labels:
            _bounds(_el(shape, BPMNDI, "BPMNLabel"), diagram.labels[node.id])
    for annotation_id, box in diagram.annotations.items():
        _bounds(_el(plane, BPMNDI, "BPMNShape", id=f"{annotation_id}_di", bpmnElement=annotation_id), box)
    for annotation_id, points in diagram.associations.items():
        edge = _el(
            plane, BPMNDI, "BPMNEdge", id=f"Association_{annotation_id}_di", bpmnElement=f"Association_{annotation_id}"
        )
        for x, y in points:
            _el(edge, DI, "waypoint", x=_num(x), y=_num(y))
    for message_id, points in diagram.messages.items():
        edge = _el(plane, BPMNDI, "BPMNEdge", id=f"{message_id}_di", bpmnElement=message_id)
        for x, y in points:
            _el(edge, DI, "waypoint", x=_num(x), y=_num(y))
    for flow in graph.flows:
        geometry = diagram.edges[flow.id]
        edge = _el(plane, BPMNDI, "BPMNEdge", id=f"{flow.id}_di", bpmnElement=flow.id)
        for x, y in geometry.waypoints:
            _el(edge, DI, "waypoint", x=_num(x), y=_num(y))
        if geometry.label is not None:
            _bounds(_el(edge, BPMNDI, "BPMNLabel"), geometry.label)
