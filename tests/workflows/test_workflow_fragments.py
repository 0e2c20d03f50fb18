"""Reusable fragments: an include step is expanded into the fragment's steps before lint and compile."""

from __future__ import annotations

import copy

import pytest

from casework.models import CaseTask
from casework.services.tasks import task_claim, task_complete
from councilflow.errors import DefinitionInvalid
from workflow_builders import end, flow, task
from workflows.check import workflow_definition_check
from workflows.fragments import fragments_expand

REVIEW = {
    "title": "Senior review",
    "start": "review",
    "exits": ["upheld", "not_upheld"],
    "steps": [
        {
            **task("review", {"yes": "upheld", "no": "second_look"}, outcomes=("yes", "no")),
            "assign": {"team": "complaints", "role": "team_leader"},
        },
        {
            "id": "second_look",
            "type": "decision",
            "branches": [{"when": {"==": [{"var": "outcomes.review"}, "no"]}, "next": "not_upheld"}],
            "otherwise": "upheld",
        },
    ],
}

WITH_FRAGMENT = flow(
    task("check", {"ok": "stage2", "skip": "done"}, outcomes=("ok", "skip")),
    {"id": "stage2", "type": "include", "fragment": "review", "exits": {"upheld": "again", "not_upheld": "refused"}},
    {"id": "again", "type": "include", "fragment": "review", "exits": {"upheld": "done", "not_upheld": "refused"}},
    end("done"),
    end("refused", "refused"),
    fragments={"review": REVIEW},
)


def test_includes_expand_into_prefixed_copies_wired_to_their_exits():
    expanded, origins = fragments_expand(WITH_FRAGMENT)
    ids = [s["id"] for s in expanded["steps"]]
    assert ids == [
        "check",
        "stage2_review",
        "stage2_second_look",
        "again_review",
        "again_second_look",
        "done",
        "refused",
    ]
    steps = {s["id"]: s for s in expanded["steps"]}
    assert steps["check"]["next"] == {"ok": "stage2_review", "skip": "done"}
    assert steps["stage2_review"]["next"] == {"yes": "again_review", "no": "stage2_second_look"}
    assert steps["stage2_second_look"]["branches"][0]["when"] == {"==": [{"var": "outcomes.stage2_review"}, "no"]}
    assert steps["again_second_look"]["otherwise"] == "done"
    assert origins[3] == "/fragments/review/steps/0" and "fragments" not in expanded
    workflow_definition_check(WITH_FRAGMENT)


def test_lint_errors_inside_a_fragment_point_at_the_fragment():
    broken = copy.deepcopy(WITH_FRAGMENT)
    broken["fragments"]["review"]["steps"][1]["branches"][0]["when"] = {"==": [{"var": "outcomes.review"}, "maybe"]}
    with pytest.raises(DefinitionInvalid) as raised:
        workflow_definition_check(broken)
    assert [str(p) for p in raised.value.problems] == [
        '/fragments/review/steps/1/branches/0/when/==/1: task "stage2_review" has no outcome "maybe" (its outcomes: no, yes)',
        '/fragments/review/steps/1/branches/0/when/==/1: task "again_review" has no outcome "maybe" (its outcomes: no, yes)',
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["steps"][1].update(fragment="reveiw"),
            '/steps/1/fragment: unknown fragment "reveiw" (fragments: review)',
        ),
        (
            lambda d: d["steps"][1]["exits"].pop("not_upheld"),
            '/steps/1/exits: exit "not_upheld" of fragment "review" has no next step',
        ),
        (
            lambda d: d["steps"][1]["exits"].update(maybe="done"),
            '/steps/1/exits/maybe: "maybe" is not an exit of fragment "review" (exits: upheld, not_upheld)',
        ),
        (
            lambda d: d["fragments"]["review"].update(start="nope"),
            '/fragments/review/start: unknown step "nope" in fragment "review"',
        ),
        (
            lambda d: d["fragments"]["review"]["steps"][1].update(otherwise="elsewhere"),
            '/fragments/review/steps/1/otherwise: "elsewhere" is neither a step nor an exit of fragment "review"',
        ),
        (
            lambda d: d["fragments"]["review"]["steps"].append(
                {"id": "deeper", "type": "include", "fragment": "review", "exits": {}}
            ),
            "/fragments/review/steps/2/type: a fragment cannot include another fragment",
        ),
    ],
)
def test_fragment_mistakes_are_refused_with_their_path(change, expected):
    broken = copy.deepcopy(WITH_FRAGMENT)
    change(broken)
    with pytest.raises(DefinitionInvalid) as raised:
        workflow_definition_check(broken)
    assert expected in [str(p) for p in raised.value.problems]


def test_a_workflow_with_fragments_runs_end_to_end(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), WITH_FRAGMENT)
    case = submit_missed_bin(service)
    officer, leader = demo.user("riverside-waste"), demo.user("riverside-leader")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(officer, check)
    task_complete(officer, check, outcome="ok")
    for step_id in ("stage2_review", "again_review"):
        review = CaseTask.objects.get(case=case, step_id=step_id)
        assert review.required_role == "team_leader"
        task_claim(leader, review)
        task_complete(leader, review, outcome="yes")
    case.refresh_from_db()
    assert case.outcome == "resolved" and case.outcomes == {
        "check": "ok",
        "stage2_review": "yes",
        "again_review": "yes",
    }


def test_the_officer_task_page_of_a_fragment_step_offers_its_outcomes(
    demo, submit_missed_bin, publish_workflow, client
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), WITH_FRAGMENT)
    case = submit_missed_bin(service)
    officer, leader = demo.user("riverside-waste"), demo.user("riverside-leader")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(officer, check)
    task_complete(officer, check, outcome="ok")
    review = CaseTask.objects.get(case=case, step_id="stage2_review")  # a step the include expanded into
    task_claim(leader, review)
    client.force_login(leader)
    page = client.get(f"/work/tasks/{review.pk}/").content.decode()
    assert 'name="outcome" value="yes"' in page and 'name="outcome" value="no"' in page
