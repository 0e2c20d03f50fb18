"""Error messages for a failed answer, in GOV.UK style unless the UI schema words them itself."""

from __future__ import annotations

import datetime
import re

from jsonschema.exceptions import ValidationError

from form_definitions.address import ADDRESS_MESSAGES
from form_definitions.fields import MONTHS, FieldSpec
from form_definitions.map_point import MAP_MESSAGES
from form_definitions.widgets import CHOICE_WIDGETS

EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"
CHOICE_MESSAGE = "Select one of the options"
OPTIONAL_RE = re.compile(r"\s*\(optional\)\s*", re.IGNORECASE)
# A question label reads as an embedded question after "Select" ("Select which bin was missed"), never after "Enter".
EMBEDDED_QUESTION_WORDS = ("which", "what", "who", "where", "when", "how", "whether")
# What a question-shaped label ("When should it have been collected?") is called inside a sentence.
GENERIC_NAMES = {"date": "the date", "number": "the number"}
DATE_RULE_MESSAGES = {
    "not_in_future": "{name} must be today or in the past",
    "not_in_past": "{name} must be today or in the future",
    "at_least": "{name} must be the same as or after {date}",
    "at_most": "{name} must be the same as or before {date}",
    "after": "{name} must be after {date}",
    "before": "{name} must be before {date}",
}


def error_message(field: FieldSpec, error: ValidationError) -> str:
    """One plain-English message for `error` on `field`, preferring the UI schema's `errors[keyword]`."""
    custom = field.error_messages.get(str(error.validator))
    if isinstance(custom, str) and custom:
        return custom
    return _default_message(field, error)


def _default_message(field: FieldSpec, error: ValidationError) -> str:
    keyword, limit = error.validator, error.validator_value
    label, sentence = label_lower(field_name(field)), label_sentence(field_name(field))
    if field.widget == "repeat" and keyword in ("required", "minItems", "maxItems"):
        return _items_count_message(field, keyword, limit)
    if field.widget == "files" and keyword in ("minItems", "maxItems") and isinstance(limit, int):
        files = "file" if limit == 1 else "files"
        if keyword == "maxItems":
            return f"You can upload up to {limit} {files}"
        return missing_message(field) if limit <= 1 else f"Select at least {limit} files"
    if keyword == "required" or (keyword in ("minLength", "minItems") and limit <= 1):
        return missing_message(field)
    if keyword == "type":
        return _type_message(field, error)
    if keyword in ADDRESS_MESSAGES:
        return ADDRESS_MESSAGES[str(keyword)]
    if keyword in MAP_MESSAGES:
        return MAP_MESSAGES[str(keyword)]
    if keyword in DATE_RULE_MESSAGES:
        when = limit if isinstance(limit, datetime.date) else None
        return DATE_RULE_MESSAGES[str(keyword)].format(name=sentence, date=date_words(when) if when else "")
    if keyword == "format":
        if limit == "date":
            return f"{sentence} must be a real date"
        if limit in ("email", "idn-email"):
            return EMAIL_MESSAGE
        if limit == "date-time":
            return f"{sentence} must be a real date and time"
        if limit == "uri":
            return f"Enter {label} in the correct format, like https://www.example.com"
        return f"Enter {label} in the correct format"
    simple = {
        "maxLength": f"{sentence} must be {_n(limit)} characters or fewer",
        "minLength": f"{sentence} must be {_n(limit)} characters or more",
        "minimum": f"{sentence} must be {_n(limit)} or more",
        "maximum": f"{sentence} must be {_n(limit)} or less",
        "exclusiveMinimum": f"{sentence} must be more than {_n(limit)}",
        "exclusiveMaximum": f"{sentence} must be less than {_n(limit)}",
        "multipleOf": f"{sentence} must be a multiple of {_n(limit)}",
        "minItems": f"Select at least {_n(limit)} options",
        "maxItems": f"Select no more than {_n(limit)} options",
        "uniqueItems": "Select each option only once",
        "pattern": f"Enter {label} in the correct format",
    }
    if keyword in simple:
        return simple[keyword]
    if keyword in ("enum", "const", "oneOf", "anyOf") or field.widget in CHOICE_WIDGETS:
        return CHOICE_MESSAGE
    return f"Enter {label} in the correct format"


def _items_count_message(field: FieldSpec, keyword: object, limit: object) -> str:
    """ "Add at least 2 bins" / "You can add up to 5 bins"; plural by adding "s" (write `errors` otherwise)."""
    count = limit if keyword != "required" and isinstance(limit, int) else 1
    item = label_lower(field.item_label or "item")
    items = item if count == 1 else f"{item}s"
    if keyword == "maxItems":
        return f"You can add up to {_n(count)} {items}"
    return f"Add at least {_n(count)} {items}"


def _type_message(field: FieldSpec, error: ValidationError) -> str:
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    if "integer" in expected or "number" in expected:
        value = error.instance
        if "number" not in expected and isinstance(value, float):
            return f"{label_sentence(field_name(field))} must be a whole number"
        return f"{label_sentence(field_name(field))} must be a number"
    return missing_message(field)


def missing_message(field: FieldSpec) -> str:
    """ "Enter ..." for questions typed in, "Select ..." for choices and uploads."""
    if field.widget == "map_location":
        return MAP_MESSAGES["map_missing"]
    if field.widget in CHOICE_WIDGETS or field.widget in ("file", "files"):
        if field.error_label or not _is_question(field.label) or _embedded_question(field.label):
            return f"Select {label_lower(field_name(field, choosing=True))}"
        return "Select yes or no" if {c.value for c in field.choices} == {True, False} else "Select an option"
    name = label_lower(field_name(field))
    return f"Enter {'a ' + name[4:] if name in ('the date', 'the number') else name}"


def field_name(field: FieldSpec, *, choosing: bool = False) -> str:
    """What the question is called in its messages: `error_label`, else the label without "(optional)".

    A label that is a question ("When should it have been collected?") cannot sit inside a sentence,
    so it becomes "the date", "the number" or "your answer" (GOV.UK: say what is wrong, not the question).
    """
    if field.error_label:
        return field.error_label
    label = OPTIONAL_RE.sub(" ", field.label).strip()
    if _is_question(label) and not choosing:
        return GENERIC_NAMES.get(field.widget, "your answer")
    return label


def _is_question(label: str) -> bool:
    return label.strip().endswith("?")


def _embedded_question(label: str) -> bool:
    return label.strip().split(" ", 1)[0].lower() in EMBEDDED_QUESTION_WORDS


def date_words(day: datetime.date) -> str:
    """5 March 2026, as GOV.UK writes dates."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def label_lower(label: str) -> str:
    """The label inside a sentence: trailing "?" or ":" dropped, first letter lowered unless an acronym."""
    text = label.strip().rstrip("?:.").strip()
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def label_sentence(label: str) -> str:
    """The label starting a sentence."""
    text = label.strip().rstrip("?:.").strip()
    return text[:1].upper() + text[1:]


def _n(number: object) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)
