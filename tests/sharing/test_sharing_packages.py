"""Service packages: riverside exports fly-tipping, hillford dry-runs, binds, imports and runs it as its own."""

from __future__ import annotations

import json

import pytest

from casework.models import CaseTask
from casework.services.submission import case_submit
from councilflow.versioning import DefinitionStatus
from sharing.exceptions import PackageRefused
from sharing.models import ServiceBinding, ServiceImport
from sharing.services.imports import Bindings, service_import_apply, service_import_plan
from sharing.services.packages import canonical_json, service_package_export, service_package_parse


def _bindings(connector="hbc-crm", team="street-scene") -> Bindings:
    return Bindings(
        teams={"environmental-health": team, "waste": "waste"},
        connectors={"crm": connector} if connector else {},
    )


def test_export_is_canonical_with_manifest_and_no_connector_secrets(riverside_fly_tipping, demo):
    text = service_package_export(riverside_fly_tipping, author=demo.user("riverside-designer"))
    package = json.loads(text)
    assert text == canonical_json(package)  # sorted keys, compact separators
    manifest = package["manifest"]
    assert manifest["format_version"] == 1
    assert manifest["source"]["council"] == {"slug": "riverside", "name": "Riverside District Council", "code": "RDC"}
    assert manifest["source"]["partnerships"] == [{"slug": "vale-partnership", "name": "Vale Councils Partnership"}]
    assert manifest["versions"] == {"form": riverside_fly_tipping.form.version, "workflow": 2, "library": None}
    assert manifest["author"] == "Dana Lee" and len(manifest["checksum"]["content"]) == 64
    content = package["content"]
    assert content["connector_slots"] == [{"slot": "crm", "type": "rest"}]
    assert content["teams"] == ["environmental-health", "waste"]
    assert content["sla"] == {"service_working_days": 10, "workflow": {"working_days": 10}}
    assert any(s["type"] == "notify" and "template" in s for s in content["workflow"]["definition"]["steps"])
    assert "crm.riverside" not in text and "riverside-secret-token" not in text and "rdc-crm" not in text


def test_hillford_dry_runs_binds_imports_and_runs_riverside_fly_tipping(
    riverside_fly_tipping, hillford_bindings_targets, demo, fly_tipping_answers, client_for
):
    team, _ = hillford_bindings_targets
    package = service_package_parse(
        service_package_export(riverside_fly_tipping, author=demo.user("riverside-designer"))
    )
    hillford = demo.council("hillford")
    before = demo.service("hillford", "fly-tipping")

    plan = service_import_plan(council=hillford, package=package, bindings=_bindings())
    assert plan.service_action == "update" and plan.form.action == "unchanged"
    assert (
        plan.workflow.action == "new version" and plan.workflow.current_version == 1 and plan.workflow.new_version == 2
    )
    assert (
        '/definition/steps/inspect/title: "Inspect the site" → "Inspect the site within two days"'
        in plan.workflow.lines
    )
    assert '/definition/steps/inspect/assign/team: "environmental-health" → "street-scene"' in plan.workflow.lines
    assert '/definition/connectors: added [{"slot": "crm", "type": "rest"}]' in plan.workflow.lines
    assert demo.service("hillford", "fly-tipping").workflow_id == before.workflow_id  # the dry run wrote nothing

    record = service_import_apply(
        council=hillford, package=package, bindings=_bindings(), actor=demo.user("hillford-designer")
    )
    service = demo.service("hillford", "fly-tipping")
    assert (
        record.service == service
        and service.workflow.version == 2
        and service.workflow.status == DefinitionStatus.PUBLISHED
    )
    assert service.workflow.council == hillford and service.form.council == hillford
    assert service.provenance["council"] == "Riverside District Council" and service.provenance["version"] == 2
    assert service.workflow.provenance["council_slug"] == "riverside"
    assert ServiceBinding.objects.get(council=hillford, service_slug="fly-tipping").connectors == {"crm": "hbc-crm"}
    designer = client_for(demo.user("hillford-designer"))
    listing = designer.get("/admin/casework/service/").content.decode()
    assert "imported from Riverside District Council, v2" in listing

    case = case_submit(service=service, answers=fly_tipping_answers)
    task = CaseTask.objects.get(case=case, is_open=True)
    assert case.council == hillford and case.reference.startswith("HBC-") and case.workflow_version == service.workflow
    assert task.team == team and task.title == "Inspect the site within two days"
    from connectors.services import connector_for_slot

    assert connector_for_slot(case, slot="crm").slug == "hbc-crm"  # the binding, not a connector named "crm"

    # Riverside's people cannot reach it by any route.
    for username in ("riverside-enviro", "riverside-designer", "riverside-admin", "riverside-manager"):
        client = client_for(demo.user(username))
        assert client.get(f"/work/cases/{case.reference}/").status_code == 404
        assert client.get(f"/work/tasks/{task.pk}/").status_code == 404
        assert client.get(f"/api/v1/cases/{case.reference}/").status_code == 404
        assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == 404
        assert case.reference not in client.get("/api/v1/cases/").content.decode()
        for page in (
            client.get("/work/search/", {"q": case.reference}),
            client.get("/work/search/", {"q": "rita@example.com"}),
            client.get("/work/"),
        ):
            assert f"/work/cases/{case.reference}/" not in page.content.decode()
        assert client.get(f"/admin/casework/service/{service.pk}/change/").status_code in (302, 403)
        assert (
            f"/admin/casework/service/{service.pk}/change/"
            not in client.get("/admin/casework/service/").content.decode()
        )
    assert client_for(demo.user("hillford-enviro")).get(f"/work/cases/{case.reference}/").status_code == 200


