"""A package carries the new question types (repeatable groups, several files, date rules, find an address)
to another council."""

from __future__ import annotations

import datetime

from casework.services.submission import case_submit
from form_definitions.services import form_definition_compiled, form_definition_new_draft, form_definition_publish
from sharing.services.imports import Bindings, service_import_apply, service_import_plan
from sharing.services.packages import service_package_export, service_package_parse


def test_repeat_files_and_date_rules_travel_in_a_package(riverside_fly_tipping, hillford_bindings_targets, demo):
    service = riverside_fly_tipping
    draft = form_definition_new_draft(service.form, user=demo.user("riverside-designer"))
    draft.schema["properties"]["photo"] = {"type": "array", "maxItems": 3, "items": {"type": "object"}}
    draft.schema["properties"]["items_left"] = {
        "type": "array",
        "maxItems": 5,
        "items": {"type": "object", "required": ["what"], "properties": {"what": {"type": "string"}}},
    }
    draft.schema["properties"]["seen_on"] = {"type": "string", "format": "date"}
    draft.schema["properties"]["seen_at"] = {"type": "object", "title": "Address where it was seen"}
    draft.ui_schema["pages"][0]["fields"] += ["items_left", "seen_on", "seen_at"]
    draft.ui_schema["fields"]["seen_at"] = {"widget": "address_lookup"}
    draft.ui_schema["fields"]["photo"] = {"widget": "files", "accept": ["image/png"]}
    draft.ui_schema["fields"]["items_left"] = {"widget": "repeat", "item_label": "Item"}
    draft.ui_schema["fields"]["seen_on"] = {"error_label": "Date seen", "date_rules": {"not_in_future": True}}
    draft.save()
    form_definition_publish(draft, user=demo.user("riverside-designer"))
    service.refresh_from_db()

    package = service_package_parse(service_package_export(service, author=demo.user("riverside-designer")))
    hillford = demo.council("hillford")
    bindings = Bindings(connectors={"crm": "hbc-crm"}, teams={"environmental-health": "street-scene", "waste": "waste"})
    plan = service_import_plan(council=hillford, package=package, bindings=bindings)
    assert plan.form.action == "new version"
    service_import_apply(council=hillford, package=package, bindings=bindings, actor=demo.user("hillford-designer"))

    imported = demo.service("hillford", "fly-tipping")
    form = form_definition_compiled(imported.form)
    assert form.field("photo").widget == "files" and form.field("items_left").widget == "repeat"
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    errors = form.errors_for({"items_left": [{}], "seen_on": tomorrow})
    assert errors["items_left-0-what"] == "Enter what for item 1"
    assert errors["seen_on"] == "Date seen must be today or in the past"
    assert form.field("seen_at").widget == "address_lookup"
    assert form.errors_for({"seen_at": {"line1": "4 Mill Lane"}})["seen_at"] == "Enter town or city"
    case = case_submit(
        service=imported,
        answers={
            "location": "Mill Lane",
            "waste_types": ["Furniture"],
            "size": "van",
            "on_private_land": False,
            "items_left": [{"what": "Sofa"}, {"what": "Tyres"}],
            "seen_on": datetime.date.today().isoformat(),
        },
    )
    assert case.answers["items_left"] == [{"what": "Sofa"}, {"what": "Tyres"}]
