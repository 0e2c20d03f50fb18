"""The one module that touches viewflow's internals: node subclasses and the private hooks they need.

A viewflow upgrade touches this file only. Everything here relies on names viewflow does not document
(activation status decorators and `.original()`, `lock_scope`, `Node._boundary_specs`, `Node._create`,
`Node._boundary_events`, the bodies of `Activation.create` and `ViewActivation.create`,
`Token.split_token_source`, `Activation._activate_next`, the lru_cached reference resolvers in
`viewflow.workflow.fields`);
`engine_adapter_problems()` checks each of them and the pinned version, and
tests/workflows/test_workflow_engine_adapter.py fails loudly when one has gone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from typing import Any

from django.core import checks
from django.db import transaction
from django.utils import timezone
from viewflow import this
from viewflow.fsm.base import TransitionBoundMethod
from viewflow.workflow import fields, flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge, Node
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.flow.nodes import TimerBoundary
from viewflow.workflow.lock import lock_scope
from viewflow.workflow.nodes.boundary import TimerBoundaryActivation
from viewflow.workflow.nodes.end import EndActivation
from viewflow.workflow.nodes.handle import HandleActivation
from viewflow.workflow.nodes.join import JoinActivation
from viewflow.workflow.nodes.start import StartHandleActivation
from viewflow.workflow.nodes.view import ViewActivation
from viewflow.workflow.signals import flow_started, task_finished, task_started
from viewflow.workflow.status import PROCESS, STATUS
from viewflow.workflow.token import Token

VIEWFLOW_VERSION = "2.4.0"  # the version these internals were read from (requirements.txt pins the same)
_REFERENCE_CACHES = (fields.import_flow_by_ref, fields.import_task_by_ref, fields.get_flow_ref, fields.get_task_ref)


def viewflow_version_problem() -> str:
    """Why the installed viewflow is not the one this module was written for ("" when it is)."""
    installed = version("django-viewflow")
    if installed != VIEWFLOW_VERSION:
        return f"django-viewflow is {installed}, workflows/engine_adapter.py was written for {VIEWFLOW_VERSION}"
    return ""


def engine_adapter_problems() -> list[str]:
    """What no longer matches the viewflow version and internals this module uses (empty when all is well)."""
    problems = [p for p in [viewflow_version_problem()] if p]
    if not isinstance(getattr(flow.View(lambda request: None), "_boundary_specs", None), list):
        problems.append("viewflow nodes no longer have a `_boundary_specs` list (boundary_timer_attach)")
    if not isinstance(getattr(flow.View(lambda request: None), "_boundary_events", None), list):
        problems.append("viewflow nodes no longer have a `_boundary_events` list (first_task_create)")
    for owner, name in (
        (Node, "_create"),
        (Activation, "_activate_next"),
        (StartHandleActivation, "execute"),
        (Activation, "create"),
        (ViewActivation, "create"),
        (EndActivation, "activate"),
        (HandleActivation, "activate"),
        (TimerBoundaryActivation, "execute"),
        (JoinActivation, "_join_token_prefixes"),
    ):
        if getattr(owner, name, None) is None:
            problems.append(f"{owner.__module__}.{owner.__qualname__}.{name} is gone")
    for name in ("super", "transition"):
        if not callable(getattr(Activation.status, name, None)):
            problems.append(f"viewflow's Activation.status.{name}() decorator is gone")
    if not callable(getattr(Token, "split_token_source", None)):
        problems.append("viewflow.workflow.token.Token.split_token_source is gone (multiple instances)")
    if not callable(getattr(TransitionBoundMethod, "original", None)):
        problems.append("viewflow's status-decorated methods no longer have `.original()` (viewflow.fsm.base)")
    for cached in _REFERENCE_CACHES:
        if not callable(getattr(cached, "cache_clear", None)):
            problems.append(f"viewflow.workflow.fields.{cached.__name__} is no longer lru_cached")
    return problems


def engine_adapter_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Django system check (`manage.py check`, every start-up): a viewflow upgrade that removed an internal fails loudly."""
    version_problem = viewflow_version_problem()
    found = [checks.Warning(version_problem, id="workflows.W001")] if version_problem else []
    return found + [checks.Error(p, id="workflows.E001") for p in engine_adapter_problems() if p != version_problem]


