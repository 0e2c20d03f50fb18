"""A designer's pattern can never hold a web worker: refused at save when RE2 cannot run it, linear time otherwise."""

from __future__ import annotations

import json
from html import unescape

from django.test import Client

from casework.models import Case
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_new_draft, form_definition_publish

WHOLE_FORM = {
    "bin_type": "general",
    "collection_date-day": "20",
    "collection_date-month": "11",
    "collection_date-year": "2026",
    "postcode": "RD1 2AB",
    "your_name": "Ann",
    "email": "ann@example.com",
}


def test_a_backtracking_bomb_is_refused_when_the_designer_saves_it(demo):
    designer = Client()
    designer.force_login(demo.user("riverside-designer"))
    schema = {"type": "object", "properties": {"ref": {"type": "string", "pattern": r"^(a+)+\1$"}}}
    response = designer.post(
        "/admin/form_definitions/formdefinition/add/",
        {
            "council": demo.council("riverside").pk,
            "slug": "bomb",
            "name": "Bomb",
            "version": 1,
            "notes": "",
            "schema": json.dumps(schema),
            "ui_schema": "{}",
        },
    )
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "/schema/properties/ref/pattern: " in page and "cannot be run by the linear-time regex engine (RE2)" in page
    assert "backreferences" in page
    assert not FormDefinition.objects.filter(slug="bomb").exists()


def test_an_anonymous_long_answer_against_a_nested_quantifier_is_answered_with_the_field_error(demo):
    """`^(a+)+$` is a valid pattern in both engines; under Python's `re` this POST held a worker ~13 s."""
    service = demo.service("riverside", "missed-bin")
    draft = form_definition_new_draft(service.form, user=demo.user("riverside-designer"))
    draft.schema["properties"]["address"]["pattern"] = "^(a+)+$"
    draft.save()
    form_definition_publish(draft, user=demo.user("riverside-designer"))

    refused = Client().post(
        "/riverside/missed-bin/apply/", {**WHOLE_FORM, "address": "a" * 28 + "!", "submission_token": "t1"}
    )
    assert refused.status_code == 400
    assert "in the correct format" in refused.content.decode()
    assert not Case.objects.exists()

    accepted = Client().post(
        "/riverside/missed-bin/apply/", {**WHOLE_FORM, "address": "a" * 28, "submission_token": "t2"}
    )
    assert accepted.status_code == 302 and Case.objects.count() == 1
