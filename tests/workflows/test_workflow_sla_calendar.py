"""Business calendars: opening hours per council and bank holidays by nation, for working hours and days."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from casework.models import CaseTask
from councils.models import OpeningHours
from workflow_builders import end, flow, task
from workflows.business_calendar import BusinessCalendar, council_calendar, default_calendar
from workflows.check import workflow_definition_check
from workflows.working_days import duration_add, duration_describe

LONDON = ZoneInfo("Europe/London")
ENG, SCT = "england-and-wales", "scotland"


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


def test_four_working_hours_from_four_pm_lands_the_next_working_morning():
    calendar = default_calendar(ENG)
    assert calendar.working_hours_add(at(2026, 6, 3, 16), 4) == at(2026, 6, 4, 12)  # Wednesday -> Thursday
    assert calendar.working_hours_add(at(2026, 6, 5, 16), 4) == at(2026, 6, 8, 12)  # Friday -> Monday
    assert calendar.working_hours_add(at(2026, 6, 6, 11), 1) == at(2026, 6, 8, 10)  # Saturday counts from Monday 9:00
    assert calendar.working_hours_add(at(2026, 6, 3, 7), 8) == at(2026, 6, 3, 17)  # before opening: the whole day


def test_working_hours_skip_each_nations_bank_holidays():
    thursday_before_easter = at(2026, 4, 2, 16)  # Good Friday 3 April, Easter Monday 6 April (not in Scotland)
    assert default_calendar(ENG).working_hours_add(thursday_before_easter, 4) == at(2026, 4, 7, 12)
    assert default_calendar(SCT).working_hours_add(thursday_before_easter, 4) == at(2026, 4, 6, 12)
    new_year = at(
        2026, 12, 31, 16
    )  # 1 January, and 2 January in Scotland (a Saturday in 2027: 4 Jan is the substitute)
    assert default_calendar(ENG).working_hours_add(new_year, 2) == at(2027, 1, 4, 10)
    assert default_calendar(SCT).working_hours_add(new_year, 2) == at(2027, 1, 5, 10)


def test_working_time_between_and_backwards_are_inverse():
    calendar = default_calendar(ENG)
    friday, monday = at(2026, 6, 5, 16), at(2026, 6, 8, 12)
    assert calendar.working_seconds_between(friday, monday) == 4 * 3600
    assert calendar.working_seconds_between(monday, friday) == -4 * 3600
    assert calendar.working_hours_add(monday, -4) == friday
    assert calendar.working_seconds_between(at(2026, 6, 6, 9), at(2026, 6, 7, 17)) == 0  # a weekend


def test_opening_hours_decide_working_days_and_hours():
    # Open Tuesday to Saturday mornings only.
    hours = (None,) + ((time(9), time(13)),) * 5 + (None,)
    calendar = BusinessCalendar(region=ENG, hours=hours)
    assert calendar.working_hours_add(at(2026, 6, 5, 12), 3) == at(2026, 6, 6, 11)  # Friday 12:00 -> Saturday 11:00
    assert calendar.working_days_add(at(2026, 6, 6, 10), 1) == at(2026, 6, 9, 10)  # Saturday + 1 -> Tuesday
    assert not calendar.is_working_day(at(2026, 6, 8, 10).date())  # Monday: closed
    with pytest.raises(ValueError, match="not before closing"):
        BusinessCalendar(region=ENG, hours=((time(17), time(9)),) + (None,) * 6)


def test_durations_in_working_hours_are_part_of_the_language():
    assert duration_describe({"working_hours": 4}) == "4 working hours"
    assert duration_add(at(2026, 6, 5, 16), {"working_hours": 4}, region=ENG) == at(2026, 6, 8, 12)
    workflow_definition_check(flow(task("check", due={"working_hours": 4}), end()), teams={"waste"})


@pytest.mark.django_db
def test_a_councils_opening_hours_are_its_calendar_and_a_change_is_seen_at_once(demo):
    council = demo.council("riverside")
    assert council_calendar(council).hours == default_calendar(ENG).hours  # none set: 9 to 5 on weekdays
    for weekday in range(6):  # Monday to Saturday, 8:00 to 18:00
        OpeningHours.objects.create(council=council, weekday=weekday, opens=time(8), closes=time(18))
    calendar = council_calendar(council)
    assert calendar.working_hours_add(at(2026, 6, 5, 16), 4) == at(2026, 6, 6, 10)  # Friday -> Saturday
    OpeningHours.objects.filter(council=council, weekday=5).delete()
    assert council_calendar(council).working_hours_add(at(2026, 6, 5, 16), 4) == at(2026, 6, 8, 10)


@pytest.mark.django_db
def test_a_task_due_in_working_hours_follows_the_councils_calendar(
    demo, submit_missed_bin, publish_workflow, frozen_now
):
    council = demo.council("riverside")
    for weekday in range(4):  # closed on Fridays
        OpeningHours.objects.create(council=council, weekday=weekday, opens=time(9), closes=time(17))
    service = publish_workflow(
        demo.service("riverside", "missed-bin"), flow(task("check", due={"working_hours": 4}), end())
    )
    frozen_now(at(2026, 6, 4, 16))  # Thursday 16:00
    case = submit_missed_bin(service)
    assert CaseTask.objects.get(case=case).due_at == at(2026, 6, 8, 12)  # Friday closed: Monday noon


@pytest.mark.django_db
def test_a_case_sla_in_working_days_skips_the_days_the_council_is_closed(
    demo, submit_missed_bin, publish_workflow, frozen_now
):
    council = demo.council("riverside")
    for weekday in (1, 2, 3, 4):  # closed on Mondays
        OpeningHours.objects.create(council=council, weekday=weekday, opens=time(9), closes=time(17))
    service = publish_workflow(
        demo.service("riverside", "missed-bin"), flow(task("check"), end(), sla={"working_days": 1})
    )
    frozen_now(at(2026, 6, 5, 15, 30))  # Friday
    case = submit_missed_bin(service)
    assert case.due_at == at(2026, 6, 9, 15, 30)  # Tuesday: Monday is closed


@pytest.mark.django_db
def test_council_administrators_edit_opening_hours_in_the_admin(demo, client):
    council = demo.council("riverside")
    client.force_login(demo.user("riverside-admin"))
    page = client.get(f"/admin/councils/council/{council.pk}/change/")
    assert page.status_code == 200 and b"Opening hours" in page.content
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, (list, tuple))}
    data.update(
        {
            "name": council.name,
            "code": council.code,
            "slug": council.slug,
            "holiday_region": council.holiday_region,
            "resolution_confirm_days": council.resolution_confirm_days,
            "opening_hours-TOTAL_FORMS": "1",
            "opening_hours-INITIAL_FORMS": "0",
            "opening_hours-0-weekday": "5",
            "opening_hours-0-opens": "10:00",
            "opening_hours-0-closes": "09:00",
        }
    )
    refused = client.post(f"/admin/councils/council/{council.pk}/change/", data)
    assert (
        refused.status_code == 200 and "The opening time must be before the closing time." in refused.content.decode()
    )
    assert not OpeningHours.objects.filter(council=council).exists()  # nothing half-saved
    data["opening_hours-0-closes"] = "12:30"
    saved = client.post(f"/admin/councils/council/{council.pk}/change/", data)
    assert saved.status_code == 302
    assert [str(h) for h in OpeningHours.objects.filter(council=council)] == ["Saturday 10:00–12:30"]
