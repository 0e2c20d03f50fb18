"""What the engine needs from the layers above it, declared here so the engine never imports them.

`case_hooks` is implemented by casework (casework/engine_hooks.py, registered in CaseworkConfig.ready()):
the compiled nodes call it to fill in a case, open a task, change status, end the case, queue mail or a
back-office call. `connector_types` is implemented by connectors: the names of the connector types a
`connector` step may use, for the definition check.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from councilflow.ports import Port


class CaseTaskLike(Protocol):
    """The queue row of a human task, as much of it as the engine reads."""

    due_at: datetime | None


class CaseHooks(Protocol):
    """The case side of every engine step (each saves only the fields it changes and records an event)."""

    process_class: type[Any]  # the viewflow Process subclass flows run; it has `workflow_version` and `council`

    def case_initialise(self, case: Any, **start: Any) -> None: ...

    def case_task_open(self, activation: Any, *, step: dict) -> Any: ...

    def case_status_change(self, case: Any, status: str, *, reason: str = "") -> None: ...

    def case_field_set_by_workflow(self, case: Any, field: str, value: Any, *, step_id: str) -> None: ...

    def case_notification_queue(self, case: Any, *, step: dict) -> None: ...

    def case_end(self, case: Any, *, outcome: str, step: dict) -> None: ...

    def case_task_of(self, task_id: int) -> CaseTaskLike | None: ...

    def case_task_remind(self, case_task: Any, *, step: dict) -> None: ...

    def case_task_escalate(self, case_task: Any, *, step: dict) -> None: ...

    def case_task_interrupt(self, task_id: int, *, step: dict, item: dict, actor: Any) -> None: ...

    def case_task_instance_cancelled(self, task_id: int, *, reason: str) -> None: ...

    def case_wait_enter(self, case: Any, *, step: dict, task_id: int) -> None: ...

    def case_wait_remind(self, case: Any, *, step: dict) -> None: ...

    def case_wait_leave(self, case: Any, *, step: dict, how: str) -> None: ...

    def case_choice_decided(
        self, case: Any, *, step: dict, option: dict, withdrawn: list[tuple[dict, int]]
    ) -> None: ...

    def connector_call_enqueue(self, case: Any, *, slot: str, step_id: str, reply_task_id: int | None) -> Any: ...

    def case_migrated(self, case: Any, *, source: Any, target: Any, actor: Any, steps: list[str]) -> None: ...


class ConnectorTypes(Protocol):
    def connector_type_names(self) -> set[str]: ...

    def council_connector_slugs(self, council_id: int) -> set[str]: ...


case_hooks: Port[CaseHooks] = Port("workflows.ports.case_hooks", provider="casework")
connector_types: Port[ConnectorTypes] = Port("workflows.ports.connector_types", provider="connectors")
