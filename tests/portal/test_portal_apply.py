"""Applying over HTTP: pages, conditional questions, uploads, check your answers, one case per submission."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casework.models import Attachment, Case, CaseEvent
from connectors.models import Delivery
from portal.links import case_pk_from_tracking_token

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    + b"\x00" * 40
)  # the signature is what the server checks

FLY = "/riverside/fly-tipping"


def _case_ref(location: str) -> tuple[int, str]:
    """The case a tracking redirect points at (the signed token itself carries a timestamp)."""
    return case_pk_from_tracking_token(location.split("/track/")[1].split("/")[0])


def _png(name="sofa.png", data=PNG_BYTES):
    return SimpleUploadedFile(name, data, content_type="image/png")


def _answer_fly_tipping(client: Client, *, seen=True, photo=None) -> None:
    assert client.post(f"{FLY}/apply/where/", {"location": "Lay-by on Mill Lane"}).status_code == 302
    assert client.post(f"{FLY}/apply/what/", {"waste_types": ["Furniture", "Tyres"], "size": "van"}).status_code == 302
    land = {
        "on_private_land": "false",
        "seen_dumping": "true" if seen else "false",
        "description": "A white van, <b>AB12 CDE</b>",
    }
    assert client.post(f"{FLY}/apply/land/", land).status_code == 302
    assert client.post(f"{FLY}/apply/photo/", {"photo": photo} if photo else {}).status_code == 302
    assert client.post(f"{FLY}/apply/you/", {"your_name": "Ann", "email": "ann@example.com"}).status_code == 302


def test_pages_in_order_with_page_errors_conditional_upload_and_check_answers(demo):
    client = Client()
    first = client.get(f"{FLY}/apply/")
    assert first.status_code == 200 and "Where is the fly-tipping?" in first.content.decode()
    assert (
        '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="location">Where is the fly-tipping?'
        in first.content.decode()
    )

    nothing = client.post(f"{FLY}/apply/what/", {})
    page = nothing.content.decode()
    assert nothing.status_code == 400 and "There is a problem" in page
    assert 'href="#waste_types">Select what has been dumped' in page and "Select how much has been dumped" in page
    assert "Enter where the fly-tipping is" not in page  # only this page's errors

    conditional = client.post(f"{FLY}/apply/land/", {"on_private_land": "false", "seen_dumping": "true"})
    assert conditional.status_code == 400 and "Describe what you saw" in conditional.content.decode()
    assert 'data-aria-controls="conditional-seen_dumping-1"' in conditional.content.decode()

    _answer_fly_tipping(client, photo=_png())
    check = client.get(f"{FLY}/check-answers/")
    html = check.content.decode()
    assert check.status_code == 200 and "Check your answers before sending your report" in html
    assert "Furniture, Tyres" in html and "A small van load" in html and "sofa.png" in html
    assert "A white van, &lt;b&gt;AB12 CDE&lt;/b&gt;" in html  # answers are escaped
    assert f'href="{FLY}/apply/land/?change=1#description"' in html

    changed = client.post(
        f"{FLY}/apply/land/",
        {"on_private_land": "false", "seen_dumping": "false", "description": "ignored", "change": "1"},
    )
    assert changed["Location"] == f"{FLY}/check-answers/"
    assert "A white van" not in client.get(f"{FLY}/check-answers/").content.decode()  # hidden question's answer dropped

    token = client.get(f"{FLY}/check-answers/").context["submission_token"]
    sent = client.post(f"{FLY}/check-answers/", {"submission_token": token})
    assert sent.status_code == 302 and "/track/" in sent["Location"]
    case = Case.objects.get()
    assert case.answers["waste_types"] == ["Furniture", "Tyres"] and "description" not in case.answers
    attachment = Attachment.objects.get(case=case)
    assert (
        attachment.field == "photo"
        and attachment.original_name == "sofa.png"
        and attachment.content_type == "image/png"
    )
    stored = Path(settings.MEDIA_ROOT) / attachment.file.name
    assert stored.read_bytes() == PNG_BYTES and "sofa" not in stored.name
    assert client.get("/" + attachment.file.name).status_code == 404  # never served from a public URL

    again = client.post(f"{FLY}/check-answers/", {"submission_token": token})
    assert _case_ref(again["Location"]) == _case_ref(sent["Location"]) and Case.objects.count() == 1


def test_uploads_are_checked_by_their_bytes_and_size(demo, settings):
    client = Client()
    fake = client.post(f"{FLY}/apply/photo/", {"photo": _png("evil.png", b"<?php echo 'hi'; ?>")})
    assert fake.status_code == 400 and "The selected file must be a JPG or PNG" in fake.content.decode()
    pdf = client.post(f"{FLY}/apply/photo/", {"photo": _png("doc.png", b"%PDF-1.7 not a photo")})
    assert "must be a JPG or PNG" in pdf.content.decode()  # an allowed platform type, but not for this question
    settings.MAX_UPLOAD_BYTES = 20
    big = client.post(f"{FLY}/apply/photo/", {"photo": _png()})
    assert big.status_code == 400 and "must be smaller than 20 bytes" in big.content.decode()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*")) or all(
        p.is_dir() for p in Path(settings.MEDIA_ROOT).rglob("*")
    )


def test_check_answers_sends_back_to_an_unfinished_page(demo):
    client = Client()
    client.post(f"{FLY}/apply/where/", {"location": "Mill Lane"})
    assert client.get(f"{FLY}/check-answers/")["Location"] == f"{FLY}/apply/what/"
    assert Client().get(f"{FLY}/check-answers/")["Location"] == f"{FLY}/apply/"


def test_submission_is_one_transaction_with_the_confirmation_email(demo):
    client = Client()
    client.post(
        "/riverside/missed-bin/apply/bin/",
        {
            "bin_type": "food",
            "collection_date-day": "20",
            "collection_date-month": "11",
            "collection_date-year": "2026",
        },
    )
    client.post("/riverside/missed-bin/apply/where/", {"address": "1 Mill Lane", "postcode": "RD1 2AB"})
    client.post("/riverside/missed-bin/apply/you/", {"your_name": "Ann", "email": "ann@example.com"})
    token = client.get("/riverside/missed-bin/check-answers/").context["submission_token"]
    tracking = client.post("/riverside/missed-bin/check-answers/", {"submission_token": token})["Location"]
    case = Case.objects.get()
    email = Delivery.objects.get(case=case, purpose="confirmation")
    assert email.payload["to"] == ["ann@example.com"] and case.reference in email.payload["subject"]
    # The signed token carries a timestamp, so the email's link and the redirect's may differ by a second: compare cases.
    emailed = re.search(r"/track/([^/\s]+)/", email.payload["body"]).group(1)
    assert case_pk_from_tracking_token(emailed) == case_pk_from_tracking_token(
        tracking.split("/track/")[1].split("/")[0]
    )
    page = client.get(tracking).content.decode()
    assert (
        "Report sent" in page and "We have sent a confirmation email to" in page and "We aim to deal with it by" in page
    )


def test_whole_form_post_with_the_same_token_creates_one_case(demo):
    post = {
        "bin_type": "general",
        "collection_date-day": "20",
        "collection_date-month": "11",
        "collection_date-year": "2026",
        "address": "1 Mill Lane",
        "postcode": "RD1 2AB",
        "your_name": "Ann",
        "email": "ann@example.com",
        "submission_token": "double-click-1",
    }
    first, second = (
        Client().post("/riverside/missed-bin/apply/", post),
        Client().post("/riverside/missed-bin/apply/", post),
    )
    assert first.status_code == second.status_code == 302 and _case_ref(first["Location"]) == _case_ref(
        second["Location"]
    )
    assert Case.objects.count() == 1 and CaseEvent.objects.filter(kind="submitted").count() == 1
    assert Delivery.objects.filter(purpose="confirmation").count() == 1


def test_submit_is_rate_limited_per_ip_and_forms_need_csrf(demo, settings):
    settings.PORTAL_RATE_LIMITS = {"submit_ip": 1, "submit_email": 10}
    post = {
        "bin_type": "general",
        "collection_date": "2026-11-20",
        "address": "1 Mill Lane",
        "postcode": "RD1 2AB",
        "your_name": "Ann",
        "email": "ann@example.com",
    }
    assert Client().post("/riverside/missed-bin/apply/", post).status_code == 302
    refused = Client().post("/riverside/missed-bin/apply/", post)
    assert refused.status_code == 429 and "too many attempts" in refused.content.decode()
    assert Case.objects.count() == 1
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/riverside/fly-tipping/apply/where/", {"location": "x"}).status_code == 403
    assert strict.post("/riverside/your-cases/", {"email": "ann@example.com"}).status_code == 403


@pytest.mark.parametrize(
    "query, shown, hidden", [("bin", "Report a missed bin", "pothole"), ("road", "pothole", "missed bin")]
)
def test_catalogue_is_grouped_and_searchable_with_a_start_page(demo, query, shown, hidden):
    client = Client()
    found = client.get(f"/riverside/?q={query}").content.decode()
    assert shown.lower() in found.lower() and hidden.lower() not in found.lower()
    assert "1 service found" in found or "services found" in found
    start = client.get("/riverside/fly-tipping/").content.decode()
    assert "What you need" in start and "How long it takes" in start and "working day" in start


def test_an_object_location_is_one_text_input_per_part_and_reads_back():
    from django.http import QueryDict

    from form_definitions.coerce import answers_from_post
    from form_definitions.fields import form_fields
    from portal.templatetags.portal_forms import govuk_field

    schema = {
        "type": "object",
        "properties": {
            "where": {
                "type": "object",
                "title": "Where is it?",
                "properties": {
                    "easting": {"type": "integer", "title": "Easting"},
                    "northing": {"type": "integer", "title": "Northing"},
                },
            }
        },
    }
    fields = form_fields(schema, {"fields": {"where": {"widget": "location"}}})
    answers = answers_from_post(fields, QueryDict("where-easting=412345&where-northing=98765"))
    assert answers == {"where": {"easting": 412345, "northing": 98765}}
    html = govuk_field({}, fields[0], answers, {"where": "Enter a grid reference"})
    assert 'name="where-northing" type="text" spellcheck="false" value="98765"' in html
    assert 'id="where" name="where-easting"' in html and "Enter a grid reference" in html


def test_every_page_of_every_demo_service_renders(demo):
    from casework.models import Service
    from form_definitions.services import form_definition_compiled

    client = Client()
    services = Service.objects.filter(council__slug="riverside", is_live=True).select_related("form", "workflow")
    assert services.count() >= 4
    for service in services:
        if not service.accepts_cases:
            continue
        for page in form_definition_compiled(service.form).pages:
            response = client.get(f"/riverside/{service.slug}/apply/{page.id}/")
            assert response.status_code == 200, (service.slug, page.id)
            assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_confirmation_email_is_on_the_officer_timeline_and_the_tracking_page(demo):
    post = {
        "bin_type": "general",
        "collection_date-day": "20",
        "collection_date-month": "11",
        "collection_date-year": "2026",
        "address": "1 Mill Lane",
        "postcode": "RD1 2AB",
        "your_name": "Ann",
        "email": "ann@example.com",
        "submission_token": "timeline-1",
    }
    tracking = Client().post("/riverside/missed-bin/apply/", post)["Location"]
    case = Case.objects.get()
    email = Delivery.objects.get(case=case, purpose="confirmation")
    event = CaseEvent.objects.get(case=case, kind="message_sent")
    assert event.resident_visible and event.detail["delivery"] == email.pk and event.detail["purpose"] == "confirmation"
    assert "body" not in event.detail  # the signed tracking link stays out of the audit trail
    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    assert (
        f"Confirmation email queued: {case.service.name}: your reference is {case.reference}"
        in officer.get(f"/work/cases/{case.reference}/").content.decode()
    )
    page = Client().get(tracking.split("?")[0]).content.decode()
    assert "We sent you a confirmation email with your reference and a link to this page" in page


def test_no_confirmation_event_without_an_email_address(demo):
    from casework.models import Channel, Service
    from casework.services.submission import case_submit

    service = Service.objects.get(council__slug="riverside", slug="missed-bin")
    answers = {
        "bin_type": "general",
        "collection_date": "2026-11-20",
        "address": "1 Mill Lane",
        "postcode": "RD1 2AB",
        "your_name": "Ann",
        "email": "ann@example.com",
    }
    case = case_submit(service=service, answers=answers, channel=Channel.PHONE, customer_details={"name": "Ann"})
    assert not case.events.filter(kind="message_sent").exists() and not Delivery.objects.filter(case=case).exists()
