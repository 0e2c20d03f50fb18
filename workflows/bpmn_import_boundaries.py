"""Boundary events on an officer's task, as Camunda Modeler draws them, read into the task's own keys.

An interrupting timer or message is a `cancel_on` item (its flow is the item's `next`); a non-interrupting
timer whose path only ends (optionally through a send task or an escalation event) is the task's one
`escalate`. Anything else attached to a task is one problem naming the boundary event and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from councilflow.errors import DefinitionProblem

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
TASK_TAGS = ("userTask", "manualTask")
# What a non-interrupting timer's path may pass through and still mean "escalate the task, nothing else".
ESCALATION_PATH_TAGS = ("sendTask", "intermediateThrowEvent", "endEvent")
EVENT_WHY = {
    "errorEventDefinition": "an officer's task never throws an error; route with one of its outcomes instead",
    "escalationEventDefinition": "nothing inside a task throws an escalation; use a non-interrupting timer (escalate)",
    "signalEventDefinition": "a signal reaches every case at once; use a message (resident_reply or connector_reply)",
    "conditionalEventDefinition": "conditional events are not supported; use a decision after the task",
    "compensateEventDefinition": "compensation is not supported",
}


@dataclass
class Escalation:
    """A non-interrupting timer read as `escalate`: the elements its path consumed, whether it emails."""

    notify: bool
    consumed: set[str] = field(default_factory=set)
    problem: str = ""


def local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def definitions(element: Any) -> list[str]:
    return [local(child) for child in element if local(child).endswith("EventDefinition")]


def is_task_host(element: Any, cf: str) -> bool:
    """An element the importer reads as a `task` step (so its boundary events belong to the task)."""
    kind = local(element)
    return kind in TASK_TAGS or (kind == "task" and (element.get(f"{{{cf}}}type") or "task") == "task")


def interrupting(boundary: Any) -> bool:
    return boundary.get("cancelActivity", "true").strip().lower() != "false"


def message_event(boundary: Any, messages: dict[str, str]) -> tuple[str, str]:
    """(cancel_on event, "") for a message boundary event, or ("", why) when the message is not one we know."""
    definition = boundary.find(f"{{{BPMN}}}messageEventDefinition")
    ref = definition.get("messageRef", "") if definition is not None else ""
    name = messages.get(ref, "") or boundary.get("name") or ref
    words = re.sub(r"[^a-z]+", "_", name.lower())
    if words.strip("_") in ("resident_reply", "customer_reply") or "resident" in words or "customer" in words:
        return "resident_reply", ""
    if words.strip("_") == "connector_reply" or any(w in words for w in ("connector", "back_office", "system")):
        return "connector_reply", ""
    shown = f'"{name}"' if name else "without a name"
    return "", (
        f"the message {shown} is not an event Councilflow knows: name it resident_reply (the resident adds "
        "information) or connector_reply (a back-office system replies)"
    )


def escalation_read(boundary: Any, *, nodes: dict[str, Any], out: dict, into: dict) -> Escalation:
    """Follow a non-interrupting timer's path: only send tasks, escalation/none throws and ends may be on it."""
    flows = out.get(boundary.get("id"), [])
    result = Escalation(notify=False)
    if not flows:
        return result
    if len(flows) > 1:
        result.problem = "a non-interrupting timer needs at most one outgoing flow"
        return result
    element_id, path, seen = flows[0].get("targetRef"), [], set()
    while element_id in nodes and element_id not in seen:
        seen.add(element_id)
        element = nodes[element_id]
        kind = local(element)
        if kind not in ESCALATION_PATH_TAGS or any(
            d not in ("escalationEventDefinition", "terminateEventDefinition") for d in definitions(element)
        ):
            result.problem = (
                f"a non-interrupting timer that starts other work ({element_id}) has no equivalent: a task "
                "escalates itself once (escalate); end the timer's path (a send task on it emails the queue), "
                "or make the timer interrupting to move the case on (cancel_on)"
            )
            return result
        if "terminateEventDefinition" in definitions(element):
            result.problem = f"a terminate end ({element_id}) after a non-interrupting timer would end the case"
            return result
        path.append(element_id)
        result.notify = result.notify or kind == "sendTask"
        if kind == "endEvent":
            break
        nexts = out.get(element_id, [])
        if len(nexts) != 1:
            result.problem = f"{element_id} on a non-interrupting timer's path needs exactly one outgoing flow"
            return result
        element_id = nexts[0].get("targetRef")
    # An element another path also reaches (a shared end event) stays a step of its own.
    result.consumed = {
        e for n, e in enumerate(path) if all(f.get("sourceRef") in ([boundary.get("id")] + path[:n]) for f in into[e])
    }
    return result


