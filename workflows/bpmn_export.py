"""BPMN 2.0 XML of a workflow definition: semantic model, Councilflow extension attributes, diagram interchange.

Written from the JSON definition (fragments expanded), not from the engine's node graph, so element ids are
the step ids, names are the designer's titles, conditions are expressions and timers ISO 8601. What BPMN
cannot say (assignment, forms, outcomes, calendars) is kept in attributes of the `cf:` namespace, documented
in docs/workflow-language.md ("BPMN 2.0"), which the importer (bpmn_import) reads back.
"""

from __future__ import annotations

from lxml import etree

from .bpmn_expressions import condition_attribute, condition_expression
from .bpmn_graph import BpmnGraph, bpmn_graph
from .bpmn_layout import flow_waypoints, graph_layout

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CF = "https://councilflow.uk/ns/bpmn/1"
NSMAP = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "cf": CF}
EXPRESSION_LANGUAGE = "https://councilflow.uk/ns/bpmn/1/python-expression"


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def definition_bpmn(definition: dict, *, slug: str = "workflow", version: int | None = None) -> str:
    """The BPMN 2.0 document (a string, UTF-8 XML declaration included) of a JSON workflow definition."""
    graph = bpmn_graph(definition, slug=slug)
    root = etree.Element(
        _q(BPMN, "definitions"),
        nsmap=NSMAP,
        id=f"definitions__{graph.process_id.removeprefix('process__')}",
        targetNamespace=f"{CF}/workflows/{slug}",
        exporter="Councilflow",
        exporterVersion=str(version or 1),
    )
    for message in sorted({n.message for n in graph.nodes if n.message}):  # before the process, as the XSD orders
        etree.SubElement(root, _q(BPMN, "message"), id=f"message__{message}", name=message)
    process = etree.SubElement(root, _q(BPMN, "process"), id=graph.process_id, name=graph.name, isExecutable="true")
    _cf(process, graph.attrs)
    _semantic_add(process, graph)
    _diagram_add(root, graph)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()


def _cf(element: etree._Element, attrs: dict[str, str]) -> None:
    for key, value in attrs.items():
        element.set(_q(CF, key), value)


def _semantic_add(process: etree._Element, graph: BpmnGraph) -> None:
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for flow in graph.flows:
        outgoing.setdefault(flow.source, []).append(flow.id)
        incoming.setdefault(flow.target, []).append(flow.id)
    for node in graph.nodes:
        element = etree.SubElement(process, _q(BPMN, node.tag), id=node.id)
        if node.name:
            element.set("name", node.name)
        if node.attached_to:
            element.set("attachedToRef", node.attached_to)
        if node.message:
            element.set("messageRef", f"message__{node.message}")
        if node.default_flow:
            element.set("default", node.default_flow)
        if node.tag == "parallelGateway" or node.tag == "complexGateway":
            many_in = len(incoming.get(node.id, [])) > 1
            element.set("gatewayDirection", "Converging" if many_in else "Diverging")
        _cf(element, node.attrs)
        for flow_id in incoming.get(node.id, []):  # the XSD orders incoming, outgoing, then event definitions
            etree.SubElement(element, _q(BPMN, "incoming")).text = flow_id
        for flow_id in outgoing.get(node.id, []):
            etree.SubElement(element, _q(BPMN, "outgoing")).text = flow_id
        if node.event == "terminate":
            etree.SubElement(element, _q(BPMN, "terminateEventDefinition"), id=f"{node.id}__terminate")
        elif node.event == "timer" and node.timer[0]:
            timer = etree.SubElement(element, _q(BPMN, "timerEventDefinition"), id=f"{node.id}__timer")
            kind, when = node.timer
            etree.SubElement(timer, _q(BPMN, kind), {_q(XSI, "type"): "bpmn:tFormalExpression"}).text = when
    for flow in graph.flows:
        element = etree.SubElement(
            process, _q(BPMN, "sequenceFlow"), id=flow.id, sourceRef=flow.source, targetRef=flow.target
        )
        if flow.name:
            element.set("name", flow.name)
        if flow.condition is not None:
            element.set(_q(CF, "condition"), condition_attribute(flow.condition))
            expression = etree.SubElement(
                element,
                _q(BPMN, "conditionExpression"),
                {_q(XSI, "type"): "bpmn:tFormalExpression", "language": EXPRESSION_LANGUAGE},
            )
            expression.text = condition_expression(flow.condition)


def _diagram_add(root: etree._Element, graph: BpmnGraph) -> None:
    bounds = graph_layout(graph)
    diagram = etree.SubElement(root, _q(BPMNDI, "BPMNDiagram"), id=f"diagram__{graph.process_id}")
    plane = etree.SubElement(
        diagram, _q(BPMNDI, "BPMNPlane"), id=f"plane__{graph.process_id}", bpmnElement=graph.process_id
    )
    for node in graph.nodes:
        shape = etree.SubElement(plane, _q(BPMNDI, "BPMNShape"), id=f"{node.id}__di", bpmnElement=node.id)
        if node.tag == "exclusiveGateway":
            shape.set("isMarkerVisible", "true")
        x, y, w, h = bounds[node.id]
        etree.SubElement(shape, _q(DC, "Bounds"), x=str(x), y=str(y), width=str(w), height=str(h))
    for flow in graph.flows:
        edge = etree.SubElement(plane, _q(BPMNDI, "BPMNEdge"), id=f"{flow.id}__di", bpmnElement=flow.id)
        for x, y in flow_waypoints(bounds[flow.source], bounds[flow.target]):
            etree.SubElement(edge, _q(DI, "waypoint"), x=str(x), y=str(y))
