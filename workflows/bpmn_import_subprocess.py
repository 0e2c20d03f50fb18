"""Embedded sub-processes inlined into their parent before reading, so their steps become the process's own.

A sub-process drawn once is not a shared piece (that is a fragment, which BPMN would call a call activity),
so its content moves up: the flows into it lead to what its start leads to, the flows into its plain end
events lead to where its one outgoing flow goes (without one, its ends end the case). Element ids are unique
in a BPMN document, so nothing is renamed. A task inside inherits the sub-process's lane when it has none.
What cannot be inlined faithfully is one problem on the sub-process's id.
"""

from __future__ import annotations

from typing import Any

from councilflow.errors import DefinitionProblem

from .bpmn_import_boundaries import BPMN, definitions, local

MAX_NESTING = 5
MAX_SUBPROCESSES = 50  # each inlining scans its container's flows: a cap keeps a hostile file linear
KEEP_ON_SUBPROCESS = {"incoming", "outgoing", "extensionElements", "documentation"}


def subprocesses_inline(container: Any, process: Any, problems: list[DefinitionProblem], depth: int = 0) -> None:
    """Inline every `subProcess` of `container` (innermost first); `process` holds the flows' lanes."""
    if depth == 0:
        count = sum(1 for _ in container.iter(f"{{{BPMN}}}subProcess"))
        if count > MAX_SUBPROCESSES:
            problems.append(DefinitionProblem("/", f"{count} sub-processes: at most {MAX_SUBPROCESSES} are read"))
            for sub in [child for child in container if local(child) == "subProcess"]:
                container.remove(sub)
            return
    for sub in [child for child in container if local(child) == "subProcess"]:
        if depth >= MAX_NESTING:
            problems.append(DefinitionProblem(sub.get("id"), f"sub-processes nest more than {MAX_NESTING} deep"))
            container.remove(sub)
            continue
        subprocesses_inline(sub, process, problems, depth + 1)
        why = _refusal(sub, container)
        if why:
            problems.append(DefinitionProblem(sub.get("id"), why))
            container.remove(sub)
            continue
        _inline(sub, container, process, problems)


def _refusal(sub: Any, container: Any) -> str:
    sub_id = sub.get("id")
    if sub.get("triggeredByEvent", "").lower() == "true":
        return "an event sub-process is not supported; put a boundary event on the task it interrupts"
    if any(local(c).endswith("LoopCharacteristics") for c in sub):
        return "a repeated (multi-instance or loop) sub-process is not supported; use a task with multiple"
    starts = [c for c in sub if local(c) == "startEvent"]
    if len(starts) != 1 or definitions(starts[0]):
        return "a sub-process needs exactly one plain start event"
    if len(_flows(sub, source=starts[0].get("id"))) != 1:
        return "the sub-process's start event needs exactly one outgoing flow"
    if len(_flows(container, source=sub_id)) > 1:
        return "a sub-process with several outgoing flows: add a gateway after it"
    if any(local(c) == "boundaryEvent" and c.get("attachedToRef") == sub_id for c in container):
        return "a boundary event on a sub-process is not supported: attach it to the tasks inside"
    return ""


def _flows(container: Any, *, source: str | None = None, target: str | None = None) -> list[Any]:
    return [
        f
        for f in container.findall(f"{{{BPMN}}}sequenceFlow")
        if (source is None or f.get("sourceRef") == source) and (target is None or f.get("targetRef") == target)
    ]


def _inline(sub: Any, container: Any, process: Any, problems: list[DefinitionProblem]) -> None:
    sub_id = sub.get("id")
    start = next(c for c in sub if local(c) == "startEvent")
    (first,) = _flows(sub, source=start.get("id"))
    for flow in _flows(container, target=sub_id):
        flow.set("targetRef", first.get("targetRef"))
    sub.remove(first)
    sub.remove(start)
    outs = _flows(container, source=sub_id)
    if outs:
        after = outs[0].get("targetRef")
        for end in [c for c in sub if local(c) == "endEvent"]:
            if definitions(end):
                problems.append(
                    DefinitionProblem(end.get("id"), "inside a sub-process only a plain end event is supported")
                )
                continue
            for flow in _flows(sub, target=end.get("id")):
                flow.set("targetRef", after)
            sub.remove(end)
        container.remove(outs[0])
    moved = [c for c in sub if isinstance(c.tag, str) and local(c) not in KEEP_ON_SUBPROCESS]
    position = list(container).index(sub)
    for offset, child in enumerate(moved):
        container.insert(position + offset, child)
    container.remove(sub)
    _lanes_inherit(process, sub_id, [c.get("id") for c in moved if local(c) != "sequenceFlow"])


def _lanes_inherit(process: Any, sub_id: str, moved_ids: list[str]) -> None:
    refs = {ref.text.strip() for ref in process.iter(f"{{{BPMN}}}flowNodeRef") if ref.text}
    for lane in process.iter(f"{{{BPMN}}}lane"):
        if any((ref.text or "").strip() == sub_id for ref in lane.findall(f"{{{BPMN}}}flowNodeRef")):
            for moved_id in moved_ids:
                if moved_id not in refs:
                    ref = lane.makeelement(f"{{{BPMN}}}flowNodeRef", {})
                    ref.text = moved_id
                    lane.append(ref)
            return