def boundary_timer_attach(node: Any, suffix: str, timer: Any) -> None:
    """Arm `timer` with `node` (named `<node>__<suffix>`): viewflow's own .Timeout() builds specs the same way."""
    node._boundary_specs.append((suffix, timer))


def task_create_after(node: Any, previous: Activation, token: Any) -> Activation:
    """Create `node`'s task as if `previous` (an End task's activation) had led to it, and activate it."""
    created = node._create(previous, token)
    previous._activate_next({created})
    return created


def flow_reference_caches_clear() -> None:
    """Forget viewflow's resolved `module/Class` references (tests: SQLite reuses primary keys, so `wd1` may change)."""
    for cached in _REFERENCE_CACHES:
        cached.cache_clear()


@contextmanager
def _no_lock(flow_class, process_pk):
    yield


class CaseStartActivation(StartHandleActivation):
    """viewflow's start, minus what a case's start never needs.

    The start function (runtime.case_started) has already inserted the case, so viewflow's second save
    of process and case is skipped; the row is uncommitted and so invisible to every other transaction,
    so the SELECT ... FOR UPDATE lock is skipped (lock_scope still runs what waits for lock release);
    no savepoint is made: a failure anywhere rolls the whole submission back anyway; and the start task
    is done in memory only, never stored, so neither is its link to the first task (`first_task_create`).
    Nothing reads a case's start task: the diagram marks the start done for every case
    (workflows/diagram.py), and a start cannot be undone. Nine SQL statements fewer on every submission
    (docs/architecture.md).
    """

    @Activation.status.super()
    def execute(self):
        task_started.send(sender=self.flow_class, process=self.process, task=self.task)
        with transaction.atomic(savepoint=False):
            if self.process.pk is None:
                self.process.save()
            with lock_scope(_no_lock, self.flow_class, self.process.pk):
                self.complete()
                flow_started.send(sender=self.flow_class, process=self.process, task=self.task)
                self.activate_next()

    @Activation.status.transition(source=STATUS.NEW, target=STATUS.DONE)
    def complete(self) -> None:
        """Done, in memory only (the class docstring says why)."""
        self.task.finished = timezone.now()
        task_finished.send(sender=self.flow_class, process=self.process, task=self.task)

    @Activation.status.super()
    def create_next(self) -> Iterator[Activation]:
        yield first_task_create(self.flow_task._next, self, self.task.token)


def first_task_create(node: Any, start: Activation, token: Any) -> Activation:
    """`node`'s task as viewflow's own `create` makes it, without the link to the start task (not stored).

    Only the two `create`s a first step's node can have are followed here (viewflow's base and `View`'s, each
    line for line); any other node type gets the start task stored and linked, exactly as viewflow does.
    """
    create = getattr(node.activation_class.create, "__func__", None)
    if create is not Activation.create.__func__ and create is not ViewActivation.create.__func__:
        start.task.save()
        return node._create(start, token)
    task = node.flow_class.task_class(process=start.process, flow_task=node, token=token)
    task.data = {}
    task.seed = None
    activation = node.activation_class(task)
    if create is ViewActivation.create.__func__:
        owner_permission = node.calc_owner_permission(activation)
        if owner_permission:
            task.owner_permission = owner_permission
            task.owner_permission_obj = node.calc_owner_permission_obj(activation)
        owner = node.calc_owner(activation)
        if owner:
            task.owner = owner
            task.status = STATUS.ASSIGNED
        task.save()
        if node._on_create is not None:
            node._on_create(activation)
    else:
        task.save()
    for boundary_event in node._boundary_events:  # Node._create's arming, with the host now stored
        boundary_event._arm(activation)
    return activation


class CaseStart(flow.StartHandle):
    """The start node of every compiled flow: see CaseStartActivation."""

    activation_class = CaseStartActivation


