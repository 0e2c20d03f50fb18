"""Welsh beyond the portal's own wording: the council's catalogue text, every demo form's questions, and the
workflow's emails, outcomes and end messages for a resident who applied in Welsh."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from casework.models import CaseEvent, CaseTask
from casework.services.officer_resolution import case_resolve
from casework.services.tasks import task_claim, task_complete
from connectors.models import Delivery
from form_definitions.services import form_definition_compiled
from portal.language import form_in_language
from portal.links import case_tracking_path

WELSH_END = {
    "title": "Welsh ending",
    "start": "check",
    "steps": [
        {
            "id": "check",
            "type": "task",
            "title": "Check",
            "assign": {"team": "waste"},
            "outcomes": [
                {
                    "id": "ok",
                    "label": "OK",
                    "resident_label": "Done",
                    "translations": {"cy": {"resident_label": "Wedi’i wneud"}},
                }
            ],
            "next": "done",
        },
        {
            "id": "done",
            "type": "end",
            "outcome": "resolved",
            "resident_message": "All sorted.",
            "translations": {"cy": {"resident_message": "Popeth wedi’i ddatrys."}},
        },
    ],
}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_welsh_catalogue_has_the_councils_welsh_names_categories_and_summaries(demo):
    bins = demo.service("hillford", "missed-bin")
    welsh = _text(Client().get("/hillford/?lang=cy").content.decode())
    assert "Cyngor Bwrdeistref Hillford" in welsh and "Biniau ac ailgylchu" in welsh
    assert bins.name_cy in welsh and bins.summary_cy in welsh
    assert "Bins and recycling" not in welsh and bins.summary not in welsh
    english = _text(Client().get("/hillford/?lang=en").content.decode())
    assert "Hillford Borough Council" in english and "Bins and recycling" in english and bins.name_cy not in english
    # Either language's words find a service, whichever language the page is in.
    found = _text(Client().get("/hillford/", {"lang": "cy", "q": "ffordd"}).content.decode())
    assert "Rhoi gwybod am dwll yn y ffordd" in found and bins.name_cy not in found
    assert "Report a pothole" in _text(Client().get("/hillford/", {"lang": "en", "q": "ffordd"}).content.decode())


def test_welsh_start_page_says_what_you_need_in_welsh(demo):
    bins = demo.service("hillford", "missed-bin")
    page = _text(Client().get("/hillford/missed-bin/?lang=cy").content.decode())
    assert bins.name_cy in page and bins.summary_cy in page and bins.before_you_start_cy in page
    assert bins.before_you_start not in page


def test_english_only_council_ignores_welsh_text(demo):
    page = _text(Client().get("/riverside/?lang=cy").content.decode())
    assert "Bins and recycling" in page and "Biniau ac ailgylchu" not in page


@pytest.mark.parametrize(
    "slug", ["missed-bin", "fly-tipping", "pothole", "complaint", "foi-request", "premises-licence", "noise-complaint"]
)
def test_every_demo_service_is_worded_in_welsh_question_by_question(demo, slug):
    service = demo.service("hillford", slug)
    assert all(getattr(service, field) for field in service.WELSH_FIELDS), "catalogue text missing"
    english = form_definition_compiled(service.form)
    welsh = form_in_language(english, "cy")
    words = english.ui_schema["translations"]["cy"]
    assert words.get("title")
    for en_page, cy_page in zip(english.pages, welsh.pages):
        if "pages" in english.ui_schema:
            assert en_page.id in words.get("pages", {}), f"page {en_page.id} has no Welsh title"
        for en_field, cy_field in zip(en_page.fields, cy_page.fields):
            assert words["fields"].get(en_field.name, {}).get("label"), f"{en_field.name} has no Welsh label"
            assert not en_field.hint or cy_field.hint != en_field.hint, f"{en_field.name}'s hint is still English"
            for choice in en_field.choices:  # some words are the same in Welsh ("Asbestos"), so look for the entry
                posted = ("true" if choice.value else "false") if isinstance(choice.value, bool) else str(choice.value)
                assert posted in words["fields"][en_field.name].get("choices", {}), (
                    f"{en_field.name}={posted} has no Welsh"
                )


def test_a_welsh_case_gets_the_workflows_welsh_email_and_outcome_and_an_english_case_the_english(
    demo, submit_missed_bin
):
    service = demo.service("hillford", "missed-bin")
    officer = demo.user("hillford-waste")
    welsh_case, english_case = submit_missed_bin(service, language="cy"), submit_missed_bin(service)
    for case in (welsh_case, english_case):
        task = CaseTask.objects.get(case=case, is_open=True)
        task_claim(officer, task)
        task_complete(officer, task, outcome="collected")
    welsh_email = Delivery.objects.get(case=welsh_case, purpose="tell_collected").payload
    english_email = Delivery.objects.get(case=english_case, purpose="tell_collected").payload
    assert welsh_email["subject"] == f"Mae eich bin wedi cael ei gasglu ({welsh_case.reference})"
    assert english_email["subject"] == f"Your bin has been collected ({english_case.reference})"
    assert welsh_email["body"].startswith("Rydym bellach wedi casglu eich bin.") and "/track/" in welsh_email["body"]

    # The tracking link opened anywhere shows the Welsh case in Welsh, with the outcome's Welsh resident label.
    welsh_page = _text(Client().get(case_tracking_path(welsh_case)).content.decode())
    assert "Fe wnaethom gasglu eich bin" in welsh_page and "Collected" not in welsh_page
    english_page = _text(Client().get(case_tracking_path(english_case)).content.decode())
    assert "We collected your bin" in english_page


def test_end_message_and_officer_resolution_email_in_the_residents_language(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("hillford", "missed-bin"), WELSH_END)
    officer = demo.user("hillford-waste")
    case = submit_missed_bin(service, language="cy")
    task_claim(officer, CaseTask.objects.get(case=case, is_open=True))
    case.refresh_from_db()
    case_resolve(officer, case, version=case.version, message="Rydym wedi casglu’r bin.")
    subject = Delivery.objects.get(case=case, purpose="officer_resolve").payload["subject"]
    assert subject == f"Mae eich achos {case.reference} wedi’i ddatrys"
    resolved = CaseEvent.objects.get(case=case, kind="resolved")
    assert (
        resolved.detail["message"] == "Popeth wedi’i ddatrys." and resolved.detail["resident_outcome"] == "Wedi’i wneud"
    )
    page = _text(Client().get(case_tracking_path(case)).content.decode())
    assert "Popeth wedi’i ddatrys." in page and "Wedi’i wneud" in page and "All sorted." not in page

    english = submit_missed_bin(service)
    task = CaseTask.objects.get(case=english, is_open=True)
    task_claim(officer, task)
    task_complete(officer, task, outcome="ok")
    assert CaseEvent.objects.get(case=english, kind="resolved").detail["message"] == "All sorted."


def test_officers_see_that_the_resident_applied_in_welsh(demo, submit_missed_bin, client):
    case = submit_missed_bin(demo.service("hillford", "missed-bin"), language="cy")
    client.force_login(demo.user("hillford-waste"))
    page = client.get(f"/work/cases/{case.reference}/").content.decode()
    assert '<strong lang="cy" title="The resident applied in Welsh: reply in Welsh">Cymraeg</strong>' in page
    english = submit_missed_bin(demo.service("hillford", "missed-bin"))
    assert "Cymraeg</strong>" not in client.get(f"/work/cases/{english.reference}/").content.decode()


def test_workflow_translations_are_checked_with_their_paths(demo):
    from councilflow.errors import DefinitionInvalid
    from workflows.check import workflow_definition_check

    broken = {
        **WELSH_END,
        "steps": [
            {
                **WELSH_END["steps"][0],
                "outcomes": [{"id": "ok", "label": "OK", "translations": {"fr": {"resident_label": "Fait"}}}],
            },
            {
                "id": "tell",
                "type": "notify",
                "to": "resident",
                "template": {"subject": "S", "body": "B"},
                "translations": {"cy": {"subject": "Pwnc"}},
                "next": "done",
            },
            {**WELSH_END["steps"][1], "translations": {"cy": {"message": "Anghywir"}}},
        ],
    }
    broken["steps"][0] = {**broken["steps"][0], "next": "tell"}
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(broken, teams={"waste"})
    problems = {p.path: p.message for p in refused.value.problems}
    assert problems["/steps/0/outcomes/0/translations"] == "only Welsh (cy) translations are supported"
    assert problems["/steps/1/translations/cy"] == '"body" is required'
    assert problems["/steps/2/translations/cy/message"].startswith('unknown property "message"')


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_welsh_catalogue_and_every_services_first_page_pass_axe_with_and_without_errors(demo, live_server, chromium):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    axe = Axe()
    context = chromium.new_context()
    context.set_default_timeout(5000)
    page = context.new_page()

    def check_axe(what: str) -> None:
        page.wait_for_load_state("load")
        page.locator("main h1").first.wait_for()
        assert page.locator("html").get_attribute("lang") == "cy", what
        results = axe.run(page)
        assert results.violations_count == 0, f"{what}: {results.generate_report()}"

    page.goto(f"{live_server.url}/hillford/?lang=cy")
    expect(page.get_by_role("heading", name="Biniau ac ailgylchu")).to_be_visible()
    check_axe("Welsh catalogue")
    for service in demo.council("hillford").services.filter(is_live=True).order_by("slug"):
        page.goto(f"{live_server.url}/hillford/{service.slug}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(service.name_cy)
        check_axe(f"{service.slug}: Welsh start page")
        page.get_by_role("button", name="Dechrau nawr").click()
        check_axe(f"{service.slug}: Welsh first question page")
        page.get_by_role("button", name="Parhau").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Mae problem")
        check_axe(f"{service.slug}: Welsh first question page with errors")
    context.close()
