"""Everything residents receive through the council's GOV.UK Notify (a real fake Notify on 127.0.0.1):
email and SMS through the official client and the outbox, delivery receipts on the timeline, email without it."""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from casework.exceptions import CaseworkError
from casework.models import CaseEvent, CaseTask
from casework.services.notes import case_message_send
from casework.services.submission import case_submit
from casework.services.tasks import task_claim
from connector_helpers import drain
from connectors.models import Delivery, ResidentNotify
from notify_fake import API_KEY, fake_notify_start
from portal.links import case_tracking_url
from portal.services import resident_cases_link_queue

EMAIL_TEMPLATE = str(uuid.uuid4())
SMS_TEMPLATE = str(uuid.uuid4())
TOKEN = "receipts-token-0123456789"
ANSWERS = {  # taken by phone: the form's email answer is the officer's, the customer record has only a phone
    "bin_type": "general",
    "collection_date": "2026-11-20",
    "address": "1 High Street, Riverside",
    "postcode": "RD1 2AB",
    "your_name": "Bob Phone",
    "email": "contact-centre@riverside.example",
}


@pytest.fixture
def notify_api():
    fake = fake_notify_start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def riverside_notify(demo, notify_api, fast_retries, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return ResidentNotify.objects.create(
        council=demo.council("riverside"),
        base_url=notify_api.url,
        secrets_base_url=notify_api.url,
        email_template_id=EMAIL_TEMPLATE,
        sms_template_id=SMS_TEMPLATE,
        secrets={"api_key": API_KEY, "receipt_token": TOKEN},
    )


def _phone_only_case(demo):
    return case_submit(
        service=demo.service("riverside", "missed-bin"),
        answers=ANSWERS,
        channel="phone",
        actor=demo.user("riverside-waste"),
        customer_details={"name": "Bob Phone", "phone": "07700 900123"},
    )


def _receipt(client, council: str, document, *, token: str = TOKEN):
    return client.post(
        f"/hooks/{council}/notify/receipts/",
        data=json.dumps(document),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )


def test_confirmation_goes_through_the_notify_email_template_not_django_mail(
    riverside_notify, notify_api, demo, submit_missed_bin
):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    drain()

    [sent] = notify_api.received
    delivery = Delivery.objects.get(case=case, purpose="confirmation")
    assert delivery.status == "sent", delivery.last_error
    assert sent["path"] == "/v2/notifications/email" and sent["email_address"] == "ann@example.com"
    assert sent["template_id"] == EMAIL_TEMPLATE and sent["reference"] == str(delivery.idempotency_key)
    assert case.reference in sent["personalisation"]["subject"]
    assert "/track/" in sent["personalisation"]["body"] or "http" in sent["personalisation"]["body"]
    assert delivery.response["notify_id"] and delivery.response["channel"] == "email"
    assert mail.outbox == []


def test_a_resident_with_only_a_phone_number_gets_a_text(riverside_notify, notify_api, demo):
    case = _phone_only_case(demo)
    drain()

    [sent] = notify_api.received
    assert sent["path"] == "/v2/notifications/sms" and sent["phone_number"] == "+447700900123"
    assert sent["template_id"] == SMS_TEMPLATE and case.reference in sent["personalisation"]["body"]
    event = CaseEvent.objects.get(case=case, kind="message_sent")
    assert event.summary.startswith("Confirmation text message queued")
    assert "+447700900123" not in json.dumps(event.detail)
    page = Client().get(urlsplit(case_tracking_url(case)).path).content.decode()  # the resident reads how
    assert "We sent you a text message with your reference" in page


def test_without_notify_a_phone_only_resident_gets_nothing_and_an_officer_is_told(demo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    case = _phone_only_case(demo)
    assert not Delivery.objects.filter(case=case).exists()
    sam = demo.user("riverside-waste")
    task_claim(sam, CaseTask.objects.get(case=case, is_open=True))
    case.refresh_from_db()
    with pytest.raises(CaseworkError, match="no email address"):
        case_message_send(sam, case, subject="Update", body="We are on it.", version=case.version)
    assert not Delivery.objects.filter(case=case).exists()


def test_officer_message_to_a_phone_only_resident_is_texted(riverside_notify, notify_api, demo):
    case = _phone_only_case(demo)
    sam = demo.user("riverside-waste")
    task_claim(sam, CaseTask.objects.get(case=case, is_open=True))
    case.refresh_from_db()
    case_message_send(sam, case, subject="Update", body="The crew comes back tomorrow.", version=case.version)
    drain()

    texts = [sent for sent in notify_api.received if sent["path"].endswith("/sms")]
    assert [t["personalisation"]["body"] for t in texts][-1] == "The crew comes back tomorrow."
    assert CaseEvent.objects.filter(case=case, summary="Text message queued: Update").exists()


def test_without_notify_residents_are_emailed_as_before(demo, submit_missed_bin, settings, notify_api):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ResidentNotify.objects.create(  # switched off: as if there were none
        council=demo.council("riverside"),
        is_active=False,
        base_url=notify_api.url,
        secrets_base_url=notify_api.url,
        email_template_id=EMAIL_TEMPLATE,
        secrets={"api_key": API_KEY},
    )
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    drain()

    [email] = mail.outbox
    assert email.to == ["ann@example.com"] and case.reference in email.subject
    assert notify_api.received == []


def test_hillford_keeps_email_while_riverside_uses_notify(riverside_notify, notify_api, demo, submit_missed_bin):
    submit_missed_bin(demo.service("hillford", "missed-bin"))
    drain()
    assert len(mail.outbox) == 1 and notify_api.received == []


def test_the_your_cases_magic_link_and_a_per_purpose_template(riverside_notify, notify_api, demo, submit_missed_bin):
    own = str(uuid.uuid4())
    riverside_notify.templates = {"your-cases": {"email": own}}
    riverside_notify.save()
    submit_missed_bin(demo.service("riverside", "missed-bin"))
    assert resident_cases_link_queue(demo.council("riverside"), "ann@example.com")
    drain()

    link = [sent for sent in notify_api.received if sent["template_id"] == own]
    assert len(link) == 1 and "24 hours" in link[0]["personalisation"]["body"]
    assert mail.outbox == []


def test_notify_down_is_retried_through_the_outbox_then_sent_once(
    riverside_notify, notify_api, demo, submit_missed_bin
):
    notify_api.script = [(500, "Internal server error"), (429, "Exceeded rate limit")]
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    drain()

    delivery = Delivery.objects.get(case=case, purpose="confirmation")
    assert delivery.status == "sent" and delivery.attempts == 3
    assert ["Notify HTTP 500" in e["error"] for e in delivery.attempt_log] == [True, False]
    assert len(notify_api.received) == 1


def test_a_refused_message_is_dead_lettered_at_once(riverside_notify, notify_api, demo, submit_missed_bin):
    notify_api.script = [(400, "Can't send to this recipient using a team-only API key")]
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    drain()

    delivery = Delivery.objects.get(case=case, purpose="confirmation")
    assert delivery.status == "dead" and delivery.attempts == 1 and "team-only" in delivery.last_error
    assert CaseEvent.objects.filter(case=case, kind="connector_failed").exists()


def test_a_key_entered_for_another_api_url_is_never_sent(riverside_notify, notify_api, demo, submit_missed_bin):
    ResidentNotify.objects.filter(pk=riverside_notify.pk).update(secrets_base_url="https://elsewhere.example")
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    drain()

    delivery = Delivery.objects.get(case=case, purpose="confirmation")
    assert delivery.status == "dead" and "No Notify API key" in delivery.last_error
    assert notify_api.received == []


def test_delivery_receipts_update_the_timeline_once(riverside_notify, notify_api, demo, submit_missed_bin, client):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    drain()
    delivery = Delivery.objects.get(case=case, purpose="confirmation")
    receipt = {
        "id": delivery.response["notify_id"],
        "reference": str(delivery.idempotency_key),
        "to": "ann@example.com",
        "status": "delivered",
        "notification_type": "email",
        "created_at": "2026-12-03T05:00:00.000000Z",
    }

    answer = _receipt(client, "riverside", receipt)
    again = _receipt(client, "riverside", receipt)

    assert answer.status_code == 200 and answer.json()["applied"] is True
    assert again.status_code == 200 and again.json()["applied"] is False
    [event] = CaseEvent.objects.filter(case=case, kind="message_delivered")
    assert event.summary == "Email to the resident delivered" and event.actor_label == "GOV.UK Notify"
    delivery.refresh_from_db()
    assert delivery.response["notify_status"] == "delivered"
    client.force_login(demo.user("riverside-waste"))
    assert "Email to the resident delivered" in client.get(f"/work/cases/{case.reference}/").content.decode()


def test_a_permanent_failure_of_a_text_is_on_the_timeline(riverside_notify, notify_api, demo, client):
    case = _phone_only_case(demo)
    drain()
    delivery = Delivery.objects.get(case=case, purpose="confirmation")
    answer = _receipt(client, "riverside", {"id": delivery.response["notify_id"], "status": "permanent-failure"})

    assert answer.status_code == 200
    [event] = CaseEvent.objects.filter(case=case, kind="message_not_delivered")
    assert event.summary.startswith("Text message to the resident could not be delivered")


def test_receipts_need_the_councils_token_and_stay_in_its_council(
    riverside_notify, notify_api, demo, submit_missed_bin, client
):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    drain()
    delivery = Delivery.objects.get(case=case, purpose="confirmation")
    receipt = {"id": delivery.response["notify_id"], "status": "delivered"}
    ResidentNotify.objects.create(
        council=demo.council("hillford"),
        base_url=notify_api.url,
        email_template_id=EMAIL_TEMPLATE,
        secrets={"receipt_token": "hillford-token-0123456789"},
    )

    assert _receipt(client, "riverside", receipt, token="").status_code == 401
    assert _receipt(client, "riverside", receipt, token="wrong-token-0123456789").status_code == 401
    assert _receipt(client, "riverside", receipt, token="hillford-token-0123456789").status_code == 401
    # Hillford's token at Hillford's address cannot reach a Riverside message.
    assert _receipt(client, "hillford", receipt, token="hillford-token-0123456789").status_code == 404
    assert _receipt(client, "glenmoor", receipt).status_code == 404
    assert not CaseEvent.objects.filter(case=case, kind="message_delivered").exists()


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ("[1]", 400, "/: expected a JSON object"),
        ('{"id": "x", "status": "lost"}', 400, "/status: expected one of"),
        ('{"status": "delivered"}', 400, "/id: required"),
        ('{"id": 5, "status": "delivered"}', 400, "/id: expected a string"),
        ("{not json", 400, "not valid JSON"),
        ('{"id": "' + "x" * 20000 + '"}', 413, "larger than"),
    ],
)
def test_a_bad_receipt_says_what_is_wrong_and_saves_nothing(riverside_notify, client, body, status, message):
    answer = client.post(
        "/hooks/riverside/notify/receipts/",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert answer.status_code == status and message in answer.json()["error"]
    assert not CaseEvent.objects.filter(kind__in=["message_delivered", "message_not_delivered"]).exists()
