"""Bulk definitions from spreadsheets: preview with row-level errors, a progress bar for big files, safe exports."""

from __future__ import annotations

import re

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from import_export.formats.base_formats import CSV

from councils.models import Membership, Team
from sharing.models import BulkImportJob, LookupList, LookupRow
from sharing.resources import LookupRowResource


def _csv_format_value(page: str) -> str:
    return re.search(r'<option value="(\d+)"[^>]*>csv</option>', page).group(1)


def test_admin_import_previews_and_refuses_rows_for_another_council(demo, client_for):
    client = client_for(demo.user("hillford-admin"))
    csv_value = _csv_format_value(client.get("/admin/councils/team/import/").content.decode())
    bad = "council,slug,name\nHBC,parks,Parks\nRDC,sneaky,Sneaky team\n"
    preview = client.post(
        "/admin/councils/team/import/",
        {
            "format": csv_value,
            "import_file": SimpleUploadedFile("teams.csv", bad.encode(), content_type="text/csv"),
        },
    ).content.decode()
    assert (
        "&quot;RDC&quot; is not a council you may change (administer)" in preview
        or '"RDC" is not a council you may change (administer)' in preview
    )
    assert 'name="import_file_name"' not in preview  # nothing to confirm while a row is invalid
    assert not Team.objects.filter(slug__in=["parks", "sneaky"]).exists()

    good = "council,slug,name\nHBC,parks,Parks\nHBC,waste,Waste and recycling\n"
    preview = client.post(
        "/admin/councils/team/import/",
        {
            "format": csv_value,
            "import_file": SimpleUploadedFile("teams.csv", good.encode(), content_type="text/csv"),
        },
    )
    page = preview.content.decode()
    assert "Parks" in page and 'name="import_file_name"' in page
    confirm = {
        name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
        for name in ("import_file_name", "original_file_name", "format")
    }
    client.post("/admin/councils/team/process_import/", confirm)
    assert Team.objects.get(council__slug="hillford", slug="parks").name == "Parks"


def test_users_and_roles_import_creates_people_roles_and_team_places(demo, client_for):
    from sharing.resources import MembershipResource

    data = tablib.Dataset(headers=["username", "first_name", "last_name", "email", "council", "role", "teams"])
    data.append(
        ["hbc-new-officer", "Nia", "Jones", "nia@hillford.example.gov.uk", "HBC", "case_officer", "waste;highways"]
    )
    data.append(["hbc-typo", "X", "Y", "x@example.com", "HBC", "wizard", ""])
    resource = MembershipResource(user=demo.user("hillford-admin"))
    result = resource.import_data(data, dry_run=True, use_transactions=True)
    assert [r.error_dict for r in result.invalid_rows] == [
        {"role": ['unknown role "wizard" (roles: case_officer, team_leader, service_designer, manager, council_admin)']}
    ]
    data.pop()  # drop the bad row
    resource.import_data(data, dry_run=False, use_transactions=True)
    membership = Membership.objects.get(user__username="hbc-new-officer")
    assert membership.council.slug == "hillford" and membership.role == "case_officer"
    assert set(membership.user.teams.values_list("slug", flat=True)) == {"waste", "highways"}
    assert not membership.user.has_usable_password()


def _lookup_csv(rows: int, *, bad_row: int | None = None) -> bytes:
    lines = ["council,list,key,value"]
    for i in range(rows):
        council = "RDC" if i == bad_row else "HBC"
        lines.append(f"{council},waste-rounds,{i} Mill Road,Round {i % 7}")
    return ("\n".join(lines) + "\n").encode()


def test_large_lookup_import_reports_progress_until_done(demo, client_for):
    client = client_for(demo.user("hillford-designer"))
    page = client.get("/admin/sharing/bulkimportjob/add/").content.decode()
    assert "Import a large spreadsheet" in page
    hillford = demo.council("hillford")
    response = client.post(
        "/admin/sharing/bulkimportjob/add/",
        {
            "council": hillford.pk,
            "kind": "lookups",
            "file": SimpleUploadedFile("rounds.csv", _lookup_csv(450)),
        },
    )
    job = BulkImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/admin/sharing/bulkimportjob/{job.pk}/progress/"
    )
    assert "0 of 450 rows" in client.get(response["Location"]).content.decode()
    seen = []
    while True:
        progress = client.post(f"/admin/sharing/bulkimportjob/{job.pk}/progress.json").json()
        seen.append((progress["status"], progress["percent"]))
        if progress["finished"]:
            break
    assert seen == [
        ("checking", 22),
        ("checking", 44),
        ("running", 50),
        ("running", 72),
        ("running", 94),
        ("done", 100),
    ]
    assert LookupRow.objects.filter(lookup_list__council=hillford, lookup_list__slug="waste-rounds").count() == 450
    assert LookupRow.objects.get(key="17 Mill Road").value == "Round 3"


def test_a_bad_row_in_a_large_file_refuses_the_whole_file_with_its_row_number(demo):
    from sharing.services.bulk import bulk_import_job_create, bulk_import_job_run

    job = bulk_import_job_create(
        council=demo.council("hillford"),
        kind="lookups",
        file_name="rounds.csv",
        content=_lookup_csv(300, bad_row=250),
        actor=demo.user("hillford-designer"),
    )
    job = bulk_import_job_run(job, chunk_rows=100)
    assert job.status == BulkImportJob.Status.FAILED
    assert job.errors == [
        {"row": 252, "field": "council", "message": '"RDC" is not a council you may change (design services)'}
    ]
    assert not LookupRow.objects.exists()


def test_xlsx_files_import_too(demo):
    from sharing.services.bulk import bulk_import_job_create, bulk_import_job_run

    data = tablib.Dataset(headers=["council", "slug", "name"])
    data.append(["HBC", "parks", "Parks and open spaces"])
    job = bulk_import_job_create(
        council=demo.council("hillford"),
        kind="teams",
        file_name="teams.xlsx",
        content=data.export("xlsx"),
        actor=demo.user("hillford-admin"),
    )
    assert bulk_import_job_run(job).status == BulkImportJob.Status.DONE
    assert Team.objects.get(council__slug="hillford", slug="parks").name == "Parks and open spaces"


def test_exports_escape_formulae_and_stay_in_the_council(demo):
    hillford_list = LookupList.objects.create(council=demo.council("hillford"), slug="rounds", name="Rounds")
    riverside_list = LookupList.objects.create(council=demo.council("riverside"), slug="rounds", name="Rounds")
    LookupRow.objects.create(
        lookup_list=hillford_list, key='=HYPERLINK("http://evil.example","x")', value="+cmd|' /C calc'!A0"
    )
    LookupRow.objects.create(lookup_list=hillford_list, key="@SUM(1+1)", value="-2+3")
    LookupRow.objects.create(lookup_list=riverside_list, key="Riverside Road", value="Round 1")
    dataset = LookupRowResource(user=demo.user("hillford-designer")).export()
    text = CSV().export_data(dataset)
    assert "'=HYPERLINK" in text and "'+cmd" in text and "'@SUM(1+1)" in text and "'-2+3" in text
    assert "Riverside Road" not in text
    assert not re.search(r"(^|,)[=+@-]", text, flags=re.M)
