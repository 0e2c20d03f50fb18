"""What the issues log raises itself from: the system's own failures, read as findings (one per cause).

Each finder returns the causes that are present now, with their evidence keys (one per occurrence, so a
repeat adds to the open item instead of raising another). A cause not found any more has cleared.
Chasers are residents adding information to a case that is still open (the portal's "add information").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone

from casework.models import CaseEvent, CaseStatus, CaseTask, EventKind, Service
from connectors.models import Connector, Delivery
from councils.models import Membership, TeamMembership

from ..models import DailyCaseFigures, KpiTarget, LogItem

IN_FLIGHT = (Delivery.Status.PENDING, Delivery.Status.SENDING)
# Causes reported as they happen (not re-found by a periodic look): cleared after this many quiet days.
REPORTED_QUIET_DAYS = 7
INFECTED_UPLOADS = "infected-uploads"


@dataclass
class Finding:
    council_id: int
    cause: str
    title: str
    description: str
    evidence: list[str]
    priority: str = LogItem.Priority.HIGH
    owner_id: int | None = None


def failing_minutes() -> int:
    return int(getattr(settings, "LOG_CONNECTOR_FAILING_MINUTES", 60))


def spike_factor() -> Decimal:
    return Decimal(str(getattr(settings, "LOG_SPIKE_FACTOR", 2)))


def spike_minimum() -> int:
    return int(getattr(settings, "LOG_SPIKE_MINIMUM", 3))


def _people(council_ids: set[int]) -> dict[tuple[int, str], int]:
    """The first person (by id) holding each role at each council: suggested owners."""
    people: dict[tuple[int, str], int] = {}
    for council_id, role, user_id in (
        Membership.objects.filter(council_id__in=council_ids)
        .order_by("user_id")
        .values_list("council_id", "role", "user_id")
    ):
        people.setdefault((council_id, role), user_id)
    return people


def _council_owner(people, council_id: int, *roles: str) -> int | None:
    return next((people[(council_id, r)] for r in roles if (council_id, r) in people), None)


def dead_letters_find(*, now: dt.datetime) -> list[Finding]:
    """Deliveries dead-lettered and not yet retried or cancelled, per connector (emails together)."""
    rows = list(
        Delivery.objects.filter(status=Delivery.Status.DEAD)
        .order_by("pk")
        .values_list("pk", "council_id", "connector_id", "connector__name", "last_error")
    )
    by_cause: dict[tuple[int, int | None], list] = defaultdict(list)
    for row in rows:
        by_cause[(row[1], row[2])].append(row)
    people = _people({c for c, _ in by_cause})
    findings = []
    for (council_id, connector_id), items in by_cause.items():
        name = items[0][3] or "email"
        what = f"connector {name}" if connector_id else "emails to people"
        ids = ", ".join(f"#{r[0]}" for r in items[:20]) + (" …" if len(items) > 20 else "")
        findings.append(
            Finding(
                council_id=council_id,
                cause=f"dead-letters:connector:{connector_id}" if connector_id else "dead-letters:email",
                title=f"Deliveries dead-lettered: {what}",
                description=(
                    f"{len(items)} {'delivery has' if len(items) == 1 else 'deliveries have'} stopped retrying and "
                    f"wait for someone to retry or cancel them (Admin → Deliveries, status Dead letter): {ids}. "
                    f"Last error: {items[-1][4][:300] or 'none recorded'}"
                ),
                evidence=[f"delivery:{r[0]}" for r in items],
                owner_id=_council_owner(people, council_id, Membership.Role.COUNCIL_ADMIN, Membership.Role.MANAGER),
            )
        )
    return findings


def connector_failing_find(*, now: dt.datetime) -> list[Finding]:
    """Connectors whose deliveries have been failing (and retrying) for longer than LOG_CONNECTOR_FAILING_MINUTES."""
    limit = now - dt.timedelta(minutes=failing_minutes())
    failing: dict[int, list[tuple[int, dt.datetime, str]]] = defaultdict(list)
    rows = Delivery.objects.filter(status__in=IN_FLIGHT, attempts__gte=1, connector__isnull=False).values_list(
        "pk", "connector_id", "attempt_log", "created_at", "last_error"
    )
    for pk, connector_id, log, created_at, error in rows:
        since = _first_failure(log) or created_at
        if since <= limit:
            failing[connector_id].append((pk, since, error))
    connectors = Connector.objects.in_bulk(failing.keys())
    people = _people({c.council_id for c in connectors.values()})
    findings = []
    for connector_id, items in failing.items():
        connector = connectors[connector_id]
        since = min(s for _, s, _ in items)
        findings.append(
            Finding(
                council_id=connector.council_id,
                cause=f"connector-failing:{connector_id}",
                title=f"Connector {connector.name} failing for more than {failing_minutes()} minutes",
                description=(
                    f"{len(items)} {'delivery' if len(items) == 1 else 'deliveries'} to {connector.name} "
                    f"{'has' if len(items) == 1 else 'have'} been failing since "
                    f"{timezone.localtime(since):%Y-%m-%d %H:%M} and {'is' if len(items) == 1 else 'are'} still "
                    f"retrying. Last error: {items[-1][2][:300] or 'none recorded'}"
                ),
                evidence=[f"delivery:{pk}" for pk, _, _ in items],
                priority=LogItem.Priority.CRITICAL,
                owner_id=_council_owner(
                    people, connector.council_id, Membership.Role.COUNCIL_ADMIN, Membership.Role.MANAGER
                ),
            )
        )
    return findings


def _first_failure(log: list) -> dt.datetime | None:
    for entry in log or ():
        try:
            return dt.datetime.fromisoformat(entry["at"])
        except (KeyError, TypeError, ValueError):
            continue
    return None


def _week_key(today: dt.date) -> str:
    year, week, _ = today.isocalendar()
    return f"week:{year}-W{week:02d}"


def sla_below_target_find(*, now: dt.datetime) -> list[Finding]:
    """Services whose share resolved within SLA over the last seven days is below the council's target."""
    today = timezone.localdate(now)
    start = today - dt.timedelta(days=7)
    targets = {t.council_id: t.target for t in KpiTarget.objects.filter(kpi="sla_met_pct")}
    if not targets:
        return []
    rows = (
        DailyCaseFigures.objects.filter(council_id__in=targets, day__gte=start, day__lt=today)
        .values("council_id", "service_id")
        .annotate(measured=Sum("sla_measured"), met=Sum("sla_met"))
        .filter(measured__gte=spike_minimum())
        .order_by()
    )
    below = [r for r in rows if Decimal(r["met"]) * 100 / Decimal(r["measured"]) < targets[r["council_id"]]]
    if not below:
        return []
    services = Service.objects.in_bulk({r["service_id"] for r in below})
    owners = _service_owners({r["service_id"] for r in below})
    people = _people({r["council_id"] for r in below})
    findings = []
    for r in below:
        service = services[r["service_id"]]
        pct = Decimal(r["met"]) * 100 / Decimal(r["measured"])
        target = targets[r["council_id"]]
        findings.append(
            Finding(
                council_id=r["council_id"],
                cause=f"sla-below-target:service:{service.pk}",
                title=f"{service.name}: resolved within SLA below target for a week",
                description=(
                    f"{r['met']} of {r['measured']} cases resolved from {start:%Y-%m-%d} to "
                    f"{today - dt.timedelta(days=1):%Y-%m-%d} were within the SLA of {service.sla_working_days} "
                    f"working days ({pct:.0f}%), against a target of {target:.0f}%."
                ),
                evidence=[_week_key(today)],
                owner_id=owners.get(service.pk)
                or _council_owner(people, r["council_id"], Membership.Role.MANAGER, Membership.Role.COUNCIL_ADMIN),
            )
        )
    return findings


