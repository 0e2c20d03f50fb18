"""Keeping residents' personal data out of logs and error reports.

Two nets: values under keys that name personal data are replaced whole, and any string anywhere has
email addresses, UK postcodes and phone numbers masked (a message like "550 no mailbox jo@example.org"
loses the address, keeps the reason). Signed links carry tokens in their paths: url_path_scrub masks them.
"""

from __future__ import annotations

import re
from typing import Any

SCRUBBED = "[scrubbed]"
PERSONAL_KEYS = frozenset(
    {
        "address",
        "answers",
        "authorization",
        "cookie",
        "cookies",
        "customer",
        "data",
        "email",
        "first_name",
        "full_name",
        "ip",
        "ip_address",
        "last_name",
        "password",
        "phone",
        "postcode",
        "query_string",
        "secret",
        "secrets",
        "task_answers",
        "to",
        "token",
        "uprn",
    }
)
EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
POSTCODE_RE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
PHONE_RE = re.compile(r"(?<![\w-])(?:\+44\s?\(?0?\)?\s?|0)\d(?:[\s-]?\d){8,9}(?![\w-])")
TOKEN_CHARS_RE = re.compile(r"^[\w:.=-]{20,}$")


def _is_token(segment: str) -> bool:
    """A signed token (portal links: value:timestamp:signature) or a long random string; not a lower-case slug."""
    if not TOKEN_CHARS_RE.match(segment):
        return False
    return ":" in segment or (segment != segment.lower() and any(c.isdigit() for c in segment))


# A URL path inside a message (Django's "Not Found: /riverside/your-cases/<token>/"), not the // of a scheme.
PATH_IN_TEXT_RE = re.compile(r"(?<![\w:/])/[^\s'\"<>]+")


def text_scrub(text: str) -> str:
    """Mask email addresses, UK postcodes, phone numbers and token path segments in free text."""
    text = PATH_IN_TEXT_RE.sub(lambda match: url_path_scrub(match.group(0), keep_query=True), text)
    return _identifiers_scrub(text)


def url_path_scrub(path: str, *, keep_query: bool = False) -> str:
    """The path without its query string (inside free text: the query masked), token-like segments as [token]."""
    path, _, query = path.partition("?")
    parts = ["[token]" if _is_token(part) else _identifiers_scrub(part) for part in path.split("/")]
    return "/".join(parts) + ("?[query]" if keep_query and query else "")


def _identifiers_scrub(text: str) -> str:
    return POSTCODE_RE.sub("[postcode]", PHONE_RE.sub("[phone]", EMAIL_RE.sub("[email]", text)))


def personal_data_scrub(value: Any, *, keep: frozenset[str] = frozenset()) -> Any:
    """A copy of `value` (dicts, lists, strings, nested) with personal data removed; keys in `keep` untouched."""
    if isinstance(value, dict):
        return {
            key: (
                item
                if key in keep
                else SCRUBBED
                if isinstance(key, str) and key.lower() in PERSONAL_KEYS and item not in (None, "", [], {})
                else personal_data_scrub(item, keep=keep)
            )
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return type(value)(personal_data_scrub(item, keep=keep) for item in value)
    if isinstance(value, str):
        return text_scrub(value)
    return value


# Context fields our logging binds itself: identifiers, never personal data, so never rewritten.
LOG_SAFE_KEYS = frozenset(
    {"request_id", "correlation_id", "timestamp", "level", "logger", "code", "user_id", "council", "council_ids"}
)


def log_event_scrub(logger: Any, method_name: str, event_dict: dict) -> dict:
    """structlog processor: every log line (ours, Django's, libraries') passes through personal_data_scrub."""
    return personal_data_scrub(event_dict, keep=LOG_SAFE_KEYS)
