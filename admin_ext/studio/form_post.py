"""The question panel's inputs: the values it shows for a stored question, and the typed edit it posts.

`question_initial` and `question_input_from_post` are inverses: posting a panel unchanged changes no JSON
(the round-trip test posts every library question back).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from councilflow.errors import DefinitionInvalid, DefinitionProblem

from .form_edits import (
    BUILDER_WIDGETS,
    FILE_WIDGETS,
    STRING_WIDGETS,
    ItemInput,
    QuestionInput,
    builder_widget,
    item_questions,
)
from .form_model import FormStructure, Question, choice_posted

RULES_FOR = {
    **{w: ("minLength", "maxLength", "pattern") for w in STRING_WIDGETS - {"date"}},
    "number": ("minimum", "maximum"),
    "checkboxes": ("minItems", "maxItems"),
    "files": ("minItems", "maxItems"),
    "repeat": ("minItems", "maxItems"),
}
INTEGER_RULES = frozenset({"minLength", "maxLength", "minItems", "maxItems"})
RULE_LABELS = {
    "minLength": "Fewest characters",
    "maxLength": "Most characters",
    "pattern": "Pattern the answer must match (regular expression)",
    "minimum": "Smallest number",
    "maximum": "Largest number",
    "minItems": "Fewest options ticked",
    "maxItems": "Most options ticked",
}
ERRORS_FOR = {
    **{w: ("minLength", "maxLength", "pattern") for w in STRING_WIDGETS - {"date", "email"}},
    "email": ("format", "minLength", "maxLength", "pattern"),
    "date": ("format",),
    "number": ("type", "minimum", "maximum"),
    "checkboxes": ("minItems", "maxItems"),
    "files": ("minItems", "maxItems"),
    "repeat": ("minItems", "maxItems"),
}
ERROR_LABELS = {
    "required": "When it is not answered",
    "format": "When it is not in the right format",
    "type": "When it is not a number",
    "minLength": "When it is too short",
    "maxLength": "When it is too long",
    "pattern": "When it does not match the pattern",
    "minimum": "When it is too small",
    "maximum": "When it is too large",
    "minItems": "When too few are ticked",
    "maxItems": "When too many are ticked",
}
# Words that differ by kind: a group counts items, several files count files.
LABELS_BY_WIDGET = {
    "files": {
        "minItems": ("Fewest files", "When too few files are uploaded"),
        "maxItems": ("Most files (1 to 20)", "When too many files are uploaded"),
    },
    "repeat": {
        "minItems": ("Fewest items", "When too few items are added"),
        "maxItems": ("Most items (at most 50)", "When too many items are added"),
    },
}
ITEM_PREFIX = "item-"
ITEM_NEW = "item_new-"
ITEM_CONDITION = ":"  # show_if_field "extra_bins:kind": when any item's answer to "kind" matches
# What an item question's row shows (no conditions, date rules, files or Welsh: the language has none for items).
ITEM_INPUTS_SKIPPED = ("cy_", "show_if", "date_", "accept", "max_size_mb")
SHOW_IF_OPS = {"equals": "is", "not": "is not", "in": "is one of"}
NUMBER_RE = re.compile(r"-?\d+(\.\d+)?")


def rule_label(widget: str, rule: str) -> str:
    return LABELS_BY_WIDGET.get(widget, {}).get(rule, (RULE_LABELS[rule], ""))[0]


def error_label(widget: str, keyword: str) -> str:
    words = LABELS_BY_WIDGET.get(widget, {}).get(keyword)
    return words[1] if words else ERROR_LABELS.get(keyword, f"When “{keyword}” fails")


def item_prefix(name: str) -> str:
    """An item question's inputs in its group's panel: `item-<question>-label`, `item-<question>-options`..."""
    return f"{ITEM_PREFIX}{name}-"


def error_keywords(question: Question, widget: str | None = None) -> list[str]:
    """The custom error messages the panel offers: required, the rules of its kind, and any already written."""
    widget = widget or builder_widget(question)
    offered = ["required", *ERRORS_FOR.get(widget, ())]
    written = [k for k in (question.ui.get("errors") or {}) if k not in offered]
    welsh = [k for k in ((question.welsh or {}).get("errors") or {}) if k not in offered and k not in written]
    return offered + written + welsh


def _number_text(value: Any) -> str:
    return "" if value is None else str(value)


def options_text(question: Question) -> str:
    """One option a line: "value | label", or just the value when the options are an `enum`."""
    target = question.choices_schema
    if "enum" in target:
        return "\n".join(choice_posted(c.value) for c in question.choices)
    return "\n".join(f"{choice_posted(c.value)} | {c.label}" for c in question.choices)


def _welsh_choices_text(question: Question) -> str:
    words = (question.welsh or {}).get("choices") or {}
    return "\n".join(f"{choice_posted(c.value)} | {words.get(choice_posted(c.value), '')}" for c in question.choices)


def question_initial(question: Question) -> dict[str, str]:
    """The panel's inputs as they start, by input name."""
    widget = builder_widget(question)
    values = {
        "label": question.label,
        "hint": question.hint,
        "widget": widget,
        "required": "on" if question.required else "",
        "integer_only": "on" if question.kind == "integer" else "",
        "accept": ", ".join(question.ui.get("accept") or []),
        "max_size_mb": _number_text(question.ui.get("max_size_mb")),
        "cy_label": (question.welsh or {}).get("label", ""),
        "cy_hint": (question.welsh or {}).get("hint", ""),
    }
    if widget in ("radios", "select", "checkboxes"):
        values["options"] = options_text(question)
    if question.choices:  # a yes/no question has Yes and No
        values["cy_choices"] = _welsh_choices_text(question)
    for rule in RULES_FOR.get(widget, ()):
        values[rule] = _number_text(question.prop.get(rule))
    for keyword in error_keywords(question):
        values[f"error_{keyword}"] = (question.ui.get("errors") or {}).get(keyword, "")
        values[f"cy_error_{keyword}"] = ((question.welsh or {}).get("errors") or {}).get(keyword, "")
    if widget == "date":
        values.update(date_rules_initial(question.ui.get("date_rules")))
    if widget == "repeat":
        values["item_label"] = str(question.ui.get("item_label") or "")
        subs = item_questions(question)
        values["item_names"] = ",".join(sub.name for sub in subs)
        for sub in subs:
            values.update(
                {
                    item_prefix(sub.name) + k: v
                    for k, v in question_initial(sub).items()
                    if not k.startswith(ITEM_INPUTS_SKIPPED)
                }
            )
    show_if = question.ui.get("show_if") or {}
    values["show_if_field"] = str(show_if.get("field") or "") + (
        f"{ITEM_CONDITION}{show_if['item']}" if show_if.get("item") else ""
    )
    values["show_if_op"] = "in" if "in" in show_if else "equals"
    wanted = show_if.get("in") if "in" in show_if else [show_if["equals"]] if "equals" in show_if else []
    values["show_if_value"] = ", ".join(choice_posted(v) for v in wanted or [])
    return values


