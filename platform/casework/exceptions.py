"""Domain exceptions of casework; views translate them to pages and status codes."""

from __future__ import annotations


class CaseworkError(Exception):
    """Base class: a request that the case's current state does not allow."""


class SubmissionInvalid(CaseworkError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(f"{len(errors)} answer(s) need correcting")


class ServiceNotAccepting(CaseworkError):
    pass


class TaskNotAvailable(CaseworkError):
    """The task was completed, cancelled, or claimed by someone else in the meantime."""


class NotAllowed(CaseworkError):
    """The officer may see the case but not do this to it (e.g. not in the task's team)."""


class CaseConflict(CaseworkError):
    """The case changed since the officer loaded it (optimistic concurrency)."""

    def __init__(self, *, expected: int, current: int):
        self.expected = expected
        self.current = current
        super().__init__(f"case is at version {current}, the form was for version {expected}")
