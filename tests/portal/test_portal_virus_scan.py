"""Resident uploads through a real clamd (tests/clamd_daemon.py): refused when infected, pending while it is down.

The daemon's own signature database calls INFECTED_PNG (a real PNG, so it passes the type check) and the EICAR
test file infected; everything else is clean.
"""

from __future__ import annotations

from html import unescape
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casework.models import Attachment, Case
from casework.services.attachment_scan import attachments_scan_waiting
from clamd_daemon import INFECTED_PNG
from connectors.sweep import worker_pass
from councilflow.virus_scan import EICAR
from portal.links import case_tracking_path
from reporting.models import LogItem

FLY = "/riverside/fly-tipping"


def _files_on_disk() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _infected_log(council) -> LogItem | None:
    return LogItem.objects.filter(council=council, cause__startswith="infected-uploads").first()


def test_an_infected_upload_is_refused_never_stored_and_logged(demo, clamav):
    resident = Client()
    refused = resident.post(
        f"{FLY}/apply/photo/", {"photo": SimpleUploadedFile("sofa.png", INFECTED_PNG, content_type="image/png")}
    )
    page = unescape(refused.content.decode())
    assert refused.status_code == 400 and "The selected file contains a virus" in page
    assert 'href="#photo"' in page  # the GOV.UK error summary links to the question
    assert _files_on_disk() == []
    item = _infected_log(demo.council("riverside"))
    assert item is not None and "sofa.png" in item.description and "Councilflow-Test-Infected-PNG" in item.description


def test_a_clean_upload_is_stored_clean_and_an_officer_can_open_it(demo, clamav, png_bytes):
    resident = Client()
    assert resident.post(f"{FLY}/apply/where/", {"location": "Mill Lane"}).status_code == 302
    assert resident.post(f"{FLY}/apply/what/", {"waste_types": ["Tyres"], "size": "van"}).status_code == 302
    land = {"on_private_land": "false", "seen_dumping": "false"}
    assert resident.post(f"{FLY}/apply/land/", land).status_code == 302
    photo = SimpleUploadedFile("sofa.png", png_bytes, content_type="image/png")
    assert resident.post(f"{FLY}/apply/photo/", {"photo": photo}).status_code == 302
    assert resident.post(f"{FLY}/apply/you/", {"your_name": "Ann", "email": "ann@example.com"}).status_code == 302
    token = resident.get(f"{FLY}/check-answers/").context["submission_token"]
    assert resident.post(f"{FLY}/check-answers/", {"submission_token": token}).status_code == 302
    attachment = Attachment.objects.get(case=Case.objects.get())
    assert attachment.scan_status == "clean"
    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    response = officer.get(f"/work/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes


def test_with_the_scanner_stopped_files_wait_unseen_and_are_scanned_when_it_is_back(
    demo, clamav, submit_missed_bin, png_bytes
):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    clamav.stop()
    add = case_tracking_path(case) + "add-information/"
    photo = SimpleUploadedFile("bin.png", png_bytes, content_type="image/png")
    assert Client().post(add, {"information": "Here it is", "files": [photo]}).status_code == 302
    attachment = Attachment.objects.get(case=case)
    assert attachment.scan_status == "pending" and attachment.file.read() == png_bytes  # kept, not lost

    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    page = officer.get(f"/work/cases/{case.reference}/").content.decode()
    assert "Being checked for viruses" in page and f"/work/attachments/{attachment.pk}/" not in page
    blocked = officer.get(f"/work/attachments/{attachment.pk}/", follow=True)
    assert blocked.redirect_chain and "being checked for viruses" in unescape(blocked.content.decode())
    tracking = Client().get(case_tracking_path(case)).content.decode()
    assert "Being checked for viruses" in tracking

    assert worker_pass()["scanned"] == 0  # still down: nothing changes, nothing is lost
    assert Attachment.objects.get(pk=attachment.pk).scan_status == "pending"

    clamav.start()
    assert worker_pass()["scanned"] == 1
    attachment.refresh_from_db()
    assert attachment.scan_status == "clean" and attachment.scanned_at is not None
    response = officer.get(f"/work/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes


def test_a_pending_file_found_infected_later_loses_its_bytes_and_is_logged(demo, clamav, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    attachment = Attachment(case=case, original_name="notes.txt", content_type="text/plain", size=len(EICAR))
    attachment.file.save("notes.txt", ContentFile(EICAR), save=True)
    stored = Path(settings.MEDIA_ROOT) / attachment.file.name
    assert attachment.scan_status == "pending" and stored.exists()

    assert attachments_scan_waiting() == 1
    attachment.refresh_from_db()
    assert attachment.scan_status == "infected" and attachment.scan_signature.startswith("Eicar-Test-Signature")
    assert not stored.exists() and attachment.file.name == ""
    item = _infected_log(demo.council("riverside"))
    assert item is not None and case.reference in item.description

    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    page = officer.get(f"/work/cases/{case.reference}/").content.decode()
    assert "Removed: a virus was found" in page and f"/work/attachments/{attachment.pk}/" not in page
    assert officer.get(f"/work/attachments/{attachment.pk}/").status_code == 302


def test_without_a_scanner_configured_files_are_kept_unscanned(demo, settings, submit_missed_bin, png_bytes):
    settings.CLAMAV_ADDRESS = ""
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    photo = SimpleUploadedFile("bin.png", png_bytes, content_type="image/png")
    assert Client().post(case_tracking_path(case) + "add-information/", {"files": [photo]}).status_code == 302
    assert Attachment.objects.get(case=case).scan_status == "unscanned"
    assert attachments_scan_waiting() == 0