def _problem(name: str, key: str, message: str) -> DefinitionProblem:
    return DefinitionProblem(f"/studio/{name}/{key}", message)


def _number(text: str, *, integer: bool) -> int | float | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    if not NUMBER_RE.fullmatch(text) or (integer and "." in text):
        raise ValueError("a whole number" if integer else "a number")
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def _option_value(text: str, kind: str | None) -> Any:
    if kind in ("integer", "number") and NUMBER_RE.fullmatch(text):
        return _number(text, integer=kind == "integer")
    return text


def _options(text: str, kind: str | None) -> tuple[list[tuple[Any, str]], bool]:
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


def _show_if(structure: FormStructure, name: str, post: Mapping[str, str]) -> dict | None:
    """The condition in the language's own syntax: `equals` one value, or `in` a list ("is not" = the other options)."""
    target_name = (post.get("show_if_field") or "").strip()
    if not target_name:
        return None
    op = post.get("show_if_op") or "equals"
    typed = [v.strip() for v in (post.get("show_if_value") or "").split(",") if v.strip()]
    if not typed:
        raise DefinitionInvalid([_problem(name, "show_if_value", "Enter the answer that shows this question")])
    field_name, _, item = target_name.partition(ITEM_CONDITION)
    target = condition_target(structure, target_name)
    choices = target.choices if target is not None else []

    def value_of(text: str) -> Any:
        for choice in choices:
            if text == choice_posted(choice.value) or text.lower() == choice.label.lower():
                return choice.value
        if target is not None and target.kind in ("integer", "number") and NUMBER_RE.fullmatch(text):
            return _number(text, integer=False)
        return text

    values = [value_of(t) for t in typed]
    if op == "not":
        if not choices:
            raise DefinitionInvalid(
                [_problem(name, "show_if_op", '"is not" needs a question with options; use "is" or "is one of"')]
            )
        others = [
            c.value
            for c in choices
            if not any(c.value is v or (c.value == v and type(c.value) is type(v)) for v in values)
        ]
        return {"field": field_name, **({"item": item} if item else {}), "in": others}
    if op == "in":
        return {"field": field_name, **({"item": item} if item else {}), "in": values}
    return {"field": field_name, **({"item": item} if item else {}), "equals": values[0]}