def test_round_trip_export_import_export_is_byte_identical_apart_from_provenance(riverside_fly_tipping, demo):
    first = service_package_parse(service_package_export(riverside_fly_tipping, author=demo.user("riverside-designer")))
    identity = Bindings(teams={"environmental-health": "environmental-health", "waste": "waste"})
    first["content"]["connector_slots"] = []  # hillford has no CRM here: drop the slot before checksumming
    first["content"]["workflow"]["definition"].pop("connectors")
    from sharing.services.packages import content_checksum

    first["manifest"]["checksum"]["content"] = content_checksum(first["content"])
    service_import_apply(council=demo.council("hillford"), package=first, bindings=identity, actor=None)
    again = service_package_parse(service_package_export(demo.service("hillford", "fly-tipping"), author=None))
    assert canonical_json(again["content"]).encode() == canonical_json(first["content"]).encode()
    assert again["manifest"]["checksum"] == first["manifest"]["checksum"]
    assert again["manifest"]["source"]["council"]["slug"] == "hillford"


def _exported(service, demo) -> str:
    return service_package_export(service, author=demo.user("riverside-designer"))


def _refusal(callable_, *args, **kwargs) -> list[str]:
    with pytest.raises(PackageRefused) as caught:
        callable_(*args, **kwargs)
    return [str(problem) for problem in caught.value.problems]


def test_tampered_package_is_refused_with_checksum_path(riverside_fly_tipping, demo):
    package = json.loads(_exported(riverside_fly_tipping, demo))
    expected = package["manifest"]["checksum"]["content"]
    package["content"]["service"]["sla_working_days"] = 1
    problems = _refusal(service_package_parse, canonical_json(package))
    assert len(problems) == 1 and problems[0].startswith(
        f"/manifest/checksum/content: checksum mismatch: the manifest says {expected} but the content hashes to "
    )
    assert problems[0].endswith("; the package was changed after export")


def test_unknown_format_version_is_refused(riverside_fly_tipping, demo):
    package = json.loads(_exported(riverside_fly_tipping, demo))
    package["manifest"]["format_version"] = 99
    assert _refusal(service_package_parse, json.dumps(package)) == [
        "/manifest/format_version: unknown format version 99 (this Councilflow reads 1)"
    ]


def test_broken_json_is_refused_with_position(riverside_fly_tipping, demo):
    text = _exported(riverside_fly_tipping, demo)[:-2]
    problems = _refusal(service_package_parse, text)
    assert len(problems) == 1 and problems[0].startswith("/: not valid JSON: ") and " at line 1 column " in problems[0]
    assert _refusal(service_package_parse, b"\xff\xfe") == ["/: not UTF-8 text (byte 0)"]
    assert _refusal(service_package_parse, "[]") == ["/manifest: missing: this is not a Councilflow service package"]


def test_structure_problems_are_refused_with_their_paths(riverside_fly_tipping, demo):
    package = json.loads(_exported(riverside_fly_tipping, demo))
    del package["content"]["form"]["schema"]
    assert _refusal(service_package_parse, json.dumps(package)) == ["/content/form: 'schema' is a required property"]


