"""Charts and figures read cleanly (#19): whole-number ticks for counts, legends inside the chart, GOV.UK dates and money."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from casework.templatetags.govuk_format import govuk_date, govuk_datetime, govuk_time, money, percent
from reporting.charts import axis_ticks, lines, stacked_bars
from reporting.templatetags.reporting_tags import figure


@pytest.mark.parametrize(
    ("top", "integer", "ticks"),
    [
        (1, True, [0, 1]),
        (3, True, [0, 1, 2, 3]),
        (0, True, [0, 1]),
        (7, True, [0, 2, 4, 6, 8]),
        (1234, True, [0, 500, 1000, 1500]),
        (100, False, [0, 25, 50, 75, 100]),
        (0.8, False, [0, 0.2, 0.4, 0.6, 0.8]),
    ],
)
def test_axis_ticks_are_round_and_whole_for_counts(top, integer, ticks):
    assert axis_ticks(top, integer=integer) == pytest.approx(ticks)


def test_a_count_chart_of_one_case_reads_0_and_1_not_repeated_labels():
    svg = str(stacked_bars(title="Contacts", categories=["Jul 26", "Aug 26"], series={"Web": [1, 0], "Phone": [0, 1]}))
    labels = re.findall(r'text-anchor="end" font-size="12">([^<]+)</text>', svg)
    assert labels == ["0", "1"]


def test_legends_wrap_inside_the_chart_width():
    names = [f"A rather long service name number {i}" for i in range(6)]
    svg = str(lines(title="Trend", categories=["a", "b"], series={n: [1, 2] for n in names}))
    width = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    height = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(2))
    xs = [float(x) for x in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="12"', svg)]
    assert len(xs) == 6 and all(x + 12 < width for x in xs)
    ys = {float(y) for y in re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="12"', svg)}
    assert len(ys) > 1 and max(ys) + 12 < height  # wrapped into rows, all inside


def test_money_dates_and_times_in_govuk_style():
    assert money(Decimal("1234")) == "£1,234"
    assert money(Decimal("1234.00")) == "£1,234"
    assert money(Decimal("4.5")) == "£4.50"
    assert money(Decimal("-20")) == "−£20"
    assert money(None) == "—"
    london = ZoneInfo("Europe/London")
    assert govuk_date(dt.date(2026, 7, 1)) == "1 July 2026"
    evening = dt.datetime(2026, 7, 1, 19, 20, tzinfo=london)
    assert govuk_time(evening) == "7:20pm"
    assert govuk_time(dt.datetime(2026, 7, 1, 12, 0, tzinfo=london)) == "12pm"
    assert govuk_datetime(evening) == "1 July 2026 at 7:20pm"
    assert figure(Decimal("900.00")) == "900" and figure(Decimal("12.5")) == "12.50" and figure(12345) == "12,345"
    assert percent(Decimal("42.00")) == "42%" and percent(33.33) == "33.3%"
