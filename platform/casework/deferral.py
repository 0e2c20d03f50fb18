"""Per-case work that a transaction can gather and do once at its end instead of on every event."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class PerCaseDeferral:
    """`run_or_defer(case_id)` does the work now, or once per case when the enclosing `deferred()` block ends.

    Use the block inside `transaction.atomic()`: the work is still done inside the transaction, and is
    skipped when the block raises (its transaction is rolled back).
    """

    def __init__(self, name: str, work: Callable[[int], None]) -> None:
        self._pending: ContextVar[set[int] | None] = ContextVar(name, default=None)
        self._work = work

    def run_or_defer(self, case_id: int) -> None:
        pending = self._pending.get()
        if pending is None:
            self._work(case_id)
        else:
            pending.add(case_id)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        pending: set[int] = set()
        token = self._pending.set(pending)
        try:
            yield
        finally:
            self._pending.reset(token)
        for case_id in sorted(pending):  # not reached when the block raised
            self._work(case_id)
