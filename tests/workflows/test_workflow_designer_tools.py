"""Designer tools on a workflow definition in the admin: diagram, BPMN, dry run, moving running cases."""

from __future__ import annotations

import copy
from html import unescape
from xml.etree import ElementTree

import pytest
from django.test import Client

from casework.models import CaseEvent, CaseTask
from casework.services.tasks import task_claim, task_complete
from workflows.services import workflow_definition_new_draft, workflow_definition_publish


@pytest.fixture
def designer(demo):
    client = Client()
    client.force_login(demo.user("riverside-designer"))
    return client


def _url(workflow, tool: str) -> str:
    return f"/admin/workflows/workflowdefinition/{workflow.pk}/{tool}/"


def test_diagram_is_an_svg_and_highlights_the_cases_current_step(demo, designer, submit_missed_bin):
    service = demo.service("riverside", "missed-bin")
    case = submit_missed_bin(service)
    page = designer.get(_url(service.workflow, "diagram"), {"case": case.reference})
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert "<svg" in html and "Check the missed" in html and "Check The Missed" not in html  # as written
    assert f"Case {case.reference} is at: <strong>check</strong>" in html
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg"')  # the diagram, not the admin's theme icons
    svg = ElementTree.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])
    states = {g.get("id"): g.get("class") for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("class")}
    assert states == {
        "start": "done",
        "check": "new",
    }  # the start is finished, the check task waits; nothing else coloured
    change = designer.get(f"/admin/workflows/workflowdefinition/{service.workflow.pk}/change/")
    assert _url(service.workflow, "diagram") in change.content.decode()


def test_a_draft_is_drawn_without_being_published(demo, designer):
    draft = workflow_definition_new_draft(demo.service("riverside", "noise-complaint").workflow)
    page = designer.get(_url(draft, "diagram"))
    assert page.status_code == 200 and "Wait for the noise" in unescape(page.content.decode())


def test_bpmn_export_is_bpmn_2_xml_with_every_step(demo, designer):
    workflow = demo.service("riverside", "premises-licence").workflow
    response = designer.get(_url(workflow, "bpmn"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.bpmn"')
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.omg.org/spec/BPMN/20100524/MODEL}definitions"
    names = {el.get("name") for el in root.iter() if el.get("name")}
    assert {"28-day public consultation", "Highways consultee response", "Consultation closed"} <= names
    assert any(el.tag.endswith("parallelGateway") for el in root.iter())
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)) and {s["id"] for s in workflow.definition["steps"]} <= set(ids)
    reminder = next(el for el in root.iter() if el.get("id") == "ask_highways")
    assert '"remind_before":{"working_days":2}' in reminder.get("{https://councilflow.uk/ns/bpmn/1}options")


def test_dry_run_shows_the_path_and_due_dates(demo, designer):
    workflow = demo.service("riverside", "foi-request").workflow
    page = designer.post(
        _url(workflow, "dry-run"),
        {
            "answers": '{"information_wanted": "x", "format": "Email", "your_name": "A", "email": "a@example.com"}',
            "outcomes": '{"register": "clear", "gather": "refused"}',
            "start": "2026-12-21",
        },
    )
    html = unescape(page.content.decode())
    assert page.status_code == 200 and 'id="dry-run-path"' in html
    assert html.index("<td>register</td>") < html.index("<td>gather</td>") < html.index("<td>refused_end</td>")
    # 15 working days from Mon 21 Dec 2026, skipping Christmas, Boxing Day (substitute Mon 28th) and New Year's Day:
    row = html[html.index("<td>gather</td>") :].split("</tr>")[0]
    assert "<td>Thu 14 Jan 2027 09:00</td>" in row
    bad = designer.post(_url(workflow, "dry-run"), {"answers": "{nope", "outcomes": "{}", "start": "2026-12-21"})
    assert (
        "Sample answers is not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2"
        in unescape(bad.content.decode())
    )
    deep = designer.post(_url(workflow, "dry-run"), {"answers": "{}", "outcomes": "[" * 100_000, "start": "2026-12-21"})
    assert deep.status_code == 200
    assert "Outcomes is nested deeper than the limit of 64 levels (JSON_MAX_DEPTH) at line 1 column 65" in unescape(
        deep.content.decode()
    )


def test_another_councils_designer_gets_404_on_every_tool(demo, submit_missed_bin):
    outsider = Client()
    outsider.force_login(demo.user("hillford-designer"))
    workflow = demo.service("riverside", "missed-bin").workflow
    for tool in ("diagram", "bpmn", "dry-run", "migrate"):
        assert outsider.get(_url(workflow, tool)).status_code == 404
    own = demo.service("hillford", "missed-bin").workflow
    riverside_case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    assert outsider.get(_url(own, "diagram"), {"case": riverside_case.reference}).status_code == 404


def test_running_cases_move_to_the_next_version_where_their_step_exists(demo, designer, submit_missed_bin):
    service = demo.service("riverside", "missed-bin")
    v1 = service.workflow
    officer = demo.user("riverside-waste")
    at_check = submit_missed_bin(service)
    at_reroute = submit_missed_bin(service)
    reroute_task = CaseTask.objects.get(case=at_reroute)
    task_claim(officer, reroute_task)
    task_complete(officer, reroute_task, outcome="not_our_round")
    assert CaseTask.objects.get(case=at_reroute, is_open=True).step_id == "reroute"

    v2 = workflow_definition_new_draft(v1)
    definition = copy.deepcopy(v2.definition)
    check = next(s for s in definition["steps"] if s["id"] == "check")
    check["title"] = "Check with the crew (v2)"
    check["outcomes"] = [o for o in check["outcomes"] if o["id"] != "not_our_round"]
    check["next"] = {k: v for k, v in check["next"].items() if k != "not_our_round"}
    definition["steps"] = [s for s in definition["steps"] if s["id"] not in ("refer", "reroute")]
    v2.definition = definition
    v2.save()
    workflow_definition_publish(v2)

    preview = unescape(designer.get(_url(v2, "migrate")).content.decode())
    assert f"<td>{at_check.reference}</td><td>check</td><td>yes</td>" in preview
    assert f"<td>{at_reroute.reference}</td><td>reroute</td><td>no: reroute not in v2</td>" in preview

    designer.post(_url(v2, "migrate"), {"source": v1.pk})
    at_check.refresh_from_db()
    at_reroute.refresh_from_db()
    assert at_check.workflow_version_id == v2.pk and at_reroute.workflow_version_id == v1.pk
    assert CaseEvent.objects.filter(case=at_check, detail__migrated=True).count() == 1
    moved_task = CaseTask.objects.get(case=at_check)
    task_claim(officer, moved_task)
    task_complete(officer, moved_task, outcome="collected")  # routed by v2's compiled flow
    at_check.refresh_from_db()
    assert at_check.outcome == "resolved"
