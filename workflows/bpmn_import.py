"""A BPMN 2.0 file (bpmn.io, Camunda Modeler, or our own export) as a JSON workflow definition.

Every element the language cannot express is one problem naming the element's id and why; the caller saves
nothing unless there are none. `cf:` attributes (see bpmn_export) are read first, then what modelers write:
a task's team from `camunda:candidateGroups` or its lane's name, outcomes from the names of the flows out of
a task or of the unconditioned gateway right after it, conditions from the flows' expressions.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from lxml import etree

from councilflow.errors import DefinitionProblem
from councilflow.json_limits import JSONRefused, json_parse

from .bpmn_export import BPMN, CF
from .bpmn_expressions import ExpressionUnsupported, expression_condition
from .bpmn_import_boundaries import TaskBoundaries
from .bpmn_import_subprocess import subprocesses_inline
from .step_types.end import OUTCOME_WORDS

BPMN_MAX_BYTES = 2_000_000
BPMN_MAX_DEPTH = 40  # Modeler nests a few levels (definitions, process, sub-processes, event definitions)
MAX_EXPRESSION_CHARS = 2_000
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
IGNORED = {"laneSet", "textAnnotation", "association", "documentation", "extensionElements", "dataObject"}
IGNORED |= {"dataObjectReference", "dataStoreReference", "group", "sequenceFlow", "incoming", "outgoing"}
WHY = {
    "inclusiveGateway": "an inclusive gateway (several branches by condition) has no step type; use a split",
    "scriptTask": "a script cannot run in Councilflow (nothing in a definition is ever run as code)",
    "businessRuleTask": "business rule (DMN) tasks are not supported; use a decision gateway",
    "callActivity": "call activities are not supported; use a fragment (include) in the JSON",
    "transaction": "transactions (with compensation) are not supported; draw their steps in the process",
    "adHocSubProcess": "ad-hoc sub-processes (steps in any order) are not supported",
    "intermediateThrowEvent": "throw events are not supported; use a send task (notify)",
}
STEP_ID = re.compile(r"^[a-z](?!.*__)[a-z0-9_]{0,39}$")


class BpmnImportInvalid(ValueError):
    """The file cannot become a definition: one problem per element (its id as the path)."""

    def __init__(self, problems: list[DefinitionProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def bpmn_parse(content: bytes) -> Any:
    """The document's root, parsed without DTDs, entities or network access, within BPMN_MAX_BYTES."""
    if len(content) > BPMN_MAX_BYTES:
        raise BpmnImportInvalid([DefinitionProblem("/", f"the file is larger than {BPMN_MAX_BYTES // 1000} kB")])
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:  # refused before parsing: no entity is ever expanded
        raise BpmnImportInvalid([DefinitionProblem("/", "a DOCTYPE is not allowed in a BPMN file")])
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise BpmnImportInvalid([DefinitionProblem("/", f"not XML: {error}")]) from error
    if root.getroottree().docinfo.internalDTD is not None:  # e.g. a UTF-16 file, which the byte check above cannot read
        raise BpmnImportInvalid([DefinitionProblem("/", "a DOCTYPE is not allowed in a BPMN file")])
    if _depth(root) > BPMN_MAX_DEPTH:
        raise BpmnImportInvalid([DefinitionProblem("/", f"elements nest more than {BPMN_MAX_DEPTH} deep")])
    if root.tag != f"{{{BPMN}}}definitions":
        raise BpmnImportInvalid([DefinitionProblem("/", "not a BPMN 2.0 file (no bpmn:definitions root)")])
    return root


def _depth(root: Any) -> int:
    deepest = depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def bpmn_definition(content: bytes, *, teams: dict[str, str] | None = None) -> dict:
    """The JSON definition of the file's one process; `teams` maps a lower-case team name or slug to its slug."""
    root = bpmn_parse(content)
    processes = root.findall(f"{{{BPMN}}}process")
    if len(processes) != 1:
        raise BpmnImportInvalid([DefinitionProblem("/", f"expected one process, found {len(processes)}")])
    messages = {m.get("id", ""): m.get("name", "") for m in root.findall(f"{{{BPMN}}}message")}
    process = copy.deepcopy(processes[0])
    problems: list[DefinitionProblem] = []
    subprocesses_inline(process, process, problems)
    return _Reader(process, teams or {}, messages=messages, problems=problems).definition()


