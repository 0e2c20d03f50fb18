"""Optimistic concurrency for officer edits: every form carries the version of the case it was drawn from."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from councils.scoping import council_ids_for

from ..exceptions import CaseConflict, NotAllowed
from ..models import Case


def case_lock_for_edit(user: AbstractBaseUser, case: Case, *, version: int) -> Case:
    """The case row, locked for this transaction, if the officer may work on it and nobody changed it since `version`.

    Call inside `transaction.atomic()`. Raises CaseConflict for a stale form, so a save never overwrites
    another officer's change unseen.
    """
    if case.council_id not in council_ids_for(user, "work_cases"):
        raise NotAllowed("You do not work on this council's cases")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.version != version:
        raise CaseConflict(expected=version, current=locked.version)
    return locked


def case_version_bump(case: Case, *fields: str) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version"])
