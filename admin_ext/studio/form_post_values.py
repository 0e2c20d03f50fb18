"""Numbers and options as the panel's text inputs hold them, read into the values the language stores."""

from __future__ import annotations

import re
from typing import Any

from .form_model import Question, choice_posted

NUMBER_RE = re.compile(r"-?\d+(\.\d+)?")


def number_text(value: Any) -> str:
    return "" if value is None else str(value)


def number_parse(text: str, *, integer: bool) -> int | float | None:
    """ValueError("a whole number"/"a number") for what is not one; None for nothing typed."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    if not NUMBER_RE.fullmatch(text) or (integer and "." in text):
        raise ValueError("a whole number" if integer else "a number")
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def _option_value(text: str, kind: str | None) -> Any:
    if kind in ("integer", "number") and NUMBER_RE.fullmatch(text):
        return number_parse(text, integer=kind == "integer")
    return text


def options_parse(text: str, kind: str | None) -> tuple[list[tuple[Any, str]], bool]:
    """Options typed one a line; no "|" anywhere means value = label (an `enum`)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not any("|" in line for line in lines):
        return [(_option_value(line, kind), line) for line in lines], True
    options = []
    for line in lines:
        if "|" in line:
            value, label = (part.strip() for part in line.split("|", 1))
        else:
            value, label = re.sub(r"[^a-z0-9]+", "_", line.lower()).strip("_") or line, line
        options.append((_option_value(value, kind), label or value))
    return options, False


def options_text(question: Question) -> str:
    """One option a line: "value | label", or just the value when the options are an `enum`."""
    target = question.choices_schema
    if "enum" in target:
        return "\n".join(choice_posted(c.value) for c in question.choices)
    return "\n".join(f"{choice_posted(c.value)} | {c.label}" for c in question.choices)


def welsh_choices_text(question: Question) -> str:
    """One option a line: "value | Welsh label" (empty after the bar when there is no Welsh yet)."""
    words = (question.welsh or {}).get("choices") or {}
    return "\n".join(f"{choice_posted(c.value)} | {words.get(choice_posted(c.value), '')}" for c in question.choices)


def welsh_choices_parse(text: str) -> dict[str, str]:
    return {
        value.strip(): label.strip()
        for line in text.splitlines()
        if "|" in line
        for value, label in [line.split("|", 1)]
    }
