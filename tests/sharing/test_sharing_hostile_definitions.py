"""A partner's package is held to the same save checks: regex bombs and Django templates are refused on import."""

from __future__ import annotations

import json

import pytest

from form_definitions.models import FormDefinition
from sharing.exceptions import PackageRefused
from sharing.models import ServiceImport
from sharing.services.imports import Bindings, service_import_apply
from sharing.services.packages import (
    canonical_json,
    content_checksum,
    service_package_export,
    service_package_parse,
)
from workflows.models import WorkflowDefinition


def _bindings() -> Bindings:
    return Bindings(teams={"environmental-health": "street-scene", "waste": "waste"}, connectors={"crm": "hbc-crm"})


def _tampered(service, demo, change) -> dict:
    """The exported package with `change(content)` applied and its checksum recomputed, as a hostile partner would."""
    package = json.loads(service_package_export(service, author=demo.user("riverside-designer")))
    change(package["content"])
    package["manifest"]["checksum"]["content"] = content_checksum(package["content"])
    return service_package_parse(canonical_json(package))


def _refused(demo, package) -> list[str]:
    forms, workflows = FormDefinition.objects.count(), WorkflowDefinition.objects.count()
    with pytest.raises(PackageRefused) as caught:
        service_import_apply(council=demo.council("hillford"), package=package, bindings=_bindings(), actor=None)
    assert (FormDefinition.objects.count(), WorkflowDefinition.objects.count()) == (forms, workflows)
    assert not ServiceImport.objects.exists()
    return [str(p) for p in caught.value.problems]


def test_a_package_with_a_regex_bomb_is_refused_on_import(riverside_fly_tipping, hillford_bindings_targets, demo):
    def bomb(content):
        content["form"]["schema"]["properties"]["location"]["pattern"] = r"^(?=(a+)+$)(a+)+\2$"

    problems = _refused(demo, _tampered(riverside_fly_tipping, demo, bomb))
    assert len(problems) == 1
    assert problems[0].startswith("/content/form/schema/properties/location/pattern: ")
    assert "cannot be run by the linear-time regex engine (RE2)" in problems[0] and "lookahead" in problems[0]


@pytest.mark.parametrize(
    ("where", "text", "expected"),
    [
        ("body", "{% debug %}", "{% debug %} is Django template syntax"),
        ("body", "{% if answers.description %}x{% endif %}", "{% if answers.description %} is Django template syntax"),
        ("body", "{% include 'admin/base.html' %}", "{% include 'admin/base.html' %} is Django template syntax"),
        ("body", "{% load static %}", "{% load static %} is Django template syntax"),
        ("subject", "Case {{ reference }}", "{{ reference }} is Django template syntax"),
    ],
)
def test_a_package_with_a_django_template_is_refused_on_import(
    riverside_fly_tipping, hillford_bindings_targets, demo, where, text, expected
):
    index = {}

    def inject(content):
        steps = content["workflow"]["definition"]["steps"]
        index["i"] = next(i for i, s in enumerate(steps) if s["type"] == "notify")
        steps[index["i"]]["template"][where] = text

    problems = _refused(demo, _tampered(riverside_fly_tipping, demo, inject))
    path = f"/content/workflow/definition/steps/{index['i']}/template/{where}: "
    assert any(p.startswith(path + expected) for p in problems), problems
