"""The resident reads plain words: a receipt that names what they sent, and no officers' words on the tracking page."""

from __future__ import annotations

from django.test import Client

from casework.models import CaseTask
from casework.services.submission import service_sent_words
from casework.services.tasks import task_claim, task_complete
from connectors.models import Delivery
from portal.links import case_tracking_path


def test_the_english_confirmation_email_names_the_report(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    email = Delivery.objects.get(case=case, purpose="confirmation")
    body = email.payload["body"]
    assert body.startswith(
        "Thank you. Riverside District Council has received your report of a missed bin collection.\n"
    )
    assert "your report a missed bin collection request" not in body


def test_the_welsh_confirmation_email_is_unchanged(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("hillford", "missed-bin"), language="cy")
    body = Delivery.objects.get(case=case, purpose="confirmation").payload["body"]
    assert body.startswith("Diolch. Mae Cyngor Bwrdeistref Hillford wedi cael eich cais: ")


def test_service_names_become_what_the_resident_sent():
    assert service_sent_words("Report fly-tipping") == "your report of fly-tipping"
    assert service_sent_words("Make a complaint") == "your complaint"
    assert service_sent_words("Make a Freedom of Information request") == "your Freedom of Information request"
    assert service_sent_words("Apply for a premises licence") == "your application for a premises licence"
    assert service_sent_words("Garden waste") == "your request: Garden waste"


def test_the_progress_list_never_shows_email_queued(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    officer = demo.user("riverside-waste")
    task = CaseTask.objects.get(case=case, is_open=True)
    task_claim(officer, task)
    task_complete(officer, task, outcome="collected")  # the workflow emails the resident
    assert case.events.filter(kind="message_sent", summary__startswith="Email queued:").exists()

    page = Client().get(case_tracking_path(case)).content.decode()
    assert "queued" not in page.lower()
    subject = case.events.filter(kind="message_sent", summary__startswith="Email queued:").get().detail["subject"]
    assert f"We sent you an email: {subject}" in page
    assert "We sent you a confirmation email with your reference and a link to this page" in page