def _service_owners(service_ids: set[int]) -> dict[int, int]:
    """The leader of the team that handles most of each service's tasks: the service's owner in practice."""
    busiest: dict[int, int] = {}
    for row in (
        CaseTask.objects.filter(case__service_id__in=service_ids, team__isnull=False)
        .values("case__service_id", "team_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
    ):
        busiest.setdefault(row["case__service_id"], row["team_id"])
    leaders = dict(
        TeamMembership.objects.filter(team_id__in=busiest.values(), is_leader=True)
        .order_by("-user_id")
        .values_list("team_id", "user_id")
    )
    return {service: leaders[team] for service, team in busiest.items() if team in leaders}


def _spikes(counts_recent: dict[int, int], counts_before: dict[int, int], weeks_before: int) -> dict[int, tuple]:
    """Councils whose last-seven-day count is at least the minimum and `spike_factor` times the weekly average."""
    out = {}
    for council_id, recent in counts_recent.items():
        average = Decimal(counts_before.get(council_id, 0)) / weeks_before
        if recent >= spike_minimum() and recent >= average * spike_factor():
            out[council_id] = (recent, average)
    return out


def reopen_spike_find(*, now: dt.datetime) -> list[Finding]:
    """A spike in reopened cases: last seven days against the weekly average of the four weeks before."""
    today = timezone.localdate(now)
    recent_start, before_start = today - dt.timedelta(days=7), today - dt.timedelta(days=35)

    def counts(start, end):
        return dict(
            DailyCaseFigures.objects.filter(day__gte=start, day__lt=end)
            .values("council_id")
            .annotate(n=Sum("reopenings"))
            .filter(n__gt=0)
            .order_by()
            .values_list("council_id", "n")
        )

    spikes = _spikes(counts(recent_start, today + dt.timedelta(days=1)), counts(before_start, recent_start), 4)
    return _spike_findings(spikes, today, cause="reopen-spike", what="reopened cases", noun="cases were reopened")


def chaser_spike_find(*, now: dt.datetime) -> list[Finding]:
    """A spike in residents chasing progress (adding information to a case still open)."""
    today = timezone.localdate(now)
    recent_start = now - dt.timedelta(days=7)
    before_start = now - dt.timedelta(days=35)
    chasers = CaseEvent.objects.filter(kind=EventKind.RESIDENT_ADDED_INFO).exclude(
        case__case_status__in=[CaseStatus.CLOSED]
    )

    def counts(start, end):
        return dict(
            chasers.filter(at__gte=start, at__lt=end)
            .values("case__council_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("case__council_id", "n")
        )

    spikes = _spikes(counts(recent_start, now), counts(before_start, recent_start), 4)
    return _spike_findings(
        spikes, today, cause="chaser-spike", what="residents chasing progress", noun="chasers came in"
    )


def _spike_findings(spikes: dict[int, tuple], today: dt.date, *, cause: str, what: str, noun: str) -> list[Finding]:
    people = _people(set(spikes))
    return [
        Finding(
            council_id=council_id,
            cause=cause,
            title=f"Spike in {what}",
            description=(
                f"{recent} {noun} in the seven days to {today:%Y-%m-%d}, against a weekly average of "
                f"{average:.1f} over the four weeks before. Failure demand: look for a cause in the "
                f"service or its messages."
            ),
            evidence=[_week_key(today)],
            priority=LogItem.Priority.MEDIUM,
            owner_id=_council_owner(people, council_id, Membership.Role.MANAGER, Membership.Role.COUNCIL_ADMIN),
        )
        for council_id, (recent, average) in spikes.items()
    ]


def reported_causes_active(*, now: dt.datetime) -> set[tuple[int, str]]:
    """(council, cause) of reported causes (infected uploads) seen within REPORTED_QUIET_DAYS."""
    quiet = (now - dt.timedelta(days=REPORTED_QUIET_DAYS)).isoformat()
    active = set()
    for council_id, cause, evidence in (
        LogItem.objects.filter(cause=INFECTED_UPLOADS)
        .exclude(status__in=LogItem.DONE)
        .values_list("council_id", "cause", "cause_evidence")
    ):
        if any(seen >= quiet for seen in (evidence or {}).values()):
            active.add((council_id, cause))
    return active


FINDERS: tuple[Callable[..., list[Finding]], ...] = (
    dead_letters_find,
    connector_failing_find,
    sla_below_target_find,
    reopen_spike_find,
    chaser_spike_find,
)


def findings_all(*, now: dt.datetime) -> list[Finding]:
    return [finding for finder in FINDERS for finding in finder(now=now)]


__all__ = ["FINDERS", "Finding", "findings_all", "reported_causes_active"]
