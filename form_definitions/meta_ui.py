"""Checking the UI schema half of a form definition against its JSON Schema."""

from __future__ import annotations

import json
import re
from typing import Any

from jsonschema import Draft202012Validator

from councilflow.errors import DefinitionProblem, json_pointer
from form_definitions.dates import ANSWER_RULES, DATE_RULES, FLAG_RULES, MAX_OFFSET, OFFSET_RULES, OFFSET_UNITS
from form_definitions.refs import property_deref
from form_definitions.widgets import schema_choices, widget_infer, widget_mismatch, widget_names

MAX_UI_SCHEMA_BYTES = 256 * 1024
MAX_FILE_SIZE_MB = 50
UI_KEYS = ("pages", "fields", "order", "customer", "translations")
TRANSLATION_LANGUAGES = ("cy",)  # English is the definition itself
TRANSLATION_FIELD_KEYS = ("label", "hint", "errors", "choices")
TRANSLATION_GROUP_KEYS = ("item_label", "items")  # a repeatable group's: what one item is called, its item questions
CUSTOMER_KEYS = ("name", "email", "phone", "postcode", "address", "uprn")
PAGE_KEYS = ("id", "title", "fields")
FIELD_KEYS = (
    "label",
    "hint",
    "widget",
    "errors",
    "show_if",
    "accept",
    "max_size_mb",
    "error_label",
    "date_rules",
    "item_label",
    "item_fields",
    "item_order",
)
ITEM_FIELD_KEYS = ("label", "hint", "widget", "errors")
MAX_REPEAT_ITEMS = 50
MAX_FILES = 20  # files in one "files" question
ERROR_KEYWORDS = frozenset(Draft202012Validator.VALIDATORS) | frozenset(DATE_RULES)
PAGE_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]*")
MIME_RE = re.compile(r"[a-z]+/([a-z0-9][a-z0-9.+-]*|\*)")


def _problem(message: str, *parts: object) -> DefinitionProblem:
    return DefinitionProblem(json_pointer("ui_schema", *parts), message)


def ui_schema_problems(schema: dict, ui_schema: Any) -> list[DefinitionProblem]:
    """Every problem with pages, order and per-field settings; `schema` must have a properties object."""
    if ui_schema is None:
        ui_schema = {}
    if not isinstance(ui_schema, dict):
        return [_problem("must be a JSON object")]
    if len(json.dumps(ui_schema, default=str).encode("utf-8")) > MAX_UI_SCHEMA_BYTES:
        return [_problem(f"is larger than the limit of {MAX_UI_SCHEMA_BYTES // 1024} KB")]
    problems = [
        _problem(f'unknown key "{k}"; use pages, fields, order, customer or translations', k)
        for k in ui_schema
        if k not in UI_KEYS
    ]
    problems += _customer_problems(schema, ui_schema.get("customer"))
    problems += _translations_problems(schema, ui_schema)
    if "pages" in ui_schema:
        page_problems, shown = _pages_problems(schema, ui_schema["pages"])
        problems += page_problems
        if "order" in ui_schema:
            problems.append(_problem('is not used when "pages" are given; list fields on the pages instead', "order"))
    else:
        order_problems, shown = _order_problems(schema, ui_schema.get("order"))
        problems += order_problems
    problems += _fields_problems(schema, ui_schema.get("fields"), shown)
    problems += _default_widget_problems(schema, ui_schema.get("fields"), shown)
    return problems


