"""The map_location question in the form language: its schema check, its posted inputs and its rules."""

from __future__ import annotations

import pytest

from councilflow.errors import DefinitionInvalid
from form_definitions.coerce import answers_from_post
from form_definitions.compiled import compile_form
from form_definitions.map_point import MapArea, distance_metres, map_display
from form_definitions.meta import form_definition_check

SCHEMA = {
    "type": "object",
    "properties": {"where": {"type": "object", "title": "Where is it"}},
    "required": ["where"],
}
UI = {"fields": {"where": {"widget": "map_location"}}}
AREA = MapArea(south=51.7, west=-1.35, north=51.8, east=-1.15)


def test_the_widget_needs_an_object_property():
    form_definition_check(SCHEMA, UI)
    with pytest.raises(DefinitionInvalid) as refused:
        form_definition_check({"type": "object", "properties": {"where": {"type": "string"}}}, UI)
    assert any(
        p.path == "/ui_schema/fields/where/widget" and 'widget "map_location" needs an object property' in p.message
        for p in refused.value.problems
    )


def test_posted_inputs_become_numbers_and_words():
    form = compile_form(SCHEMA, UI)
    posted = {"where-lat": ["51.75"], "where-lng": ["-1.26"], "where-description": ["  by the\r\n gate "]}

    class Post(dict):
        def getlist(self, key):
            return self.get(key, [])

    assert answers_from_post(form.fields, Post(posted)) == {
        "where": {"lat": 51.75, "lng": -1.26, "description": "by the gate"}
    }
    assert answers_from_post(form.fields, Post({})) == {}


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (None, "Select a point on the map, or describe where it is"),
        ({"lat": 51.75}, "Select a point on the map, or describe where it is"),
        ({"lat": 91, "lng": 0}, "Select a point on the map, or describe where it is"),
        ({"lat": True, "lng": 0}, "Select a point on the map, or describe where it is"),
        ({"lat": 53.48, "lng": -2.24}, "Select a point inside the council's area, or describe where it is"),
        ({"description": "   "}, "Select a point on the map, or describe where it is"),
    ],
)
def test_a_point_must_be_whole_and_inside_the_area(answer, message):
    form = compile_form(SCHEMA, UI)
    answers = {} if answer is None else {"where": answer}
    assert form.errors_for(answers, area=AREA) == {"where": message}


def test_good_answers_pass_and_without_an_area_anywhere_on_earth_does():
    form = compile_form(SCHEMA, UI)
    assert form.errors_for({"where": {"lat": 51.75, "lng": -1.26}}, area=AREA) == {}
    assert form.errors_for({"where": {"description": "the lay-by"}}, area=AREA) == {}
    assert form.errors_for({"where": {"lat": 53.48, "lng": -2.24}}) == {}


def test_display_and_distance():
    assert map_display({"lat": 51.75, "lng": -1.26, "description": "by the gate"}) == "51.75000, -1.26000 (by the gate)"
    assert map_display({"description": "the lay-by"}) == "the lay-by"
    assert round(distance_metres((51.75, -1.26), (51.7509, -1.26))) == 100
    assert round(distance_metres((51.5, 0.0), (51.5, 0.0))) == 0
