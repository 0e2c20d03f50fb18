"""Assignment rules of task steps, run through real case submission."""

from __future__ import annotations

from casework.models import CaseTask
from casework.services.tasks import task_claim, task_complete
from workflow_builders import end, flow, task


def _owners(cases) -> list:
    return [CaseTask.objects.get(case=c, is_open=True).task.owner for c in cases]


def test_team_rule_puts_the_task_in_the_queue_and_role_limits_who_may_claim(demo, submit_missed_bin, publish_workflow):
    from casework.exceptions import NotAllowed

    definition = flow({**task("check"), "assign": {"team": "waste", "role": "team_leader"}}, end("done"))
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    check = CaseTask.objects.get(case=submit_missed_bin(service))
    assert (check.team.slug, check.required_role, check.task.owner) == ("waste", "team_leader", None)
    try:
        task_claim(demo.user("riverside-waste"), check)
    except NotAllowed as refused:
        assert "team leader" in str(refused)
    else:
        raise AssertionError("a case officer claimed a team-leader task")
    task_claim(demo.user("riverside-leader"), check)


def test_round_robin_takes_team_members_in_turn(demo, submit_missed_bin, publish_workflow):
    definition = flow({**task("check"), "assign": {"round_robin": "waste"}}, end("done"))
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    owners = _owners([submit_missed_bin(service) for _ in range(5)])
    members = sorted(set(owners), key=lambda u: u.pk)
    assert len(members) == 4  # every member of the waste team got one before anyone got a second
    assert owners[4] == owners[0]


def test_least_loaded_picks_the_member_with_fewest_open_tasks(demo, submit_missed_bin, publish_workflow):
    definition = flow({**task("check"), "assign": {"least_loaded": "highways"}}, end("done"))
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    first, second = _owners([submit_missed_bin(service) for _ in range(2)])
    assert first != second  # the first officer now has one open task more


def test_same_as_gives_the_task_to_whoever_did_the_earlier_step(demo, submit_missed_bin, publish_workflow):
    definition = flow(task("check", "follow_up"), {**task("follow_up"), "assign": {"same_as": "check"}}, end("done"))
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    case = submit_missed_bin(service)
    officer = demo.user("riverside-waste2")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(officer, check)
    task_complete(officer, check, outcome="ok")
    assert CaseTask.objects.get(case=case, step_id="follow_up").task.owner == officer