def condition_target(structure: FormStructure, target_name: str) -> Question | None:
    """The question a condition reads: a question, or `<group>:<item question>` (any item's answer)."""
    field_name, _, item = target_name.partition(ITEM_CONDITION)
    target = structure.questions.get(field_name)
    if target is None or not item:
        return target
    return next((sub for sub in item_questions(target) if sub.name == item), None)


DATE_FLAGS = ("not_in_future", "not_in_past")
DATE_OFFSETS = ("at_least", "at_most")
DATE_UNITS = ("days", "working_days")


def date_rules_initial(rules: object) -> dict[str, str]:
    """A date question's rules as the panel's inputs: ticks, offsets from today, and earlier questions."""
    rules = rules if isinstance(rules, dict) else {}
    values = {"date_rules_shown": "1"}
    for flag in DATE_FLAGS:
        values[f"date_{flag}"] = "on" if rules.get(flag) is True else ""
    for key in DATE_OFFSETS:
        offset = rules.get(key)
        unit, amount = next(iter(offset.items())) if isinstance(offset, dict) and len(offset) == 1 else ("days", "")
        values[f"date_{key}_amount"], values[f"date_{key}_unit"] = str(amount), unit
    for key in ("after", "before"):
        values[f"date_{key}"] = str(rules.get(key) or "")
    return values


def _date_rules(name: str, post: Mapping[str, str]) -> tuple[dict[str, Any], list[DefinitionProblem]]:
    rules: dict[str, Any] = {flag: True for flag in DATE_FLAGS if post.get(f"date_{flag}")}
    problems = []
    for key in DATE_OFFSETS:
        amount = (post.get(f"date_{key}_amount") or "").strip()
        unit = post.get(f"date_{key}_unit") or "days"
        if not amount:
            continue
        if not amount.lstrip("-").isdigit() or unit not in DATE_UNITS:
            problems.append(_problem(name, f"date_{key}_amount", "Enter a whole number of days (below 0: in the past)"))
            continue
        rules[key] = {unit: int(amount)}
    for key in ("after", "before"):
        if post.get(f"date_{key}"):
            rules[key] = post[f"date_{key}"]
    return rules, problems