def _pages_problems(schema: dict, pages: Any) -> tuple[list[DefinitionProblem], list[str]]:
    """Problems with `pages`, and the fields they show in order."""
    if not isinstance(pages, list) or not pages:
        return [_problem("must be a list of at least one page", "pages")], []
    problems: list[DefinitionProblem] = []
    properties = schema["properties"]
    page_of: dict[str, str] = {}
    ids: set[str] = set()
    for i, page in enumerate(pages):
        if not isinstance(page, dict):
            problems.append(_problem('must be an object with "id", "title" and "fields"', "pages", i))
            continue
        problems += [
            _problem(f'unknown key "{k}"; a page has id, title and fields', "pages", i, k)
            for k in page
            if k not in PAGE_KEYS
        ]
        problems += [_problem(f'missing "{k}"', "pages", i) for k in PAGE_KEYS if k not in page]
        page_id = page.get("id")
        if "id" in page and not (isinstance(page_id, str) and PAGE_ID_RE.fullmatch(page_id)):
            problems.append(
                _problem('must be lower-case letters, digits, "-" or "_", like "about-you"', "pages", i, "id")
            )
        elif page_id in ids:
            problems.append(_problem(f'duplicate page id "{page_id}"', "pages", i, "id"))
        if isinstance(page_id, str):
            ids.add(page_id)
        if "title" in page and not (isinstance(page.get("title"), str) and page["title"].strip()):
            problems.append(_problem("must be a non-empty string", "pages", i, "title"))
        fields = page.get("fields")
        if "fields" in page and (not isinstance(fields, list) or not fields):
            problems.append(_problem("must list at least one field", "pages", i, "fields"))
            continue
        for j, name in enumerate(fields or []):
            if not isinstance(name, str) or name not in properties:
                problems.append(_problem(f"unknown field {json.dumps(name)}", "pages", i, "fields", j))
            elif name in page_of:
                problems.append(
                    _problem(f'field "{name}" is already on page "{page_of[name]}"', "pages", i, "fields", j)
                )
            else:
                page_of[name] = str(page_id)
    for name in schema.get("required") or []:
        if name in properties and name not in page_of:
            problems.append(_problem(f'required field "{name}" is not on any page', "pages"))
    return problems, list(page_of)


def _order_problems(schema: dict, order: Any) -> tuple[list[DefinitionProblem], list[str]]:
    """Problems with `order`, and every field in the order shown (unlisted ones follow in schema order)."""
    properties = list(schema["properties"])
    if order is None:
        return [], properties
    if not isinstance(order, list):
        return [_problem("must be a list of field names", "order")], properties
    problems, listed = [], []
    for i, name in enumerate(order):
        if not isinstance(name, str) or name not in properties:
            problems.append(_problem(f"unknown field {json.dumps(name)}", "order", i))
        elif name in listed:
            problems.append(_problem(f'field "{name}" is listed twice', "order", i))
        else:
            listed.append(name)
    return problems, listed + [n for n in properties if n not in listed]


def _fields_problems(schema: dict, fields: Any, shown: list[str]) -> list[DefinitionProblem]:
    if fields is None:
        return []
    if not isinstance(fields, dict):
        return [_problem("must be an object of field name to settings", "fields")]
    problems = []
    for name, ui in fields.items():
        if name not in schema["properties"]:
            problems.append(_problem(f'unknown field "{name}"', "fields", name))
        elif not isinstance(ui, dict):
            problems.append(_problem("must be an object of settings", "fields", name))
        else:
            problems += _field_problems(schema, name, ui, shown)
    return problems


def _field_problems(schema: dict, name: str, ui: dict, shown: list[str]) -> list[DefinitionProblem]:
    prop = property_deref(schema, schema["properties"][name])
    problems = [
        _problem(f'unknown key "{k}"; use {", ".join(FIELD_KEYS)}', "fields", name, k)
        for k in ui
        if k not in FIELD_KEYS
    ]
    problems += [
        _problem("must be a string", "fields", name, k)
        for k in ("label", "hint")
        if k in ui and not isinstance(ui[k], str)
    ]
    if "error_label" in ui and not (isinstance(ui["error_label"], str) and ui["error_label"].strip()):
        problems.append(_problem('must be a non-empty string, like "date seen"', "fields", name, "error_label"))
    widget = ui.get("widget", widget_infer(prop))
    if "widget" in ui:
        if widget not in widget_names():
            problems.append(
                _problem(
                    f"unknown widget {json.dumps(widget)}; use one of {', '.join(sorted(widget_names()))}",
                    "fields",
                    name,
                    "widget",
                )
            )
        elif mismatch := widget_mismatch(widget, prop):
            problems.append(_problem(mismatch, "fields", name, "widget"))
    problems += _file_problems(name, ui, widget, prop)
    problems += _repeat_problems(schema, name, ui, widget, prop)
    if "date_rules" in ui:
        problems += _date_rules_problems(schema, name, ui["date_rules"], widget, shown)
    problems += _errors_problems(name, ui.get("errors"))
    if "show_if" in ui:
        problems += _show_if_problems(schema, name, ui["show_if"], shown)
    return problems