class _Reader(TaskBoundaries):
    """Reads one bpmn:process; collects problems rather than stopping at the first."""

    cf_namespace = CF

    def __init__(
        self, process: Any, teams: dict[str, str], *, messages: dict[str, str], problems: list[DefinitionProblem]
    ) -> None:
        self.process = process
        self.teams = teams
        self.messages = messages
        self.problems = problems
        self.nodes = {e.get("id"): e for e in process if _local(e) not in IGNORED and isinstance(e.tag, str)}
        self.flows = {f.get("id"): f for f in process.findall(f"{{{BPMN}}}sequenceFlow")}
        self.out: dict[str, list[Any]] = {}
        self.into: dict[str, list[Any]] = {}
        for flow in self.flows.values():
            self.out.setdefault(flow.get("sourceRef"), []).append(flow)
            self.into.setdefault(flow.get("targetRef"), []).append(flow)
        self.lanes = {
            ref.text.strip(): lane.get("name", "")
            for lane in process.iter(f"{{{BPMN}}}lane")
            for ref in lane.findall(f"{{{BPMN}}}flowNodeRef")
            if ref.text
        }
        self.ids = self._step_ids()
        self.boundaries: dict[str, list[Any]] = {}  # by the element they are attached to: read once, not per task
        for boundary in process.findall(f"{{{BPMN}}}boundaryEvent"):
            self.boundaries.setdefault(boundary.get("attachedToRef"), []).append(boundary)
        self.escalations = self._escalations()
        self.consumed = {e for escalation in self.escalations.values() for e in escalation.consumed}

    def cf(self, element: Any, key: str) -> Any:
        """A `cf:` attribute's JSON value (None when absent or unreadable, which is a problem)."""
        raw = element.get(f"{{{CF}}}{key}")
        if raw is None:
            return None
        try:
            return json_parse(raw, what=f"cf:{key}")
        except JSONRefused as error:
            self.problem(element.get("id") or "?", str(error))
            return None

    def _step_ids(self) -> dict[str, str]:
        """A language step id for each element: its own id when it is one, else from its name, else its id."""
        taken: set[str] = set()
        ids: dict[str, str] = {}
        for element_id, element in self.nodes.items():
            base = element_id if STEP_ID.match(element_id or "") else _slug(element.get("name") or element_id or "")
            candidate, n = base, 2
            while candidate in taken:
                candidate, n = f"{base[:36]}_{n}", n + 1
            taken.add(candidate)
            ids[element_id] = candidate
        return ids

    def target(self, flow: Any) -> str:
        """The step a flow leads to, passing through merging gateways (several in, one out)."""
        seen: set[str] = set()
        target = flow.get("targetRef")
        while target in self.nodes and self._is_merge(self.nodes[target]) and target not in seen:
            seen.add(target)
            target = self.out[target][0].get("targetRef")
        return self.ids.get(target, target)

    def _is_merge(self, element: Any) -> bool:
        return _local(element) == "exclusiveGateway" and len(self.out.get(element.get("id"), [])) == 1

    def definition(self) -> dict:
        process_attrs = self._object(self.process, "definition")
        definition: dict[str, Any] = {"title": self.process.get("name") or "Imported workflow"} | process_attrs
        starts = [e for e in self.nodes.values() if _local(e) == "startEvent"]
        if len(starts) != 1:
            self.problem(self.process.get("id"), f"a process needs exactly one start event, found {len(starts)}")
        steps: list[dict] = []
        for element_id, element in self.nodes.items():
            if element_id in self.consumed:
                continue
            if _local(element) == "startEvent":
                self._start(element, definition)
                continue
            step = self._step(element)
            if step is not None:
                steps.append({"id": self.ids[element_id], **step})
        if self.problems:
            raise BpmnImportInvalid(self.problems)
        definition["steps"] = steps
        return {"title": definition.pop("title"), "start": definition.pop("start", ""), **definition}

    def _start(self, element: Any, definition: dict) -> None:
        if len(element):
            kinds = [_local(c) for c in element if _local(c).endswith("EventDefinition")]
            if kinds:
                self.problem(
                    element.get("id"), f"a start event with a {kinds[0]} is not supported: cases start on submission"
                )
        outs = self.out.get(element.get("id"), [])
        if len(outs) != 1:
            self.problem(element.get("id"), "the start event needs exactly one outgoing flow")
        else:
            definition["start"] = self.target(outs[0])

    def _step(self, element: Any) -> dict | None:
        kind, element_id = _local(element), element.get("id")
        if kind in WHY:
            self.problem(element_id, WHY[kind])
            return None
        if kind == "boundaryEvent":
            self._boundary_check(element)
            return None
        if kind == "exclusiveGateway" and (self._is_merge(element) or self._is_outcome_gateway(element)):
            return None
        handler = {
            "exclusiveGateway": self._decision,
            "userTask": self._task,
            "manualTask": self._task,
            "task": self._plain,
            "sendTask": self._plain,
            "serviceTask": self._plain,
            "receiveTask": self._plain,
            "parallelGateway": self._parallel,
            "complexGateway": self._parallel,
            "eventBasedGateway": self._event_gateway,
            "intermediateCatchEvent": self._catch,
            "endEvent": self._end,
        }.get(kind)
        if handler is None:
            self.problem(element_id, f"a {kind} element is not supported")
            return None
        step = handler(element)
        generated = element.get(f"{{{CF}}}generatedName") == "true"
        if step is not None and element.get("name") and "title" not in step and kind != "endEvent" and not generated:
            step["title"] = element.get("name")
        return step

    def _next(self, element: Any) -> str | None:
        outs = self.out.get(element.get("id"), [])
        if len(outs) != 1:
            self.problem(element.get("id"), f"needs exactly one outgoing flow, has {len(outs)}")
            return None
        return self.target(outs[0])

    def _options(self, element: Any) -> dict:
        return self._object(element, "options")

    def _object(self, element: Any, key: str) -> dict:
        value = self.cf(element, key)
        if value is not None and not isinstance(value, dict):
            self.problem(element.get("id") or "?", f"cf:{key} must be a JSON object")
        return value if isinstance(value, dict) else {}

    # -- tasks ---------------------------------------------------------------------------------------------
    def _task(self, element: Any) -> dict:
        element_id = element.get("id")
        step: dict[str, Any] = {"type": "task", "title": element.get("name") or self.ids[element_id]}
        step["assign"] = self.cf(element, "assign") or self._assign(element)
        for key in ("form", "due"):
            value = self.cf(element, key)
            if value is not None:
                step[key] = value
        step |= self._options(element)
        self._task_boundaries(element, step)
        outs = self.out.get(element_id, [])
        gateway = self.nodes.get(outs[0].get("targetRef")) if len(outs) == 1 else None
        if gateway is not None and self._is_outcome_gateway(gateway):
            outs = self.out.get(gateway.get("id"), [])
            routes = self._outcome_routes(gateway, outs)
        elif len(outs) > 1:
            routes = self._outcome_routes(element, outs)
        else:
            routes = []
        outcomes = self.cf(element, "outcomes")
        if routes:
            labels = {oid: label for oid, label, _ in routes}
            step["outcomes"] = outcomes or [{"id": oid, "label": label} for oid, label in labels.items()]
            step["next"] = {oid: target for oid, _, target in routes}
        else:
            step["outcomes"] = outcomes or [{"id": "done", "label": "Done"}]
            nxt = self._next(element)
            if nxt is not None:
                step["next"] = nxt
        return step

    def _assign(self, element: Any) -> dict:
        groups = element.get(f"{{{CAMUNDA}}}candidateGroups") or self.lanes.get(element.get("id"), "")
        team = self.teams.get(groups.split(",")[0].strip().lower()) if groups else None
        if team is None:
            why = f'no team called "{groups}" in this council' if groups else "no team"
            self.problem(
                element.get("id"),
                f"{why}: put the task in a lane named after a team, or set camunda:candidateGroups or cf:assign",
            )
            return {}
        return {"team": team}

    def _is_outcome_gateway(self, gateway: Any) -> bool:
        """The gateway right after one task that routes by that task's outcome (ours, or named flows only)."""
        if _local(gateway) != "exclusiveGateway" or len(self.into.get(gateway.get("id"), [])) != 1:
            return False
        before = self.nodes.get(self.into[gateway.get("id")][0].get("sourceRef"))
        if before is None or _local(before) not in ("userTask", "manualTask"):
            return False
        if gateway.get(f"{{{CF}}}type") == "outcome":
            return True
        outs = self.out.get(gateway.get("id"), [])
        return len(outs) > 1 and all(f.get("name") and f.find(f"{{{BPMN}}}conditionExpression") is None for f in outs)

    def _outcome_routes(self, source: Any, flows: list[Any]) -> list[tuple[str, str, str]]:
        """(outcome id, label, target) for each outcome: from our cf:condition, else from the flow's name."""
        routes: list[tuple[str, str, str]] = []
        for flow in flows:
            condition = self.cf(flow, "condition")
            target = self.target(flow)
            if isinstance(condition, dict) and "==" in condition:
                routes.append((condition["=="][1], flow.get("name") or condition["=="][1], target))
            elif isinstance(condition, dict) and "in" in condition:
                names = (flow.get("name") or "").split(" or ")
                for n, outcome in enumerate(condition["in"][1]):
                    routes.append((outcome, names[n] if len(names) == len(condition["in"][1]) else outcome, target))
            elif flow.get("name"):
                routes.append((_slug(flow.get("name")), flow.get("name"), target))
            else:
                self.problem(flow.get("id"), f"a flow out of {source.get('id')} needs a name: it is the task's outcome")
        return routes

    def _plain(self, element: Any) -> dict | None:
        """task, sendTask, serviceTask, receiveTask: the step type from cf:type, else from the element."""
        kind = (
            element.get(f"{{{CF}}}type")
            or {
                "sendTask": "notify",
                "serviceTask": "connector",
                "receiveTask": "wait_for_customer",
                "task": "task",
            }[_local(element)]
        )
        if kind == "task":
            return self._task(element)
        step: dict[str, Any] = {"type": kind} | self._options(element)
        if kind == "notify" and "template" not in step:
            name = element.get("name") or "An update on your case"
            step |= {"to": "resident", "template": {"subject": f"{name} (((reference)))", "body": name}}
        if kind == "connector" and "connector" not in step:
            self.problem(element.get("id"), "a service task needs cf:options with its connector slot")
            return None
        nxt = self._next(element)
        if nxt is not None:
            step["next"] = nxt
        boundary = self._timeout(element)
        if boundary is not None:
            step["timeout"] = boundary
        return step

    # -- gateways, events ----------------------------------------------------------------------------------
    def _decision(self, element: Any) -> dict:
        step: dict[str, Any] = {"type": "decision", "branches": []}
        default = element.get("default")
        for flow in self.out.get(element.get("id"), []):
            if flow.get("id") == default:
                step["otherwise"] = self.target(flow)
                continue
            when = self._condition(flow)
            if when is not None:
                step["branches"].append({"when": when, "next": self.target(flow)})
        if "otherwise" not in step:
            self.problem(element.get("id"), "a decision gateway needs a default flow (the otherwise branch)")
        return step

    def _condition(self, flow: Any) -> Any:
        condition = self.cf(flow, "condition")
        if condition is not None:
            return condition
        expression = flow.find(f"{{{BPMN}}}conditionExpression")
        if expression is None or not (expression.text or "").strip():
            self.problem(flow.get("id"), "a flow out of a decision needs a condition, or must be the default flow")
            return None
        if len(expression.text) > MAX_EXPRESSION_CHARS:
            self.problem(flow.get("id"), f"the condition is longer than {MAX_EXPRESSION_CHARS} characters")
            return None
        try:
            return expression_condition(expression.text)
        except ExpressionUnsupported as error:
            self.problem(flow.get("id"), f"condition {expression.text.strip()!r}: {error}")
            return None

    def _event_gateway(self, element: Any) -> dict | None:
        """An event-based gateway is a deferred choice: its targets (waits, timers, tasks) are the options."""
        element_id = element.get("id")
        outs = self.out.get(element_id, [])
        if len(outs) < 2:
            self.problem(element_id, "an event-based gateway needs at least 2 outgoing flows (one per event)")
            return None
        return {"type": "first_of", "options": [self.target(f) for f in outs]}

    def _parallel(self, element: Any) -> dict | None:
        element_id = element.get("id")
        outs, ins = self.out.get(element_id, []), self.into.get(element_id, [])
        if len(outs) > 1 and len(ins) <= 1:
            return {"type": "split", "branches": [self.target(f) for f in outs]}
        if len(outs) == 1:
            mode = element.get(f"{{{CF}}}mode") or "all"
            if _local(element) == "complexGateway" and not element.get(f"{{{CF}}}mode"):
                self.problem(element_id, 'a complex gateway needs cf:mode ("all", "first" or "first_others_finish")')
            return {"type": "join", "mode": mode, "next": self.target(outs[0])}
        self.problem(
            element_id, "a parallel gateway either splits (one in, several out) or joins (several in, one out)"
        )
        return None

    def _catch(self, element: Any) -> dict | None:
        element_id = element.get("id")
        timer = element.find(f"{{{BPMN}}}timerEventDefinition")
        if element.find(f"{{{BPMN}}}messageEventDefinition") is not None:
            step: dict[str, Any] = {"type": element.get(f"{{{CF}}}type") or "wait_for_customer"}
            step |= self._options(element)
        elif timer is not None:
            step = {"type": "timer"} | self._options(element) | self._timer(element, timer)
        else:
            self.problem(element_id, "only timer and message catch events are supported")
            return None
        nxt = self._next(element)
        if nxt is not None:
            step["next"] = nxt
        return step

    def _timer(self, element: Any, timer: Any) -> dict:
        for key, step_key in (("duration", "wait"), ("until", "until")):
            value = self.cf(element, key)
            if value is not None:
                return {step_key: value}
        duration, date = timer.find(f"{{{BPMN}}}timeDuration"), timer.find(f"{{{BPMN}}}timeDate")
        if duration is not None and (duration.text or "").strip():
            wait = iso_duration_parse(duration.text.strip())
            if wait is None:
                self.problem(
                    element.get("id"), f"timer {duration.text.strip()!r}: use whole days (P5D) or hours (PT4H)"
                )
                return {}
            return {"wait": wait}
        if date is not None and (date.text or "").strip():
            try:
                value = expression_condition(f"{date.text.strip()} == 1")["=="][0]
            except (ExpressionUnsupported, TypeError):
                value = None
            if isinstance(value, dict) and "var" in value:
                return {"until": {"field": value["var"]}}
            self.problem(element.get("id"), "a timer date must be a date the case holds, e.g. data.event_date")
            return {}
        self.problem(element.get("id"), "a timer needs a duration or a date (cycles are not supported)")
        return {}

    def _timeout(self, element: Any) -> dict | None:
        for boundary in self.boundaries.get(element.get("id"), []):
            timer = boundary.find(f"{{{BPMN}}}timerEventDefinition")
            outs = self.out.get(boundary.get("id"), [])
            after = self._timer(boundary, timer).get("wait") if timer is not None else None
            if after is not None and len(outs) == 1:
                return {"after": after, "next": self.target(outs[0])}
        return None

    def _boundary_check(self, element: Any) -> None:
        if self._task_host(element) is not None:
            return  # read by the task (_task_boundaries)
        host = self.nodes.get(element.get("attachedToRef"))
        waits = ("receiveTask", "intermediateCatchEvent")
        if host is None or _local(host) not in waits or element.find(f"{{{BPMN}}}timerEventDefinition") is None:
            self.problem(
                element.get("id"),
                "only a timer on a wait (receive task), as its timeout, or a timer or message on an officer's task is supported",
            )
        elif len(self.out.get(element.get("id"), [])) != 1:
            self.problem(element.get("id"), "a timeout needs exactly one outgoing flow")

    def _end(self, element: Any) -> dict | None:
        kinds = [_local(c) for c in element if _local(c).endswith("EventDefinition")]
        if any(k != "terminateEventDefinition" for k in kinds):
            self.problem(element.get("id"), f"an end event with a {kinds[0]} is not supported")
            return None
        outcome = element.get(f"{{{CF}}}outcome") or _outcome_from_name(element.get("name") or "")
        step: dict[str, Any] = {"type": "end", "outcome": outcome} | self._options(element)
        if element.get("name") and element.get(f"{{{CF}}}generatedName") != "true":
            step["title"] = element.get("name")
        return step


def _slug(text: str) -> str:
    slug = re.sub(r"_+", "_", re.sub(r"[^a-z0-9]+", "_", text.lower())).strip("_")[:40].rstrip("_")
    return slug if slug and slug[0].isalpha() else f"step_{slug}"[:40]


def _outcome_from_name(name: str) -> str:
    """An end event named like an outcome ("Refused", "No action") ends with it; anything else resolves."""
    wanted = name.strip().lower()
    for outcome, words in OUTCOME_WORDS.items():
        if wanted in (outcome.replace("_", " "), str(words).lower()):
            return outcome
    return "resolved"


def iso_duration_parse(text: str) -> dict | None:
    """P5D, P2W, PT4H (whole days, weeks or hours) as a language duration; anything finer is None."""
    match = re.fullmatch(r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?", text.upper())
    if not match or not any(match.groups()):
        return None
    weeks, days, hours, minutes = (int(g or 0) for g in match.groups())
    if minutes % 60:
        return None
    hours += minutes // 60
    if hours:
        return {"hours": hours + 24 * (days + 7 * weeks)}
    return {"days": days + 7 * weeks}
