"""The issues log raises itself (#19): each cause raises one item, repeats add to it, clearing marks it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone


def open_items(council, cause_prefix=""):
    from reporting.models import LogItem

    return list(
        LogItem.objects.filter(council=council, cause__startswith=cause_prefix or "").exclude(cause="").order_by("pk")
    )


@pytest.fixture
def world(demo, submit_missed_bin):
    from connectors.models import Connector

    riverside = demo.council("riverside")
    service = demo.service("riverside", "missed-bin")
    case = submit_missed_bin(service)
    connector = Connector.objects.create(
        council=riverside,
        name="Waste CRM",
        slug="waste-crm",
        kind="rest",
        config={"url": "https://crm.example.gov.uk/api"},
    )
    return {"council": riverside, "service": service, "case": case, "connector": connector, "demo": demo}


def delivery(world, **fields):
    from connectors.models import Delivery

    return Delivery.objects.create(
        council=world["council"],
        case=world["case"],
        connector=world["connector"],
        kind=Delivery.Kind.CONNECTOR,
        **fields,
    )


def test_dead_letters_raise_one_item_repeats_add_and_clearing_marks_it(world):
    from connectors.models import Delivery
    from reporting.models import LogItem
    from reporting.services.log_auto import log_causes_check

    first = delivery(world, status=Delivery.Status.DEAD, last_error="HTTPError: 500 Server Error")
    assert log_causes_check() == 1
    [item] = open_items(world["council"], "dead-letters")
    assert item.cause == f"dead-letters:connector:{world['connector'].pk}"
    assert item.kind == LogItem.Kind.ISSUE and item.status == LogItem.Status.OPEN
    assert item.identifier.startswith("RDC-ISS-")
    assert f"#{first.pk}" in item.description and "500 Server Error" in item.description
    assert item.owner == world["demo"].user("riverside-admin")
    assert item.target_date == timezone.localdate() + dt.timedelta(days=5)
    assert log_causes_check() == 0  # nothing new: no history noise on every worker pass

    second = delivery(world, status=Delivery.Status.DEAD, last_error="HTTPError: 503")
    assert log_causes_check() == 1
    [again] = open_items(world["council"], "dead-letters")
    assert again.pk == item.pk and f"#{second.pk}" in again.description
    assert again.history.last().changes["occurrences"] == [1, 2]

    Delivery.objects.filter(pk__in=[first.pk, second.pk]).update(status=Delivery.Status.CANCELLED)
    assert log_causes_check() == 1
    again.refresh_from_db()
    assert again.cause_cleared_at is not None and again.status == LogItem.Status.OPEN
    assert again.resolution.startswith("The cause has cleared") and "Close this item" in again.resolution
    assert log_causes_check() == 0


def test_one_open_item_per_cause_is_a_database_rule(world):
    from reporting.models import LogItem

    LogItem.objects.create(
        council=world["council"], kind="issue", identifier="A-1", title="t", description="d", cause="x"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        LogItem.objects.create(
            council=world["council"], kind="issue", identifier="A-2", title="t", description="d", cause="x"
        )
    LogItem.objects.create(
        council=world["council"], kind="issue", identifier="A-3", title="t", description="d", cause="x", status="closed"
    )


def test_a_closed_item_lets_the_cause_raise_a_new_one(world):
    from connectors.models import Delivery
    from reporting.services.log_auto import log_causes_check

    delivery(world, status=Delivery.Status.DEAD)
    log_causes_check()
    [item] = open_items(world["council"], "dead-letters")
    item.status = "closed"
    item.save()
    delivery(world, status=Delivery.Status.DEAD)
    assert log_causes_check() == 1
    assert len(open_items(world["council"], "dead-letters")) == 2


def test_connector_failing_longer_than_the_limit_raises_a_critical_item(world, settings):
    from connectors.models import Delivery
    from reporting.models import LogItem
    from reporting.services.log_auto import log_causes_check

    settings.LOG_CONNECTOR_FAILING_MINUTES = 60
    now = timezone.now()
    recent = delivery(
        world,
        status=Delivery.Status.PENDING,
        attempts=1,
        attempt_log=[{"attempt": 1, "at": (now - dt.timedelta(minutes=10)).isoformat(), "error": "timeout"}],
    )
    assert log_causes_check(now=now) == 0  # failing, but not for long yet
    assert not open_items(world["council"], "connector-failing")
    old = delivery(
        world,
        status=Delivery.Status.PENDING,
        attempts=3,
        last_error="ConnectTimeout",
        attempt_log=[{"attempt": 1, "at": (now - dt.timedelta(minutes=90)).isoformat(), "error": "timeout"}],
    )
    assert log_causes_check(now=now) == 1
    [item] = open_items(world["council"], "connector-failing")
    assert (
        item.priority == LogItem.Priority.CRITICAL
        and "Waste CRM" in item.title
        and "ConnectTimeout" in item.description
    )
    assert set(item.cause_evidence) == {f"delivery:{old.pk}"}
    assert log_causes_check(now=now + dt.timedelta(minutes=51)) == 1  # the second passes the limit too: added
    item.refresh_from_db()
    assert set(item.cause_evidence) == {f"delivery:{old.pk}", f"delivery:{recent.pk}"}
    Delivery.objects.filter(pk__in=[old.pk, recent.pk]).update(status=Delivery.Status.SENT)
    assert log_causes_check(now=now) == 1
    item.refresh_from_db()
    assert item.cause_cleared_at is not None and "no longer failing" in item.resolution


def figures(world, *, days, **values):
    from reporting.models import DailyCaseFigures

    today = timezone.localdate()
    for back in days:
        DailyCaseFigures.objects.update_or_create(
            council=world["council"],
            service=world["service"],
            channel="web",
            day=today - dt.timedelta(days=back),
            defaults=values,
        )


def test_sla_met_rate_below_target_for_a_week_raises_for_the_service(world):
    from reporting.models import KpiTarget
    from reporting.services.log_auto import log_causes_check

    KpiTarget.objects.create(council=world["council"], kpi="sla_met_pct", target=Decimal("90"))
    figures(world, days=range(1, 8), sla_measured=2, sla_met=1)
    assert log_causes_check() == 1
    [item] = open_items(world["council"], "sla-below-target")
    assert item.cause == f"sla-below-target:service:{world['service'].pk}"
    assert "7 of 14" in item.description and "50%" in item.description and "90%" in item.description
    assert item.owner == world["demo"].user("riverside-leader")  # leads the team the service's tasks go to
    assert log_causes_check() == 0
    figures(world, days=range(1, 8), sla_measured=2, sla_met=2)
    assert log_causes_check() == 1
    item.refresh_from_db()
    assert item.cause_cleared_at is not None


def test_reopen_spike_raises_and_clears(world):
    from reporting.services.log_auto import log_causes_check

    figures(world, days=range(8, 36, 7), reopenings=1)  # one a week before
    figures(world, days=[1, 2, 3], reopenings=2)  # six in the last week
    assert log_causes_check() == 1
    [item] = open_items(world["council"], "reopen-spike")
    assert "6 cases were reopened" in item.description and "1.0" in item.description
    figures(world, days=[1, 2, 3], reopenings=0)
    assert log_causes_check() == 1
    item.refresh_from_db()
    assert item.cause_cleared_at is not None


def test_chaser_spike_raises_and_a_repeat_after_clearing_reopens_the_cause(world):
    from casework.models import CaseEvent, EventKind
    from reporting.services.log_auto import log_causes_check

    now = timezone.now()
    for hours in (3, 5, 30):
        CaseEvent.objects.create(
            case=world["case"],
            kind=EventKind.RESIDENT_ADDED_INFO,
            at=now - dt.timedelta(hours=hours),
            summary="Any news?",
        )
    assert log_causes_check(now=now) == 1
    [item] = open_items(world["council"], "chaser-spike")
    assert "3 chasers came in" in item.description
    later = now + dt.timedelta(days=10)  # the three now sit in the weeks before: back to normal
    assert log_causes_check(now=later) == 1
    item.refresh_from_db()
    assert item.cause_cleared_at is not None
    for hours in (1, 2, 3, 4, 5, 6, 7, 8, 9):
        CaseEvent.objects.create(
            case=world["case"], kind=EventKind.RESIDENT_ADDED_INFO, at=later - dt.timedelta(hours=hours), summary="?"
        )
    assert log_causes_check(now=later) == 1
    [same] = open_items(world["council"], "chaser-spike")
    assert same.pk == item.pk and same.cause_cleared_at is None
    assert same.history.last().changes["cause"] == ["cleared", "seen again"]


def test_infected_upload_signal_raises_adds_and_a_quiet_week_clears(world):
    from casework.ports import upload_infected
    from reporting.services.log_auto import log_causes_check

    upload_infected.send(None, council_id=world["council"].pk, file_name="invoice.pdf", detail="Eicar-Test-Signature")
    [item] = open_items(world["council"], "infected-uploads")
    assert "invoice.pdf" in item.description and "Eicar" in item.description
    upload_infected.send(None, council_id=world["council"].pk, file_name="photo.jpg", reference="RDC-2026-000001")
    [item] = open_items(world["council"], "infected-uploads")
    assert len(item.cause_evidence) == 2 and "photo.jpg" in item.description
    assert log_causes_check() == 0  # seen this week: still active
    assert log_causes_check(now=timezone.now() + dt.timedelta(days=8)) == 1
    item.refresh_from_db()
    assert item.cause_cleared_at is not None and "infected" in item.resolution


def test_the_worker_runs_the_check(world, settings):
    from connectors.management.commands.run_worker import worker_pass
    from connectors.models import Delivery
    from reporting.services import log_auto

    settings.LOG_CAUSES_INTERVAL_SECONDS = 0
    log_auto._last_run["at"] = 0.0
    delivery(world, status=Delivery.Status.DEAD)
    done = worker_pass()
    assert done["log items raised or cleared"] == 1
    assert len(open_items(world["council"], "dead-letters")) == 1


def test_other_councils_failures_stay_in_their_log(world, demo, submit_missed_bin):
    from connectors.models import Connector, Delivery
    from reporting.services.log_auto import log_causes_check

    hillford = demo.council("hillford")
    case = submit_missed_bin(demo.service("hillford", "missed-bin"))
    connector = Connector.objects.create(
        council=hillford, name="HBC CRM", slug="crm", kind="rest", config={"url": "https://crm.hbc.example/"}
    )
    Delivery.objects.create(council=hillford, case=case, connector=connector, kind="connector", status="dead")
    log_causes_check()
    assert not open_items(world["council"])
    [item] = open_items(hillford)
    assert item.owner == demo.user("hillford-admin")


def test_raised_items_show_on_the_scorecard_and_the_log_pages(world, client):
    from connectors.models import Delivery
    from reporting.services.log_auto import log_causes_check

    dead = delivery(world, status=Delivery.Status.DEAD)
    log_causes_check()
    [item] = open_items(world["council"], "dead-letters")
    client.force_login(world["demo"].user("riverside-manager"))
    month = timezone.localdate().strftime("%Y-%m")
    scorecard = client.get(f"/reports/riverside/scorecard/{month}/").content.decode()
    assert f"{item.identifier}: Deliveries dead-lettered: connector Waste CRM" in scorecard
    assert "(raised automatically)" in scorecard
    Delivery.objects.filter(pk=dead.pk).update(status=Delivery.Status.CANCELLED)
    log_causes_check()
    page = client.get(f"/reports/riverside/log/{item.identifier}/").content.decode()
    assert "The cause has cleared" in page and "by the platform" in page
    listing = client.get("/reports/riverside/log/").content.decode()
    assert "cause cleared, can be closed" in listing