def _file_problems(name: str, ui: dict, widget: Any, prop: dict | None = None) -> list[DefinitionProblem]:
    problems = []
    for key in ("accept", "max_size_mb"):
        if key in ui and widget not in ("file", "files"):
            problems.append(_problem(f'only a "file" or "files" widget takes "{key}"', "fields", name, key))
    most = (prop or {}).get("maxItems")
    if widget == "files" and (isinstance(most, bool) or not isinstance(most, int) or not 1 <= most <= MAX_FILES):
        problems.append(
            DefinitionProblem(
                json_pointer("schema", "properties", name, "maxItems"),
                f"several files in one question need maxItems from 1 to {MAX_FILES} (how many files at most)",
            )
        )
    accept = ui.get("accept")
    if widget in ("file", "files") and accept is not None:
        if not isinstance(accept, list) or not accept:
            problems.append(_problem('must be a list of MIME types like "image/jpeg"', "fields", name, "accept"))
        else:
            problems += [
                _problem(f'{json.dumps(m)} is not a MIME type like "image/jpeg"', "fields", name, "accept", i)
                for i, m in enumerate(accept)
                if not (isinstance(m, str) and MIME_RE.fullmatch(m))
            ]
    size = ui.get("max_size_mb")
    if widget in ("file", "files") and size is not None:
        if isinstance(size, bool) or not isinstance(size, (int, float)) or size <= 0:
            problems.append(_problem("must be a number of megabytes above 0", "fields", name, "max_size_mb"))
        elif size > MAX_FILE_SIZE_MB:
            problems.append(_problem(f"must be at most {MAX_FILE_SIZE_MB}", "fields", name, "max_size_mb"))
    return problems


def _repeat_problems(schema: dict, name: str, ui: dict, widget: Any, prop: dict) -> list[DefinitionProblem]:
    """A repeatable group ("add another"): a bounded list of items, each asking simple questions."""
    problems = [
        _problem(f'only a "repeat" widget takes "{key}"', "fields", name, key)
        for key in ("item_label", "item_fields", "item_order")
        if key in ui and widget != "repeat"
    ]
    if widget != "repeat" or widget_mismatch(widget, prop):
        return problems
    if "item_label" in ui and not (isinstance(ui["item_label"], str) and ui["item_label"].strip()):
        problems.append(_problem('must be a non-empty string, like "Bin"', "fields", name, "item_label"))
    most = prop.get("maxItems")
    if isinstance(most, bool) or not isinstance(most, int) or most > MAX_REPEAT_ITEMS:
        problems.append(
            DefinitionProblem(
                json_pointer("schema", "properties", name, "maxItems"),
                f"a repeatable group needs maxItems of at most {MAX_REPEAT_ITEMS}",
            )
        )
    items = property_deref(schema, prop.get("items"))
    sub_props = items.get("properties") or {}
    order = ui.get("item_order")
    if order is not None and not (isinstance(order, list) and all(isinstance(n, str) for n in order)):
        problems.append(_problem("must be a list of item question names", "fields", name, "item_order"))
    elif order is not None:
        for i, sub in enumerate(order):
            if sub not in sub_props:
                problems.append(_problem(f'unknown item question "{sub}"', "fields", name, "item_order", i))
            elif sub in order[:i]:
                problems.append(_problem(f'"{sub}" is listed twice', "fields", name, "item_order", i))
    settings = ui.get("item_fields") or {}
    if not isinstance(settings, dict):
        return problems + [_problem("must be an object of item question to settings", "fields", name, "item_fields")]
    for sub, sub_prop in sub_props.items():
        sub_prop = property_deref(schema, sub_prop)
        sub_ui = settings.get(sub) if isinstance(settings.get(sub), dict) else {}
        sub_widget = sub_ui.get("widget", widget_infer(sub_prop))
        if sub_widget not in widget_names(item_allowed=True):
            where = ("fields", name, "item_fields", sub, "widget") if "widget" in sub_ui else None
            message = f"an item question cannot use widget {json.dumps(sub_widget)}; use one of {', '.join(sorted(widget_names(item_allowed=True)))}"
            problems.append(
                _problem(message, *where)
                if where
                else DefinitionProblem(json_pointer("schema", "properties", name, "items", "properties", sub), message)
            )
        elif mismatch := widget_mismatch(sub_widget, sub_prop):
            problems.append(
                _problem(mismatch, "fields", name, "item_fields", sub, "widget")
                if "widget" in sub_ui
                else DefinitionProblem(json_pointer("schema", "properties", name, "items", "properties", sub), mismatch)
            )
    for sub, sub_ui in settings.items():
        at = ("fields", name, "item_fields", sub)
        if sub not in sub_props:
            problems.append(_problem(f'unknown item question "{sub}"', *at))
        elif not isinstance(sub_ui, dict):
            problems.append(_problem("must be an object of settings", *at))
        else:
            problems += [
                _problem(f'unknown key "{k}"; use {", ".join(ITEM_FIELD_KEYS)}', *at, k)
                for k in sub_ui
                if k not in ITEM_FIELD_KEYS
            ]
            problems += [
                _problem("must be a string", *at, k)
                for k in ("label", "hint")
                if k in sub_ui and not isinstance(sub_ui[k], str)
            ]
            problems += [
                DefinitionProblem(
                    p.path.replace(json_pointer("ui_schema", "fields", sub), json_pointer("ui_schema", *at), 1),
                    p.message,
                )
                for p in _errors_problems(sub, sub_ui.get("errors"))
            ]
    return problems


