"""A resident's date is held to the designer's date rules on the page, in GOV.UK words, with and without JS."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape

import pytest
from django.test import Client
from playwright.sync_api import expect

from axe_pages import axe_check
from casework.models import Case
from form_definitions.dates import today_uk
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_new_draft, form_definition_publish


def _publish_with_rules(demo, rules: dict) -> None:
    service = demo.service("riverside", "missed-bin")
    draft = form_definition_new_draft(service.form, user=demo.user("riverside-designer"))
    draft.ui_schema["fields"]["collection_date"].update({"date_rules": rules, "error_label": "Collection date"})
    draft.save()
    form_definition_publish(draft, user=demo.user("riverside-designer"))


def _date_post(day: datetime.date) -> dict:
    return {
        "bin_type": "general",
        "collection_date-day": str(day.day),
        "collection_date-month": str(day.month),
        "collection_date-year": str(day.year),
        "bin_out_by_7am": "true",
    }


def test_a_collection_date_in_the_future_is_refused_on_its_page(demo):
    _publish_with_rules(demo, {"not_in_future": True, "at_least": {"days": -28}})
    resident = Client()
    tomorrow = today_uk() + datetime.timedelta(days=1)
    refused = resident.post("/riverside/missed-bin/apply/bin/", _date_post(tomorrow))
    page = unescape(refused.content.decode())
    assert refused.status_code == 400
    assert "Collection date must be today or in the past" in page
    assert 'href="#collection_date-day"' in page  # the summary links to the first input of the date

    too_old = today_uk() - datetime.timedelta(days=29)
    refused = resident.post("/riverside/missed-bin/apply/bin/", _date_post(too_old))
    earliest = today_uk() - datetime.timedelta(days=28)
    assert f"Collection date must be the same as or after {earliest.day} " in unescape(refused.content.decode())

    accepted = resident.post("/riverside/missed-bin/apply/bin/", _date_post(today_uk()))
    assert accepted.status_code == 302 and accepted["Location"].endswith("/where/")


def test_the_whole_form_post_is_held_to_the_rules_too_and_nothing_is_saved(demo):
    _publish_with_rules(demo, {"not_in_future": True})
    answers = {
        **_date_post(today_uk() + datetime.timedelta(days=3)),
        "address": "1 High Street",
        "postcode": "RD1 2AB",
        "your_name": "Ann",
        "email": "ann@example.com",
        "submission_token": "t1",
    }
    refused = Client().post("/riverside/missed-bin/apply/", answers)
    assert refused.status_code == 400 and "Collection date must be today or in the past" in refused.content.decode()
    assert not Case.objects.exists()


def test_the_designer_is_told_formatmaximum_is_not_enforced(demo):
    designer = Client()
    designer.force_login(demo.user("riverside-designer"))
    schema = {
        "type": "object",
        "properties": {"seen": {"type": "string", "format": "date", "formatMaximum": "today"}},
    }
    response = designer.post(
        "/admin/form_definitions/formdefinition/add/",
        {
            "council": demo.council("riverside").pk,
            "slug": "sighting",
            "name": "Sighting",
            "version": 1,
            "notes": "",
            "schema": json.dumps(schema),
            "ui_schema": "{}",
        },
    )
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert '/schema/properties/seen/formatMaximum: keyword "formatMaximum" is not enforced by Councilflow' in page
    assert not FormDefinition.objects.filter(slug="sighting").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_refused_date_in_chromium_is_explained_and_axe_clean(demo, live_server, chromium, javascript):
    _publish_with_rules(demo, {"not_in_future": True})
    context = chromium.new_context(java_script_enabled=javascript)
    context.set_default_timeout(5000)
    page = context.new_page()
    page.goto(f"{live_server.url}/riverside/missed-bin/apply/")
    page.get_by_label("General waste").check()
    tomorrow = today_uk() + datetime.timedelta(days=1)
    page.get_by_label("Day").fill(str(tomorrow.day))
    page.get_by_label("Month").fill(str(tomorrow.month))
    page.get_by_label("Year").fill(str(tomorrow.year))
    page.locator("#bin_out_by_7am").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary__list li")).to_have_text(["Collection date must be today or in the past"])
    expect(page).to_have_title(re.compile(r"^Error:"))
    expect(page.locator("#collection_date-error")).to_contain_text("Collection date must be today or in the past")
    axe_check(chromium, page, javascript=javascript)
    page.get_by_label("Day").fill(str(today_uk().day))
    page.get_by_label("Month").fill(str(today_uk().month))
    page.get_by_label("Year").fill(str(today_uk().year))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Where")).to_be_visible()
    context.close()
