"""Date rules (`date_rules` in a date question's UI settings): against today and against another date answer.

JSON Schema cannot say "not in the future" or "after the other date", so these rules are the
platform's own, checked at save (meta_ui.py) and applied after the schema in CompiledForm.errors_for.
"Today" is the date in the UK; working days skip weekends and the council's bank holidays.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from councils.bank_holidays import DEFAULT_REGION, REGION_SUBDIVISIONS, bank_holidays

UK = ZoneInfo("Europe/London")
FLAG_RULES = ("not_in_future", "not_in_past")
OFFSET_RULES = ("at_least", "at_most")
OFFSET_UNITS = ("days", "working_days")
ANSWER_RULES = ("after", "before")
DATE_RULES = FLAG_RULES + OFFSET_RULES + ANSWER_RULES
MAX_OFFSET = 3660  # about ten years either way


@dataclass(frozen=True)
class DateRuleBroken:
    """One broken rule: its name (the `errors` key), and the date it was measured against."""

    rule: str
    limit: datetime.date | None = None


def today_uk() -> datetime.date:
    return datetime.datetime.now(UK).date()


def date_parse(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def working_day(day: datetime.date, *, region: str) -> bool:
    """Monday to Friday and not a bank holiday; an unknown region counts England and Wales's holidays."""
    known = region if region in REGION_SUBDIVISIONS else DEFAULT_REGION
    return day.weekday() < 5 and day not in bank_holidays(known, day.year)


def date_offset(today: datetime.date, offset: dict, *, region: str) -> datetime.date:
    """Today moved by `{"days": n}` or `{"working_days": n}`; n may be negative (the past)."""
    if "days" in offset:
        return today + datetime.timedelta(days=offset["days"])
    count = offset["working_days"]
    step = 1 if count >= 0 else -1
    day = today
    for _ in range(abs(count)):
        day += datetime.timedelta(days=step)
        while not working_day(day, region=region):
            day += datetime.timedelta(days=step)
    return day


def uses_working_days(rules: dict) -> bool:
    return any(isinstance(rules.get(r), dict) and "working_days" in rules[r] for r in OFFSET_RULES)


def date_rules_broken(
    rules: dict, value: Any, answers: dict, *, today: datetime.date, region: str
) -> Iterator[DateRuleBroken]:
    """Each rule the answer breaks, in the order of DATE_RULES; nothing for an answer that is not a real date."""
    day = date_parse(value)
    if day is None:
        return
    if rules.get("not_in_future") and day > today:
        yield DateRuleBroken("not_in_future", today)
    if rules.get("not_in_past") and day < today:
        yield DateRuleBroken("not_in_past", today)
    if isinstance(rules.get("at_least"), dict):
        earliest = date_offset(today, rules["at_least"], region=region)
        if day < earliest:
            yield DateRuleBroken("at_least", earliest)
    if isinstance(rules.get("at_most"), dict):
        latest = date_offset(today, rules["at_most"], region=region)
        if day > latest:
            yield DateRuleBroken("at_most", latest)
    for rule in ANSWER_RULES:
        other = date_parse(answers.get(rules.get(rule))) if isinstance(rules.get(rule), str) else None
        if other is None:
            continue  # the other answer is missing or not a date: its own question says so
        if (rule == "after" and day <= other) or (rule == "before" and day >= other):
            yield DateRuleBroken(rule, other)