def _date_rules_problems(schema: dict, name: str, rules: Any, widget: Any, shown: list[str]) -> list[DefinitionProblem]:
    """`date_rules` on a date question: flags, offsets from today, and earlier date answers to compare with."""
    at = ("fields", name, "date_rules")
    if widget != "date":
        return [_problem('only a "date" widget takes "date_rules"', *at)]
    if not isinstance(rules, dict) or not rules:
        return [_problem(f"must be an object with one or more of {', '.join(DATE_RULES)}", *at)]
    problems = [
        _problem(f'unknown rule "{k}"; use {", ".join(DATE_RULES)}', *at, k) for k in rules if k not in DATE_RULES
    ]
    for flag in FLAG_RULES:
        if flag in rules and rules[flag] is not True:
            problems.append(_problem("must be true (leave the rule out to turn it off)", *at, flag))
    if rules.get("not_in_future") is True and rules.get("not_in_past") is True:
        problems.append(_problem('"not_in_future" and "not_in_past" together allow only today', *at))
    for rule in OFFSET_RULES:
        if rule in rules:
            problems += _offset_problems(rules[rule], (*at, rule))
    for rule in ANSWER_RULES:
        if rule in rules:
            problems += _other_date_problems(schema, name, rules[rule], shown, (*at, rule))
    return problems


def _offset_problems(offset: Any, at: tuple) -> list[DefinitionProblem]:
    units = " or ".join(f'{{"{u}": n}}' for u in OFFSET_UNITS)
    if not isinstance(offset, dict) or len(offset) != 1 or next(iter(offset)) not in OFFSET_UNITS:
        return [_problem(f"must be {units} from today (n below 0 is in the past)", *at)]
    unit, count = next(iter(offset.items()))
    if isinstance(count, bool) or not isinstance(count, int) or abs(count) > MAX_OFFSET:
        return [_problem(f"must be a whole number from -{MAX_OFFSET} to {MAX_OFFSET}", *at, unit)]
    return []


def _other_date_problems(schema: dict, name: str, other: Any, shown: list[str], at: tuple) -> list[DefinitionProblem]:
    if not isinstance(other, str) or other not in schema["properties"]:
        return [_problem(f"unknown field {json.dumps(other)}", *at)]
    if other == name:
        return [_problem(f'"{name}" cannot be compared with itself', *at)]
    if widget_infer(property_deref(schema, schema["properties"][other])) != "date":
        return [_problem(f'"{other}" is not a date question ("format": "date")', *at)]
    if other not in shown:
        return [_problem(f'"{other}" is not on any page', *at)]
    if name in shown and shown.index(other) > shown.index(name):
        return [_problem(f'"{other}" must come before "{name}"', *at)]
    return []


def _errors_problems(name: str, errors: Any) -> list[DefinitionProblem]:
    if errors is None:
        return []
    if not isinstance(errors, dict):
        return [_problem("must map JSON Schema keywords to messages", "fields", name, "errors")]
    problems = []
    for keyword, message in errors.items():
        if keyword not in ERROR_KEYWORDS:
            problems.append(
                _problem(
                    f'"{keyword}" is not a JSON Schema keyword, like "required" or "enum"',
                    "fields",
                    name,
                    "errors",
                    keyword,
                )
            )
        elif not (isinstance(message, str) and message.strip()):
            problems.append(_problem("must be a non-empty message", "fields", name, "errors", keyword))
    return problems


