"""The partnership library: publish, import, be told of a newer version with its diff, upgrade; running cases keep theirs."""

from __future__ import annotations

import pytest

from casework.models import CaseStatus, CaseTask
from casework.services.submission import case_submit
from casework.services.tasks import task_claim, task_complete
from councils.models import Council, Partnership
from sharing.exceptions import PackageRefused
from sharing.models import LibraryEntry, ServiceImport
from sharing.services.library import library_entry_import, library_entry_publish, library_updates_for


def _retitle(definition: dict) -> None:
    for step in definition["steps"]:
        if step["id"] == "inspect":
            step["title"] = "Inspect the site (photos required)"


def test_publish_import_notify_upgrade_and_running_cases_finish_on_v1(
    demo, fly_tipping_answers, client_for, publish_changed
):
    riverside, hillford = demo.council("riverside"), demo.council("hillford")
    partnership = Partnership.objects.get(slug="vale-partnership")
    designer_a, designer_b = demo.user("riverside-designer"), demo.user("hillford-designer")

    v1 = library_entry_publish(demo.service("riverside", "fly-tipping"), partnership=partnership, actor=designer_a)
    assert v1.version == 1 and v1.source_council == riverside
    with pytest.raises(PackageRefused, match="nothing changed since library version 1"):
        library_entry_publish(demo.service("riverside", "fly-tipping"), partnership=partnership, actor=designer_a)

    imported = library_entry_import(v1, council=hillford, actor=designer_b)
    assert imported.library_entry == v1 and imported.source_version == 1
    service_b = demo.service("hillford", "fly-tipping")
    assert (
        service_b.provenance["council"] == "Riverside District Council"
        and service_b.provenance["library_entry"] == v1.pk
    )
    running = case_submit(service=service_b, answers=fly_tipping_answers)
    workflow_v1 = running.workflow_version
    assert library_updates_for(hillford) == []

    publish_changed(demo.service("riverside", "fly-tipping"), change=_retitle, user=designer_a)
    v2 = library_entry_publish(
        demo.service("riverside", "fly-tipping"), partnership=partnership, actor=designer_a, notes="Ask for photos"
    )
    updates = library_updates_for(hillford)
    assert [(u.service, u.entry) for u in updates] == [(service_b, v2)]
    diff = updates[0].plan.workflow.lines
    assert diff == ['/definition/steps/inspect/title: "Inspect the site" → "Inspect the site (photos required)"']
    page = client_for(designer_b).get("/sharing/").content.decode()
    assert "you have v1" in page and "v2</a> is published by Riverside District Council" in page
    assert "Inspect the site (photos required)" in page
    assert (
        "Newer versions in the partnership library"
        in client_for(designer_b).get("/admin/sharing/serviceimport/").content.decode()
    )

    library_entry_import(v2, council=hillford, actor=designer_b)
    service_b.refresh_from_db()
    assert service_b.workflow.version == workflow_v1.version + 1 and service_b.provenance["version"] == 2
    assert library_updates_for(hillford) == []
    new_case = case_submit(service=service_b, answers=fly_tipping_answers)
    assert CaseTask.objects.get(case=new_case, is_open=True).title == "Inspect the site (photos required)"

    # The case that started on v1 finishes on v1.
    task = CaseTask.objects.get(case=running, is_open=True)
    assert task.title == "Inspect the site"
    officer = demo.user("hillford-enviro")
    task_claim(officer, task)
    task_complete(officer, CaseTask.objects.get(pk=task.pk), outcome="not_found")
    running.refresh_from_db()
    assert (
        running.workflow_version == workflow_v1
        and running.case_status == CaseStatus.CLOSED
        and running.outcome == "no_action"
    )


def test_library_is_only_for_members_of_the_partnership(demo, client_for):
    outsider_partnership = Partnership.objects.create(slug="riverside-only", name="Riverside and friends")
    riverside = demo.council("riverside")
    riverside.partnerships.add(outsider_partnership)
    entry = library_entry_publish(demo.service("riverside", "pothole"), partnership=outsider_partnership, actor=None)
    hillford = demo.council("hillford")
    with pytest.raises(PackageRefused, match="Hillford Borough Council is not a member of Riverside and friends"):
        library_entry_import(entry, council=hillford, actor=None)
    with pytest.raises(PackageRefused, match="Hillford Borough Council is not a member of Riverside and friends"):
        library_entry_publish(demo.service("hillford", "pothole"), partnership=outsider_partnership, actor=None)
    designer_b = client_for(demo.user("hillford-designer"))
    assert designer_b.get(f"/sharing/entries/{entry.pk}/").status_code == 404
    assert "Report a pothole" not in designer_b.get("/sharing/").content.decode()
    assert designer_b.get(f"/admin/sharing/serviceimport/import/?entry={entry.pk}").status_code == 302
    assert client_for(demo.user("riverside-waste")).get(f"/sharing/entries/{entry.pk}/").status_code == 200
    assert not ServiceImport.objects.exists() and LibraryEntry.objects.count() == 1
    assert Council.objects.filter(partnerships=outsider_partnership).count() == 1
