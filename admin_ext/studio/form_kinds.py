"""The builder's kinds of question, and the property schema each kind needs when a question is given it."""

from __future__ import annotations

import copy

from form_definitions.map_point import MAP_LOCATION_PROPERTIES

from .form_model import Question

# The builder's question kinds: every widget of the language, with "yesno" a radios question on a boolean.
BUILDER_WIDGETS = {
    "text": "Text, one line",
    "textarea": "Text, several lines",
    "address": "Postal address",
    "email": "Email address",
    "tel": "Phone number",
    "postcode": "Postcode",
    "date": "Date",
    "number": "Number",
    "yesno": "Yes or no",
    "radios": "Choose one (radios)",
    "select": "Choose one (drop-down)",
    "checkboxes": "Choose any (checkboxes)",
    "file": "File or photo upload",
    "files": "Several files or photos",
    "repeat": "Repeatable group (add another)",
    "location": "Location",
    "address_lookup": "Find an address (postcode lookup, keeps the UPRN)",
    "map_location": "Point on a map (or described in words)",
}
STRING_WIDGETS = frozenset({"text", "textarea", "address", "email", "tel", "postcode", "date"})
CHOICE_WIDGETS = frozenset({"radios", "select", "checkboxes"})
STRING_RULES = ("minLength", "maxLength", "pattern")
NUMBER_RULES = ("minimum", "maximum")
ARRAY_RULES = ("minItems", "maxItems")
CHOICE_KEYS = ("enum", "oneOf", "anyOf")
FILE_WIDGETS = frozenset({"file", "files"})
# A repeatable group's item questions: the one-value kinds (the language refuses files, locations, groups).
ITEM_WIDGETS = frozenset(
    {
        "text",
        "textarea",
        "address",
        "email",
        "tel",
        "postcode",
        "date",
        "number",
        "yesno",
        "radios",
        "select",
        "checkboxes",
    }
)
NEW_FILES_MOST = 3
NEW_REPEAT_MOST = 5


def builder_widget(question: Question) -> str:
    """The builder kind of a stored question ("yesno" for a boolean)."""
    return "yesno" if question.yes_no and question.widget == "radios" else question.widget


def kind_shape(prop: dict, widget: str, *, integer_only: bool) -> dict:
    """The property's type for a newly chosen kind; keywords that no longer apply are dropped."""
    prop = dict(prop)
    drop: tuple[str, ...] = ()
    if widget in STRING_WIDGETS:
        prop["type"] = "string"
        drop = CHOICE_KEYS + ("items", "properties", "required", *NUMBER_RULES, *ARRAY_RULES)
        if widget in ("email", "date"):
            prop["format"] = widget
        elif prop.get("format") in ("email", "date"):
            drop += ("format",)
    elif widget == "number":
        prop["type"] = "integer" if integer_only else "number"
        drop = CHOICE_KEYS + ("items", "format", "properties", "required", *STRING_RULES, *ARRAY_RULES)
    elif widget == "yesno":
        prop["type"] = "boolean"
        drop = CHOICE_KEYS + ("items", "format", "properties", "required", *STRING_RULES, *NUMBER_RULES, *ARRAY_RULES)
    elif widget in ("radios", "select"):
        prop["type"] = "string"
        drop = ("items", "format", "properties", "required", *STRING_RULES, *NUMBER_RULES, *ARRAY_RULES)
    elif widget == "checkboxes":
        prop["type"] = "array"
        if not isinstance(prop.get("items"), dict) or prop["items"].get("type") not in ("string", "integer", "number"):
            prop["items"] = {"type": "string"}  # a group's or files' object items cannot hold options
        drop = CHOICE_KEYS + ("format", "properties", "required", *STRING_RULES, *NUMBER_RULES)
    elif widget == "file":
        prop["type"] = "object"
        drop = CHOICE_KEYS + ("items", "format", *STRING_RULES, *NUMBER_RULES, *ARRAY_RULES)
    elif widget == "files":
        prop["type"] = "array"
        prop["items"] = {"type": "object"}
        prop.setdefault("maxItems", NEW_FILES_MOST)
        drop = CHOICE_KEYS + ("format", "properties", "required", *STRING_RULES, *NUMBER_RULES)
    elif widget == "repeat":
        prop["type"] = "array"
        prop["items"] = {"type": "object", "properties": {"details": {"type": "string", "title": "Details"}}}
        prop.setdefault("maxItems", NEW_REPEAT_MOST)
        drop = CHOICE_KEYS + ("format", "properties", "required", *STRING_RULES, *NUMBER_RULES)
    elif widget == "address_lookup":
        prop["type"] = "object"
        drop = CHOICE_KEYS + ("items", "format", "properties", "required", *STRING_RULES, *NUMBER_RULES, *ARRAY_RULES)
    elif widget == "map_location":
        prop["type"] = "object"
        prop["properties"] = copy.deepcopy(MAP_LOCATION_PROPERTIES)
        drop = CHOICE_KEYS + ("items", "format", "required", *STRING_RULES, *NUMBER_RULES, *ARRAY_RULES)
    elif widget == "location":
        prop["type"] = "string" if prop.get("type") != "object" else "object"
        drop = CHOICE_KEYS + ("items", "format", *NUMBER_RULES, *ARRAY_RULES)
    for key in drop:
        prop.pop(key, None)
    return prop
