"""A repeatable group's item questions in Welsh: labels, hints, options, messages and "Add another" from
`translations.cy.fields.<group>.items`; an item question without Welsh stays English; the check refuses bad wording."""

from __future__ import annotations

import copy
from html import unescape

import pytest
from django.test import Client

from councilflow.errors import DefinitionInvalid
from form_definitions.meta import form_definition_check
from form_definitions.services import form_definition_new_draft, form_definition_publish
from repeat_groups import extra_bins_group

WELSH_BIN = "/hillford/missed-bin"
EXTRA_BINS = extra_bins_group(required=("kind", "left_at"))
WELSH_GROUP = {
    "label": "Pa finiau eraill a fethwyd?",
    "item_label": "Bin",
    "items": {
        "kind": {
            "label": "Math o fin",
            "hint": "Dewiswch un",
            "choices": {"food": "Cadi bwyd", "glass": "Blwch gwydr"},
            "errors": {"required": "Dewiswch y math o fin"},
        },
    },
}
FIRST_PAGE = {
    "bin_type": "general",
    "collection_date-day": "20",
    "collection_date-month": "11",
    "collection_date-year": "2026",
    "bin_out_by_7am": "true",
}


@pytest.fixture
def welsh_bins(demo):
    """Hillford's (Welsh) missed-bin form with an "other bins" group on its second page, its item "kind" in Welsh."""
    service = demo.service("hillford", "missed-bin")
    designer = demo.user("hillford-designer")
    draft = form_definition_new_draft(service.form, user=designer)
    draft.schema["properties"]["extra_bins"] = EXTRA_BINS
    draft.schema["required"] += ["extra_bins"]
    draft.ui_schema["pages"][1]["fields"].append("extra_bins")
    draft.ui_schema["fields"]["extra_bins"] = {"widget": "repeat", "item_label": "Bin"}
    draft.ui_schema["translations"]["cy"]["fields"]["extra_bins"] = WELSH_GROUP
    form_definition_check(draft.schema, draft.ui_schema)
    draft.save()
    form_definition_publish(draft, user=designer)
    return service


def test_item_questions_read_in_welsh_with_their_own_messages(demo, welsh_bins):
    resident = Client()
    resident.get(f"{WELSH_BIN}/?lang=cy")
    assert resident.post(f"{WELSH_BIN}/apply/bin/", FIRST_PAGE).status_code == 302
    page = unescape(resident.get(f"{WELSH_BIN}/apply/where/").content.decode())
    assert "Pa finiau eraill a fethwyd?" in page and "Math o fin" in page and "Dewiswch un" in page
    assert "Cadi bwyd" in page and "Blwch gwydr" in page and "Food caddy" not in page
    assert "Ychwanegu bin arall" in page  # the Welsh item name inside the Welsh "Add another"
    assert "Where it was left" in page  # no Welsh for this item question: its English stays

    refused = resident.post(
        f"{WELSH_BIN}/apply/where/",
        {"address": "1 Stryd y Bont", "postcode": "HB1 2AB", "extra_bins-count": "1"},
    )
    page = unescape(refused.content.decode())
    assert refused.status_code == 400
    assert '<a href="#extra_bins-0-kind">Dewiswch y math o fin</a>' in page  # the designer's Welsh, as written
    assert "Enter where it was left for bin 1" in page  # no Welsh message written: the English one


def test_the_english_pages_keep_the_english_item_questions(demo, welsh_bins):
    resident = Client()
    resident.get(f"{WELSH_BIN}/?lang=en")
    resident.post(f"{WELSH_BIN}/apply/bin/", FIRST_PAGE)
    page = unescape(resident.get(f"{WELSH_BIN}/apply/where/").content.decode())
    assert "Type of bin" in page and "Food caddy" in page and "Math o fin" not in page


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            lambda w: w["items"].update(colour={"label": "Lliw"}),
            "/ui_schema/translations/cy/fields/extra_bins/items/colour",
        ),
        (
            lambda w: w["items"]["kind"].update(show_if={}),
            "/ui_schema/translations/cy/fields/extra_bins/items/kind/show_if",
        ),
        (
            lambda w: w["items"]["kind"]["errors"].update(nope="x"),
            "/ui_schema/translations/cy/fields/extra_bins/items/kind/errors/nope",
        ),
        (lambda w: w["items"]["kind"].update(label=3), "/ui_schema/translations/cy/fields/extra_bins/items/kind/label"),
        (
            lambda w: w["items"]["kind"].update(choices={"food": ""}),
            "/ui_schema/translations/cy/fields/extra_bins/items/kind/choices",
        ),
        (lambda w: w.update(items=["kind"]), "/ui_schema/translations/cy/fields/extra_bins/items"),
        (lambda w: w.update(item_label=" "), "/ui_schema/translations/cy/fields/extra_bins/item_label"),
    ],
)
def test_item_welsh_is_checked_at_its_exact_path(demo, welsh_bins, change, path):
    form = welsh_bins.form
    ui = copy.deepcopy(form.ui_schema)
    change(ui["translations"]["cy"]["fields"]["extra_bins"])
    with pytest.raises(DefinitionInvalid) as raised:
        form_definition_check(form.schema, ui)
    assert path in {p.path for p in raised.value.problems}


def test_only_a_group_has_item_questions_to_translate(demo):
    form = demo.service("hillford", "missed-bin").form
    ui = copy.deepcopy(form.ui_schema)
    ui["translations"]["cy"]["fields"]["postcode"]["items"] = {"kind": {"label": "Math"}}
    with pytest.raises(DefinitionInvalid) as raised:
        form_definition_check(form.schema, ui)
    assert {p.path for p in raised.value.problems} == {"/ui_schema/translations/cy/fields/postcode/items"}
