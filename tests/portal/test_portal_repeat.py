"""A resident adds, edits and removes items of a repeatable group, with and without JavaScript; officers see the list."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from playwright.sync_api import expect

from axe_pages import axe_check
from casework.models import Case
from form_definitions.services import form_definition_new_draft, form_definition_publish
from repeat_groups import extra_bins_group

EXTRA_BINS = extra_bins_group()
FIRST_PAGE = {
    "bin_type": "general",
    "collection_date-day": "20",
    "collection_date-month": "11",
    "collection_date-year": "2026",
    "bin_out_by_7am": "true",
}
WHERE = {"address": "1 High Street", "postcode": "RD1 2AB"}


@pytest.fixture
def bins_form(demo):
    """The missed-bin form with a required "other bins" group on its second page, and a question about glass."""
    service = demo.service("riverside", "missed-bin")
    draft = form_definition_new_draft(service.form, user=demo.user("riverside-designer"))
    draft.schema["properties"]["extra_bins"] = EXTRA_BINS
    draft.schema["properties"]["glass_broken"] = {"type": "boolean", "title": "Was any glass broken?"}
    draft.schema["required"] += ["extra_bins", "glass_broken"]
    draft.ui_schema["pages"][1]["fields"].append("extra_bins")
    draft.ui_schema["pages"][2]["fields"].append("glass_broken")
    draft.ui_schema["fields"]["extra_bins"] = {
        "widget": "repeat",
        "item_label": "Bin",
        "item_fields": {"kind": {"widget": "radios"}},
    }
    draft.ui_schema["fields"]["glass_broken"] = {
        "widget": "radios",
        "show_if": {"field": "extra_bins", "item": "kind", "equals": "glass"},
    }
    draft.save()
    form_definition_publish(draft, user=demo.user("riverside-designer"))
    return service


def _where(items: list[dict], **buttons) -> dict:
    post = {**WHERE, "extra_bins-count": str(len(items)), **buttons}
    for index, item in enumerate(items):
        post.update({f"extra_bins-{index}-{k}": v for k, v in item.items()})
    return post


def test_add_remove_and_errors_per_item_without_javascript(demo, bins_form):
    resident = Client()
    assert resident.post("/riverside/missed-bin/apply/bin/", FIRST_PAGE).status_code == 302
    page = resident.get("/riverside/missed-bin/apply/where/").content.decode()
    assert "Bin 1" in page and 'name="extra_bins-count" value="1"' in page and "Add another bin" in page
    assert "Remove" not in page  # the last item cannot be removed

    added = resident.post("/riverside/missed-bin/apply/where/", _where([{"kind": "food"}], repeat_add="extra_bins"))
    page = unescape(added.content.decode())
    assert added.status_code == 200 and "There is a problem" not in page
    assert "Bin 2" in page and 'name="extra_bins-1-kind"' in page and 'value="food" checked' in page
    assert 'Remove<span class="govuk-visually-hidden"> bin 2</span>' in page

    # Continue with the second bin blank: its own error, linked to its own question.
    refused = resident.post("/riverside/missed-bin/apply/where/", _where([{"kind": "food"}, {"left_at": "Kerb"}]))
    page = unescape(refused.content.decode())
    assert refused.status_code == 400
    assert '<a href="#extra_bins-1-kind">Select type of bin for bin 2</a>' in page
    assert 'id="extra_bins-1-kind-error"' in page and 'value="Kerb"' in page  # what was typed is kept

    items = [{"kind": "food"}, {"kind": "glass", "left_at": "Kerb"}, {"kind": "food", "left_at": "Drive"}]
    full = resident.post("/riverside/missed-bin/apply/where/", _where(items, repeat_add="extra_bins"))
    assert "Bin 3" in full.content.decode() and "Add another bin" not in full.content.decode()  # maxItems is 3

    removed = resident.post("/riverside/missed-bin/apply/where/", _where(items, repeat_remove="extra_bins-0"))
    page = unescape(removed.content.decode())
    assert "Bin 3" not in page and 'name="extra_bins-0-left_at" type="text" value="Kerb"' in page

    kept = [{"kind": "glass", "left_at": "Kerb"}, {"kind": "food", "left_at": "Drive"}]
    assert resident.post("/riverside/missed-bin/apply/where/", _where(kept))["Location"].endswith("/you/")
    you = resident.post("/riverside/missed-bin/apply/you/", {"your_name": "Ann", "email": "ann@example.com"})
    assert "Was any glass broken?" in unescape(you.content.decode())  # a glass box was listed: asked
    resident.post(
        "/riverside/missed-bin/apply/you/", {"your_name": "Ann", "email": "ann@example.com", "glass_broken": "false"}
    )
    check = unescape(resident.get("/riverside/missed-bin/check-answers/").content.decode())
    assert "Bin 1: Glass box, Kerb<br>Bin 2: Food caddy, Drive" in check

    sent = resident.post("/riverside/missed-bin/check-answers/", {"submission_token": "x"})
    assert sent.status_code == 302
    case = Case.objects.get()
    assert case.answers["extra_bins"] == kept and case.answers["glass_broken"] is False
    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    case_page = unescape(officer.get(f"/work/cases/{case.reference}/").content.decode())
    assert "Bin 1: Glass box, Kerb<br>Bin 2: Food caddy, Drive" in case_page


def test_without_glass_the_glass_question_is_not_asked(demo, bins_form):
    resident = Client()
    resident.post("/riverside/missed-bin/apply/bin/", FIRST_PAGE)
    resident.post("/riverside/missed-bin/apply/where/", _where([{"kind": "food"}]))
    you = resident.post("/riverside/missed-bin/apply/you/", {"your_name": "Ann", "email": "ann@example.com"})
    assert you.status_code == 302 and you["Location"].endswith("/check-answers/")


def test_an_api_style_whole_form_post_is_checked_per_item(demo, bins_form):
    post = {
        **FIRST_PAGE,
        **_where([{"kind": "food"}, {"left_at": "x" * 41}]),
        "your_name": "Ann",
        "email": "ann@example.com",
        "submission_token": "t",
    }
    refused = Client().post("/riverside/missed-bin/apply/", post)
    page = unescape(refused.content.decode())
    assert refused.status_code == 400 and "Select type of bin for bin 2" in page
    assert "Where it was left must be 40 characters or fewer for bin 2" in page
    assert not Case.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_add_and_remove_items_in_chromium(demo, bins_form, live_server, chromium, javascript):
    context = chromium.new_context(java_script_enabled=javascript)
    context.set_default_timeout(5000)
    page = context.new_page()
    page.goto(f"{live_server.url}/riverside/missed-bin/apply/")
    page.get_by_label("General waste").check()
    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.locator("#bin_out_by_7am").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Address").first.fill("1 High Street")
    page.get_by_label("Postcode").fill("RD1 2AB")
    page.locator("#extra_bins-0-kind").check()
    page.get_by_role("button", name="Add another bin").click()
    expect(page.get_by_role("heading", name="Bin 2")).to_be_visible()
    axe_check(chromium, page, javascript=javascript, what="two items")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary__list li")).to_have_text(["Select type of bin for bin 2"])
    axe_check(chromium, page, javascript=javascript, what="an item with an error")
    page.get_by_role("button", name="Remove bin 2").click()
    expect(page.get_by_role("heading", name="Bin 2")).to_have_count(0)
    page.locator("#extra_bins-0-left_at").fill("By the gate")
    page.locator("#extra_bins-0-left_at").press("Enter")  # Enter continues; it does not remove an item
    expect(page.get_by_role("heading", name="Your details")).to_be_visible()
    context.close()
