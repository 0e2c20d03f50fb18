"""Save and come back later: answers kept server-side, a signed link emailed, finished on another device."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from casework.models import Case
from connectors.models import Delivery
from portal.models import SavedForm

BIN = "/riverside/missed-bin"


def _resume_path() -> str:
    body = Delivery.objects.get(purpose="saved-form").payload["body"]
    return re.search(r"/riverside/missed-bin/resume/\S+", body).group(0)


def test_saved_answers_come_back_on_another_device_and_are_forgotten_once_sent(demo):
    phone = Client()
    phone.post(
        f"{BIN}/apply/bin/",
        {
            "bin_type": "garden",
            "collection_date-day": "20",
            "collection_date-month": "11",
            "collection_date-year": "2026",
        },
    )
    saving = phone.post(f"{BIN}/apply/where/", {"address": "9 Mill Lane", "postcode": "", "save_for_later": "1"})
    assert saving["Location"] == f"{BIN}/save/"
    bad = phone.post(f"{BIN}/save/", {"email": "nope"})
    assert bad.status_code == 400 and "Enter an email address in the correct format" in bad.content.decode()
    assert "Your answers have been saved" in phone.post(f"{BIN}/save/", {"email": "ann@example.com"}).content.decode()
    assert Delivery.objects.get(purpose="saved-form").payload["to"] == ["ann@example.com"]

    laptop = Client()
    resumed = laptop.get(_resume_path())
    assert resumed["Location"] == f"{BIN}/apply/where/"  # the first page still to finish
    page = laptop.get(resumed["Location"]).content.decode()
    assert "9 Mill Lane" in page
    laptop.post(f"{BIN}/apply/where/", {"address": "9 Mill Lane", "postcode": "RD1 2AB"})
    laptop.post(f"{BIN}/apply/you/", {"your_name": "Ann", "email": "ann@example.com"})
    token = laptop.get(f"{BIN}/check-answers/").context["submission_token"]
    laptop.post(f"{BIN}/check-answers/", {"submission_token": token})
    assert Case.objects.get().answers["bin_type"] == "garden"
    assert not SavedForm.objects.exists()
    gone = laptop.get(_resume_path())
    assert gone.status_code == 404 and "This link has expired" in gone.content.decode()


def test_saved_links_expire_and_cannot_be_altered(demo):
    client = Client()
    client.post(f"{BIN}/apply/bin/", {"bin_type": "food"})
    client.post(f"{BIN}/save/", {"email": "ann@example.com"})
    path = _resume_path()
    assert "This link is not valid" in client.get(path[:-4] + "abc/").content.decode()
    SavedForm.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = Client().get(path)
    assert expired.status_code == 404 and "This link has expired" in expired.content.decode()