def _other_branches_cancel(activation: Activation) -> None:
    """Cancel every still-active task of the case but `activation`'s own (other branches, their joins and timers).

    Tasks in the middle of running in this very transaction (a split handing out its branches) are STARTED
    and finish by themselves; anything else that cannot be cancelled is an engine error, not ignored.
    """
    active = activation.process.task_set.exclude(
        status__in=[STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED, STATUS.ERROR]
    ).exclude(pk=activation.task.pk)
    for task in active.order_by("pk"):
        other = task.flow_task.activation_class(task)
        if other.cancel.can_proceed():
            other.cancel()
        elif task.status != STATUS.STARTED:
            raise FlowRuntimeError(f"Cannot cancel {task} ({task.status}) when the case ends")


def process_cancel(process: Any) -> int:
    """Cancel every active task of the case (tasks, waits, joins, timers) and mark its engine process cancelled.

    A case-level withdrawal or cancel: unlike viewflow's Flow.cancel it saves only the process's own two
    fields (the case row carries ours) and leaves locking to the caller (`flow_class.lock(case.pk)`).
    Returns how many tasks it cancelled.
    """
    active = process.task_set.exclude(status__in=[STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED])
    count = 0
    for task in active.order_by("pk"):
        task.refresh_from_db(fields=["status"])  # a wait's cancel already disarmed its own timers
        if task.status in (STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED):
            continue
        activation = task.flow_task.activation_class(task)
        if not activation.cancel.can_proceed():
            raise FlowRuntimeError(f"Cannot cancel {task} ({task.status}) when the case is cancelled")
        activation.cancel()
        count += 1
    process.status = PROCESS.CANCELED
    process.finished = timezone.now()
    process.save(update_fields=["status", "finished"])
    return count


class OutcomeEndActivation(EndActivation):
    """Records the case outcome, cancels the other branches, then finishes the process as viewflow's End does.

    An end anywhere ends the whole case (BPMN's terminate end): so one end event per case, never a case that
    is withdrawn in one branch while another branch keeps running and later resolves it.
    """

    @Activation.status.super()
    def activate(self):
        self.flow_task.on_end(self)
        _other_branches_cancel(self)
        super().activate.original()


class OutcomeEnd(flow.End):
    """An end step: `on_end` (runtime.case_end_hook) records the outcome on the case first."""

    activation_class = OutcomeEndActivation

    def __init__(self, outcome: str, *, on_end: Callable, **kwargs):
        super().__init__(**kwargs)
        self.outcome = outcome
        self.on_end = on_end


def officer_task_view(request, **kwargs):  # pragma: no cover - never routed
    """Placeholder: officers work tasks through Councilflow's own views (/work/tasks/<pk>/), not viewflow's."""
    raise NotImplementedError


class WaitActivation(HandleActivation):
    """A wait step: on arrival it runs its `on_enter` hook (status, outbox), then stays NEW until resumed."""

    @Activation.status.super()
    def activate(self):
        if self.flow_task.on_enter is not None:
            self.flow_task.on_enter(self)

    @Activation.status.transition(source=STATUS.NEW, target=STATUS.CANCELED)
    def cancel(self):
        """Cancelled by its timeout: viewflow only disarms boundaries of a *finished* host, so disarm the rest here."""
        super().cancel.original()
        armed = self.flow_class.task_class._default_manager.filter(
            previous=self.task, flow_task_type="TIMER", status__in=[STATUS.NEW, STATUS.SCHEDULED]
        )
        for task in armed:
            activation = task.flow_task.activation_class(task)
            if activation.cancel.can_proceed():
                activation.cancel()


class Wait(flow.Handle):
    """Waits for something outside the engine (the resident, a back office); `workflows.waits` resumes it."""

    activation_class = WaitActivation

    def __init__(self, *, on_enter: Callable | None = None, **kwargs):
        super().__init__(**kwargs)
        self.on_enter = on_enter


class ActionTimerActivation(TimerBoundaryActivation):
    """A non-interrupting timer on a task that does one thing (remind, escalate) and leads nowhere."""

    @Activation.status.transition(source=STATUS.STARTED)
    def execute(self):
        self.complete()
        self.flow_task.action(self)


