"""The studio's form builder adds a map location question (issue 17) and the preview draws it."""

from __future__ import annotations

import pytest

from form_definitions.map_point import MAP_LOCATION_PROPERTIES
from form_definitions.meta import form_definition_check
from form_definitions.models import FormDefinition


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


def test_a_map_location_question_is_added_checked_and_previewed(designer, demo):
    form = FormDefinition.objects.create(
        council=demo.council("riverside"),
        slug="trolley",
        name="Abandoned trolley",
        schema={"type": "object", "properties": {"size": {"type": "string", "title": "Size"}}},
        ui_schema={"pages": [{"id": "where", "title": "Where", "fields": ["size"]}]},
    )
    added = designer.post(
        f"/admin/studio/forms/{form.pk}/add-question/",
        {"page": "where", "label": "Where is the trolley", "widget": "map_location"},
    )
    assert added.status_code == 302, added.content.decode()
    form.refresh_from_db()
    form_definition_check(form.schema, form.ui_schema)
    prop = form.schema["properties"]["where_is_the_trolley"]
    assert prop == {"type": "object", "title": "Where is the trolley", "properties": MAP_LOCATION_PROPERTIES}
    assert form.ui_schema["fields"]["where_is_the_trolley"]["widget"] == "map_location"
    builder = designer.get(f"/admin/studio/forms/{form.pk}/").content.decode()
    assert "Point on a map (or described in words)" in builder
    preview = designer.get(f"/admin/studio/forms/{form.pk}/preview/where/").content.decode()
    assert 'name="where_is_the_trolley-description"' in preview and "data-cf-map" in preview
