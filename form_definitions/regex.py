"""Designer regexes run on RE2, a linear-time engine, so no `pattern` can hold a worker (no ReDoS).

Python's `re` backtracks: `^(a+)+$` against 28 characters takes seconds, doubling per character.
RE2 runs every pattern in time linear in the input, and refuses what it cannot run that way
(backreferences, lookarounds, possessive or atomic groups). Forms are checked with RE2 at save and
import time, and their validators match `pattern`, `patternProperties` and `format: regex` with RE2.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

import re2
from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from councilflow.errors import DefinitionProblem, json_pointer
from form_definitions.refs import subschemas_walk

MAX_PATTERN_CHARS = 1000
# RE2's own message prefixes, with what a designer should do about them.
_HINTS = {
    "invalid perl operator: (?=": "lookahead (?=...) is not supported",
    "invalid perl operator: (?!": "negative lookahead (?!...) is not supported",
    "invalid perl operator: (?<": "lookbehind (?<=...) and (?<!...) are not supported",
    "invalid perl operator: (?>": "atomic groups (?>...) are not supported",
    "pattern too large": "the pattern is too large; simplify it or lower its repeat counts",
    "bad repetition operator: *+": "possessive quantifiers (*+, ++, ?+) are not supported",
    "bad repetition operator: ++": "possessive quantifiers (*+, ++, ?+) are not supported",
    "bad repetition operator: ?+": "possessive quantifiers (*+, ++, ?+) are not supported",
}


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # refusals are reported to the designer, not logged to stderr
    return options


_OPTIONS = _options()


@functools.lru_cache(maxsize=2048)
def regex_compile(pattern: str) -> Any:
    """The RE2 program for a pattern (cached: the same few patterns run on every submission)."""
    return re2.compile(pattern, _OPTIONS)


def regex_search(pattern: str, text: str) -> bool:
    """JSON Schema semantics: the pattern matches anywhere in the text (not anchored)."""
    return regex_compile(pattern).search(text) is not None


def regex_problem(pattern: str) -> str | None:
    """Why RE2 cannot run `pattern`, in words a designer can act on; None when it can."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"is longer than the limit of {MAX_PATTERN_CHARS} characters"
    try:
        regex_compile(pattern)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        hint = next((h for prefix, h in _HINTS.items() if reason.startswith(prefix) or prefix in reason), "")
        if not hint and reason[:-1] == "invalid escape sequence: \\" and reason[-1:].isdigit():
            hint = "backreferences (\\1 ... \\9) are not supported"
        why = f"{reason} ({hint})" if hint else reason
        return f"{json.dumps(pattern)} cannot be run by the linear-time regex engine (RE2): {why}"
    return None


def schema_regex_problems(schema: Any, *root: object) -> list[DefinitionProblem]:
    """Every `pattern` and `patternProperties` key RE2 cannot run, at its pointer under `root`."""
    problems = []
    uses_unevaluated = uses_patterns = False
    for path, node in subschemas_walk(schema):
        pattern = node.get("pattern")
        if isinstance(pattern, str) and (problem := regex_problem(pattern)):
            problems.append(DefinitionProblem(json_pointer(*root, *path, "pattern"), problem))
        pattern_properties = node.get("patternProperties")
        if isinstance(pattern_properties, dict):
            uses_patterns = uses_patterns or bool(pattern_properties)
            for key in pattern_properties:
                if problem := regex_problem(key):
                    problems.append(DefinitionProblem(json_pointer(*root, *path, "patternProperties", key), problem))
        uses_unevaluated = uses_unevaluated or "unevaluatedProperties" in node
    if uses_unevaluated and uses_patterns:
        # jsonschema's unevaluatedProperties matches patternProperties with Python's backtracking engine.
        problems.append(
            DefinitionProblem(
                json_pointer(*root),
                "patternProperties cannot be combined with unevaluatedProperties; use additionalProperties instead",
            )
        )
    return problems


# --- jsonschema keywords that match with RE2 instead of Python's `re` ---------------------------


def _pattern(validator, pattern: str, instance: Any, schema: dict) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not regex_search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator, pattern_properties: dict, instance: Any, schema: dict) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in pattern_properties.items():
        for key, value in instance.items():
            if regex_search(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional(instance: dict, schema: dict) -> list[str]:
    properties = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [k for k in instance if k not in properties and not any(regex_search(p, k) for p in patterns)]


def _additional_properties(validator, additional: Any, instance: Any, schema: dict) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    extras = _additional(instance, schema)
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        listed = ", ".join(repr(e) for e in sorted(extras))
        yield ValidationError(
            f"Additional properties are not allowed ({listed} {'was' if len(extras) == 1 else 'were'} unexpected)"
        )


FormValidator = validators.extend(
    Draft202012Validator,
    validators={
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
    },
)


@functools.cache
def meta_format_checker() -> FormatChecker:
    """The meta-schema's format checks without `regex`: patterns are checked by RE2, with a reason."""
    return FormatChecker([name for name in Draft202012Validator.FORMAT_CHECKER.checkers if name != "regex"])
