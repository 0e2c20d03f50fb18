"""A workflow definition as a graph of BPMN elements (nodes and sequence flows), before any XML.

One node per step (its id is the step id), plus helper nodes whose ids contain `__`, which no step id
may: the start event, an outcome gateway after a task that routes by outcome, a boundary timer for a
`timeout`. Flow ids are `flow__<source>__<n>`, so two outcomes leading to one step still give one flow
with a unique id. The exporter (bpmn_export) turns this graph into XML; the layout (bpmn_layout) places it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .bpmn_expressions import var_expression
from .fragments import fragments_expand
from .graph import steps_by_id
from .step_types import step_types
from .step_types.end import outcome_words

START_ID = "start__event"
ROUTING_KEYS = {"id", "type", "title", "next", "otherwise"}
SIZES = {"event": (36, 36), "gateway": (50, 50), "activity": (100, 80)}


@dataclass
class Node:
    """One BPMN flow node: `tag` is the BPMN element name, `attrs` the `cf:` extension attributes."""

    id: str
    tag: str
    name: str
    attrs: dict[str, str] = field(default_factory=dict)
    event: str = ""  # "timer", "terminate" or "" for the event definition inside an event
    timer: tuple[str, str] = ("", "")  # ("timeDuration" | "timeDate", expression)
    attached_to: str = ""  # a boundary event's activity
    default_flow: str = ""
    message: str = ""  # a receive task's message (the reply it waits for)

    @property
    def shape(self) -> str:
        if self.tag.endswith("Event"):
            return "event"
        return "gateway" if self.tag.endswith("Gateway") else "activity"


@dataclass
class Flow:
    """One sequence flow; `condition` is a JSON condition (None for an unconditional flow)."""

    id: str
    source: str
    target: str
    name: str = ""
    condition: Any = None


@dataclass
class BpmnGraph:
    process_id: str
    name: str
    attrs: dict[str, str]
    nodes: list[Node]
    flows: list[Flow]

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def iso_duration(duration: dict) -> str:
    """{"days": 28} as P28D; working days and hours keep their count (the calendar is in cf:duration)."""
    unit, amount = next(iter(duration.items()))
    return f"P{amount}D" if unit in ("days", "working_days") else f"PT{amount}H"


def bpmn_graph(definition: dict, *, slug: str = "workflow") -> BpmnGraph:
    """The BPMN graph of a definition, with its fragments expanded."""
    definition, _ = fragments_expand(definition)
    steps = list(steps_by_id(definition).values())
    has_split = any(s.get("type") == "split" for s in steps)
    process_attrs = {k: v for k, v in definition.items() if k not in ("steps", "start", "fragments")}
    graph = BpmnGraph(
        process_id=f"process__{slug.replace('-', '_')}",
        name=str(definition.get("title", slug)),
        attrs={"definition": as_json(process_attrs)},
        nodes=[Node(START_ID, "startEvent", "Case submitted")],
        flows=[],
    )
    graph.flows.append(Flow(f"flow__{START_ID}__1", START_ID, str(definition.get("start"))))
    for step in steps:
        if isinstance(step.get("type"), str):
            _step_add(graph, step, terminate=has_split)
    known = {n.id for n in graph.nodes}  # a draft may still name a step that does not exist
    graph.flows = [f for f in graph.flows if f.source in known and f.target in known]
    return graph


def _flow_add(graph: BpmnGraph, source: str, target: str, name: str = "", condition: Any = None) -> Flow:
    count = sum(1 for f in graph.flows if f.source == source) + 1
    flow = Flow(f"flow__{source}__{count}", source, target, name, condition)
    graph.flows.append(flow)
    return flow


def _options(step: dict, *skip: str) -> dict[str, str]:
    rest = {k: v for k, v in step.items() if k not in ROUTING_KEYS and k not in skip}
    if isinstance(rest.get("timeout"), dict):
        rest["timeout"] = {k: v for k, v in rest["timeout"].items() if k != "next"}
    return {"options": as_json(rest)} if rest else {}


def _step_add(graph: BpmnGraph, step: dict, *, terminate: bool) -> None:
    sid, kind, title = step["id"], step["type"], str(step.get("title", ""))
    attrs = {"type": kind}
    if not title and kind not in ("split", "join", "first_of"):
        attrs["generatedName"] = "true"  # the name is made up from the step (its subject, outcome, id)
    if kind == "task":
        _task_add(graph, step, attrs)
    elif kind == "decision":
        node = Node(sid, "exclusiveGateway", title or sid.replace("_", " ").capitalize(), attrs)
        graph.nodes.append(node)
        for branch in step.get("branches", []):
            if isinstance(branch, dict) and isinstance(branch.get("next"), str):
                _flow_add(graph, sid, branch["next"], "", branch.get("when"))
        if step.get("otherwise"):
            node.default_flow = _flow_add(graph, sid, step["otherwise"], "otherwise").id
    elif kind == "split":
        graph.nodes.append(Node(sid, "parallelGateway", title, attrs))  # unnamed when untitled
        for target in step.get("branches", []):
            _flow_add(graph, sid, str(target))
    elif kind == "first_of":  # a deferred choice: BPMN's event-based gateway, each arrow worded by its option
        graph.nodes.append(Node(sid, "eventBasedGateway", title, attrs))
        for target in step.get("options", []):
            _flow_add(graph, sid, str(target), "first")
    elif kind == "join":
        mode = step.get("mode", "all")
        attrs["mode"] = mode
        graph.nodes.append(Node(sid, "parallelGateway" if mode == "all" else "complexGateway", title, attrs))
        _flow_add(graph, sid, str(step.get("next")))
    elif kind == "timer":
        attrs |= _options(step, "wait", "until")
        timer = ("", "")  # a draft's timer without its wait yet
        if isinstance(step.get("wait"), dict) and step["wait"]:
            attrs["duration"] = as_json(step["wait"])
            timer = ("timeDuration", iso_duration(step["wait"]))
        elif isinstance(step.get("until"), dict) and isinstance(step["until"].get("field"), str):
            attrs["until"] = as_json(step["until"])
            timer = ("timeDate", var_expression(step["until"]["field"]))
        graph.nodes.append(Node(sid, "intermediateCatchEvent", title or sid, attrs, event="timer", timer=timer))
        _flow_add(graph, sid, str(step.get("next")))
    elif kind == "end":
        outcome = step.get("outcome", "resolved")
        attrs |= {"outcome": outcome} | _options(step, "outcome")
        name = title or outcome_words(outcome).capitalize()
        graph.nodes.append(Node(sid, "endEvent", name, attrs, event="terminate" if terminate else ""))
    else:
        tag = {
            "notify": "sendTask",
            "connector": "serviceTask",
            "wait_for_customer": "receiveTask",
            "wait_for_reply": "receiveTask",
        }.get(kind, "task")
        name = title or _plain_label(step)
        message = {"wait_for_customer": "customer_reply", "wait_for_reply": "connector_reply"}.get(kind, "")
        graph.nodes.append(Node(sid, tag, name, attrs | _options(step), message=message))
        if isinstance(step.get("next"), str):
            _flow_add(graph, sid, step["next"], "replied" if tag == "receiveTask" else "")
    _timeout_add(graph, step)


def _plain_label(step: dict) -> str:
    plugin = step_types.get(step.get("type"))
    return plugin.diagram_label(step) if plugin is not None else step["id"].replace("_", " ").capitalize()


def _task_add(graph: BpmnGraph, step: dict, attrs: dict[str, str]) -> None:
    sid = step["id"]
    for key in ("assign", "form", "outcomes", "due"):
        if key in step:
            attrs[key] = as_json(step[key])
    attrs |= _options(step, "assign", "form", "outcomes", "due")
    graph.nodes.append(Node(sid, "userTask", str(step.get("title", sid)), attrs))
    nxt = step.get("next")
    if isinstance(nxt, str):
        _flow_add(graph, sid, nxt)
        return
    if not isinstance(nxt, dict):
        return  # a draft without its routing yet
    gateway = f"{sid}__outcome"
    graph.nodes.append(Node(gateway, "exclusiveGateway", "Outcome?", {"type": "outcome"}))
    _flow_add(graph, sid, gateway)
    labels = {o.get("id"): o.get("label", o.get("id")) for o in step.get("outcomes", []) if isinstance(o, dict)}
    by_target: dict[str, list[str]] = {}
    for outcome, target in nxt.items():
        by_target.setdefault(str(target), []).append(outcome)
    for target, outcomes in by_target.items():
        var = {"var": f"outcomes.{sid}"}
        when = {"==": [var, outcomes[0]]} if len(outcomes) == 1 else {"in": [var, outcomes]}
        _flow_add(graph, gateway, target, " or ".join(str(labels.get(o, o)) for o in outcomes), when)


def _timeout_add(graph: BpmnGraph, step: dict) -> None:
    timeout = step.get("timeout")
    if not isinstance(timeout, dict) or not timeout.get("next"):
        return
    boundary = f"{step['id']}__timeout"
    after = timeout.get("after", {})
    graph.nodes.append(
        Node(
            boundary,
            "boundaryEvent",
            "Timeout",
            {"type": "timeout", "duration": as_json(after)},
            event="timer",
            timer=("timeDuration", iso_duration(after) if isinstance(after, dict) and after else "P0D"),
            attached_to=step["id"],
        )
    )
    _flow_add(graph, boundary, timeout["next"], "timeout")
