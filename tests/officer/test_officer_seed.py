"""Seeded cases behave like real ones: pages render, search finds them, their tasks can be claimed and completed."""

from __future__ import annotations

from django.core.management import call_command

from casework.models import Case, CaseSearchDocument, CaseTask
from casework.search import case_search
from casework.services.tasks import task_claim


def test_seed_cases_makes_working_cases_across_councils(demo, officer_client):
    before = Case.objects.count()
    call_command("seed_cases", cases=40, seed=3, stdout=open("/dev/null", "w"))
    seeded = Case.objects.exclude(
        pk__in=list(Case.objects.order_by("pk").values_list("pk", flat=True)[:before])
    ).order_by("pk")
    assert seeded.count() >= 40
    assert set(seeded.values_list("council__slug", flat=True)) == {"riverside", "hillford"}
    assert seeded.filter(case_status__in=["resolved", "closed"]).exists() and seeded.filter(case_status="open").exists()
    assert CaseSearchDocument.objects.filter(case__in=seeded).count() == seeded.count()
    assert len(set(seeded.values_list("reference", flat=True))) == seeded.count()

    closed = (
        seeded.filter(case_status__in=["resolved", "closed"])
        .exclude(customer__postcode="")
        .select_related("customer", "council")
        .first()
    )
    leader = demo.user(f"{closed.council.slug}-leader")
    assert closed in case_search(leader, closed.customer.postcode)
    page = officer_client(f"{closed.council.slug}-leader").get(f"/work/cases/{closed.reference}/")
    assert page.status_code == 200 and closed.customer.name in page.content.decode()

    task = CaseTask.objects.filter(
        case__in=seeded, is_open=True, task__owner__isnull=True, council__slug="riverside", team__slug="waste"
    ).first()
    task_claim(demo.user("riverside-waste"), task)
    task.task.refresh_from_db()
    assert task.task.owner == demo.user("riverside-waste")
