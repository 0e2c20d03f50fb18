"""Refer to another council: the case closes here as referred and a linked case starts there, owned by them."""

from __future__ import annotations

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from casework.exceptions import NotAllowed
from casework.models import Case, CaseStatus, CaseTask, EventKind, Service
from casework.services.referral import ReferralRefused, case_refer
from casework.services.submission import case_submit
from councils.models import Council


@pytest.fixture
def wrong_area_case(demo, fly_tipping_answers):
    return case_submit(service=demo.service("riverside", "fly-tipping"), answers=fly_tipping_answers)


def test_referral_closes_here_starts_there_and_moves_visibility(wrong_area_case, demo, client_for):
    officer_a = demo.user("riverside-enviro")
    old_task = CaseTask.objects.get(case=wrong_area_case, is_open=True)

    new_case = case_refer(
        wrong_area_case, to_council=demo.council("hillford"), actor=officer_a, reason="Mill Road is in Hillford"
    )

    old = Case.objects.get(pk=wrong_area_case.pk)
    assert old.case_status == CaseStatus.CLOSED and old.outcome == "referred" and old.status == PROCESS.CANCELED
    old_task.refresh_from_db()
    old_task.task.refresh_from_db()
    assert not old_task.is_open and old_task.outcome == "referred" and old_task.task.status == STATUS.CANCELED
    assert new_case.council == demo.council("hillford") and new_case.service == demo.service("hillford", "fly-tipping")
    assert new_case.answers == wrong_area_case.answers and new_case.customer.email == "rita@example.com"
    assert new_case.customer.council == demo.council("hillford")
    out = old.events.get(kind=EventKind.REFERRED)
    assert out.detail == {
        "to_council": "hillford",
        "to_reference": new_case.reference,
        "reason": "Mill Road is in Hillford",
    }
    into = new_case.events.get(kind=EventKind.REFERRED)
    assert into.detail["from_reference"] == old.reference and into.resident_visible
    new_task = CaseTask.objects.get(case=new_case, is_open=True)
    assert new_task.council == demo.council("hillford") and new_task.team.council == demo.council("hillford")

    riverside = client_for(officer_a)
    assert riverside.get(f"/work/cases/{old.reference}/").status_code == 200  # its own, read-only record
    assert riverside.get(f"/work/cases/{new_case.reference}/").status_code == 404
    assert riverside.get(f"/api/v1/cases/{new_case.reference}/").status_code == 404
    assert f"/work/tasks/{old_task.pk}/" not in riverside.get("/work/").content.decode()
    hillford = client_for(demo.user("hillford-enviro"))
    assert hillford.get(f"/work/cases/{new_case.reference}/").status_code == 200
    assert hillford.get(f"/work/cases/{old.reference}/").status_code == 404


def test_referral_falls_back_to_the_lgsl_code(wrong_area_case, demo):
    Service.objects.filter(council__slug="hillford", slug="fly-tipping").update(slug="report-fly-tipping")
    new_case = case_refer(
        wrong_area_case, to_council=demo.council("hillford"), actor=demo.user("riverside-enviro"), reason="Wrong area"
    )
    assert new_case.service.slug == "report-fly-tipping"


def test_referral_refusals(wrong_area_case, demo):
    officer = demo.user("riverside-enviro")
    eastvale = Council.objects.create(slug="eastvale", name="Eastvale Council", code="EVC")
    with pytest.raises(ReferralRefused) as caught:
        case_refer(wrong_area_case, to_council=eastvale, actor=officer, reason="Wrong area")
    assert str(caught.value) == "Eastvale Council has no service “fly-tipping” or LGSL code 430 to refer this case to"
    with pytest.raises(ReferralRefused, match="^A case can only be referred to another council$"):
        case_refer(wrong_area_case, to_council=demo.council("riverside"), actor=officer, reason="x")
    with pytest.raises(ReferralRefused, match=r"^Give a reason for the referral"):
        case_refer(wrong_area_case, to_council=demo.council("hillford"), actor=officer, reason="  ")
    with pytest.raises(NotAllowed, match="^You do not work on this council's cases$"):
        case_refer(wrong_area_case, to_council=demo.council("hillford"), actor=demo.user("hillford-enviro"), reason="x")
    Service.objects.filter(council__slug="hillford", slug="fly-tipping").update(is_live=False)
    with pytest.raises(
        ReferralRefused, match="^Hillford Borough Council's service “Report fly-tipping” is not taking new cases$"
    ):
        case_refer(wrong_area_case, to_council=demo.council("hillford"), actor=officer, reason="x")
    Service.objects.filter(council__slug="hillford", slug="fly-tipping").update(is_live=True)
    case_refer(wrong_area_case, to_council=demo.council("hillford"), actor=officer, reason="Wrong area")
    with pytest.raises(ReferralRefused, match="^This case is closed and can no longer be referred$"):
        case_refer(wrong_area_case, to_council=demo.council("hillford"), actor=officer, reason="Again")
    assert Case.objects.filter(council__slug="hillford").count() == 1


def test_officer_refers_a_case_from_its_page(wrong_area_case, demo, client_for):
    officer = client_for(demo.user("riverside-enviro"))
    url = f"/sharing/cases/{wrong_area_case.reference}/refer/"
    page = officer.get(url).content.decode()
    assert "Hillford Borough Council" in page and "Riverside District Council</option>" not in page
    assert (
        "Give a reason for the referral"
        in officer.post(url, {"council": demo.council("hillford").pk, "reason": ""}).content.decode()
    )
    done = officer.post(url, {"council": demo.council("hillford").pk, "reason": "Mill Road is in Hillford"})
    new_case = Case.objects.get(council__slug="hillford")
    assert done.status_code == 302 and done["Location"] == f"/work/cases/{wrong_area_case.reference}/"
    assert (
        f"referred to Hillford Borough Council as {new_case.reference}"
        in officer.get(done["Location"]).content.decode()
    )
    assert client_for(demo.user("hillford-enviro")).get(url).status_code == 404
