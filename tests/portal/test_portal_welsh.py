"""Welsh (Cymraeg) on a council that offers it: toggle, chrome, questions from the UI schema, email; none elsewhere."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from casework.models import Case
from connectors.models import Delivery
from portal.catalogue import WELSH_PO, CatalogueInvalid, catalogue_compile, catalogue_messages

WELSH_BIN = "/hillford/missed-bin"
ENGLISH_BIN = "/riverside/missed-bin"
TOGGLE = "Newid yr iaith i’r Gymraeg"


def test_welsh_council_shows_the_toggle_and_remembers_cymraeg(demo):
    client = Client()
    english = client.get(f"{WELSH_BIN}/").content.decode()
    assert '<html lang="en-GB"' in english and TOGGLE in english and "Start now" in english
    welsh = client.get(f"{WELSH_BIN}/?lang=cy")
    page = welsh.content.decode()
    assert '<html lang="cy"' in page and welsh["Content-Language"] == "cy"
    assert (
        "Dechrau nawr" in page
        and "Rhoi gwybod am gasgliad bin a fethwyd" in page
        and "Change the language to English" in page
    )
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    assert "Parhau" in client.get(f"{WELSH_BIN}/apply/").content.decode()  # the choice sticks without ?lang


def test_english_only_council_has_no_toggle_and_ignores_welsh_requests(demo):
    client = Client(HTTP_ACCEPT_LANGUAGE="cy")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = client.get(f"{ENGLISH_BIN}/?lang=cy").content.decode()
    assert TOGGLE not in page and "Change the language to English" not in page
    assert '<html lang="en-GB"' in page and "Start now" in page and "Dechrau" not in page


def test_browser_asking_for_welsh_gets_it_where_the_council_offers_it(demo):
    page = Client(HTTP_ACCEPT_LANGUAGE="cy-GB,cy;q=0.9,en;q=0.5").get(f"{WELSH_BIN}/apply/").content.decode()
    assert '<html lang="cy"' in page and "Pa fin a fethwyd?" in page


def test_welsh_submission_errors_check_answers_tracking_and_email(demo):
    client = Client()
    client.get(f"{WELSH_BIN}/?lang=cy")
    errors = client.post(f"{WELSH_BIN}/apply/bin/", {})
    page = errors.content.decode()
    assert errors.status_code == 400 and "Mae problem" in page and "Dewiswch pa fin a fethwyd" in page
    assert "Rhowch y dyddiad y dylai’r bin fod wedi cael ei gasglu" in page and "Gwall:" in page
    assert "Oedd" in page and "Nac oedd" in page and "(dewisol)" in page and "Diwrnod" in page
    client.post(
        f"{WELSH_BIN}/apply/bin/",
        {
            "bin_type": "food",
            "bin_out_by_7am": "true",
            "collection_date-day": "20",
            "collection_date-month": "11",
            "collection_date-year": "2026",
        },
    )
    bad_postcode = client.post(
        f"{WELSH_BIN}/apply/where/", {"address": "1 Stryd y Bont", "postcode": "nope"}
    ).content.decode()
    assert "Rhowch god post go iawn, fel RD1 2AB" in bad_postcode
    client.post(f"{WELSH_BIN}/apply/where/", {"address": "1 Stryd y Bont", "postcode": "HB1 2AB"})
    client.post(f"{WELSH_BIN}/apply/you/", {"your_name": "Siân Jones", "email": "sian@example.com"})
    check = client.get(f"{WELSH_BIN}/check-answers/")
    page = check.content.decode()
    assert "Gwirio eich atebion cyn anfon eich adroddiad" in page and "Cadi gwastraff bwyd" in page
    assert "20 Tachwedd 2026" in page and "Newid" in page and "Derbyn ac anfon" in page and "Oedd" in page
    tracking = client.post(f"{WELSH_BIN}/check-answers/", {"submission_token": check.context["submission_token"]})[
        "Location"
    ]
    confirmation = client.get(tracking).content.decode()
    assert (
        "Adroddiad wedi’i anfon" in confirmation
        and "Eich cyfeirnod" in confirmation
        and "Beth sy’n digwydd nesaf" in confirmation
    )
    assert "Wedi dod i law" in confirmation and "Fe wnaethom anfon e-bost cadarnhau atoch" in confirmation
    case = Case.objects.get()
    email = Delivery.objects.get(case=case, purpose="confirmation").payload
    assert email["subject"].endswith(f"eich cyfeirnod yw {case.reference}") and "Diolch." in email["body"]
    assert case.language == "cy"
    # The same link in another browser (no language cookie) opens in the language the resident applied in...
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en-GB")
    assert "Wedi dod i law" in elsewhere.get(tracking.split("?")[0]).content.decode()
    # ...and the toggle still switches it to English.
    english_tracking = elsewhere.get(tracking.split("?")[0] + "?lang=en").content.decode()
    assert "Received" in english_tracking and "Cadi gwastraff bwyd" not in english_tracking


def test_save_for_later_and_your_cases_emails_are_welsh_after_the_toggle(demo):
    client = Client()
    client.get(f"{WELSH_BIN}/?lang=cy")
    client.post(f"{WELSH_BIN}/apply/bin/", {"bin_type": "food", "save_for_later": "1"})
    saved = client.post(f"{WELSH_BIN}/save/", {"email": "sian@example.com"}).content.decode()
    assert "Mae eich atebion wedi’u cadw" in saved
    email = Delivery.objects.get(purpose="saved-form").payload
    assert (
        email["subject"] == "Eich atebion wedi’u cadw: Rhoi gwybod am gasgliad bin a fethwyd"
        and "Gall unrhyw un sydd â’r ddolen hon weld eich atebion." in email["body"]
    )
    client.post(
        f"{WELSH_BIN}/apply/",
        {
            "bin_type": "food",
            "collection_date-day": "20",
            "collection_date-month": "11",
            "collection_date-year": "2026",
            "address": "1 Stryd y Bont",
            "postcode": "HB1 2AB",
            "your_name": "Siân",
            "email": "sian@example.com",
        },
    )
    sent = client.post("/hillford/your-cases/", {"email": "sian@example.com"}).content.decode()
    assert "Gwiriwch eich e-bost" in sent
    assert (
        Delivery.objects.get(purpose="your-cases").payload["subject"]
        == "Eich achosion gyda Cyngor Bwrdeistref Hillford"
    )


def test_the_committed_mo_is_the_compiled_po_and_every_message_is_translated():
    mo = WELSH_PO.with_suffix(".mo")
    assert mo.read_bytes() == catalogue_compile(WELSH_PO), "run `manage.py portal_compile_welsh` and commit the .mo"
    text = WELSH_PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    entries = re.findall(r'^msgid "(.+)"$', text, flags=re.M)
    assert len(catalogue_messages(WELSH_PO)) == len(entries)  # every msgid has a translation


def test_the_committed_mo_gives_gettext_every_translation_of_the_po():
    """What Django reads: Python's gettext parser over the committed .mo returns each .po translation."""
    with WELSH_PO.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    messages = catalogue_messages(WELSH_PO)
    assert messages["answer\x04Yes"] == "Ie"
    for key, value in messages.items():
        context, _, message = key.rpartition("\x04")
        singular, _, plural = message.partition("\x00")
        if plural:
            forms = value.split("\x00")
            assert [
                compiled.npgettext(context, singular, plural, n) if context else compiled.ngettext(singular, plural, n)
                for n in (1, 2, 3, 8)
            ] == forms
        else:
            assert (compiled.pgettext(context, singular) if context else compiled.gettext(singular)) == value
    assert compiled.info()["plural-forms"].startswith("nplurals=4;")


