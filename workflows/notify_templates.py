"""The notify step's template language: GOV.UK Notify's `((placeholder))` and `((placeholder??text))`, nothing else.

A designer's email can only substitute the documented case values and show a sentence when a value
is set. There are no tags, filters, loops or includes to reach (the Django engine it replaces let
`{% debug %}` mail out server state and a stray `{% if %}` fail every submission), and the scanner is
linear in the text. Checked at save and import time (`template_check`), rendered by `template_render`.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from dataclasses import dataclass

from councilflow.errors import DefinitionProblem, json_pointer
from workflows.field_types import form_fields

OPEN, CLOSE, CONDITIONAL = "((", "))", "??"
# What every notify template may name; the casework renderer supplies exactly these (plus answers.<field>).
CASE_PLACEHOLDERS: dict[str, str] = {
    "reference": "the case reference, e.g. RDC-2026-000123",
    "service": "the service's name (in Welsh in a Welsh email)",
    "council": "the council's name (in Welsh in a Welsh email)",
    "status": "the case's status, e.g. Open",
    "tracking_link": "the resident's signed link to their case",
    "site_url": "the address of the council's site",
}
ANSWERS = "answers"
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# Django template syntax from before this language: named so old templates get a clear fix.
_DJANGO = (("{{", "}}"), ("{%", "%}"), ("{#", "#}"))
FALSE_WORDS = frozenset({"", "no", "false", "0", "off"})
MAX_REPORTED = 10


@dataclass(frozen=True)
class _Part:
    text: str = ""
    name: str = ""
    conditional: str | None = None  # the text shown when `name` is set, for ((name??text))


class _AnyAnswer:
    """Allowed names when the form is not known: the case placeholders and any `answers.<field>`."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in CASE_PLACEHOLDERS or name.startswith(ANSWERS + "."))


def notify_placeholder_names(form_schema: dict | None) -> Container[str]:
    """The placeholders a workflow on this form may use: case values and `answers.<field>` (dotted for nested)."""
    if form_schema is None:
        return _AnyAnswer()
    return frozenset(CASE_PLACEHOLDERS) | {f"{ANSWERS}.{name}" for name in form_fields(form_schema)}


def template_check(text: str, *, allowed_names: Container[str]) -> list[str]:
    """Every problem in `text` as a sentence; an empty list means it renders exactly as written."""
    problems = _django_problems(text)
    parts, syntax = _parse(text)
    problems += syntax
    for part in parts:
        if part.name and part.name not in allowed_names:
            problems.append(_unknown_problem(part.name))
    return problems


def template_render(text: str, *, values: Mapping[str, object]) -> str:
    """Substitute `values` into a checked template; a missing value is empty, text is never interpreted."""
    parts, _problems = _parse(text)
    out = []
    for part in parts:
        if not part.name:
            out.append(part.text)
        elif part.conditional is not None:
            out.append(part.conditional if value_is_set(_lookup(values, part.name)) else "")
        else:
            out.append(value_as_text(_lookup(values, part.name)))
    return "".join(out)


def value_is_set(value: object) -> bool:
    """Whether ((name??text)) shows its text: a true answer, a non-zero number, any words but "no"/"false"."""
    if isinstance(value, str):
        return value.strip().lower() not in FALSE_WORDS
    if isinstance(value, (list, tuple, dict)):
        return any(value_is_set(v) for v in (value.values() if isinstance(value, dict) else value))
    return bool(value)


