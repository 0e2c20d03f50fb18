"""The viewflow nodes of a multi-instance task (workflows/multi_instance.py): a fan-out and a sequential step-on.

Parallel: `<step>` (InstancesFanOut) creates one `<step>__each` officer task per item, each with its own split
token, and they meet at `<step>__done`, a viewflow Join whose continue-condition counts the done instances
(so "any" and "at least k" cancel the rest under the case's flow lock, exactly once). Sequential: the fan-out
creates the first instance only, and `<step>__more` (InstancesNext) creates the next one or goes on.
Like engine_adapter.py this leans on viewflow internals: `Node._create`, `Token.split_token_source` and the
status decorators; tests/workflows/test_multi_instance_engine.py fails when one has gone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge, Node
from viewflow.workflow.status import STATUS
from viewflow.workflow.token import Token

from .multi_instance import instance_data, instances_needed

ItemsReader = Callable[[Any], list]


class InstancesFanOutActivation(Activation):
    """Reads the items when the step is reached and creates the instances (or, with none, goes straight on)."""

    items: list

    @Activation.status.super()
    def activate(self) -> None:
        self.items = self.flow_task.items(self)
        # The sequential step-on reads the rest of the list from here, as it was when the step began.
        self.task.data = {"items": self.items} if self.flow_task.multiple.get("order") == "sequential" else {}
        self.task.save(update_fields=["data"])

    @Activation.status.super()
    def create_next(self) -> Iterator[Activation]:
        node = self.flow_task
        items = getattr(self, "items", None)
        if items is None:  # a revived task: read the list again
            items = node.items(self)
        if not items:
            yield node.after._create(self, self.task.token)
        elif node.multiple.get("order") == "sequential":
            yield node.instance._create(self, self.task.token, data=_data(node, items, 0, self.task.pk))
        else:
            tokens = Token.split_token_source(self.task.token, self.task.pk)
            for index in range(len(items)):
                yield node.instance._create(self, next(tokens), data=_data(node, items, index, self.task.pk))


def _data(node: Any, items: list, index: int, fan_out: int) -> dict:
    return {**instance_data(node.multiple, items, index), "fan_out": fan_out}


class InstancesFanOut(Node):
    """The step itself: a gateway that opens the instances (`instance`) or, with no items, leads to `after`."""

    activation_class = InstancesFanOutActivation
    task_type = "PARALLEL_GATEWAY"
    bpmn_element = "parallelGateway"
    shape = flow.Split.shape

    def __init__(self, *, multiple: dict, items: ItemsReader, instance: Any, after: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.multiple = multiple
        self.items = items
        self.instance = instance
        self.after = after

    def _resolve(self, instance: Any) -> None:
        super()._resolve(instance)
        self.instance = this.resolve(instance, self.instance)
        self.after = this.resolve(instance, self.after)

    def _outgoing(self) -> Iterator[Edge]:
        yield Edge(src=self, dst=self.instance, edge_class="next")
        yield Edge(src=self, dst=self.after, edge_class="default")


class InstancesNextActivation(Activation):
    """After a sequential instance: the next item's instance, or on once enough are done."""

    next_step: tuple[Any, dict | None]

    @Activation.status.super()
    def activate(self) -> None:
        node = self.flow_task
        done = self.task.previous.get()
        fan_out = self.flow_class.task_class._default_manager.get(pk=done.data["fan_out"])
        items = fan_out.data.get("items", [])
        count = done.data["instance"]["index"] + 1
        if count >= instances_needed(node.multiple, len(items)):
            self.next_step = (node.after, None)
        else:
            self.next_step = (node.instance, _data(node, items, count, fan_out.pk))

    @Activation.status.super()
    def create_next(self) -> Iterator[Activation]:
        target, data = self.next_step
        yield target._create(self, self.task.token, data=data)


class InstancesNext(Node):
    """`<step>__more`: between one sequential instance and the next."""

    activation_class = InstancesNextActivation
    task_type = "SWITCH"
    bpmn_element = "exclusiveGateway"
    shape = flow.Switch.shape

    def __init__(self, *, multiple: dict, instance: Any, after: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.multiple = multiple
        self.instance = instance
        self.after = after

    def _resolve(self, instance: Any) -> None:
        super()._resolve(instance)
        self.instance = this.resolve(instance, self.instance)
        self.after = this.resolve(instance, self.after)

    def _outgoing(self) -> Iterator[Edge]:
        yield Edge(src=self, dst=self.instance, edge_class="cond_true")
        yield Edge(src=self, dst=self.after, edge_class="default")


def instances_enough(multiple: dict) -> Callable[[Any, Any], bool]:
    """The parallel join's continue-condition: enough instances are done ("all" waits for every one)."""

    def enough(activation: Any, active_tasks: Any) -> bool:
        arrived = list(activation.task.previous.filter(status=STATUS.DONE).only("data"))
        if not arrived:
            return False
        total = arrived[0].data.get("instance", {}).get("of", len(arrived))
        return len(arrived) >= instances_needed(multiple, total)

    return enough
