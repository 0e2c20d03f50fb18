"""A package carries a map location question to another council, whose own area box then applies."""

from __future__ import annotations

import pytest

from casework.exceptions import SubmissionInvalid
from casework.services.submission import case_submit
from form_definitions.services import form_definition_compiled, form_definition_new_draft, form_definition_publish
from sharing.services.imports import Bindings, service_import_apply
from sharing.services.packages import service_package_export, service_package_parse

ANSWERS = {"location": "Mill Lane", "waste_types": ["Furniture"], "size": "van", "on_private_land": False}


def test_map_location_travels_in_a_package(riverside_fly_tipping, hillford_bindings_targets, demo):
    service = riverside_fly_tipping
    draft = form_definition_new_draft(service.form, user=demo.user("riverside-designer"))
    draft.schema["properties"]["spot"] = {"type": "object", "title": "Where exactly"}
    draft.ui_schema["pages"][0]["fields"].append("spot")
    draft.ui_schema["fields"]["spot"] = {"widget": "map_location"}
    draft.save()
    form_definition_publish(draft, user=demo.user("riverside-designer"))
    service.refresh_from_db()

    package = service_package_parse(service_package_export(service, author=demo.user("riverside-designer")))
    hillford = demo.council("hillford")
    hillford.map_south, hillford.map_west, hillford.map_north, hillford.map_east = 52.0, -3.0, 52.2, -2.8
    hillford.save()
    bindings = Bindings(connectors={"crm": "hbc-crm"}, teams={"environmental-health": "street-scene", "waste": "waste"})
    service_import_apply(council=hillford, package=package, bindings=bindings, actor=demo.user("hillford-designer"))

    imported = demo.service("hillford", "fly-tipping")
    assert form_definition_compiled(imported.form).field("spot").widget == "map_location"
    with pytest.raises(SubmissionInvalid) as refused:  # Riverside's point is outside Hillford's box
        case_submit(service=imported, answers={**ANSWERS, "spot": {"lat": 51.75, "lng": -1.26}})
    assert refused.value.errors["spot"] == "Select a point inside the council's area, or describe where it is"
    case = case_submit(service=imported, answers={**ANSWERS, "spot": {"lat": 52.1, "lng": -2.9}})
    assert case.answers["spot"] == {"lat": 52.1, "lng": -2.9}
