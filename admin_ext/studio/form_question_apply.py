"""One question's panel values written into its stored property and UI settings, leaving everything else as it was.

A repeatable group's item questions are written by form_item_edits.py (each item question goes through here too).
"""

from __future__ import annotations

from typing import Any

from form_definitions.widgets import widget_infer

from .form_edit_find import edit_refuse, value_set_or_drop
from .form_edit_inputs import QuestionInput
from .form_kinds import BUILDER_WIDGETS, CHOICE_KEYS, CHOICE_WIDGETS, FILE_WIDGETS, builder_widget, kind_shape
from .form_model import Question


def options_write(target: dict, options: list[tuple[Any, str]], *, as_enum: bool) -> None:
    for key in CHOICE_KEYS:
        target.pop(key, None)
    if as_enum:
        target["enum"] = [value for value, _label in options]
    else:
        target["oneOf"] = [{"const": value, "title": label} for value, label in options]


def _label_write(question: Question, label: str) -> None:
    if label == question.label:
        return
    if "label" in question.ui:
        question.ui["label"] = label
    else:
        question.prop["title"] = label
    question.label = label


def _hint_write(question: Question, hint: str) -> None:
    if hint == question.hint:
        return
    if "description" in question.prop and "hint" not in question.ui:
        value_set_or_drop(question.prop, "description", hint)
    else:
        value_set_or_drop(question.ui, "hint", hint)


def welsh_write(words: dict, welsh: dict[str, Any]) -> None:
    """Label, hint, errors, choices (and a group's item name) into a question's Welsh wording; an empty one goes."""
    for key in ("label", "hint"):
        value_set_or_drop(words, key, (welsh.get(key) or "").strip())
    if "item_label" in welsh:  # a repeatable group's item name
        value_set_or_drop(words, "item_label", welsh["item_label"].strip())
    for key in ("errors", "choices"):
        if key not in welsh:
            continue
        merged = {**(words.get(key) or {})}
        for item, text in welsh[key].items():
            value_set_or_drop(merged, item, text.strip())
        value_set_or_drop(words, key, merged or None)


def question_apply(question: Question, data: QuestionInput) -> None:
    """Write the panel's values (all but a group's item questions) into the stored property and UI settings."""
    widget = data.widget
    if widget not in BUILDER_WIDGETS:
        raise edit_refuse(f"/ui_schema/fields/{question.name}/widget", f'"{widget}" is not a kind of question')
    old_widget = builder_widget(question)
    integer_changed = widget == "number" and (question.kind == "integer") != data.integer_only
    if widget != old_widget or integer_changed:
        question.prop = kind_shape(question.prop, widget, integer_only=data.integer_only)
    ui_widget = "radios" if widget == "yesno" else widget
    if "widget" in question.ui or ui_widget != widget_infer(question.prop):
        question.ui["widget"] = ui_widget
    _label_write(question, data.label)
    _hint_write(question, data.hint)
    question.required = data.required
    if widget in CHOICE_WIDGETS and data.options is not None:
        target = question.prop["items"] if widget == "checkboxes" else question.prop
        current = [(c.value, c.label) for c in question.choices] if widget == old_widget else None
        if current != data.options or ("enum" in target) != data.options_enum:
            options_write(target, data.options, as_enum=data.options_enum)
    for key, value in data.rules.items():
        value_set_or_drop(question.prop, key, value)
    errors = dict(question.ui.get("errors") or {})
    for keyword, message in data.errors.items():
        value_set_or_drop(errors, keyword, message.strip())
    value_set_or_drop(question.ui, "errors", errors or None)
    value_set_or_drop(question.ui, "show_if", data.show_if)
    if widget in FILE_WIDGETS:
        value_set_or_drop(question.ui, "accept", data.accept or None)
        value_set_or_drop(question.ui, "max_size_mb", data.max_size_mb)
    else:
        question.ui.pop("accept", None)
        question.ui.pop("max_size_mb", None)
    if data.welsh is not None:
        welsh_write(question.welsh, data.welsh)
    if widget == "repeat":
        if data.item_label is not None:
            value_set_or_drop(question.ui, "item_label", data.item_label.strip())
    else:  # no longer a group: its item settings and their Welsh go (the check refuses them elsewhere)
        for key in ("item_label", "item_fields", "item_order"):
            question.ui.pop(key, None)
        for key in ("item_label", "items"):
            question.welsh.pop(key, None)
    if widget == "date":
        if data.date_rules is not None:
            value_set_or_drop(question.ui, "date_rules", data.date_rules or None)
    else:
        question.ui.pop("date_rules", None)  # the rules only apply to dates; the check refuses them elsewhere
