"""The `format` checks answers are really held to (jsonschema alone skips date-time and uri silently).

Only the formats in keywords.CHECKED_FORMATS may be used, and each has a check here.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

import re2
from jsonschema import FormatChecker

from form_definitions.regex import regex_compile

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# RFC 3339 `date-time`: a date, `T`, a time with seconds, and a zone (Z or an offset).
DATE_TIME_RE = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})", re.ASCII)
# A mailbox as people type it (GOV.UK: do not over-check): no spaces, no empty dot-parts, a dotted domain.
EMAIL_LOCAL_RE = re.compile(r"[^\s@\"(),:;<>\[\\\]]+")
DOMAIN_LABEL_RE = re.compile(r"[^\W_]([\w-]{0,61}[^\W_])?")
# RFC 3986 absolute URI: scheme ":" then characters allowed in a URI (percent escapes well formed).
URI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+", re.ASCII)
MAX_EMAIL_CHARS = 254
MAX_URI_CHARS = 2000


def date_valid(value: Any) -> bool:
    """A real calendar date written YYYY-MM-DD (2026-02-30 is not)."""
    if not isinstance(value, str):
        return True  # `type` reports wrong types
    if not DATE_RE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def date_time_valid(value: Any) -> bool:
    """An RFC 3339 date and time with its zone, e.g. 2026-03-05T14:30:00Z; a real date and time."""
    if not isinstance(value, str):
        return True
    match = DATE_TIME_RE.fullmatch(value)
    if not match or not date_valid(match.group(1)):
        return False
    hour, minute, second = (int(match.group(i)) for i in (2, 3, 4))
    zone = match.group(6)
    if zone not in ("Z", "z") and (int(zone[1:3]) > 23 or int(zone[4:6]) > 59):
        return False
    return hour <= 23 and minute <= 59 and second <= 60  # 60: a leap second


def email_valid(value: Any) -> bool:
    """name@example.com: one @, a plausible local part, and a domain with a dot and valid labels."""
    if not isinstance(value, str):
        return True
    if len(value) > MAX_EMAIL_CHARS or value.count("@") != 1:
        return False
    local, domain = value.split("@")
    if len(local) > 64 or not EMAIL_LOCAL_RE.fullmatch(local) or ".." in local or local[0] == "." or local[-1] == ".":
        return False
    labels = domain.split(".")
    if len(labels) < 2 or not all(DOMAIN_LABEL_RE.fullmatch(label) for label in labels):
        return False
    return not labels[-1].isdigit()


def uri_valid(value: Any) -> bool:
    """An absolute URI with a scheme (https://example.org/a, mailto:x@example.org); no spaces."""
    if not isinstance(value, str):
        return True
    return len(value) <= MAX_URI_CHARS and URI_RE.fullmatch(value) is not None


def regex_valid(value: Any) -> bool:
    """A `format: regex` answer must compile with RE2, the engine that would run it."""
    if not isinstance(value, str):
        return True
    try:
        regex_compile(value)
    except re2.error:
        return False
    return True


CHECKS = {
    "date": date_valid,
    "date-time": date_time_valid,
    "email": email_valid,
    "uri": uri_valid,
    "regex": regex_valid,
}


@functools.cache
def form_format_checker() -> FormatChecker:
    """A checker with exactly the platform's formats, each really checked."""
    checker = FormatChecker(formats=())
    for name, check in CHECKS.items():
        checker.checks(name)(check)
    return checker
