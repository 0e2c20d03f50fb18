"""A council administrator turns Notify on for residents: write-only key and token, scoped to their council."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from connectors.models import ResidentNotify

pytestmark = pytest.mark.django_db

URL = "https://api.notifications.service.gov.uk"
KEY = f"live-{uuid.uuid4()}-{uuid.uuid4()}"
TEMPLATE = str(uuid.uuid4())


def _admin(demo, who: str = "riverside-admin") -> Client:
    client = Client()
    client.force_login(demo.user(who))
    return client


def _form(council, **extra) -> dict:
    return {"council": council.pk, "is_active": "on", "base_url": URL, "email_template_id": TEMPLATE,
            "sms_template_id": "", "templates": "{}", **extra}  # fmt: skip


def test_key_and_token_are_write_only_and_kept_when_left_blank(demo):
    riverside = demo.council("riverside")
    client = _admin(demo)
    saved = client.post(
        "/admin/connectors/residentnotify/add/",
        _form(riverside, api_key=KEY, receipt_token="receipts-token-0123456789"),
    )
    assert saved.status_code == 302, saved.content.decode()
    notify = ResidentNotify.objects.get(council=riverside)
    assert notify.api_key == KEY and notify.secrets["receipt_token"] == "receipts-token-0123456789"

    page = client.get(f"/admin/connectors/residentnotify/{notify.pk}/change/").content.decode()
    assert KEY not in page and "receipts-token-0123456789" not in page
    assert "/hooks/riverside/notify/receipts/" in page and "A key is stored" in page

    client.post(f"/admin/connectors/residentnotify/{notify.pk}/change/", _form(riverside, sms_template_id=TEMPLATE))
    notify.refresh_from_db()
    assert notify.api_key == KEY and notify.sms_template_id == TEMPLATE


def test_a_new_api_url_needs_the_key_again(demo):
    riverside = demo.council("riverside")
    client = _admin(demo)
    client.post("/admin/connectors/residentnotify/add/", _form(riverside, api_key=KEY))
    notify = ResidentNotify.objects.get(council=riverside)

    refused = client.post(
        f"/admin/connectors/residentnotify/{notify.pk}/change/",
        _form(riverside, base_url="https://notify.elsewhere.example"),
    )
    assert refused.status_code == 200 and "Enter the API key again" in refused.content.decode()
    notify.refresh_from_db()
    assert notify.base_url == URL and notify.api_key == KEY


def test_bad_per_purpose_templates_name_their_path_and_save_nothing(demo):
    client = _admin(demo)
    refused = client.post(
        "/admin/connectors/residentnotify/add/",
        _form(demo.council("riverside"), api_key=KEY, templates='{"confirmation": {"fax": "x"}}'),
    )
    assert refused.status_code == 200
    assert "/templates/confirmation: give" in refused.content.decode()
    assert not ResidentNotify.objects.exists()


def test_another_councils_admin_neither_sees_nor_chooses_it(demo):
    riverside = demo.council("riverside")
    _admin(demo).post("/admin/connectors/residentnotify/add/", _form(riverside, api_key=KEY))
    notify = ResidentNotify.objects.get(council=riverside)
    hillford = _admin(demo, "hillford-admin")

    assert hillford.get(f"/admin/connectors/residentnotify/{notify.pk}/change/").status_code in (302, 404)
    assert "Riverside" not in hillford.get("/admin/connectors/residentnotify/").content.decode()
    refused = hillford.post("/admin/connectors/residentnotify/add/", _form(riverside, api_key=KEY))
    assert refused.status_code in (200, 403)
    assert ResidentNotify.objects.count() == 1
    designer = _admin(demo, "riverside-designer")  # administering Notify is the council administrator's
    assert designer.get("/admin/connectors/residentnotify/").status_code in (302, 403)