def _show_if_problems(schema: dict, name: str, show_if: Any, shown: list[str]) -> list[DefinitionProblem]:
    """A condition must test one earlier question, with `equals` or `in` values that question can have."""
    at = ("fields", name, "show_if")
    if not isinstance(show_if, dict) or "field" not in show_if or len({"equals", "in"} & set(show_if)) != 1:
        return [_problem('must be {"field": ..., "equals": ...} or {"field": ..., "in": [...]}', *at)]
    problems = [
        _problem(f'unknown key "{k}"; use field with equals or in (and item for a repeatable group)', *at, k)
        for k in show_if
        if k not in ("field", "equals", "in", "item")
    ]
    target = show_if["field"]
    if not isinstance(target, str) or target not in schema["properties"]:
        return problems + [_problem(f"unknown field {json.dumps(target)}", *at, "field")]
    if target == name:
        return problems + [_problem(f'"{name}" cannot depend on itself', *at, "field")]
    if target not in shown:
        problems.append(_problem(f'"{target}" is not on any page', *at, "field"))
    elif name in shown and shown.index(target) > shown.index(name):
        problems.append(_problem(f'"{target}" must come before "{name}"', *at, "field"))
    if "in" in show_if and (not isinstance(show_if["in"], list) or not show_if["in"]):
        return problems + [_problem("must be a list of at least one value", *at, "in")]
    prop = property_deref(schema, schema["properties"][target])
    if "item" in show_if:  # any item of a repeatable group
        item_props = property_deref(schema, prop.get("items")).get("properties") or {}
        if widget_infer(prop) != "repeat" or show_if["item"] not in item_props:
            return problems + [
                _problem(f'{json.dumps(show_if["item"])} is not a question of the group "{target}"', *at, "item")
            ]
        prop = property_deref(schema, item_props[show_if["item"]])
    choices = schema_choices(prop.get("items") if widget_infer(prop) == "checkboxes" else prop)
    values = [show_if["equals"]] if "equals" in show_if else show_if["in"]
    key = "equals" if "equals" in show_if else "in"
    for index, value in enumerate(values):
        if choices and not any(type(c.value) is type(value) and c.value == value for c in choices):
            parts = (*at, key) if key == "equals" else (*at, key, index)
            problems.append(_problem(f'{json.dumps(value)} is not one of the choices of "{target}"', *parts))
    return problems


def _default_widget_problems(schema: dict, fields: Any, shown: list[str]) -> list[DefinitionProblem]:
    """A shown property with no widget named must suit the widget inferred for it."""
    named = fields if isinstance(fields, dict) else {}
    problems = []
    for name in shown:
        ui = named.get(name)
        if isinstance(ui, dict) and "widget" in ui:
            continue
        prop = property_deref(schema, schema["properties"][name])
        if widget_mismatch(widget_infer(prop), prop):
            kind = prop.get("type", "untyped")
            problems.append(
                DefinitionProblem(
                    json_pointer("schema", "properties", name),
                    f"no widget fits type {json.dumps(kind)} by default; "
                    f"set one at {json_pointer('ui_schema', 'fields', name, 'widget')}",
                )
            )
    return problems


def _customer_problems(schema: dict, mapping: Any) -> list[DefinitionProblem]:
    """`customer` maps contact details of the resident (name, email, ...) to the questions that ask for them."""
    if mapping is None:
        return []
    if not isinstance(mapping, dict):
        return [
            _problem("must be an object mapping name, email, phone, postcode, address or uprn to a field", "customer")
        ]
    problems = [
        _problem(f'unknown key "{k}"; use {", ".join(CUSTOMER_KEYS)}', "customer", k)
        for k in mapping
        if k not in CUSTOMER_KEYS
    ]
    problems += [
        _problem(f'unknown field "{field}"', "customer", key)
        for key, field in mapping.items()
        if key in CUSTOMER_KEYS and field not in schema["properties"]
    ]
    return problems