def test_missing_and_wrong_bindings_are_refused_and_nothing_is_imported(
    riverside_fly_tipping, hillford_bindings_targets, demo
):
    package = service_package_parse(_exported(riverside_fly_tipping, demo))
    hillford = demo.council("hillford")
    workflow_before = demo.service("hillford", "fly-tipping").workflow_id
    problems = _refusal(
        service_import_apply,
        council=hillford,
        package=package,
        actor=None,
        bindings=Bindings(teams={"waste": "waste"}, connectors={}),
    )
    assert problems == [
        '/bindings/teams/environmental-health: missing binding: choose a team of Hillford Borough Council for "environmental-health"',
        '/bindings/connectors/crm: missing binding: choose a rest connector of Hillford Borough Council for slot "crm"',
    ]
    assert _refusal(service_import_plan, council=hillford, package=package, bindings=_bindings(team="parks")) == [
        '/bindings/teams/environmental-health: Hillford Borough Council has no team "parks"'
    ]
    from connectors.models import Connector

    Connector.objects.create(council=hillford, name="Mailbox", slug="mailbox", kind="email", config={})
    assert _refusal(
        service_import_plan, council=hillford, package=package, bindings=_bindings(connector="mailbox")
    ) == ['/bindings/connectors/crm: connector "mailbox" is email, the slot needs rest']
    assert demo.service("hillford", "fly-tipping").workflow_id == workflow_before
    assert not ServiceImport.objects.exists() and not ServiceBinding.objects.exists()


def test_invalid_definition_in_package_is_refused_with_its_path_and_nothing_is_created(
    riverside_fly_tipping, hillford_bindings_targets, demo
):
    from sharing.services.packages import content_checksum
    from workflows.models import WorkflowDefinition

    package = json.loads(_exported(riverside_fly_tipping, demo))
    steps = package["content"]["workflow"]["definition"]["steps"]
    index = next(i for i, s in enumerate(steps) if s["id"] == "clear")
    steps[index]["next"] = "nowhere"
    package["manifest"]["checksum"]["content"] = content_checksum(package["content"])
    count = WorkflowDefinition.objects.count()
    problems = _refusal(
        service_import_apply,
        council=demo.council("hillford"),
        package=service_package_parse(canonical_json(package)),
        bindings=_bindings(),
        actor=None,
    )
    assert f"/content/workflow/definition/steps/{index}/next" in "\n".join(problems)
    assert 'unknown step "nowhere"' in "\n".join(problems)
    assert WorkflowDefinition.objects.count() == count and not ServiceImport.objects.exists()


def test_import_into_a_council_without_the_service_creates_it(riverside_fly_tipping, demo):
    from councils.models import Council, Team

    eastvale = Council.objects.create(slug="eastvale", name="Eastvale Council", code="EVC")
    for slug in ("enviro", "waste"):
        Team.objects.create(council=eastvale, slug=slug, name=slug.title())
    package = json.loads(_exported(riverside_fly_tipping, demo))
    package["content"]["connector_slots"] = []
    package["content"]["workflow"]["definition"].pop("connectors")
    from sharing.services.packages import content_checksum

    package["manifest"]["checksum"]["content"] = content_checksum(package["content"])
    bindings = Bindings(
        teams={"environmental-health": "enviro", "waste": "waste"}, sla_overrides={"sla_working_days": 7}
    )
    plan = service_import_plan(council=eastvale, package=package, bindings=bindings)
    assert plan.service_action == "create" and plan.form.action == "create" and plan.workflow.new_version == 1
    assert "The form would be created as v1." in plan.summary
    record = service_import_apply(council=eastvale, package=package, bindings=bindings, actor=None)
    assert record.service.sla_working_days == 7 and record.service.accepts_cases
    inspect = next(s for s in record.service.workflow.definition["steps"] if s["id"] == "inspect")
    assert inspect["assign"] == {"team": "enviro"}


def test_welsh_service_text_travels_and_an_older_package_without_it_still_imports(
    riverside_fly_tipping, hillford_bindings_targets, demo
):
    from sharing.services.packages import content_checksum

    riverside_fly_tipping.name_cy, riverside_fly_tipping.summary_cy = (
        "Rhoi gwybod am dipio anghyfreithlon (Riverside)",
        "Crynodeb",
    )
    riverside_fly_tipping.save()
    package = service_package_parse(_exported(riverside_fly_tipping, demo))
    assert package["content"]["service"]["name_cy"] == "Rhoi gwybod am dipio anghyfreithlon (Riverside)"
    hillford = demo.council("hillford")
    service_import_apply(council=hillford, package=package, bindings=_bindings(), actor=None)
    imported = demo.service("hillford", "fly-tipping")
    assert (imported.name_cy, imported.summary_cy) == ("Rhoi gwybod am dipio anghyfreithlon (Riverside)", "Crynodeb")

    older = service_package_parse(_exported(riverside_fly_tipping, demo))
    for field in ("name_cy", "summary_cy", "category_cy", "before_you_start_cy"):
        older["content"]["service"].pop(field)  # as exported before services had Welsh text
    older["manifest"]["checksum"]["content"] = content_checksum(older["content"])
    service_package_parse(canonical_json(older))  # still a valid package
    service_import_apply(council=hillford, package=older, bindings=_bindings(), actor=None)
    assert demo.service("hillford", "fly-tipping").name_cy == ""
