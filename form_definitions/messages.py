"""Error messages for a failed answer, in GOV.UK style unless the UI schema words them itself."""

from __future__ import annotations

from jsonschema.exceptions import ValidationError

from form_definitions.fields import FieldSpec
from form_definitions.widgets import CHOICE_WIDGETS

EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"
CHOICE_MESSAGE = "Select one of the options"


def error_message(field: FieldSpec, error: ValidationError) -> str:
    """One plain-English message for `error` on `field`, preferring the UI schema's `errors[keyword]`."""
    custom = field.error_messages.get(str(error.validator))
    if isinstance(custom, str) and custom:
        return custom
    return _default_message(field, error)


def _default_message(field: FieldSpec, error: ValidationError) -> str:
    keyword, limit = error.validator, error.validator_value
    label, sentence = label_lower(field.label), label_sentence(field.label)
    if keyword == "required" or (keyword in ("minLength", "minItems") and limit <= 1):
        return missing_message(field)
    if keyword == "type":
        return _type_message(field, error)
    if keyword == "format":
        if limit == "date":
            return f"{sentence} must be a real date"
        if limit in ("email", "idn-email"):
            return EMAIL_MESSAGE
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


def _type_message(field: FieldSpec, error: ValidationError) -> str:
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    if "integer" in expected or "number" in expected:
        value = error.instance
        if "number" not in expected and isinstance(value, float):
            return f"{label_sentence(field.label)} must be a whole number"
        return f"{label_sentence(field.label)} must be a number"
    return missing_message(field)


def missing_message(field: FieldSpec) -> str:
    """ "Enter ..." for questions typed in, "Select ..." for choices and uploads."""
    verb = "Select" if field.widget in CHOICE_WIDGETS or field.widget == "file" else "Enter"
    return f"{verb} {label_lower(field.label)}"


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
