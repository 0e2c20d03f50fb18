"""A back-office system attaches a file to a case: checked like a resident's upload, on the officer's case page and
timeline; a refused or stale attach stores nothing and leaves nothing on disk."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casework.models import Attachment, CaseEvent, EventKind

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _attach(crm, reference: str, name: str, content: bytes, **fields):
    upload = SimpleUploadedFile(name, content, content_type="image/png")  # the declared type is never trusted
    return crm.http.post(
        f"/api/v1/cases/{reference}/attachments/",
        {"file": upload, **fields},
        HTTP_AUTHORIZATION=f"Bearer {crm.token}",
    )


def _files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_an_attached_photo_is_on_the_officers_case_page_and_timeline(demo, bearer, submit_missed_bin, media):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    crm = bearer("riverside", "cases:write", name="Riverside Contact Centre")

    response = _attach(crm, case.reference, "../bin photo.png", PNG, note="Taken by the crew")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["original_name"] == "bin photo.png" and body["content_type"] == "image/png"
    assert body["uploaded_by_resident"] is False and body["case"] == case.reference
    attachment = Attachment.objects.get(pk=body["id"])
    assert Path(attachment.file.path).read_bytes() == PNG
    event = CaseEvent.objects.get(case=case, kind=EventKind.NOTE_ADDED)
    assert event.summary == "File attached: bin photo.png" and event.detail["text"] == "Taken by the crew"
    assert event.actor_id is not None  # the client's service account, as for its notes
    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    page = officer.get(f"/work/cases/{case.reference}/").content.decode()
    assert "bin photo.png" in page and "File attached: bin photo.png" in page


def test_a_file_that_is_not_an_allowed_type_is_refused_at_file_and_nothing_is_stored(
    demo, bearer, submit_missed_bin, media
):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    crm = bearer("riverside", "cases:write")

    disguised = _attach(crm, case.reference, "invoice.png", b"MZ\x90\x00 this is not a picture" * 20)
    empty = _attach(crm, case.reference, "empty.png", b"")
    missing = crm.http.post(
        f"/api/v1/cases/{case.reference}/attachments/", {"note": "no file"}, HTTP_AUTHORIZATION=f"Bearer {crm.token}"
    )

    assert disguised.status_code == 400 and disguised.json()["errors"][0]["path"] == "file"
    assert "must be a" in disguised.json()["errors"][0]["message"]
    assert empty.status_code == 400 and empty.json()["errors"][0]["message"] == "The selected file is empty"
    assert missing.status_code == 400 and missing.json()["errors"][0]["path"] == "file"
    assert not Attachment.objects.filter(case=case).exists() and not _files(media)
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.NOTE_ADDED).exists()


def test_a_stale_version_is_a_409_and_leaves_no_file_on_disk(demo, bearer, submit_missed_bin, media):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    crm = bearer("riverside", "cases:write")

    stale = _attach(crm, case.reference, "late.png", PNG, version=case.version + 5)

    assert stale.status_code == 409
    assert not Attachment.objects.filter(case=case).exists() and not _files(media)


def test_attaching_needs_the_write_scope_and_the_clients_own_council(demo, bearer, submit_missed_bin, media):
    ours = submit_missed_bin(demo.service("riverside", "missed-bin"))
    theirs = submit_missed_bin(demo.service("hillford", "missed-bin"))

    assert _attach(bearer("riverside", "cases:read"), ours.reference, "a.png", PNG).status_code == 403
    assert _attach(bearer("riverside", "cases:write"), theirs.reference, "a.png", PNG).status_code == 404
    assert not Attachment.objects.exists() and not _files(media)
