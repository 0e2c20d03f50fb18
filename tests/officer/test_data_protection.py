"""Subject access export, erasure on request with legal hold, and the case access log, through the officer pages."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from casework.models import Attachment, Case, CaseAccess, CaseEvent, Customer, DataProtectionRecord, EventKind


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


@pytest.fixture
def two_cases(demo, submit_missed_bin, media):
    """Two closed cases of one resident at Riverside, the first with a photo and a message to the resident."""
    service = demo.service("riverside", "missed-bin")
    first = submit_missed_bin(service, your_name="Nia Jones", email="nia@example.org", address="7 Mill Lane")
    second = submit_missed_bin(service, your_name="Nia Jones", email="nia@example.org", address="7 Mill Lane")
    assert first.customer_id == second.customer_id
    photo = Attachment(case=first, original_name="../bin photo.jpg", content_type="image/jpeg", size=3)
    photo.file.save("x", ContentFile(b"JPG"), save=True)
    CaseEvent.objects.create(
        case=first,
        kind=EventKind.MESSAGE_SENT,
        summary="Email queued: Your bin",
        detail={"subject": "Your bin", "body": "We will collect it on Friday."},
        resident_visible=True,
    )
    CaseEvent.objects.create(case=first, kind=EventKind.NOTE_ADDED, summary="Neighbour dispute", detail={"text": "x"})
    Case.objects.filter(pk__in=[first.pk, second.pk]).update(case_status="closed")
    return first, second


def _client(client, demo, username):
    client.force_login(demo.user(username))
    return client


def test_subject_access_zip_holds_everything_readable_and_is_logged(client, demo, two_cases):
    first, second = two_cases
    admin = _client(client, demo, "riverside-admin")

    response = admin.post(reverse("casework:customer_subject_access", args=[first.customer_id]))

    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert f"files/{first.reference}/{first.attachments.get().pk}-bin photo.jpg" in names  # no "../" escapes
    summary = archive.read("summary.html").decode()
    assert "Nia Jones" in summary and "7 Mill Lane" in summary and "nia@example.org" in summary
    assert first.reference in summary and second.reference in summary
    assert "We will collect it on Friday." in summary  # a message the resident was sent
    assert "Neighbour dispute" not in summary  # internal notes are not the resident's timeline
    data = json.loads(archive.read("data.json"))
    assert [c["reference"] for c in data["cases"]] == [first.reference, second.reference]
    record = DataProtectionRecord.objects.get(kind=DataProtectionRecord.Kind.SUBJECT_ACCESS)
    assert record.actor == demo.user("riverside-admin") and record.customer_id_ref == first.customer_id
    assert record.case_references == [first.reference, second.reference]


def test_only_the_customers_council_administrators_may_export_or_erase(client, demo, two_cases):
    first, _ = two_cases
    urls = [
        ("get", reverse("casework:customer_data", args=[first.customer_id])),
        ("post", reverse("casework:customer_subject_access", args=[first.customer_id])),
        ("post", reverse("casework:customer_erase", args=[first.customer_id])),
    ]
    officer = _client(client, demo, "riverside-waste")
    for method, url in urls:
        response = getattr(officer, method)(url, {"confirm": "yes"} if method == "post" else None)
        assert response.status_code == 403 and b"Only council administrators" in response.content, url
    other_council = _client(client, demo, "hillford-admin")
    for method, url in urls:
        assert getattr(other_council, method)(url, {"confirm": "yes"} if method == "post" else None).status_code == 404
    assert not DataProtectionRecord.objects.exists()
    assert Customer.objects.get(pk=first.customer_id).name == "Nia Jones"


def test_erasure_skips_a_case_on_legal_hold_and_says_why(client, demo, two_cases):
    first, second = two_cases
    admin = _client(client, demo, "riverside-admin")
    customer_id = first.customer_id
    hold_url = reverse("casework:case_legal_hold", args=[customer_id])
    assert admin.post(hold_url, {"case": second.reference, "hold": "on", "reason": ""}).status_code == 400
    admin.post(hold_url, {"case": second.reference, "hold": "on", "reason": "Insurance claim 42"})
    assert Case.objects.get(pk=second.pk).legal_hold_reason == "Insurance claim 42"

    unconfirmed = admin.post(reverse("casework:customer_erase", args=[customer_id]))
    assert unconfirmed.status_code == 400 and b"Tick the box" in unconfirmed.content
    assert Case.objects.get(pk=first.pk).answers  # nothing erased without the confirmation

    page = admin.post(reverse("casework:customer_erase", args=[customer_id]), {"confirm": "yes"}).content.decode()

    assert f"{second.reference}</strong>: On legal hold: Insurance claim 42" in page
    erased, held = Case.objects.get(pk=first.pk), Case.objects.get(pk=second.pk)
    assert erased.answers == {} and erased.customer_id is None and erased.personal_data_removed_at
    assert not erased.attachments.exists()
    assert held.answers["your_name"] == "Nia Jones" and held.customer_id == customer_id
    assert Customer.objects.get(pk=customer_id).name == "Nia Jones"  # the held case still needs the record
    stub = CaseEvent.objects.get(case=erased, kind=EventKind.PERSONAL_DATA_REMOVED)
    assert "erased on request" in stub.summary and stub.actor == demo.user("riverside-admin")
    record = DataProtectionRecord.objects.get(kind=DataProtectionRecord.Kind.ERASURE)
    assert record.case_references == [first.reference]
    assert record.skipped == [{"reference": second.reference, "reason": "On legal hold: Insurance claim 42"}]

    admin.post(hold_url, {"case": second.reference, "hold": "off"})
    admin.post(reverse("casework:customer_erase", args=[customer_id]), {"confirm": "yes"})
    customer = Customer.objects.get(pk=customer_id)
    assert (customer.name, customer.email, customer.address) == ("", "", "")
    assert Case.objects.get(pk=second.pk).personal_data_removed_at is not None


def test_case_page_views_are_logged_and_shown_to_their_councils_administrators_only(client, demo, two_cases):
    first, _ = two_cases
    officer = _client(client, demo, "riverside-waste")
    assert officer.get(reverse("casework:case", args=[first.reference])).status_code == 200
    access = CaseAccess.objects.get(case=first)
    assert access.user == demo.user("riverside-waste") and access.council == first.council

    changelist = reverse("admin:casework_caseaccess_changelist")
    admin_page = _client(client, demo, "riverside-admin").get(changelist)
    assert admin_page.status_code == 200 and first.reference in admin_page.content.decode()
    assert _client(client, demo, "hillford-admin").get(changelist).content.decode().count(first.reference) == 0
    assert _client(client, demo, "riverside-designer").get(changelist).status_code == 403
