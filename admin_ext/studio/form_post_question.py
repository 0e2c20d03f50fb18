"""One question's panel, as posted, read into a typed edit (a group's item questions: form_post_items.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from councilflow.errors import DefinitionInvalid, DefinitionProblem

from .form_edit_inputs import QuestionInput
from .form_kinds import BUILDER_WIDGETS, FILE_WIDGETS
from .form_model import FormStructure, Question
from .form_panel_words import INTEGER_RULES, RULES_FOR, panel_problem, rule_label
from .form_post_conditions import show_if_from_post
from .form_post_dates import date_rules_from_post
from .form_post_values import number_parse, options_parse, welsh_choices_parse


def _welsh_from_post(post: Mapping[str, str]) -> dict[str, Any]:
    words: dict[str, Any] = {
        "label": post.get("cy_label") or "",
        "hint": post.get("cy_hint") or "",
        "errors": {k.removeprefix("cy_error_"): v for k, v in post.items() if k.startswith("cy_error_")},
    }
    if "cy_choices" in post:
        words["choices"] = welsh_choices_parse(post.get("cy_choices") or "")
    if "cy_item_label" in post:
        words["item_label"] = post.get("cy_item_label") or ""
    return words


def question_fields_from_post(
    structure: FormStructure, question: Question | None, post: Mapping[str, str], *, welsh: bool
) -> QuestionInput:
    """Typed values from the panel; DefinitionInvalid (paths under /studio/<name>/<input>) for what is not."""
    name = question.name if question is not None else "new"
    widget = (post.get("widget") or "").strip()
    if widget not in BUILDER_WIDGETS:
        raise DefinitionInvalid([panel_problem(name, "widget", "Choose what kind of question it is")])
    label = (post.get("label") or "").strip()
    problems: list[DefinitionProblem] = []
    if not label:
        problems.append(panel_problem(name, "label", "Enter the question"))
    kind = question.kind if question is not None else None
    options = None
    options_enum = False
    if widget in ("radios", "select", "checkboxes") and "options" in post:
        items_kind = (
            (question.choices_schema.get("type") if question is not None else None) if widget == "checkboxes" else kind
        )
        options, options_enum = options_parse(
            post.get("options") or "", items_kind if isinstance(items_kind, str) else None
        )
        if not options:
            problems.append(panel_problem(name, "options", "Enter at least one option, one a line"))
    rules: dict[str, Any] = {}
    for rule in RULES_FOR.get(widget, ()):
        if rule not in post:
            continue
        if rule == "pattern":
            rules[rule] = post.get(rule) or None
            continue
        try:
            rules[rule] = number_parse(post.get(rule) or "", integer=rule in INTEGER_RULES)
        except ValueError as exc:
            problems.append(panel_problem(name, rule, f"{rule_label(widget, rule)} must be {exc}"))
    max_size = None
    if widget in FILE_WIDGETS:
        try:
            max_size = number_parse(post.get("max_size_mb") or "", integer=False)
        except ValueError:
            problems.append(panel_problem(name, "max_size_mb", "Largest file size must be a number of megabytes"))
    date_rules = None
    if widget == "date" and "date_rules_shown" in post:
        date_rules, date_problems = date_rules_from_post(name, post)
        problems += date_problems
    errors = {k.removeprefix("error_"): v for k, v in post.items() if k.startswith("error_")}
    show_if = None
    if question is not None:
        try:
            show_if = show_if_from_post(structure, name, post)
        except DefinitionInvalid as exc:
            problems += exc.problems
    if problems:
        raise DefinitionInvalid(problems)
    return QuestionInput(
        label=label,
        widget=widget,
        hint=(post.get("hint") or "").strip(),
        required=bool(post.get("required")),
        options=options,
        options_enum=options_enum,
        integer_only=bool(post.get("integer_only")),
        rules=rules,
        errors=errors,
        show_if=show_if,
        accept=[m.strip() for m in (post.get("accept") or "").split(",") if m.strip()],
        max_size_mb=max_size,
        date_rules=date_rules,
        welsh=_welsh_from_post(post) if welsh else None,
        item_label=post.get("item_label") if widget == "repeat" and "item_label" in post else None,
    )