class ActionTimer(TimerBoundary):
    """Armed with its host task and cancelled with it, so a finished task is never reminded or escalated.

    viewflow persists the due moment on the task row and fires it under the case's flow lock exactly once.
    """

    activation_class = ActionTimerActivation

    def __init__(self, attached_to, *, delay: Callable, action: Callable, **kwargs):
        super().__init__(attached_to, delay=delay, interrupting=False, **kwargs)
        self.action = action


class TimeoutTimerActivation(TimerBoundaryActivation):
    @Activation.status.transition(source=STATUS.STARTED)
    def execute(self):
        self.flow_task.on_fire(self)
        super().execute.original()


class TimeoutTimer(TimerBoundary):
    """An interrupting timeout on a wait: records why the case moved on, cancels the wait, takes `timeout.next`."""

    activation_class = TimeoutTimerActivation

    def __init__(self, attached_to, *, delay: Callable, on_fire: Callable, **kwargs):
        super().__init__(attached_to, delay=delay, interrupting=True, **kwargs)
        self.on_fire = on_fire


# ---- multiple instances (workflows/multi_instance.py, compiled by workflows/multi_instance_compile.py) ----
# Parallel: `<step>` (InstancesFanOut) creates one `<step>__each` task per item, each with its own split token,
# and they meet at `<step>__done`, a viewflow Join whose continue-condition (instances_enough) counts the done
# instances, so "any" and "at least k" cancel the rest under the case's flow lock, exactly once. Sequential:
# the fan-out creates the first instance only, and `<step>__more` (InstancesNext) the next one, or goes on.


class InstancesFanOutActivation(Activation):
    """Reads the items when the step is reached and creates the instances (or, with none, goes straight on)."""

    items: list

    @Activation.status.super()
    def activate(self) -> None:
        self.items = self.flow_task.items(self)
        # The sequential step-on reads the rest of the list from here, as it was when the step began.
        self.task.data = {"items": self.items} if self.flow_task.sequential else {}
        self.task.save(update_fields=["data"])

    @Activation.status.super()
    def create_next(self) -> Iterator[Activation]:
        node = self.flow_task
        items = getattr(self, "items", None)
        if items is None:  # a revived task: read the list again
            items = node.items(self)
        if not items:
            yield node.after._create(self, self.task.token)
        elif node.sequential:
            yield node.instance._create(self, self.task.token, data=_data(node, items, 0, self.task.pk))
        else:
            tokens = Token.split_token_source(self.task.token, self.task.pk)
            for index in range(len(items)):
                yield node.instance._create(self, next(tokens), data=_data(node, items, index, self.task.pk))


def _data(node: Any, items: list, index: int, fan_out: int) -> dict:
    return {**node.instance_data(items, index), "fan_out": fan_out}


