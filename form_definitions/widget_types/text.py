"""One-line and several-line text widgets: text, textarea, address, email, tel, postcode."""

from __future__ import annotations

from .base import TextWidget
from .registry import widget_types


@widget_types.register("text")
class Text(TextWidget):
    notes = "One line."


@widget_types.register("textarea")
class Textarea(TextWidget):
    notes = "Several lines."
    template = "textarea"


@widget_types.register("address")
class Address(TextWidget):
    notes = "A postal address over several lines; the answer is one string with line breaks."
    template = "textarea"


@widget_types.register("email")
class Email(TextWidget):
    notes = "One line with the email keyboard and autocomplete."
    input_attributes = {"type": "email", "autocomplete": "email", "spellcheck": "false"}


@widget_types.register("tel")
class Tel(TextWidget):
    notes = "One line with the phone keyboard and autocomplete."
    input_attributes = {"type": "tel", "autocomplete": "tel"}


@widget_types.register("postcode")
class Postcode(TextWidget):
    notes = "One short line with postcode autocomplete."
    input_attributes = {"type": "text", "autocomplete": "postal-code", "class": "govuk-input--width-10"}
