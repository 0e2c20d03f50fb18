"""API reads of customers and attachments: the client's council only, filters, and a file's bytes only once clean."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from casework.models import Attachment

pytestmark = pytest.mark.django_db


def _attachment(case, *, status: str, name: str = "photo.jpg", data: bytes = b"\xff\xd8\xffjpeg") -> Attachment:
    attachment = Attachment(
        case=case, original_name=name, content_type="image/jpeg", size=len(data), scan_status=status
    )
    attachment.file.save(name, ContentFile(data), save=True)
    return attachment


def test_customers_are_listed_and_filtered_within_the_clients_council(demo, submit_missed_bin, bearer):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    submit_missed_bin(demo.service("hillford", "missed-bin"), email="hill@example.com")
    riverside = bearer("riverside", "cases:read")

    page = riverside.get("/api/v1/customers/", {"email": "ANN@example.com"}).json()
    assert [c["id"] for c in page["results"]] == [case.customer_id]
    assert page["results"][0]["email"] == "ann@example.com" and page["results"][0]["postcode"] == "RD1 2AB"
    everyone = riverside.get("/api/v1/customers/", {"page_size": 200}).json()["results"]
    assert "hill@example.com" not in [c["email"] for c in everyone]
    assert riverside.get(f"/api/v1/customers/{case.customer_id}/").json()["name"] == "Ann Example"

    hillford = bearer("hillford", "cases:read")
    assert hillford.get(f"/api/v1/customers/{case.customer_id}/").status_code == 404
    assert hillford.get("/api/v1/customers/", {"email": "ann@example.com"}).json()["results"] == []


def test_customers_need_the_read_scope(demo, bearer):
    answer = bearer("riverside", "events").get("/api/v1/customers/")
    assert answer.status_code == 403 and answer.json()["status"] == 403


def test_attachments_download_only_once_scanned_clean(demo, submit_missed_bin, bearer):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    clean = _attachment(case, status="clean", name="bin.jpg")
    pending = _attachment(case, status="pending", name="waiting.jpg")
    infected = _attachment(case, status="infected", name="eicar.jpg")
    riverside = bearer("riverside", "cases:read")

    listed = riverside.get("/api/v1/attachments/", {"case": case.reference}).json()["results"]
    assert [(a["original_name"], a["downloadable"]) for a in listed] == [
        ("bin.jpg", True),
        ("waiting.jpg", False),
        ("eicar.jpg", False),
    ]
    download = riverside.get(f"/api/v1/attachments/{clean.pk}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"\xff\xd8\xffjpeg"
    assert download["Content-Disposition"].startswith('attachment; filename="bin.jpg"')
    assert download["X-Content-Type-Options"] == "nosniff"
    asked_for_bytes = riverside.get(f"/api/v1/attachments/{clean.pk}/download/", HTTP_ACCEPT="application/octet-stream")
    assert asked_for_bytes.status_code == 200

    waiting = riverside.get(f"/api/v1/attachments/{pending.pk}/download/")
    assert waiting.status_code == 409 and "being checked for viruses" in waiting.json()["detail"]
    removed = riverside.get(f"/api/v1/attachments/{infected.pk}/download/")
    assert removed.status_code == 409 and "a virus was found" in removed.json()["detail"]
    assert riverside.get("/api/v1/attachments/", {"scan_status": "lost"}).status_code == 400


def test_another_councils_attachment_is_a_404(demo, submit_missed_bin, bearer):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    clean = _attachment(case, status="clean")
    hillford = bearer("hillford", "cases:read")

    assert hillford.get(f"/api/v1/attachments/{clean.pk}/").status_code == 404
    assert hillford.get(f"/api/v1/attachments/{clean.pk}/download/").status_code == 404
    assert hillford.get("/api/v1/attachments/", {"case": case.reference}).json()["results"] == []
    assert hillford.get("/api/v1/attachments/99999999999999999999/").status_code == 404