class _InstanceRouting(Node):
    """A node leading either to an instance (`instance`) or on past the instances (`after`)."""

    instance_edge_class = "next"

    def __init__(self, *, instance: Any, after: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.instance, self.after = instance, after

    def _resolve(self, instance: Any) -> None:
        super()._resolve(instance)
        self.instance = this.resolve(instance, self.instance)
        self.after = this.resolve(instance, self.after)

    def _outgoing(self) -> Iterator[Edge]:
        yield Edge(src=self, dst=self.instance, edge_class=self.instance_edge_class)
        yield Edge(src=self, dst=self.after, edge_class="default")


class InstancesFanOut(_InstanceRouting):
    """The step itself: a gateway that opens the instances (`instance`) or, with no items, leads to `after`."""

    activation_class = InstancesFanOutActivation
    task_type = "PARALLEL_GATEWAY"
    bpmn_element = "parallelGateway"
    shape = flow.Split.shape

    def __init__(
        self,
        *,
        items: Callable[[Any], list],
        instance_data: Callable[[list, int], dict],
        sequential: bool,
        gate: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.items, self.instance_data, self.sequential = items, instance_data, sequential
        self.after_instances = gate  # the join (or step-on) the instances lead to: a `cancel_on` cancels it too

    def _resolve(self, instance: Any) -> None:
        super()._resolve(instance)
        self.after_instances = this.resolve(instance, self.after_instances)


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
        if count >= node.needed(len(items)):
            self.next_step = (node.after, None)
        else:
            self.next_step = (node.instance, _data(node, items, count, fan_out.pk))

    @Activation.status.super()
    def create_next(self) -> Iterator[Activation]:
        target, data = self.next_step
        yield target._create(self, self.task.token, data=data)


class InstancesNext(_InstanceRouting):
    """`<step>__more`: between one sequential instance and the next."""

    activation_class = InstancesNextActivation
    instance_edge_class = "cond_true"
    task_type = "SWITCH"
    bpmn_element = "exclusiveGateway"
    shape = flow.Switch.shape

    def __init__(
        self,
        *,
        instance_data: Callable[[list, int], dict],
        needed: Callable[[int], int],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.instance_data, self.needed = instance_data, needed


def instances_enough(needed: Callable[[int], int]) -> Callable[[Any, Any], bool]:
    """A parallel join's continue-condition: `needed(total)` of the fanned-out instances are done."""

    def enough(activation: Any, active_tasks: Any) -> bool:
        arrived = list(activation.task.previous.filter(status=STATUS.DONE).only("data"))
        if not arrived:
            return False
        total = arrived[0].data.get("instance", {}).get("of", len(arrived))
        return len(arrived) >= needed(total)

    return enough


class InstancesJoinActivation(JoinActivation):
    """A parallel join of instances ("any", "at least k"): says why each instance it cancels was cancelled."""

    def cancel_active_tasks(self, active_tasks: Any) -> None:
        for task in active_tasks.filter(flow_task_type="HUMAN").order_by("pk"):
            self.flow_task.on_cancel(task)
        super().cancel_active_tasks(active_tasks)


class InstancesJoin(flow.Join):
    """`<step>__done` when enough instances (not all) finish the step; `on_cancel(task)` records each one left over."""

    activation_class = InstancesJoinActivation

    def __init__(self, *, on_cancel: Callable[[Any], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_cancel = on_cancel


def boundary_timers_disarm(host_task: Any, *, keep: Any = None) -> None:
    """Cancel the still-armed boundary timers of `host_task` (but `keep`): viewflow disarms only a finished host's."""
    armed = host_task.flow_task.flow_class.task_class._default_manager.filter(
        previous=host_task, flow_task_type="TIMER", status__in=[STATUS.NEW, STATUS.SCHEDULED]
    )
    for task in armed.exclude(pk=getattr(keep, "pk", None)) if keep is not None else armed:
        activation = task.flow_task.activation_class(task)
        if activation.cancel.can_proceed():
            activation.cancel()


def task_interrupt(task: Any, *, next_node: Any, on_cancel: Callable[[Any], None]) -> Activation:
    """Cancel an open human task (and its timers) and carry its token on to `next_node` (a `cancel_on` event).

    An instance of a multi-instance task takes its whole set with it (instances_cancel); `on_cancel` is called
    with each human task just before it is cancelled, to record why.
    """
    activation = task.flow_task.activation_class(task)
    if not activation.cancel.can_proceed():
        raise FlowRuntimeError(f"Cannot interrupt {task} ({task.status})")
    if instance_fan_out(task) is not None:
        token = instances_cancel(task, on_cancel=on_cancel)
    else:
        on_cancel(task)
        activation.cancel()
        boundary_timers_disarm(task)
        token = task.token
    return task_create_after(next_node, activation, token)


def instance_fan_out(task: Any) -> int | None:
    """The fan-out task's id when `task` is an instance of a multi-instance task, else None."""
    fan_out = (task.data or {}).get("fan_out") if isinstance(task.data, dict) else None
    return fan_out if isinstance(fan_out, int) else None


_CLOSED = (STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED, STATUS.ERROR)


def instances_cancel(task: Any, *, on_cancel: Callable[[Any], None], keep: Any = None) -> Token:
    """Interrupt the whole set `task` belongs to: its open instances (with their timers, but `keep`) and the join
    or step-on waiting for them; returns the token the set was opened with, for the route taken instead.

    Done instances keep their outcomes. Called under the case's flow lock, so the set ends once.
    """
    manager = task.flow_task.flow_class.task_class._default_manager
    fan_out = manager.get(pk=instance_fan_out(task))
    siblings = manager.filter(process_id=task.process_id, flow_task=task.flow_task).exclude(status__in=_CLOSED)
    for sibling in siblings.order_by("pk"):
        if instance_fan_out(sibling) != fan_out.pk:
            continue  # an earlier or later visit of the same step
        activation = sibling.flow_task.activation_class(sibling)
        if not activation.cancel.can_proceed():
            raise FlowRuntimeError(f"Cannot interrupt {sibling} ({sibling.status})")
        on_cancel(sibling)
        activation.cancel()
        boundary_timers_disarm(sibling, keep=keep)
    gate = fan_out.flow_task.after_instances
    waiting = manager.filter(process_id=task.process_id, flow_task=gate, token=fan_out.token)
    for gate_task in waiting.exclude(status__in=_CLOSED):
        gate_activation = gate_task.flow_task.activation_class(gate_task)
        if gate_activation.cancel.can_proceed():
            gate_activation.cancel()
    return fan_out.token


class CancelOnTimerActivation(TimerBoundaryActivation):
    route_token: Token | None = None

    @Activation.status.transition(source=STATUS.STARTED)
    def execute(self) -> None:
        host = self.task.previous.first()
        if host is not None and instance_fan_out(host) is not None:
            self.route_token = instances_cancel(host, on_cancel=self.flow_task.on_cancel, keep=self.task)
        elif host is not None:
            boundary_timers_disarm(host, keep=self.task)  # a second `cancel_on` timer must not route again
            self.flow_task.on_cancel(host)
        super().execute.original()

    @Activation.status.super()
    def create_next(self) -> Iterator[Activation]:
        # An instance's timer routes the whole set on, with the set's token rather than the instance's own.
        yield self.flow_task._next._create(self, self.route_token or self.task.token)


class CancelOnTimer(TimerBoundary):
    """A task's `cancel_on: {after: ...}`: when it fires the task is cancelled and the case goes to its `next`.

    `on_cancel(task)` records each cancelled task (for an instance, every open instance of its set).
    """

    activation_class = CancelOnTimerActivation

    def __init__(self, attached_to: Any, *, delay: Callable, on_cancel: Callable[[Any], None], **kwargs: Any) -> None:
        super().__init__(attached_to, delay=delay, interrupting=True, **kwargs)
        self.on_cancel = on_cancel


# ---- the deferred choice (workflows/deferred_choice.py): `<choice>__first_<option>` after each option ----


class ChoiceWonActivation(JoinActivation):
    """The first option to finish arrives here: the hook hears which ones lose, then they are cancelled."""

    def cancel_active_tasks(self, active_tasks: Any) -> None:
        self.flow_task.on_won(self, self.flow_task.option, list(active_tasks))
        super().cancel_active_tasks(active_tasks)


class ChoiceWon(flow.Join):
    """A join that goes on at the first arrival and cancels every other task of its split (the other options)."""

    activation_class = ChoiceWonActivation

    def __init__(self, *, option: str, on_won: Callable, **kwargs: Any) -> None:
        super().__init__(continue_on_condition=_always, **kwargs)
        self.option, self.on_won = option, on_won


def _always(activation: Any, active_tasks: Any) -> bool:
    return True


# ---- join mode "first_others_finish": go on with the first branch, let the others finish (BPMN discriminator) ----


class FirstArrivalJoinActivation(JoinActivation):
    """The first branch to arrive goes on; a later branch of the same split ends here, and nothing is cancelled."""

    def is_done(self) -> bool:
        return bool(self._join_token_prefixes())  # any arrival completes this join task

    @Activation.status.super()
    def create_next(self) -> Iterator[Activation]:
        earlier = self.flow_class.task_class._default_manager.filter(
            process=self.process, flow_task=self.flow_task, token=self.task.token, status=STATUS.DONE
        ).exclude(pk=self.task.pk)
        if earlier.exists():
            return  # an earlier branch already went on: this one just ends
        yield from super().create_next.original()


class FirstArrivalJoin(flow.Join):
    activation_class = FirstArrivalJoinActivation
