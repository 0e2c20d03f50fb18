"""Who else has a case open: heartbeats every ~15 s, and anyone silent for PRESENCE_TIMEOUT is gone."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.utils import timezone

from ..models import Case, CasePresence

HEARTBEAT_SECONDS = 15
PRESENCE_TIMEOUT = timedelta(seconds=40)  # a missed beat or two is tolerated; gone well within a minute


def presence_heartbeat(user: AbstractBaseUser, case: Case) -> None:
    """Record that `user` is on the case page; a visit after a gap starts a new "open since".

    One upsert statement (valid on PostgreSQL and SQLite): two tabs opening at once cannot collide, and a
    first visit costs one round trip instead of an update, then an insert in its own transaction. The ORM's
    bulk_create(update_conflicts=...) cannot express the conditional reset of opened_at.
    """
    now = timezone.now()
    table = connection.ops.quote_name(CasePresence._meta.db_table)
    fields = {f.name: f for f in CasePresence._meta.concrete_fields}
    stamp = fields["last_seen"].get_db_prep_save(now, connection)
    stale = fields["last_seen"].get_db_prep_save(now - PRESENCE_TIMEOUT, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (case_id, user_id, opened_at, last_seen) VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT (case_id, user_id) DO UPDATE SET last_seen = excluded.last_seen, "
            f"opened_at = CASE WHEN {table}.last_seen < %s THEN excluded.opened_at ELSE {table}.opened_at END",
            [case.pk, user.pk, stamp, stamp, stale],
        )


def presence_leave(user: AbstractBaseUser, case: Case) -> None:
    CasePresence.objects.filter(case=case, user=user).delete()


def presence_others(case: Case, user: AbstractBaseUser) -> list[CasePresence]:
    since = timezone.now() - PRESENCE_TIMEOUT
    return list(
        CasePresence.objects.filter(case=case, last_seen__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("opened_at")
    )


def presence_by_case(case_ids: list[int], user: AbstractBaseUser) -> dict[int, list[CasePresence]]:
    """Officers currently on each of these cases (for inbox rows), in one query."""
    if not case_ids:
        return {}
    since = timezone.now() - PRESENCE_TIMEOUT
    found: dict[int, list[CasePresence]] = {}
    rows = (
        CasePresence.objects.filter(case_id__in=case_ids, last_seen__gte=since)
        .exclude(user=user)
        .select_related("user")
    )
    for row in rows.order_by("opened_at"):
        found.setdefault(row.case_id, []).append(row)
    return found
