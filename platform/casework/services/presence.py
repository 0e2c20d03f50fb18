"""Who else has a case open: heartbeats every ~15 s, and anyone silent for PRESENCE_TIMEOUT is gone."""
from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case as DbCase, F, Q, Value, When
from django.utils import timezone

from ..models import Case, CasePresence

HEARTBEAT_SECONDS = 15
PRESENCE_TIMEOUT = timedelta(seconds=40)  # a missed beat or two is tolerated; gone well within a minute


def presence_heartbeat(user: AbstractBaseUser, case: Case) -> None:
    """Record that `user` is on the case page; a visit after a gap starts a new "open since"."""
    now = timezone.now()
    gap = Q(last_seen__lt=now - PRESENCE_TIMEOUT)
    updated = CasePresence.objects.filter(case=case, user=user).update(
        last_seen=now, opened_at=DbCase(When(gap, then=Value(now)), default=F("opened_at"))
    )
    if not updated:  # first visit: an upsert, so two tabs opening at once cannot collide
        CasePresence.objects.bulk_create(
            [CasePresence(case=case, user=user, opened_at=now, last_seen=now)],
            update_conflicts=True, unique_fields=["case", "user"], update_fields=["last_seen"],
        )


def presence_leave(user: AbstractBaseUser, case: Case) -> None:
    CasePresence.objects.filter(case=case, user=user).delete()


def presence_others(case: Case, user: AbstractBaseUser) -> list[CasePresence]:
    since = timezone.now() - PRESENCE_TIMEOUT
    return list(
        CasePresence.objects.filter(case=case, last_seen__gte=since).exclude(user=user).select_related("user").order_by("opened_at")
    )


def presence_by_case(case_ids: list[int], user: AbstractBaseUser) -> dict[int, list[CasePresence]]:
    """Officers currently on each of these cases (for inbox rows), in one query."""
    if not case_ids:
        return {}
    since = timezone.now() - PRESENCE_TIMEOUT
    found: dict[int, list[CasePresence]] = {}
    rows = CasePresence.objects.filter(case_id__in=case_ids, last_seen__gte=since).exclude(user=user).select_related("user")
    for row in rows.order_by("opened_at"):
        found.setdefault(row.case_id, []).append(row)
    return found