class TaskBoundaries:
    """The reader's part that turns a task's boundary events into its keys (mixed into bpmn_import's reader)."""

    process: Any
    nodes: dict[str, Any]
    out: dict[str, list[Any]]
    into: dict[str, list[Any]]
    messages: dict[str, str]
    escalations: dict[str, Escalation]
    boundaries: dict[str, list[Any]]
    problems: list[DefinitionProblem]
    cf_namespace: str

    def problem(self, element_id: str, message: str) -> None:
        self.problems.append(DefinitionProblem(f"{element_id}", message))

    def target(self, flow: Any) -> str:
        raise NotImplementedError

    def _timer(self, element: Any, timer: Any) -> dict:
        raise NotImplementedError

    def _escalations(self) -> dict[str, Escalation]:
        """Each non-interrupting timer on a task, read before the steps so its path's elements are not steps."""
        return {
            b.get("id"): escalation_read(b, nodes=self.nodes, out=self.out, into=self.into)
            for b in self.process.findall(f"{{{BPMN}}}boundaryEvent")
            if not interrupting(b)
            and b.find(f"{{{BPMN}}}timerEventDefinition") is not None
            and self._task_host(b) is not None
        }

    def _task_host(self, boundary: Any) -> Any:
        host = self.nodes.get(boundary.get("attachedToRef"))
        return host if host is not None and is_task_host(host, self.cf_namespace) else None

    def _task_boundaries(self, task: Any, step: dict) -> None:
        """A task's boundary events as its `cancel_on` items and `escalate`, in the file's order."""
        for boundary in self.boundaries.get(task.get("id"), []):
            boundary_id = boundary.get("id")
            timer = boundary.find(f"{{{BPMN}}}timerEventDefinition")
            message = boundary.find(f"{{{BPMN}}}messageEventDefinition")
            if timer is not None and not interrupting(boundary):
                self._escalate(boundary, timer, step)
            elif timer is None and message is None:
                kinds = [local(c) for c in boundary if local(c).endswith("EventDefinition")]
                why = EVENT_WHY.get(kinds[0], "") if kinds else "a boundary event needs a timer or a message"
                self.problem(boundary_id, why or f"a {kinds[0]} on a task is not supported")
            elif timer is None and not interrupting(boundary):
                why = "a non-interrupting message has no equivalent: an event on a task cancels it (cancel_on)"
                self.problem(boundary_id, f"{why}; make it interrupting")
            else:
                self._cancel_on(boundary, timer, step)

    def _cancel_on(self, boundary: Any, timer: Any, step: dict) -> None:
        boundary_id = boundary.get("id")
        outs = self.out.get(boundary_id, [])
        if len(outs) != 1:
            self.problem(boundary_id, "an interrupting event on a task needs exactly one outgoing flow")
            return
        if timer is not None:
            after = self._timer(boundary, timer)
            if "until" in after:
                self.problem(boundary_id, "a timer on a task counts from when it opens: use a duration (P5D)")
            if "wait" not in after:
                return
            item: dict[str, Any] = {"after": after["wait"]}
        else:
            event, why = message_event(boundary, self.messages)
            if why:
                self.problem(boundary_id, why)
                return
            item = {"event": event}
        step.setdefault("cancel_on", []).append(item | {"next": self.target(outs[0])})

    def _escalate(self, boundary: Any, timer: Any, step: dict) -> None:
        boundary_id, escalation = boundary.get("id"), self.escalations[boundary.get("id")]
        if escalation.problem:
            self.problem(boundary_id, escalation.problem)
            return
        if "escalate" in step:
            self.problem(boundary_id, "a task escalates once: it already has a non-interrupting timer")
            return
        after = self._timer(boundary, timer)
        if "until" in after:
            self.problem(boundary_id, "a timer on a task counts from when it opens: use a duration (P5D)")
        if "wait" in after:
            step["escalate"] = {"after": after["wait"]} | ({"notify": True} if escalation.notify else {})
