"""The values the question panel starts with for a stored question, by input name.

`question_initial` and `question_input_from_post` (form_post.py) are inverses: posting a panel unchanged
changes no JSON (the round-trip test posts every library question back).
"""

from __future__ import annotations

from .form_kinds import builder_widget
from .form_model import Question, choice_posted, item_questions
from .form_panel_words import ITEM_CONDITION, ITEM_INPUTS_SKIPPED, RULES_FOR, error_keywords, item_prefix
from .form_post_dates import date_rules_initial
from .form_post_values import number_text, options_text, welsh_choices_text


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
        "max_size_mb": number_text(question.ui.get("max_size_mb")),
        "cy_label": (question.welsh or {}).get("label", ""),
        "cy_hint": (question.welsh or {}).get("hint", ""),
    }
    if widget in ("radios", "select", "checkboxes"):
        values["options"] = options_text(question)
    if question.choices:  # a yes/no question has Yes and No
        values["cy_choices"] = welsh_choices_text(question)
    for rule in RULES_FOR.get(widget, ()):
        values[rule] = number_text(question.prop.get(rule))
    for keyword in error_keywords(question):
        values[f"error_{keyword}"] = (question.ui.get("errors") or {}).get(keyword, "")
        values[f"cy_error_{keyword}"] = ((question.welsh or {}).get("errors") or {}).get(keyword, "")
    if widget == "date":
        values.update(date_rules_initial(question.ui.get("date_rules")))
    if widget == "repeat":
        values["item_label"] = str(question.ui.get("item_label") or "")
        values["cy_item_label"] = str((question.welsh or {}).get("item_label") or "")
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
