"""Officer actions through the pages: stale saves refused with 409, presence, leaders' assignment, merge, assisted cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from casework.exceptions import NotAllowed
from casework.models import Attachment, Case, CasePresence, CaseTask, Customer
from casework.services.tasks import task_reassign, tasks_bulk_assign


def test_stale_note_is_refused_with_409_showing_the_other_change_and_keeping_the_text(demo, claimed_case):
    case = claimed_case()
    a, b = Client(), Client()
    a.force_login(demo.user("riverside-waste"))
    b.force_login(demo.user("riverside-waste2"))
    a.get(f"/work/cases/{case.reference}/")
    page_b = b.get(f"/work/cases/{case.reference}/").content.decode()
    assert "Sam Patel has had this case open since" in page_b
    seen = case.events.order_by("-pk").first().pk
    saved = a.post(
        f"/work/cases/{case.reference}/answers/",
        {**case.answers, "details": "Gate was locked", "version": case.version, "seen_event": seen},
    )
    assert saved.status_code == 302
    refused = b.post(
        f"/work/cases/{case.reference}/notes/", {"text": "My careful note", "version": case.version, "seen_event": seen}
    )
    html = refused.content.decode()
    assert refused.status_code == 409
    assert (
        "someone else changed this case" in html
        and "Gate was locked" in html
        and "Anything else we should know?" in html
    )
    assert ">My careful note</textarea>" in html
    assert not case.events.filter(kind="note_added").exists()
    case.refresh_from_db()
    resubmitted = b.post(f"/work/cases/{case.reference}/notes/", {"text": "My careful note", "version": case.version})
    assert (
        resubmitted.status_code == 302
        and case.events.filter(kind="note_added", detail__text="My careful note").exists()
    )


def test_invalid_answers_are_refused_with_the_forms_own_message(demo, claimed_case, officer_client):
    case = claimed_case()
    response = officer_client("riverside-waste").post(
        f"/work/cases/{case.reference}/answers/", {**case.answers, "postcode": "nowhere", "version": case.version}
    )
    assert response.status_code == 400 and "Enter a real postcode, like RD1 2AB" in response.content.decode()
    case.refresh_from_db()
    assert case.answers["postcode"] == "RD1 2AB"


def test_presence_heartbeat_and_leaving(demo, claimed_case, officer_client):
    case = claimed_case()
    sam = demo.user("riverside-waste")
    client = officer_client("riverside-waste2")
    client.post(f"/work/cases/{case.reference}/presence/")
    sam_client = Client()
    sam_client.force_login(sam)
    banner = sam_client.post(f"/work/cases/{case.reference}/presence/").content.decode()
    assert "Alex Morgan has had this case open since" in banner
    leader = Client()
    leader.force_login(demo.user("riverside-leader"))
    inbox = leader.get("/work/?queue=" + str(CaseTask.objects.get(case=case, is_open=True).team_id)).content.decode()
    assert "Alex Morgan has it open" in inbox and "Sam Patel has it open" in inbox
    client.post(f"/work/cases/{case.reference}/presence/", {"leave": "1"})
    assert "Alex Morgan" not in sam_client.post(f"/work/cases/{case.reference}/presence/").content.decode()
    CasePresence.objects.filter(user=sam).update(last_seen=timezone.now() - timedelta(minutes=1))
    assert "Sam Patel" not in client.post(f"/work/cases/{case.reference}/presence/").content.decode()


def test_only_a_leader_of_the_team_reassigns_and_bulk_assign_is_all_or_nothing(demo, submit_missed_bin, officer_client):
    service = demo.service("riverside", "missed-bin")
    cases = [submit_missed_bin(service) for _ in range(3)]
    tasks = [CaseTask.objects.get(case=c, is_open=True) for c in cases]
    leader, sam, alex = demo.user("riverside-leader"), demo.user("riverside-waste"), demo.user("riverside-waste2")
    with pytest.raises(NotAllowed):
        task_reassign(sam, tasks[0], to_user=alex)
    with pytest.raises(NotAllowed):
        task_reassign(leader, tasks[0], to_user=demo.user("riverside-highways"))  # not in the waste team
    task_reassign(leader, tasks[0], to_user=sam)
    task_reassign(leader, tasks[0], to_user=alex)
    tasks[0].task.refresh_from_db()
    assert tasks[0].task.owner == alex
    summaries = list(cases[0].events.filter(kind="task_assigned").values_list("summary", flat=True))
    assert summaries[-1].endswith("to Alex Morgan (was Sam Patel)")

    response = officer_client("riverside-leader").post(
        "/work/tasks/bulk-assign/", {"tasks": [t.pk for t in tasks[1:]], "to_user": sam.pk}
    )
    assert response.status_code == 302
    assert CaseTask.objects.filter(pk__in=[t.pk for t in tasks[1:]], task__owner=sam).count() == 2
    with pytest.raises(NotAllowed):
        tasks_bulk_assign(alex, tasks[1:], to_user=alex)
    assert CaseTask.objects.filter(pk__in=[t.pk for t in tasks[1:]], task__owner=sam).count() == 2


def test_inbox_pages_by_keyset_most_urgent_first(demo, submit_missed_bin, officer_client):
    service = demo.service("riverside", "missed-bin")
    cases = [submit_missed_bin(service) for _ in range(5)]
    now = timezone.now()
    for offset, case in zip([3, -1, 1, 5, -2], cases):
        CaseTask.objects.filter(case=case).update(due_at=now + timedelta(days=offset))
    from casework.queues import InboxFilters, inbox_page

    sam = demo.user("riverside-waste")
    team = str(CaseTask.objects.get(case=cases[0]).team_id)
    first = inbox_page(sam, team, InboxFilters(), size=2)
    second = inbox_page(sam, team, InboxFilters(), after=first.next_cursor, size=2)
    third = inbox_page(sam, team, InboxFilters(), after=second.next_cursor, size=2)
    order = [t.case for t in first.tasks + second.tasks + third.tasks]
    assert order == [cases[4], cases[1], cases[2], cases[0], cases[3]] and third.next_cursor == ""
    overdue = inbox_page(sam, team, InboxFilters(sla="overdue"))
    assert [t.case for t in overdue.tasks] == [cases[4], cases[1]]
    page = officer_client("riverside-waste").get(f"/work/?queue={team}&sla=due_soon").content.decode()
    assert cases[2].reference in page and cases[0].reference not in page


def test_assisted_phone_case_matches_the_customer_and_duplicates_merge(demo, submit_missed_bin, officer_client):
    service = demo.service("riverside", "missed-bin")
    earlier = submit_missed_bin(service, email="dup@example.org", your_name="Dee Upton")
    stray = Customer.objects.create(
        council=service.council, name="Dee Upton", email="DUP@example.org", postcode="RD1 2AB"
    )
    stray_case = submit_missed_bin(service, email="other@example.org")
    Case.objects.filter(pk=stray_case.pk).update(customer=stray)
    client = officer_client("riverside-waste")
    form = client.get(f"/work/cases/new/?service={service.pk}").content.decode()
    assert "Which bin was missed?" in form and "Face to face" in form
    answers = {
        "bin_type": "garden",
        "collection_date": "2026-11-20",
        "address": "2 High Street",
        "postcode": "RD1 2AB",
        "your_name": "Dee Upton",
        "email": "dup@example.org",
    }
    created = client.post("/work/cases/new/", {**answers, "service": service.pk, "channel": "phone"})
    assert created.status_code == 302
    case = Case.objects.exclude(pk__in=[earlier.pk, stray_case.pk]).get(service=service, answers__bin_type="garden")
    assert case.channel == "phone" and case.customer == earlier.customer
    submitted = case.events.get(kind="submitted")
    assert submitted.actor == demo.user("riverside-waste") and "by phone" in submitted.summary

    page = client.get(f"/work/cases/{case.reference}/").content.decode()
    assert f'name="source" value="{stray.pk}"' in page
    client.post(f"/work/cases/{case.reference}/merge-customer/", {"source": stray.pk, "target": case.customer_id})
    stray.refresh_from_db()
    stray_case.refresh_from_db()
    assert stray.merged_into == case.customer and stray_case.customer == case.customer
    assert stray_case.events.filter(kind="customer_changed").exists()


def test_attachments_are_served_only_through_the_scoped_view(demo, claimed_case, officer_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = claimed_case()
    attachment = Attachment(
        case=case,
        original_name="bin.jpg",
        content_type="image/jpeg",
        size=4,
        uploaded_by_resident=True,
        scan_status="clean",
    )
    attachment.file.save("bin.jpg", ContentFile(b"\xff\xd8ok"), save=True)
    assert "bin.jpg" in officer_client("riverside-waste").get(f"/work/cases/{case.reference}/").content.decode()
    response = officer_client("riverside-waste").get(f"/work/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"\xff\xd8ok"
    assert 'filename="bin.jpg"' in response["Content-Disposition"]
    assert officer_client("hillford-waste").get(f"/work/attachments/{attachment.pk}/").status_code == 404