def question_input_from_post(
    structure: FormStructure, question: Question | None, post: Mapping[str, str], *, welsh: bool
) -> QuestionInput:
    """Typed values from the panel; DefinitionInvalid (paths under /studio/<name>/<input>) for what is not."""
    name = question.name if question is not None else "new"
    widget = (post.get("widget") or "").strip()
    if widget not in BUILDER_WIDGETS:
        raise DefinitionInvalid([_problem(name, "widget", "Choose what kind of question it is")])
    label = (post.get("label") or "").strip()
    problems: list[DefinitionProblem] = []
    if not label:
        problems.append(_problem(name, "label", "Enter the question"))
    kind = question.kind if question is not None else None
    options = None
    options_enum = False
    if widget in ("radios", "select", "checkboxes") and "options" in post:
        items_kind = (
            (question.choices_schema.get("type") if question is not None else None) if widget == "checkboxes" else kind
        )
        options, options_enum = _options(post.get("options") or "", items_kind if isinstance(items_kind, str) else None)
        if not options:
            problems.append(_problem(name, "options", "Enter at least one option, one a line"))
    rules: dict[str, Any] = {}
    for rule in RULES_FOR.get(widget, ()):
        if rule not in post:
            continue
        if rule == "pattern":
            rules[rule] = post.get(rule) or None
            continue
        try:
            rules[rule] = _number(post.get(rule) or "", integer=rule in INTEGER_RULES)
        except ValueError as exc:
            problems.append(_problem(name, rule, f"{rule_label(widget, rule)} must be {exc}"))
    max_size = None
    if widget in FILE_WIDGETS:
        try:
            max_size = _number(post.get("max_size_mb") or "", integer=False)
        except ValueError:
            problems.append(_problem(name, "max_size_mb", "Largest file size must be a number of megabytes"))
    date_rules = None
    if widget == "date" and "date_rules_shown" in post:
        date_rules, date_problems = _date_rules(name, post)
        problems += date_problems
    errors = {k.removeprefix("error_"): v for k, v in post.items() if k.startswith("error_")}
    show_if = None
    if question is not None:
        try:
            show_if = _show_if(structure, name, post)
        except DefinitionInvalid as exc:
            problems += exc.problems
    items = None
    if widget == "repeat" and question is not None and "item_names" in post:
        try:
            items = _items_from_post(structure, name, post)
        except DefinitionInvalid as exc:
            problems += exc.problems
    if problems:
        raise DefinitionInvalid(problems)
    words = None
    if welsh:
        words = {
            "label": post.get("cy_label") or "",
            "hint": post.get("cy_hint") or "",
            "errors": {k.removeprefix("cy_error_"): v for k, v in post.items() if k.startswith("cy_error_")},
        }
        if "cy_choices" in post:
            words["choices"] = {
                value.strip(): text.strip()
                for line in (post.get("cy_choices") or "").splitlines()
                if "|" in line
                for value, text in [line.split("|", 1)]
            }
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
        welsh=words,
        item_label=post.get("item_label") if widget == "repeat" and "item_label" in post else None,
        items=items,
    )


def _items_from_post(structure: FormStructure, group: str, post: Mapping[str, str]) -> list[ItemInput]:
    """Each item question's row (its inputs prefixed `item-<name>-`), then the new one when it has words."""
    stored = {q.name: q for q in item_questions(structure.questions[group])} if group in structure.questions else {}
    entries: list[ItemInput] = []
    problems: list[DefinitionProblem] = []
    names = [n for n in (post.get("item_names") or "").split(",") if n]
    for sub_name in names:
        prefix = item_prefix(sub_name)
        sub_post = {k[len(prefix) :]: v for k, v in post.items() if k.startswith(prefix)}
        if sub_post.get("remove"):
            entries.append(ItemInput(name=sub_name, data=QuestionInput(label="", widget="text"), remove=True))
            continue
        try:
            data = question_input_from_post(structure, stored.get(sub_name), sub_post, welsh=False)
        except DefinitionInvalid as exc:
            problems += _moved(
                exc.problems, f"/studio/{stored[sub_name].name if sub_name in stored else 'new'}/", group, prefix
            )
            continue
        entries.append(ItemInput(name=sub_name, data=data))
    new_post = {k[len(ITEM_NEW) :]: v for k, v in post.items() if k.startswith(ITEM_NEW)}
    if (new_post.get("label") or "").strip():
        try:
            entries.append(ItemInput(name="", data=question_input_from_post(structure, None, new_post, welsh=False)))
        except DefinitionInvalid as exc:
            problems += _moved(exc.problems, "/studio/new/", group, ITEM_NEW)
    if problems:
        raise DefinitionInvalid(problems)
    return entries


def _moved(problems: list[DefinitionProblem], old: str, group: str, prefix: str) -> list[DefinitionProblem]:
    """An item question's problems at its inputs in the group's panel: /studio/<group>/item-<name>-<input>."""
    return [DefinitionProblem(p.path.replace(old, f"/studio/{group}/{prefix}", 1), p.message) for p in problems]