def value_as_text(value: object) -> str:
    """Plain text for an email: lists and objects as comma-separated values, true/false as yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (value_as_text(v) for v in value) if t)
    return str(value)


def notify_templates_lint(definition: dict, *, form_schema: dict | None) -> list[DefinitionProblem]:
    """Every notify subject and body, English and Welsh, checked with its exact path."""
    names = notify_placeholder_names(form_schema)
    problems = []
    for index, step in enumerate(definition["steps"]):
        if step["type"] != "notify":
            continue
        blocks: list[tuple[tuple[str, ...], dict]] = [(("template",), step.get("template", {}))]
        blocks += [(("translations", lang), words) for lang, words in (step.get("translations") or {}).items()]
        for where, block in blocks:
            for key in ("subject", "body"):
                if isinstance(block.get(key), str):
                    path = json_pointer("steps", index, *where, key)
                    problems += [DefinitionProblem(path, m) for m in template_check(block[key], allowed_names=names)]
    return problems


def _parse(text: str) -> tuple[list[_Part], list[str]]:
    """Split into literal text and placeholders, left to right; unbalanced brackets are problems."""
    parts: list[_Part] = []
    problems: list[str] = []
    position = 0
    while True:
        start = text.find(OPEN, position)
        while start != -1 and text.startswith("(", start + len(OPEN)):
            start += 1  # "(((reference)))" is a placeholder in brackets, as in Notify
        stray = text.find(CLOSE, position, start if start != -1 else len(text))
        if stray != -1:
            problems.append(f'"))" at character {stray + 1} closes nothing; placeholders are written ((name))')
        if start == -1:
            parts.append(_Part(text=text[position:]))
            return parts, problems
        parts.append(_Part(text=text[position:start]))
        end = text.find(CLOSE, start + len(OPEN))
        if end == -1:
            problems.append(f'"((" at character {start + 1} is never closed with "))"')
            parts.append(_Part(text=text[start:]))
            return parts, problems
        part, problem = _placeholder(text[start + len(OPEN) : end])
        if problem:
            problems.append(problem)
        parts.append(part)
        position = end + len(CLOSE)


def _placeholder(inner: str) -> tuple[_Part, str | None]:
    name, separator, conditional = inner.partition(CONDITIONAL)
    name = name.strip()
    shown = f"(({inner}))"
    if not _NAME.fullmatch(name):
        return _Part(
            text=shown
        ), f"{shown} is not a placeholder: a name is letters, digits, _ and . (like ((reference)))"
    if not separator:
        return _Part(name=name), None
    if OPEN in conditional:
        return _Part(text=shown), f"{shown}: the text of a conditional cannot contain another placeholder"
    if not conditional.strip():
        return _Part(text=shown), f"{shown}: write the text to show after ??, like (({name}??text))"
    return _Part(name=name, conditional=conditional), None


def _django_problems(text: str) -> list[str]:
    """Each `{{ }}`, `{% %}` and `{# #}` (up to a few), with the ((...)) to write instead."""
    problems: list[str] = []
    for opener, closer in _DJANGO:
        position = text.find(opener)
        while position != -1 and len(problems) < MAX_REPORTED:
            inner = text[position + 2 :].split(closer, 1)[0].strip()
            shown = f"{opener} {inner[:40]} {closer}"
            if opener == "{{":
                fix = f"write (({inner}))" if _NAME.fullmatch(inner) else "write ((name))"
            elif opener == "{%":
                fix = "they have no tags; for text shown only when a value is set write ((name??text))"
            else:
                fix = "remove the comment"
            problems.append(f"{shown} is Django template syntax, which notify templates do not run; {fix}")
            position = text.find(opener, position + 2)
    return problems


def _unknown_problem(name: str) -> str:
    if name.startswith(ANSWERS + "."):
        question = name.removeprefix(ANSWERS + ".")
        return f'unknown placeholder (({name})): the form has no question "{question}"'
    listing = ", ".join(f"(({n}))" for n in CASE_PLACEHOLDERS)
    return f"unknown placeholder (({name})); use {listing} or (({ANSWERS}.<question>))"


def _lookup(values: Mapping[str, object], name: str) -> object:
    """`answers.address.postcode` walks into nested answers; anything missing is None."""
    if name in values:
        return values[name]
    node: object = values
    for key in name.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node
