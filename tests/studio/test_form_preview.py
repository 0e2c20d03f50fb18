"""Preview: the draft through the portal's own templates, page by page, with its error messages on demand,
check your answers, English and Welsh; it never creates a case, customer, delivery, draft row or file."""

from __future__ import annotations

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import Case, Customer
from connectors.models import Delivery
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_new_draft
from portal.models import SavedForm, StagedUpload

pytestmark = pytest.mark.django_db
# A 1x1 PNG: the portal's upload checks look at the bytes, not the name.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _draft(demo, council: str, slug: str) -> FormDefinition:
    published = FormDefinition.objects.get(council__slug=council, slug=slug, status="published")
    return form_definition_new_draft(published, user=demo.user(f"{council}-designer"))


def _counts() -> tuple[int, ...]:
    return (
        Case.objects.count(),
        Customer.objects.count(),
        Delivery.objects.count(),
        SavedForm.objects.count(),
        StagedUpload.objects.count(),
    )


def test_preview_walks_the_draft_with_portal_pages_errors_and_check_answers(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(demo.user("riverside-designer"))
    form = _draft(demo, "riverside", "missed-bin")
    form.schema["properties"]["bin_type"]["title"] = "Which bin did we miss?"  # a draft-only change shows at once
    form.save()
    before = _counts()
    base = f"/admin/studio/forms/{form.pk}/preview/"

    first = client.get(base)
    assert first.status_code == 302 and first["Location"] == f"{base}bin/"
    page = client.get(f"{base}bin/").content.decode()
    assert "govuk-template" in page and "Which bin did we miss?" in page and "This is a preview" in page

    empty = client.post(f"{base}bin/", {})
    assert empty.status_code == 400
    html = empty.content.decode()
    assert "govuk-error-summary" in html and "Select which bin was missed" in html  # the form's own wording
    assert "Enter the date the bin should have been collected" in html

    answers = {
        "bin_type": "garden",
        "collection_date-day": "3",
        "collection_date-month": "3",
        "collection_date-year": "2026",
    }
    assert client.post(f"{base}bin/", answers)["Location"] == f"{base}where/"
    assert client.post(f"{base}where/", {"address": "1 High St", "postcode": "RD1 2AB"})["Location"] == f"{base}you/"
    done = client.post(f"{base}you/", {"your_name": "Ann", "email": "ann@example.com"})
    assert done["Location"] == f"{base}check/"
    check = client.get(f"{base}check/").content.decode()
    assert "Check your answers before sending your report" in check
    assert "Garden waste (green lid)" in check and "3 March 2026" in check
    assert f'href="{base}bin/#bin_type"' in check  # change links stay inside the preview
    sent = client.post(f"{base}check/", {"submission_token": "preview"})
    assert sent.status_code == 200 and "nothing was sent" in sent.content.decode()
    assert _counts() == before
    assert not any(tmp_path.rglob("*.*"))


def test_preview_file_question_is_checked_but_never_stored(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(demo.user("riverside-designer"))
    form = _draft(demo, "riverside", "fly-tipping")
    before = _counts()
    url = f"/admin/studio/forms/{form.pk}/preview/photo/"
    wrong = client.post(url, {"photo": SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")})
    assert wrong.status_code == 400 and "govuk-error-summary" in wrong.content.decode()
    ok = client.post(url, {"photo": SimpleUploadedFile("sofa.png", PNG, content_type="image/png")})
    assert ok.status_code == 302
    assert _counts() == before and not any(tmp_path.rglob("*.*"))


def test_preview_in_welsh_for_a_welsh_council(client, demo):
    client.force_login(demo.user("hillford-designer"))
    form = _draft(demo, "hillford", "missed-bin")
    base = f"/admin/studio/forms/{form.pk}/preview/"
    assert client.get(f"{base}?lang=cy")["Location"] == f"{base}bin/?lang=cy"
    page = client.get(f"{base}bin/?lang=cy").content.decode()
    assert '<html lang="cy"' in page and "Pa fin a fethwyd?" in page
    banner = page[page.index('<div lang="en-GB" class="govuk-notification-banner"') :]
    assert "This is a preview of" in banner[: banner.index("</div>\n</div>")]  # English, marked as English
    assert "{#" not in page and "WCAG" not in page  # the template's comments stay comments
    empty = client.post(f"{base}bin/?lang=cy", {}).content.decode()
    assert "Dewiswch pa fin a fethwyd" in empty
    assert "django_language" not in client.cookies  # the admin's language is left alone
    english = client.get(f"{base}bin/").content.decode()
    assert '<html lang="en-GB"' in english and "Which bin was missed?" in english


def test_english_only_council_preview_ignores_welsh(client, demo):
    client.force_login(demo.user("riverside-designer"))
    form = _draft(demo, "riverside", "missed-bin")
    page = client.get(f"/admin/studio/forms/{form.pk}/preview/bin/?lang=cy").content.decode()
    assert '<html lang="en-GB"' in page


def test_preview_of_a_draft_the_checks_refuse_says_why(client, demo):
    client.force_login(demo.user("riverside-designer"))
    form = _draft(demo, "riverside", "missed-bin")
    FormDefinition.objects.filter(pk=form.pk).update(
        ui_schema={"pages": [{"id": "x", "title": "X", "fields": ["nope"]}]}
    )
    response = client.get(f"/admin/studio/forms/{form.pk}/preview/")
    assert response.status_code == 400 and 'unknown field \\"nope\\"' not in response.content.decode()
    assert "/ui_schema/pages/0/fields/0" in response.content.decode()


def test_save_for_later_in_a_preview_keeps_the_page_and_saves_nothing(client, demo):
    client.force_login(demo.user("riverside-designer"))
    form = _draft(demo, "riverside", "missed-bin")
    before = _counts()
    response = client.post(f"/admin/studio/forms/{form.pk}/preview/bin/", {"bin_type": "food", "save_for_later": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saving for later is not part of a preview" in html and 'value="food" checked' in html
    assert _counts() == before
