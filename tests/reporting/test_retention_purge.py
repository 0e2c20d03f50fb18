"""Retention purge: the worker erases closed cases' personal data past their service's retention, and every
reporting figure (KPIs, dashboard CSVs, per-officer counts, a projection rebuilt from scratch) stays the same."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from casework.models import Attachment, Case, CaseEvent, CaseSearchDocument, DataProtectionRecord, EventKind, Service
from casework.search.documents import search_words
from casework.services.erasure import months_before
from casework.services.notes import case_note_add
from connectors.models import Delivery
from connectors.sweep import worker_pass
from reporting.filters import month_filter
from reporting.scope import ReportScope
from reporting.selectors.kpis import kpis_compute
from reporting.selectors.people import task_kpis_compute
from reporting.services.projection import projection_rebuild

OCTOBER = dt.date(2026, 10, 1)
OCTOBER_QUERY = {"from": "2026-10-01", "to": "2026-10-31"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


def _figures(client, demo) -> dict:
    """Every reporting figure a manager can see for October, through the selectors and the dashboard CSVs."""
    scope = ReportScope(council_ids=(demo.council("riverside").pk, demo.council("hillford").pk))
    flt = month_filter(OCTOBER)
    figures = {f"kpis {group}": kpis_compute(scope=scope, flt=flt, group=group) for group in (None, "channel")}
    figures["kpis service"] = kpis_compute(scope=scope, flt=flt, group="service")
    figures["officers"] = task_kpis_compute(scope=scope, flt=flt, group="officer")
    for group in ("service", "channel", "officer", "council"):
        response = client.get(reverse("reporting:dashboard_csv"), {**OCTOBER_QUERY, "group": group})
        assert response.status_code == 200
        figures[f"csv {group}"] = response.content.decode()
    return figures


def _personal_data_added(demo, case: Case) -> Attachment:
    officer = demo.user("riverside-waste")
    case.refresh_from_db()
    case_note_add(officer, case, text="Ann says her neighbour Bob Smith moved the bin", version=case.version)
    Case.objects.filter(pk=case.pk).update(satisfaction_comment="Ann: thanks, quick work", task_answers={"s": {"x": 1}})
    attachment = Attachment(case=case, original_name="bin-photo.jpg", content_type="image/jpeg", size=4)
    attachment.file.save("bin-photo.jpg", ContentFile(b"\xff\xd8\xff\xe0"), save=True)
    return attachment


def test_worker_purge_erases_personal_data_and_every_reporting_figure_stays(
    client, demo, october, media, django_capture_on_commit_callbacks
):
    client.force_login(demo.user("vale-admin"))  # partnership admin: reports of both councils
    closed_a, closed_b, resolved_c = october["a"], october["b"], october["c"]
    attachment = _personal_data_added(demo, closed_a)
    stored_file = media / attachment.file.name
    assert stored_file.exists()
    Service.objects.filter(pk=closed_a.service_id).update(retention_months=1)  # closed in October: past it
    before = _figures(client, demo)

    with django_capture_on_commit_callbacks(execute=True):  # files are deleted once the erasure commits
        done = worker_pass()

    assert done["personal_data_removed"] == 2
    assert _figures(client, demo) == before
    projection_rebuild()  # the facts survive a rebuild from the erased cases and their events
    assert _figures(client, demo) == before

    a = Case.objects.get(pk=closed_a.pk)
    assert a.answers == {} and a.task_answers == {} and a.satisfaction_comment == "" and a.customer_id is None
    assert a.personal_data_removed_at is not None and a.satisfaction == 5 and a.channel == "web"
    texts = " ".join(f"{e.summary} {e.detail}" for e in CaseEvent.objects.filter(case=a))
    assert "Bob Smith" not in texts and "Ann" not in texts and "ann@example.com" not in texts
    stub = CaseEvent.objects.get(case=a, kind=EventKind.PERSONAL_DATA_REMOVED)
    assert stub.summary.startswith("Personal data removed on ") and "retention period ended" in stub.summary
    assert not Attachment.objects.filter(case=a).exists() and not stored_file.exists()
    # Only the reference is left to search by (the resident's name, email, address and the note text are gone).
    assert CaseSearchDocument.objects.get(case=a).body == " ".join(
        search_words(f"{a.reference} {a.reference.replace('-', '')}")
    )
    deliveries = Delivery.objects.filter(case=a)
    assert deliveries.exists() and all(d.payload == {"removed": "personal data removed"} for d in deliveries)
    assert all(d.status != Delivery.Status.PENDING for d in deliveries)
    # The resolved (not closed) case keeps everything; the customer keeps details another live case needs.
    c = Case.objects.select_related("customer").get(pk=resolved_c.pk)
    assert c.answers["your_name"] == "Ann Example" and c.customer.email == "ann@example.com"
    record = DataProtectionRecord.objects.get(kind=DataProtectionRecord.Kind.PURGE)
    assert sorted(record.case_references) == sorted([closed_a.reference, closed_b.reference])
    # The officer case page still opens, and shows the removal.
    client.force_login(demo.user("riverside-leader"))
    page = client.get(reverse("casework:case", args=[a.reference]))
    assert page.status_code == 200 and "Personal data removed" in page.content.decode()
    assert worker_pass()["personal_data_removed"] == 0  # nothing twice


def test_dry_run_lists_what_would_go_and_changes_nothing(demo, october, capsys):
    closed_a, closed_b = october["a"], october["b"]
    Service.objects.filter(pk=closed_a.service_id).update(retention_months=1)
    Case.objects.filter(pk=closed_b.pk).update(legal_hold_reason="Insurance claim 42")

    call_command("retention_purge", "--dry-run", "--council", "riverside")

    out = capsys.readouterr().out
    assert closed_a.reference in out and "retention 1 months" in out
    assert closed_b.reference not in out and october["c"].reference not in out  # on hold; not closed
    assert "1 case(s) would have their personal data removed" in out
    assert Case.objects.get(pk=closed_a.pk).answers["your_name"] == "Ann Example"
    assert not CaseEvent.objects.filter(kind=EventKind.PERSONAL_DATA_REMOVED).exists()


def test_a_service_without_retention_keeps_everything(demo, october):
    assert worker_pass()["personal_data_removed"] == 0
    assert Case.objects.get(pk=october["a"].pk).answers["your_name"] == "Ann Example"


def test_months_before_counts_calendar_months():
    when = dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)
    assert months_before(when, 1) == dt.datetime(2026, 2, 28, 12, tzinfo=dt.UTC)
    assert months_before(when, 72) == dt.datetime(2020, 3, 31, 12, tzinfo=dt.UTC)
    assert months_before(when, -11) == dt.datetime(2027, 2, 28, 12, tzinfo=dt.UTC)
