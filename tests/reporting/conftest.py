"""A small, hand-computable data set for October 2026 (expected figures worked out in test_reporting_kpis.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from reporting_clock import at


def pytest_collection_modifyitems(items):
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL"))


class CaseBuilder:
    """Submit real cases through the service layer, then pin every timestamp the KPIs read."""

    def __init__(self, demo, submit):
        self.demo, self.submit = demo, submit

    def case(
        self,
        *,
        council="riverside",
        channel="web",
        submitted,
        due=None,
        resolved=None,
        closed=None,
        satisfaction=None,
        status="in_progress",
        reopen_count=0,
        claimed_by=None,
        claimed_at=None,
        completed_at=None,
    ):
        from viewflow.workflow.models import Task

        from casework.events import case_event_record
        from casework.models import Case, CaseEvent, CaseTask, EventKind
        from reporting.services.projection import case_projection_refresh

        case = self.submit(self.demo.service(council, "missed-bin"))
        Case.objects.filter(pk=case.pk).update(
            channel=channel,
            submitted_at=submitted,
            due_at=due,
            resolved_at=resolved,
            closed_at=closed,
            satisfaction=satisfaction,
            case_status=status,
            reopen_count=reopen_count,
        )
        CaseEvent.objects.filter(case=case).update(at=submitted)
        task = CaseTask.objects.filter(case=case).first()
        if claimed_by:
            officer = self.demo.user(claimed_by)
            Task.objects.filter(pk=task.task_id).update(owner=officer)
            event = case_event_record(case, EventKind.TASK_CLAIMED, "claimed", actor=officer, task=task)
            CaseEvent.objects.filter(pk=event.pk).update(at=claimed_at)
            CaseTask.objects.filter(pk=task.pk).update(created_at=submitted)
            if completed_at:
                CaseTask.objects.filter(pk=task.pk).update(
                    is_open=False, completed_at=completed_at, completed_by=officer, due_at=due
                )
        case_projection_refresh(case.pk)  # the pinned timestamps bypassed the services, as a data fix would
        return case

    def event(self, case, kind, when):
        from casework.events import case_event_record
        from casework.models import CaseEvent
        from reporting.services.projection import case_projection_refresh

        event = case_event_record(case, kind, kind)
        CaseEvent.objects.filter(pk=event.pk).update(at=when)
        case_projection_refresh(case.pk)


@pytest.fixture
def october(demo, submit_missed_bin):
    """Riverside: cases A–F (see the KPI tests); Hillford: one case that Riverside people must never see."""
    from casework.models import EventKind

    b = CaseBuilder(demo, submit_missed_bin)
    a = b.case(
        channel="web",
        submitted=at(10, 5),
        due=at(10, 10),
        resolved=at(10, 6),
        closed=at(10, 7),
        satisfaction=5,
        status="closed",
        claimed_by="riverside-waste",
        claimed_at=at(10, 5, 10),
        completed_at=at(10, 5, 13),
    )
    bb = b.case(
        channel="phone",
        submitted=at(10, 6),
        due=at(10, 8),
        resolved=at(10, 9),
        closed=at(10, 10),
        satisfaction=3,
        status="closed",
        claimed_by="riverside-waste",
        claimed_at=at(10, 6, 12),
        completed_at=at(10, 6, 14),
    )
    c = b.case(
        channel="web",
        submitted=at(10, 7),
        due=at(10, 14, 10),
        resolved=at(10, 14),
        status="resolved",
        reopen_count=1,
        claimed_by="riverside-waste2",
        claimed_at=at(10, 7, 11),
        completed_at=at(10, 9, 11),
    )
    d = b.case(
        channel="web", submitted=at(10, 20), due=at(10, 27), claimed_by="riverside-waste2", claimed_at=at(10, 20, 19)
    )
    b.case(channel="email", submitted=at(10, 25, 12), due=at(11, 1))
    f = b.case(channel="web", submitted=at(9, 20), due=at(9, 27), resolved=at(10, 2), status="resolved")
    for case, when in ((a, at(10, 6)), (bb, at(10, 9)), (c, at(10, 10)), (c, at(10, 14)), (f, at(10, 2))):
        b.event(case, EventKind.RESOLVED, when)
    b.event(c, EventKind.REOPENED, at(10, 11))
    hill = b.case(
        council="hillford", channel="phone", submitted=at(10, 8), due=at(10, 9), resolved=at(10, 20), status="resolved"
    )
    b.event(hill, EventKind.RESOLVED, at(10, 20))
    return {"a": a, "b": bb, "c": c, "d": d, "f": f, "hillford": hill}


@pytest.fixture
def builder(demo, submit_missed_bin):
    return CaseBuilder(demo, submit_missed_bin)
