"""Run an exported BPMN document in SpiffWorkflow, an independent BPMN engine, the way a Councilflow case runs.

The process data is the four dicts our condition expressions read (`data`, `outcomes`, `task`, `case`).
Spiff evaluates timer expressions as Python, whereas BPMN (and Camunda) write them bare (`P28D`), so the
script engine here returns an ISO 8601 text as itself. Firing a timer moves its due moment into the past,
as `timers_due_now` does for Councilflow.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

logging.getLogger("spiff").setLevel(logging.WARNING)
ISO_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$")


class BpmnScriptEngine(PythonScriptEngine):
    """Evaluates our expressions; a bare ISO 8601 duration is a value, as the BPMN spec writes it."""

    def evaluate(self, task, expression, external_context=None):  # type: ignore[no-untyped-def]
        if ISO_DURATION.match(expression.strip()):
            return expression.strip()
        return super().evaluate(task, expression, external_context)


class SpiffRun:
    """One process instance of the exported document; `visited` lists the step ids it has completed."""

    def __init__(self, xml: str, *, answers: dict[str, Any]) -> None:
        parser = BpmnParser()
        parser.add_bpmn_xml(etree.fromstring(xml.encode()))
        process_id = parser.get_process_ids()[0]
        self.reached: set[str] = set()
        self.end_ids = {e.get("id") for e in etree.fromstring(xml.encode()).iter("{*}endEvent")}
        self.workflow = BpmnWorkflow(parser.get_spec(process_id), script_engine=BpmnScriptEngine())
        start = self.workflow.get_tasks(state=TaskState.READY)[0]
        start.data.update({"data": answers, "outcomes": {}, "task": {}, "case": {}})
        self._advance()

    def _advance(self) -> None:
        """Run the engine, then every ready element that needs no one (BPMN leaves a plain task's
        behaviour open; Spiff waits for someone to run it): our set_status, set_field and notify steps."""
        self.workflow.do_engine_steps()
        self._note()
        while automatic := [t for t in self.workflow.get_tasks(state=TaskState.READY) if not self._human(t)]:
            automatic[0].run()
            self.workflow.do_engine_steps()
            self._note()

    def _note(self) -> None:
        """Remember every element the token has reached, including a wait a timeout later cancels."""
        reached = self.workflow.get_tasks(state=TaskState.READY | TaskState.WAITING | TaskState.COMPLETED)
        self.reached.update(t.task_spec.name for t in reached)

    @staticmethod
    def _human(task: Any) -> bool:
        return type(task.task_spec).__name__ in ("UserTask", "ReceiveTask")

    def _task(self, step: str, state: TaskState) -> Any:
        tasks = [t for t in self.workflow.get_tasks(state=state) if t.task_spec.name == step]
        assert tasks, f"{step} is not {state!r} in Spiff; ready: {self.ready()}"
        return tasks[0]

    def ready(self) -> list[str]:
        return sorted(t.task_spec.name for t in self.workflow.get_tasks(state=TaskState.READY))

    def task_complete(self, step: str, outcome: str) -> None:
        task = self._task(step, TaskState.READY)
        task.data.setdefault("outcomes", {})[step] = outcome
        task.run()
        self._advance()

    def reply(self, step: str, message: str = "customer_reply") -> None:
        """The resident (or a system) answers a wait: the message its receive task waits for arrives."""
        self._task(step, TaskState.WAITING)
        self.workflow.catch(BpmnEvent(MessageEventDefinition(message), {}))
        self._advance()

    def timer_fire(self, name: str) -> None:
        task = self._task(name, TaskState.WAITING)
        task._set_internal_data(event_value=(datetime.now(UTC) - timedelta(seconds=1)).isoformat())
        self.workflow.refresh_timers()
        self._advance()

    def visited(self) -> list[str]:
        """Step ids reached (helper elements, whose ids hold `__`, and Spiff's own left out)."""
        return sorted(n for n in self.reached if "__" not in n and "." not in n and n not in ("Start", "End"))

    def end_reached(self) -> str:
        ends = [t.task_spec.name for t in self.workflow.get_tasks(state=TaskState.COMPLETED)]
        assert self.workflow.is_completed(), f"Spiff has not finished; ready: {self.ready()}"
        return next(n for n in ends if n in self.end_ids)
