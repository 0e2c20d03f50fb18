"""What a resident request costs (issue #21): the service read fresh in one statement, published definition
rows and unanswered questions' markup from memory, and never a stale page because of either."""

from __future__ import annotations

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casework.models import Service
from councilflow.published_rows import published_row_get, published_rows_forget
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_new_draft, form_definition_publish
from portal.templatetags.portal_forms import blank_fields_forget

FORM = "/riverside/missed-bin/apply/"
WELSH_FORM = "/hillford/missed-bin/apply/"
TOKENS = re.compile(r'(csrfmiddlewaretoken" value="|nonce="|name="submission_token" value=")[^"]*')


def _page(response) -> str:
    """The page without what differs on every request (CSRF token, CSP nonce)."""
    assert response.status_code == 200
    return TOKENS.sub(r"\1", response.content.decode())


def test_form_page_reads_only_the_service_and_council_once_warm(demo):
    client = Client()
    _page(client.get(FORM))  # the first request also reads the published form and workflow rows
    with CaptureQueriesContext(connection) as queries:
        _page(client.get(FORM))
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) == 1, sql
    assert "casework_service" in sql[0] and "councils_council" in sql[0]
    assert "form_definitions_formdefinition" not in sql[0] and "ORDER BY" not in sql[0]


def test_service_and_council_changes_show_at_the_next_request(demo):
    client = Client()
    _page(client.get(FORM))
    Service.objects.filter(council__slug="riverside", slug="missed-bin").update(name="Bins not emptied")
    assert "Bins not emptied" in _page(client.get(FORM))
    Service.objects.filter(council__slug="riverside", slug="missed-bin").update(is_live=False)
    assert client.get(FORM).status_code == 404


def test_a_new_published_version_is_asked_at_once(demo):
    service = demo.service("riverside", "missed-bin")
    client = Client()
    before = _page(client.get(FORM))
    draft = form_definition_new_draft(service.form, user=demo.user("riverside-designer"))
    first_question = draft.ui_schema["pages"][0]["fields"][0]
    draft.schema["properties"][first_question]["title"] = "Which bin did we miss this time?"
    draft.save()
    form_definition_publish(draft, user=demo.user("riverside-designer"))
    after = _page(client.get(FORM))
    assert "Which bin did we miss this time?" in after and "Which bin did we miss this time?" not in before


def test_held_rows_are_copies_and_drafts_are_never_held(demo):
    service = demo.service("riverside", "missed-bin")
    one = published_row_get(FormDefinition, service.form_id)
    one.council = None  # something a caller sets on its copy...
    two = published_row_get(FormDefinition, service.form_id)
    assert two is not one and two.council_id == service.council_id and two.council.slug == "riverside"
    draft = form_definition_new_draft(service.form, user=demo.user("riverside-designer"))
    assert published_row_get(FormDefinition, draft.pk).schema == draft.schema
    draft.schema["title"] = "Changed while a draft"
    draft.save()
    assert published_row_get(FormDefinition, draft.pk).schema["title"] == "Changed while a draft"
    published_rows_forget()


def test_held_question_markup_equals_a_fresh_render_in_each_language(demo):
    for form, query in ((FORM, ""), (WELSH_FORM, ""), (WELSH_FORM, "?lang=cy")):
        client = Client()
        blank_fields_forget()
        fresh = _page(client.get(form + query))
        held = _page(client.get(form + query))
        assert held == fresh
    english, welsh = _page(Client().get(WELSH_FORM)), _page(Client().get(WELSH_FORM + "?lang=cy"))
    assert english != welsh and 'lang="cy"' in welsh


def test_an_error_or_an_answer_is_never_served_from_held_markup(demo):
    client = Client()
    blank = _page(client.get(FORM))
    refused = client.post(FORM, {"your_name": "Ann Example"})  # the whole form at once, most of it missing
    page = refused.content.decode()
    assert refused.status_code == 400 and "There is a problem" in page and 'value="Ann Example"' in page
    again = _page(Client().get(FORM))
    assert again == blank and "There is a problem" not in again and "Ann Example" not in again
