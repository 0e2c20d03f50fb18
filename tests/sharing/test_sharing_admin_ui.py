"""The designer's pages: download a package, upload → bindings → dry run → import; the API's OpenAPI schema."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import Service
from sharing.models import ServiceImport


def test_export_download_then_import_through_the_admin(
    riverside_fly_tipping, hillford_bindings_targets, demo, client_for
):
    riverside = client_for(demo.user("riverside-designer"))
    download = riverside.post(
        "/admin/casework/service/",
        {
            "action": "service_package_download",
            "_selected_action": [riverside_fly_tipping.pk],
        },
    )
    assert download["Content-Disposition"] == 'attachment; filename="riverside-fly-tipping.councilflow.json"'
    package_text = download.content.decode()
    assert json.loads(package_text)["manifest"]["source"]["council"]["slug"] == "riverside"

    hillford = client_for(demo.user("hillford-designer"))
    council = demo.council("hillford")
    form = hillford.get("/admin/sharing/serviceimport/import/").content.decode()
    assert "Riverside District Council" not in form  # only councils the designer designs for
    broken = hillford.post(
        "/admin/sharing/serviceimport/import/",
        {
            "council": council.pk,
            "step": "upload",
            "file": SimpleUploadedFile("p.json", package_text[:-5].encode()),
        },
    ).content.decode()
    assert "The package was refused" in broken and "<code>/</code>: not valid JSON" in broken

    bind = hillford.post(
        "/admin/sharing/serviceimport/import/",
        {
            "council": council.pk,
            "step": "upload",
            "file": SimpleUploadedFile("p.json", package_text.encode()),
        },
    ).content.decode()
    assert (
        "missing binding: choose a rest connector of Hillford Borough Council for slot" in bind
    )  # first look: crm unbound
    assert 'name="connector__crm"' in bind and 'name="team__environmental-health"' in bind

    choices = {
        "council": council.pk,
        "package": package_text,
        "team__environmental-health": "street-scene",
        "team__waste": "waste",
        "connector__crm": "hbc-crm",
        "sla_working_days": "",
    }
    negative = hillford.post(
        "/admin/sharing/serviceimport/import/", {**choices, "sla_working_days": "-1", "step": "dry_run"}
    ).content.decode()
    assert "Ensure this value is greater than or equal to 0." in negative and 'id="dry-run"' not in negative
    dry_run = hillford.post("/admin/sharing/serviceimport/import/", {**choices, "step": "dry_run"}).content.decode()
    assert "The workflow would be published as v2 (now v1):" in dry_run
    assert (
        "/definition/steps/inspect/assign/team: &quot;environmental-health&quot; → &quot;street-scene&quot;" in dry_run
    )
    assert not ServiceImport.objects.exists()

    done = hillford.post("/admin/sharing/serviceimport/import/", {**choices, "step": "confirm"})
    service = Service.objects.get(council=council, slug="fly-tipping")
    assert done.status_code == 302 and done["Location"].endswith(f"/admin/casework/service/{service.pk}/change/")
    assert service.workflow.version == 2 and service.provenance["council"] == "Riverside District Council"
    listing = hillford.get("/admin/workflows/workflowdefinition/").content.decode()
    assert "imported from Riverside District Council, v2" in listing


def test_openapi_schema_lists_the_scoped_endpoints(demo, client_for):
    schema = client_for(demo.user("hillford-waste")).get("/api/schema/", {"format": "json"}).json()
    assert schema["info"]["title"] == "Councilflow API"
    assert {
        "/api/v1/cases/",
        "/api/v1/cases/{reference}/",
        "/api/v1/tasks/",
        "/api/v1/tasks/{id}/",
        "/api/v1/services/",
        "/api/v1/services/{id}/",
    } <= set(schema["paths"])


def test_api_lists_only_the_officers_council(demo, client_for, submit_missed_bin):
    riverside_case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    hillford_case = submit_missed_bin(demo.service("hillford", "missed-bin"))
    cases = client_for(demo.user("hillford-waste")).get("/api/v1/cases/").json()["results"]
    assert [c["reference"] for c in cases] == [hillford_case.reference]
    detail = client_for(demo.user("riverside-waste")).get(f"/api/v1/cases/{riverside_case.reference}/").json()
    assert detail["council"] == "riverside" and detail["tasks"][0]["team"] == "waste"
    services = client_for(demo.user("hillford-designer")).get("/api/v1/services/").json()["results"]
    assert {s["council"] for s in services} == {"hillford"}
    assert client_for(demo.user("hillford-manager")).get("/api/v1/cases/").json()["results"] == []
