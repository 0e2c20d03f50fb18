"""Queues at scale: the owner copy the queues read, capped badges, per-row reassign, and presence's one-statement beat."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone
from viewflow.workflow.models import Task

from casework.models import CasePresence, CaseTask
from casework.queues import COUNT_CAP, queue_counts, queue_previews
from casework.services.presence import presence_heartbeat
from casework.services.tasks import task_claim, task_reassign, task_release
from casework.templatetags.officer_forms import queue_count


def _owner_copy(case_task: CaseTask):
    return CaseTask.objects.values_list("owner_id", flat=True).get(pk=case_task.pk)


def test_the_queue_tables_owner_follows_viewflow_whoever_writes_it(demo, submit_missed_bin):
    case_task = CaseTask.objects.get(case=submit_missed_bin(demo.service("riverside", "missed-bin")), is_open=True)
    sam, alex, leader = demo.user("riverside-waste"), demo.user("riverside-waste2"), demo.user("riverside-leader")
    stale = CaseTask.objects.get(pk=case_task.pk)  # loaded while unclaimed
    assert _owner_copy(case_task) is None

    task_claim(sam, case_task)
    assert _owner_copy(case_task) == sam.pk
    task_reassign(leader, case_task, to_user=alex)
    assert _owner_copy(case_task) == alex.pk
    stale.save()  # a full save of an old copy must not undo the assignment
    assert _owner_copy(case_task) == alex.pk
    task_release(alex, case_task)
    assert _owner_copy(case_task) is None
    Task.objects.filter(pk=case_task.pk).update(owner=sam)  # even a bulk update behind the services' back
    assert _owner_copy(case_task) == sam.pk


def test_queue_badges_stop_counting_past_the_cap(demo, submit_missed_bin):
    service = demo.service("riverside", "missed-bin")
    cases = [submit_missed_bin(service) for _ in range(4)]
    sam = demo.user("riverside-waste")
    task_claim(sam, CaseTask.objects.get(case=cases[0], is_open=True))
    CaseTask.objects.filter(case__in=cases[:3]).update(due_at=timezone.now() - timedelta(days=1))
    team = CaseTask.objects.get(case=cases[0]).team

    exact = queue_counts(sam, [team])
    assert exact[str(team.pk)] == {"open": 4, "unassigned": 3, "overdue": 3}
    assert exact["mine"] == {"open": 1, "overdue": 1, "unassigned": 0}
    capped = queue_counts(sam, [team], cap=2)
    assert capped[str(team.pk)] == {"open": 3, "unassigned": 3, "overdue": 3}  # 3 means "more than 2"
    assert queue_counts(sam, [team], unclaimed=False)[str(team.pk)]["unassigned"] == 0
    assert queue_count(COUNT_CAP) == f"{COUNT_CAP:,}" and queue_count(COUNT_CAP + 1) == f"{COUNT_CAP:,}+"
    designer = demo.user("riverside-designer")  # works on no council's cases: nothing to count, no query to run
    assert queue_counts(designer, [team])[str(team.pk)] == {"open": 0, "unassigned": 0, "overdue": 0}
    assert queue_previews(designer, [team]) == {team.pk: []}


def test_a_team_leader_reassigns_one_row_from_the_queue_without_javascript(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    case_task = CaseTask.objects.get(case=case, is_open=True)
    sam, alex = demo.user("riverside-waste"), demo.user("riverside-waste2")
    task_claim(sam, case_task)
    queue = f"/work/?queue={case_task.team_id}"
    leader = Client(enforce_csrf_checks=True)
    leader.force_login(demo.user("riverside-leader"))

    page = leader.get(queue).content.decode()
    form = re.search(rf'<form method="post" action="/work/tasks/{case_task.pk}/reassign/".*?</form>', page, re.S).group(
        0
    )
    assert ">Reassign</button>" in form and f'<option value="{sam.pk}" selected>' in form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = leader.post(
        f"/work/tasks/{case_task.pk}/reassign/", {"csrfmiddlewaretoken": token, "to_user": alex.pk, "next": queue}
    )

    assert response.status_code == 302 and response["Location"] == queue
    case_task.task.refresh_from_db()
    assert case_task.task.owner == alex
    assert case.events.filter(kind="task_assigned").latest("pk").summary.endswith("to Alex Morgan (was Sam Patel)")
    after = leader.get(queue).content.decode()
    assert "assigned to Alex Morgan" in after and f'<option value="{alex.pk}" selected>' in after

    member = Client()
    member.force_login(sam)
    assert f"/work/tasks/{case_task.pk}/reassign/" not in member.get(queue).content.decode()  # members get no control
    refused = member.post(f"/work/tasks/{case_task.pk}/reassign/", {"to_user": sam.pk, "next": queue}, follow=True)
    assert "Only team leaders can reassign tasks" in refused.content.decode()
    case_task.task.refresh_from_db()
    assert case_task.task.owner == alex


def test_a_visit_after_a_gap_starts_a_new_open_since(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    sam = demo.user("riverside-waste")
    presence_heartbeat(sam, case)
    presence_heartbeat(sam, case)
    visit = CasePresence.objects.get(case=case, user=sam)
    earlier = timezone.now() - timedelta(seconds=20)
    CasePresence.objects.filter(pk=visit.pk).update(opened_at=earlier - timedelta(minutes=5), last_seen=earlier)
    presence_heartbeat(sam, case)  # a beat within the timeout keeps "open since"
    kept = CasePresence.objects.get(pk=visit.pk)
    assert kept.opened_at == earlier - timedelta(minutes=5) and kept.last_seen > earlier
    CasePresence.objects.filter(pk=visit.pk).update(last_seen=timezone.now() - timedelta(minutes=2))
    presence_heartbeat(sam, case)  # after a gap, the visit starts again
    assert CasePresence.objects.get(pk=visit.pk).opened_at > earlier
    assert CasePresence.objects.filter(case=case, user=sam).count() == 1
