"""Lossless round trip: every library form and every form in the demo partnership's shared packages opens in the
builder and comes back as the same JSON; the builder can show every key it holds; posting each question's panel
unchanged changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from admin_ext.studio.form_edits import form_question_update
from admin_ext.studio.form_model import form_structure_from_json, form_structure_to_json, question_unshown
from admin_ext.studio.form_post import question_initial, question_input_from_post
from casework.models import Service
from councils.models import Partnership
from sharing.services.library import library_entry_publish
from sharing.services.packages import service_package_parse

LIBRARY = sorted((Path(__file__).resolve().parents[2] / "form_definitions" / "library").glob("*.json"))


def _same(before: tuple[dict, dict], after: tuple[dict, dict]) -> None:
    """Equal as JSON values, and questions and pages in the same order (dict equality ignores key order)."""
    assert after == before
    assert list(after[0]["properties"]) == list(before[0]["properties"])


def _round_trip(schema: dict, ui_schema: dict, where: str) -> None:
    structure = form_structure_from_json(schema, ui_schema)
    _same((schema, ui_schema), form_structure_to_json(structure))
    questions = list(structure.questions.values())
    assert [q.name for q in questions] == list(schema["properties"])
    unshown = {q.name: question_unshown(q) for q in questions if question_unshown(q)}
    assert unshown == {}, f"{where}: the builder cannot show {unshown}"
    for question in questions:  # the panel posted back untouched changes no JSON
        data = question_input_from_post(structure, question, question_initial(question), welsh=True)
        after = form_question_update(schema, ui_schema, name=question.name, data=data)
        assert after == (schema, ui_schema), f"{where}: posting {question.name} unchanged changed the JSON"


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_library_form_round_trips(path):
    data = json.loads(path.read_text())
    _round_trip(data["schema"], data["ui_schema"], path.name)


def test_library_is_not_empty():
    assert len(LIBRARY) >= 7


@pytest.mark.django_db
def test_demo_partnership_shared_packages_round_trip(demo):
    """Each demo service published to the partnership library: the form inside each package round-trips."""
    partnership = Partnership.objects.get(slug="vale-partnership")
    services = Service.objects.filter(council__partnerships=partnership).select_related("council", "form", "workflow")
    entries = [
        library_entry_publish(s, partnership=partnership, actor=None) for s in services if s.form.status == "published"
    ]
    assert len(entries) >= 7
    for entry in partnership.library_entries.all():
        form = service_package_parse(entry.package)["content"]["form"]
        _round_trip(form["schema"], form["ui_schema"], f"{entry.source_council.slug}/{entry.service_slug}")