def _translations_problems(schema: dict, ui_schema: dict) -> list[DefinitionProblem]:
    """`translations.cy`: Welsh wording for the title, page titles and questions; anything left out stays English."""
    translations = ui_schema.get("translations")
    if translations is None:
        return []
    if not isinstance(translations, dict):
        return [_problem('must be an object like {"cy": {...}}', "translations")]
    problems = []
    page_ids = {p.get("id") for p in ui_schema.get("pages") or [] if isinstance(p, dict)}
    for language, words in translations.items():
        at = ("translations", language)
        if language not in TRANSLATION_LANGUAGES:
            problems.append(_problem(f'unknown language "{language}"; use {", ".join(TRANSLATION_LANGUAGES)}', *at))
            continue
        if not isinstance(words, dict):
            problems.append(_problem("must be an object with title, pages and fields", *at))
            continue
        problems += [
            _problem(f'unknown key "{k}"; use title, pages or fields', *at, k)
            for k in words
            if k not in ("title", "pages", "fields")
        ]
        if "title" in words and not (isinstance(words["title"], str) and words["title"].strip()):
            problems.append(_problem("must be a non-empty string", *at, "title"))
        pages = words.get("pages", {})
        if not isinstance(pages, dict):
            problems.append(_problem("must map page ids to titles", *at, "pages"))
        else:
            for page_id, title in pages.items():
                if page_id not in page_ids:
                    problems.append(_problem(f'unknown page "{page_id}"', *at, "pages", page_id))
                elif not (isinstance(title, str) and title.strip()):
                    problems.append(_problem("must be a non-empty string", *at, "pages", page_id))
        fields = words.get("fields", {})
        if not isinstance(fields, dict):
            problems.append(_problem("must map field names to wording", *at, "fields"))
            continue
        for name, ui in fields.items():
            if name not in schema["properties"]:
                problems.append(_problem(f'unknown field "{name}"', *at, "fields", name))
            elif not isinstance(ui, dict):
                problems.append(_problem("must be an object of label, hint, errors and choices", *at, "fields", name))
            else:
                problems += _translated_field_problems(name, ui, (*at, "fields", name))
                problems += _translated_group_problems(schema, ui_schema, name, ui, (*at, "fields", name))
    return problems


def _translated_field_problems(
    name: str, ui: dict, where: tuple, *, group_keys: tuple[str, ...] = TRANSLATION_GROUP_KEYS
) -> list[DefinitionProblem]:
    """One question's Welsh wording at `where` (a question's, or an item question's inside its group's)."""
    keys = TRANSLATION_FIELD_KEYS + group_keys
    problems = [_problem(f'unknown key "{k}"; use {", ".join(keys)}', *where, k) for k in ui if k not in keys]
    problems += [
        _problem("must be a string", *where, k) for k in ("label", "hint") if k in ui and not isinstance(ui[k], str)
    ]
    # The same checks as the English `errors`, reported at the translation's own path.
    problems += [
        DefinitionProblem(
            p.path.replace(json_pointer("ui_schema", "fields", name), json_pointer("ui_schema", *where), 1), p.message
        )
        for p in _errors_problems(name, ui.get("errors"))
    ]
    choices = ui.get("choices")
    if choices is not None and not (
        isinstance(choices, dict) and all(isinstance(v, str) and v.strip() for v in choices.values())
    ):
        problems.append(_problem('must map option values (as sent, e.g. "true") to labels', *where, "choices"))
    return problems


def _translated_group_problems(
    schema: dict, ui_schema: dict, name: str, ui: dict, where: tuple
) -> list[DefinitionProblem]:
    """A repeatable group's Welsh `item_label` and `items` (item question -> its wording, as for a question)."""
    if not any(key in ui for key in TRANSLATION_GROUP_KEYS):
        return []
    prop = property_deref(schema, schema["properties"][name])
    settings = (ui_schema.get("fields") or {}).get(name)
    widget = (settings.get("widget") if isinstance(settings, dict) else None) or widget_infer(prop)
    if widget != "repeat":
        return [
            _problem(f'only a repeatable group ("repeat") takes "{key}"', *where, key)
            for key in TRANSLATION_GROUP_KEYS
            if key in ui
        ]
    problems = []
    if "item_label" in ui and not (isinstance(ui["item_label"], str) and ui["item_label"].strip()):
        problems.append(_problem('must be a non-empty string, like "Bin"', *where, "item_label"))
    items = ui.get("items")
    if items is None:
        return problems
    if not isinstance(items, dict):
        return problems + [_problem("must map item questions to their wording", *where, "items")]
    sub_props = property_deref(schema, prop.get("items")).get("properties") or {}
    for sub, words in items.items():
        at = (*where, "items", sub)
        if sub not in sub_props:
            problems.append(_problem(f'unknown item question "{sub}"', *at))
        elif not isinstance(words, dict):
            problems.append(_problem("must be an object of label, hint, errors and choices", *at))
        else:
            problems += _translated_field_problems(sub, words, at, group_keys=())
    return problems
