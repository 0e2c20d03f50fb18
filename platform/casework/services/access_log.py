"""Who looked: one insert per officer view of a case page, read by council administrators in the admin."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from ..models import Case, CaseAccess


def case_access_record(user: AbstractBaseUser, case: Case) -> CaseAccess:
    """Record that `user` opened `case` (a single INSERT: the case page's query count is pinned)."""
    return CaseAccess.objects.create(case_id=case.pk, council_id=case.council_id, user_id=user.pk)
