"""A date question's rules in the form builder: ticks, offsets from today and earlier date answers are written as the
form language's `date_rules`, read back into the panel, and refused by the engine's check at the rule's input."""

from __future__ import annotations

import pytest

from admin_ext.studio.form_initial import question_initial
from admin_ext.studio.form_model import form_structure_from_json
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_new_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


@pytest.fixture
def draft(demo):
    published = FormDefinition.objects.get(council__slug="riverside", slug="missed-bin", status="published")
    return form_definition_new_draft(published, user=demo.user("riverside-designer"))


def _post(designer, form, name: str, **changes):
    form.refresh_from_db()
    question = form_structure_from_json(form.schema, form.ui_schema).questions[name]
    values = {k: v for k, v in question_initial(question).items() if v != "" or k in changes}
    values.update(changes)
    return designer.post(f"/admin/studio/forms/{form.pk}/questions/{name}/", {k: v for k, v in values.items() if v})


def test_date_rules_are_written_read_back_and_removed(designer, draft):
    response = _post(
        designer,
        draft,
        "collection_date",
        date_not_in_future="on",
        date_at_least_amount="-28",
        date_at_least_unit="days",
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.ui_schema["fields"]["collection_date"]["date_rules"] == {
        "not_in_future": True,
        "at_least": {"days": -28},
    }
    page = designer.get(f"/admin/studio/forms/{draft.pk}/?q=collection_date").content.decode()
    assert 'name="date_not_in_future" checked' in page and 'name="date_at_least_amount" value="-28"' in page
    # Saved again as the panel shows it: nothing changes.
    before = (draft.schema, draft.ui_schema)
    assert _post(designer, draft, "collection_date").status_code == 302
    draft.refresh_from_db()
    assert (draft.schema, draft.ui_schema) == before
    # Every rule cleared: the key goes.
    assert (
        _post(designer, draft, "collection_date", date_not_in_future=None, date_at_least_amount=None).status_code == 302
    )
    draft.refresh_from_db()
    assert "date_rules" not in draft.ui_schema["fields"]["collection_date"]


def test_a_rule_the_check_refuses_is_shown_at_its_input_and_nothing_is_saved(designer, draft):
    before = (draft.schema, draft.ui_schema)
    response = _post(designer, draft, "collection_date", date_not_in_future="on", date_not_in_past="on")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#q-collection_date-date_not_in_future"' in html and "allow only today" in html
    assert 'id="q-collection_date-date_not_in_future-error"' in html
    draft.refresh_from_db()
    assert (draft.schema, draft.ui_schema) == before


def test_an_offset_that_is_not_a_number_is_refused_at_its_input(designer, draft):
    response = _post(designer, draft, "collection_date", date_at_most_amount="soon")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#q-collection_date-date_at_most_amount"' in html and "whole number of days" in html
    assert 'value="soon"' in html