def test_a_broken_po_is_refused_naming_the_file_and_line(tmp_path):
    broken = tmp_path / "django.po"
    broken.write_text('msgid ""\nmsgstr ""\n\nmsgid "Yes"\nmsgtsr "Ie"\n', encoding="utf-8")
    with pytest.raises(CatalogueInvalid, match=rf"{re.escape(str(broken))}.*line 5"):
        catalogue_compile(broken)


def test_every_translated_template_string_is_in_the_catalogue():
    known = {key.split("\x04")[-1].split("\x00")[0] for key in catalogue_messages(WELSH_PO)}
    root = Path(settings.BASE_DIR) / "platform"
    templates = [root / "templates" / "resident_base.html", *sorted((root / "portal" / "templates").rglob("*.html"))]
    tag = re.compile(r"""{% translate ["'](.+?)["'] %}""")
    missing = {(t.name, m) for t in templates for m in tag.findall(t.read_text(encoding="utf-8")) if m not in known}
    assert not missing


def test_ui_schema_translations_are_checked(demo):
    from councilflow.errors import DefinitionInvalid
    from form_definitions.meta import form_definition_check

    form = demo.service("riverside", "missed-bin").form
    ui = {
        **form.ui_schema,
        "translations": {
            "cy": {"pages": {"nowhere": "Unman"}, "fields": {"postcode": {"errors": {"nope": "x"}, "colour": "coch"}}},
            "fr": {},
        },
    }
    with pytest.raises(DefinitionInvalid) as raised:
        form_definition_check(form.schema, ui)
    paths = {p.path for p in raised.value.problems}
    assert {
        "/ui_schema/translations/cy/pages/nowhere",
        "/ui_schema/translations/cy/fields/postcode/errors/nope",
        "/ui_schema/translations/cy/fields/postcode/colour",
        "/ui_schema/translations/fr",
    } <= paths


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_switches_to_cymraeg_and_reports_a_missed_bin_in_chromium(demo, live_server, chromium):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    axe = Axe()

    def check_axe(what: str) -> None:
        page.wait_for_load_state("load")  # a click returns once its navigation commits, before the new page loads
        page.locator("main h1").first.wait_for()
        results = axe.run(page)
        assert results.violations_count == 0, f"{what}: {results.generate_report()}"

    context = chromium.new_context()
    context.set_default_timeout(5000)
    page = context.new_page()
    page.goto(f"{live_server.url}/riverside/missed-bin/")
    assert page.locator(".cf-language-toggle").count() == 0  # an English-only council

    page.goto(f"{live_server.url}{WELSH_BIN}/")
    page.get_by_role("link", name=TOGGLE).click()
    assert page.locator("html").get_attribute("lang") == "cy"
    expect(page.get_by_role("heading", name="Rhoi gwybod am gasgliad bin a fethwyd")).to_be_visible()
    check_axe("Welsh start page")
    page.get_by_role("button", name="Dechrau nawr").click()
    page.get_by_role("button", name="Parhau").click()
    summary = page.locator(".govuk-error-summary")
    assert "Mae problem" in summary.inner_text() and "Dewiswch pa fin a fethwyd" in summary.inner_text()
    assert page.title().startswith("Gwall:")
    check_axe("Welsh question page with errors")
    page.get_by_label("Cadi gwastraff bwyd").check()
    page.get_by_label("Diwrnod").fill("20")
    page.get_by_label("Mis").fill("11")
    page.get_by_label("Blwyddyn").fill("2026")
    page.get_by_label("Oedd", exact=True).check()
    page.get_by_role("button", name="Parhau").click()
    page.get_by_label("Cyfeiriad yr eiddo").fill("1 Stryd y Bont, Hillford")
    page.get_by_label("Cod post").fill("HB1 2AB")
    check_axe("Welsh address page")
    page.get_by_role("button", name="Parhau").click()
    page.get_by_label("Eich enw llawn").fill("Siân Jones")
    page.get_by_label("Cyfeiriad e-bost").fill("sian@example.com")
    page.get_by_role("button", name="Parhau").click()

    expect(page.get_by_role("heading", name="Gwirio eich atebion cyn anfon eich adroddiad")).to_be_visible()
    expect(page.locator("main")).to_contain_text("20 Tachwedd 2026")
    check_axe("Welsh check your answers")
    page.get_by_role("button", name="Derbyn ac anfon").click()
    expect(page.get_by_role("heading", name="Adroddiad wedi’i anfon")).to_be_visible()
    check_axe("Welsh confirmation")
    reference = re.search(r"HBC-\d{4}-\d{6}", page.locator(".govuk-panel").inner_text()).group(0)
    assert Case.objects.get(reference=reference).answers["bin_type"] == "food"
    page.get_by_role("link", name="dilyn eich achos").click()
    expect(page.locator("main")).to_contain_text("Wedi dod i law")
    check_axe("Welsh tracking page")
    page.get_by_role("link", name="Change the language to English").click()
    assert page.locator("html").get_attribute("lang") == "en-GB" and "Received" in page.locator("main").inner_text()
    context.close()
