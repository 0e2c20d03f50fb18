"""The model invariant behind the admin (#14.1): a row's links stay inside its council, whatever path saves it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from casework.models import CaseTask, Service
from connectors.models import Connector, Delivery, InboundEvent
from councils.models import Team
from sharing.models import ServiceImport
from sharing.services.imports import service_import_apply, service_import_bindings_default
from sharing.services.packages import service_package_export, service_package_parse


def _refused(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_a_service_on_another_councils_form_and_workflow_is_refused_naming_each_field(demo):
    hillford = demo.service("hillford", "missed-bin")
    service = Service(
        council=demo.council("riverside"),
        slug="borrowed",
        name="Borrowed",
        form=hillford.form,
        workflow=hillford.workflow,
    )
    errors = _refused(service)
    assert set(errors) == {"form", "workflow"}
    assert errors["form"] == [
        f"Form “{hillford.form}” belongs to another council; choose one of this council's own (or a library version imported into it)."
    ]
    assert "belongs to another council" in errors["workflow"][0]


def test_moving_a_service_to_another_council_without_its_definitions_is_refused(demo):
    service = demo.service("riverside", "pothole")
    service.council = demo.council("hillford")
    service.slug = "pothole-moved"
    assert set(_refused(service)) == {"form", "workflow"}


def test_a_service_on_its_own_councils_definitions_is_valid(demo):
    demo.service("riverside", "missed-bin").full_clean()


def test_a_library_version_imported_into_the_council_is_its_own(demo):
    package = service_package_parse(service_package_export(demo.service("riverside", "pothole"), author=None))
    hillford = demo.council("hillford")
    record = service_import_apply(
        council=hillford, package=package, bindings=service_import_bindings_default(hillford, package), actor=None
    )
    service = demo.service("hillford", "pothole")
    assert service.form.council_id == hillford.pk and service.form.provenance["council_slug"] == "riverside"
    service.full_clean()
    record.full_clean()


def test_a_task_in_another_councils_team_is_refused(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    task = CaseTask.objects.filter(case=case).first()
    task.team = Team.objects.filter(council=demo.council("hillford")).first()
    assert set(_refused(task)) == {"team"}


def test_a_case_on_another_councils_service_is_refused(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    hillford = demo.service("hillford", "missed-bin")
    case.service, case.form_version, case.workflow_version = hillford, hillford.form, hillford.workflow
    with pytest.raises(
        ValidationError
    ) as caught:  # clean(), not full_clean(): viewflow's flow_class field cannot clean itself
        case.clean()
    assert set(caught.value.message_dict) == {"service", "form_version", "workflow_version"}


def test_deliveries_and_webhook_events_stay_with_their_connectors_council(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    hillford_crm = Connector.objects.create(
        council=demo.council("hillford"),
        name="Hillford CRM",
        slug="crm",
        kind="rest",
        config={"url": "https://crm.hillford.example.gov.uk/"},
    )
    delivery = Delivery(
        council=demo.council("riverside"),
        case=case,
        connector=hillford_crm,
        kind=Delivery.Kind.CONNECTOR,
        payload={"case": case.reference},
    )
    assert set(_refused(delivery)) == {"connector"}
    event = InboundEvent(connector=hillford_crm, event_id="e-1", case=case)
    assert set(_refused(event)) == {"case"}


def test_an_import_record_naming_another_councils_definitions_is_refused(demo):
    riverside, hillford = demo.service("riverside", "missed-bin"), demo.service("hillford", "missed-bin")
    record = ServiceImport(
        council=riverside.council,
        service=riverside,
        source_council_name="Hillford",
        source_council_slug="hillford",
        source_version=1,
        checksum="0" * 64,
        form=hillford.form,
        workflow=hillford.workflow,
    )
    assert set(_refused(record)) == {"form", "workflow"}


def test_a_benefit_or_log_item_owned_by_another_councils_person_is_refused(demo):
    from reporting.models import Benefit, LogItem

    riverside, stranger = demo.council("riverside"), demo.user("hillford-admin")
    benefit = Benefit(
        council=riverside,
        description="d",
        measure="m",
        source="manual",
        baseline_value=0,
        baseline_date="2026-01-01",
        target_value=1,
        target_date="2027-01-01",
        governance_body="Board",
        owner=stranger,
    )
    assert _refused(benefit)["owner"] == [
        f"Owner “{stranger}” belongs to another council; choose one of this council's own."
    ]
    item = LogItem(
        council=riverside,
        kind=LogItem.Kind.RISK,
        identifier="RDC-RISK-900",
        title="t",
        description="d",
        owner=stranger,
        raised_by=demo.user("riverside-admin"),
    )
    assert set(_refused(item)) == {"owner"}
