"""Notify templates are GOV.UK Notify's ((placeholder)) language: checked at save with paths, never Django."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.test import Client

from casework.models import Case, CaseEvent
from connectors.models import Delivery
from connectors.worker import deliveries_send_due
from councilflow.errors import DefinitionInvalid
from councilflow.versioning import DefinitionStatus
from workflow_builders import end, flow, step, task
from workflows.check import workflow_definition_check
from workflows.models import WorkflowDefinition
from workflows.notify_templates import (
    notify_placeholder_names,
    template_check,
    template_render,
)

FORM = {
    "type": "object",
    "properties": {
        "your_name": {"type": "string"},
        "bin_out_by_7am": {"type": "boolean"},
        "address": {"type": "object", "properties": {"postcode": {"type": "string"}}},
    },
}
NAMES = notify_placeholder_names(FORM)


def _notify(subject="Your case ((reference))", body="We collected your bin.", **extra) -> dict:
    return flow(
        step("tell", "notify", to="resident", template={"subject": subject, "body": body}, next="check", **extra),
        task("check"),
        end("done"),
        start="tell",
    )


def _problems(definition: dict) -> list[str]:
    with pytest.raises(DefinitionInvalid) as caught:
        workflow_definition_check(definition, form_schema=FORM)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "{% if answers.your_name %}Hello{% endif %}",
            (
                "/steps/0/template/body: {% if answers.your_name %} is Django template syntax, which notify templates do not run; "
                "they have no tags; for text shown only when a value is set write ((name??text))"
            ),
        ),
        ("{% debug %}", "/steps/0/template/body: {% debug %} is Django template syntax"),
        ("{% include 'base.html' %}", "/steps/0/template/body: {% include 'base.html' %} is Django template syntax"),
        ("{% load static %}{% static 'x' %}", "/steps/0/template/body: {% load static %} is Django template syntax"),
        (
            "Your case {{ reference }}",
            "/steps/0/template/body: {{ reference }} is Django template syntax, which notify templates do not run; write ((reference))",
        ),
        ("{{ reference|upper }}", "/steps/0/template/body: {{ reference|upper }} is Django template syntax"),
        (
            "Dear ((foo))",
            (
                "/steps/0/template/body: unknown placeholder ((foo)); use ((reference)), ((service)), ((council)), "
                "((status)), ((tracking_link)), ((site_url)) or ((answers.<question>))"
            ),
        ),
        (
            "Colour: ((answers.colour))",
            '/steps/0/template/body: unknown placeholder ((answers.colour)): the form has no question "colour"',
        ),
        ("See ((reference", '/steps/0/template/body: "((" at character 5 is never closed with "))"'),
        (
            "See reference))",
            '/steps/0/template/body: "))" at character 14 closes nothing; placeholders are written ((name))',
        ),
        (
            "((answers.bin_out_by_7am??))",
            "/steps/0/template/body: ((answers.bin_out_by_7am??)): write the text to show after ??",
        ),
    ],
)
def test_anything_but_placeholders_and_conditionals_is_refused_at_save_with_its_path(body, expected):
    problems = _problems(_notify(body=body))
    assert any(p.startswith(expected) for p in problems), problems


def test_subjects_and_welsh_translations_are_checked_too():
    definition = _notify(
        subject="Case {{ reference }}",
        translations={"cy": {"subject": "Eich achos ((cyfeirnod))", "body": "{% debug %}"}},
    )
    problems = _problems(definition)
    assert [p.split(":")[0] for p in problems] == [
        "/steps/0/template/subject",
        "/steps/0/translations/cy/body",
        "/steps/0/translations/cy/subject",
    ]


def test_every_library_workflow_uses_only_placeholders():
    from pathlib import Path

    for path in sorted((Path(__file__).resolve().parents[2] / "workflows" / "library").glob("*.json")):
        text = path.read_text()
        assert "{{" not in text and "{%" not in text, path.name


def test_a_valid_template_renders_placeholders_nested_answers_and_conditionals():
    text = (
        "Dear ((answers.your_name)), case ((reference)) at ((answers.address.postcode)).\n"
        "((answers.bin_out_by_7am??Your bin was out on time.))((answers.missing??never shown))"
        " Track it: ((tracking_link)) (((reference)))"
    )
    assert template_check(text, allowed_names=NAMES | {"answers.missing"}) == []
    values = {
        "reference": "RDC-2026-000001",
        "tracking_link": "https://x.example/t/1",
        "answers": {"your_name": "<b>Ann</b> {{ secret }}", "address": {"postcode": "RD1 2AB"}, "bin_out_by_7am": True},
    }
    assert template_render(text, values=values) == (
        "Dear <b>Ann</b> {{ secret }}, case RDC-2026-000001 at RD1 2AB.\n"
        "Your bin was out on time. Track it: https://x.example/t/1 (RDC-2026-000001)"
    )  # plain-text email: an answer is inserted as written, never interpreted or escaped into entities
    assert template_render(text, values={**values, "answers": {"bin_out_by_7am": False}}).startswith("Dear , case")
    assert "on time" not in template_render(text, values={**values, "answers": {"bin_out_by_7am": "no"}})


def test_a_stored_django_template_left_over_is_sent_as_text_and_never_run():
    assert template_render("{% debug %}{{ reference }}", values={"reference": "R"}) == "{% debug %}{{ reference }}"


def test_a_submission_to_a_service_with_a_notify_step_emails_the_resident_end_to_end(demo, publish_workflow, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    definition = _notify(
        subject="We have your report ((reference))",
        body="Dear ((answers.your_name)),\n((answers.bin_out_by_7am??Thank you for putting your bin out by 7am.))\n"
        "Track it: ((tracking_link))\n((council))",
        translations={
            "cy": {
                "subject": "Mae gennym eich adroddiad ((reference))",
                "body": "Annwyl ((answers.your_name)) (((service)))",
            }
        },
    )
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    post = {
        "bin_type": "recycling",
        "collection_date-day": "20",
        "collection_date-month": "11",
        "collection_date-year": "2026",
        "bin_out_by_7am": "true",
        "address": "12 Mill Lane",
        "postcode": "RD1 4XY",
        "your_name": "Ann Example",
        "email": "ann@example.com",
        "submission_token": "notify-e2e",
    }
    response = Client().post("/riverside/missed-bin/apply/", post)
    assert response.status_code == 302
    case = Case.objects.get(service=service)
    email = Delivery.objects.get(case=case, purpose="tell")
    assert email.payload["subject"] == f"We have your report {case.reference}"
    body = email.payload["body"]
    assert body.startswith("Dear Ann Example,\nThank you for putting your bin out by 7am.\nTrack it: http")
    assert body.endswith("\nRiverside District Council") and "/track/" in body
    assert CaseEvent.objects.filter(case=case, kind="message_sent", summary__contains=case.reference).exists()
    mail.outbox.clear()
    deliveries_send_due()
    sent = [m for m in mail.outbox if m.subject == email.payload["subject"]]
    assert len(sent) == 1 and sent[0].body == body and sent[0].to == ["ann@example.com"]


def test_an_answer_with_a_line_break_cannot_break_the_subject_header(demo, publish_workflow, submit_missed_bin):
    service = publish_workflow(
        demo.service("riverside", "missed-bin"), _notify(subject="Report from ((answers.your_name))")
    )
    case = submit_missed_bin(service, your_name="Ann\r\nBcc: everyone@example.com")
    assert (
        Delivery.objects.get(case=case, purpose="tell").payload["subject"]
        == "Report from Ann Bcc: everyone@example.com"
    )


def test_the_data_migration_turns_stored_django_variables_into_placeholders(demo):
    migration = importlib.import_module("workflows.migrations.0002_notify_placeholders")
    workflow = demo.service("riverside", "missed-bin").workflow
    stored = json.loads(json.dumps(workflow.definition))
    tell = next(s for s in stored["steps"] if s["type"] == "notify")
    tell["template"] = {
        "subject": "Case {{ reference }}",
        "body": "Hi {{answers.your_name}} {{ reference|upper }} {% debug %}",
    }
    tell["translations"] = {"cy": {"subject": "Achos {{ reference }}", "body": "{{ tracking_link }}"}}
    WorkflowDefinition.objects.filter(pk=workflow.pk).update(definition=stored)
    assert workflow.status == DefinitionStatus.PUBLISHED

    migration.forwards(django_apps, None)

    migrated = next(
        s for s in WorkflowDefinition.objects.get(pk=workflow.pk).definition["steps"] if s["id"] == tell["id"]
    )
    assert migrated["template"] == {
        "subject": "Case ((reference))",
        "body": "Hi ((answers.your_name)) {{ reference|upper }} {% debug %}",
    }
    assert migrated["translations"]["cy"] == {"subject": "Achos ((reference))", "body": "((tracking_link))"}
