"""Working-day arithmetic across weekends and each UK nation's bank holidays."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from workflows.working_days import (
    bank_holidays,
    duration_add,
    duration_describe,
    duration_subtract,
    is_working_day,
    working_day_add,
    working_days_between,
)

ENG, SCT, NIR = "england-and-wales", "scotland", "northern-ireland"
LONDON = ZoneInfo("Europe/London")


def test_a_weekend_is_skipped_and_the_time_of_day_kept():
    friday = datetime(2025, 6, 6, 15, 30)
    assert working_day_add(friday, 1, region=ENG) == datetime(2025, 6, 9, 15, 30)
    assert working_day_add(friday, 5, region=ENG) == datetime(2025, 6, 13, 15, 30)


def test_a_start_on_a_weekend_lands_on_a_working_day():
    saturday = datetime(2025, 6, 7, 9, 0)
    assert working_day_add(saturday, 0, region=ENG) == datetime(2025, 6, 9, 9, 0)
    assert working_day_add(saturday, 1, region=ENG) == datetime(2025, 6, 9, 9, 0)
    assert working_day_add(saturday, 2, region=ENG) == datetime(2025, 6, 10, 9, 0)


def test_christmas_and_new_year_in_england():
    before_christmas = datetime(2025, 12, 23, 10, 0)  # Tuesday
    assert working_day_add(before_christmas, 1, region=ENG) == datetime(2025, 12, 24, 10, 0)
    # 25 and 26 December are bank holidays, then a weekend.
    assert working_day_add(before_christmas, 2, region=ENG) == datetime(2025, 12, 29, 10, 0)
    assert working_day_add(before_christmas, 5, region=ENG) == datetime(2026, 1, 2, 10, 0)


def test_2_january_is_a_scottish_bank_holiday():
    before_christmas = datetime(2025, 12, 23, 10, 0)
    assert working_day_add(before_christmas, 5, region=SCT) == datetime(2026, 1, 5, 10, 0)
    assert is_working_day(date(2026, 1, 2), region=ENG)
    assert not is_working_day(date(2026, 1, 2), region=SCT)


def test_easter_monday_is_not_a_scottish_bank_holiday():
    maundy_thursday = datetime(2025, 4, 17, 12, 0)
    assert working_day_add(maundy_thursday, 1, region=ENG) == datetime(2025, 4, 22, 12, 0)
    assert working_day_add(maundy_thursday, 1, region=NIR) == datetime(2025, 4, 22, 12, 0)
    assert working_day_add(maundy_thursday, 1, region=SCT) == datetime(2025, 4, 21, 12, 0)


def test_st_patricks_day_only_in_northern_ireland():
    friday = datetime(2025, 3, 14, 9, 0)
    assert working_day_add(friday, 1, region=NIR) == datetime(2025, 3, 18, 9, 0)
    assert working_day_add(friday, 1, region=ENG) == datetime(2025, 3, 17, 9, 0)


def test_substitute_bank_holidays_are_skipped():
    assert date(2026, 12, 28) in bank_holidays(ENG, 2026)  # Boxing Day falls on a Saturday
    assert working_day_add(datetime(2026, 12, 24, 9, 0), 1, region=ENG) == datetime(2026, 12, 29, 9, 0)


def test_counting_backwards():
    assert working_day_add(datetime(2025, 12, 29, 10, 0), -1, region=ENG) == datetime(2025, 12, 24, 10, 0)
    assert working_day_add(datetime(2025, 4, 22, 10, 0), -1, region=ENG) == datetime(2025, 4, 17, 10, 0)


def test_working_days_between_is_the_inverse_of_adding():
    start = datetime(2025, 12, 19, 16, 0)
    for days in range(0, 15):
        for region in (ENG, SCT, NIR):
            assert working_days_between(start, working_day_add(start, days, region=region), region=region) == days
    assert working_days_between(date(2026, 1, 5), date(2025, 12, 23), region=SCT) == -5
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 22), region=ENG) == 1
    assert working_days_between(date(2025, 4, 17), date(2025, 4, 22), region=SCT) == 2


def test_durations_in_each_unit():
    start = datetime(2025, 12, 23, 10, 0)
    assert duration_add(start, {"working_days": 2}, region=ENG) == datetime(2025, 12, 29, 10, 0)
    assert duration_add(start, {"days": 2}, region=ENG) == datetime(2025, 12, 25, 10, 0)
    assert duration_add(start, {"hours": 48}, region=ENG) == datetime(2025, 12, 25, 10, 0)
    assert duration_subtract(datetime(2025, 12, 29, 10, 0), {"working_days": 2}, region=ENG) == start
    assert duration_subtract(start, {"hours": 4}, region=ENG) == datetime(2025, 12, 23, 6, 0)
    assert duration_describe({"working_days": 1}) == "1 working day"
    assert duration_describe({"hours": 48}) == "48 hours"


def test_hours_are_elapsed_time_and_days_are_calendar_days_across_a_clock_change():
    saturday_noon = datetime(2025, 3, 29, 12, 0, tzinfo=LONDON)  # clocks go forward on Sunday
    assert duration_add(saturday_noon, {"days": 1}, region=ENG) == datetime(2025, 3, 30, 12, 0, tzinfo=LONDON)
    assert duration_add(saturday_noon, {"hours": 24}, region=ENG).hour == 13


def test_bad_regions_and_durations_are_refused():
    with pytest.raises(ValueError, match='unknown region "wales"'):
        working_day_add(datetime(2025, 1, 6), 1, region="wales")
    with pytest.raises(ValueError):
        duration_add(datetime(2025, 1, 6), {"weeks": 1}, region=ENG)


def test_holiday_calendars_are_cached_per_region_and_year():
    bank_holidays.cache_clear()
    for _ in range(3):
        working_day_add(datetime(2025, 12, 23), 10, region=SCT)
    info = bank_holidays.cache_info()
    assert info.misses == 2  # Scotland 2025 and 2026, once each
    assert info.hits > info.misses
