"""What the form's own page shows: pages and questions in order, the open question's panel, problems in place."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from form_definitions.meta_ui import CUSTOMER_KEYS
from form_definitions.models import FormDefinition
from sharing.models import LookupList

from .access import studio_context
from .form_initial import question_initial
from .form_kinds import BUILDER_WIDGETS, CHOICE_WIDGETS, FILE_WIDGETS, ITEM_WIDGETS, builder_widget
from .form_model import (
    FormStructure,
    Question,
    choice_posted,
    customer_roles,
    form_structure_from_json,
    item_questions,
)
from .form_panel_words import (
    ITEM_CONDITION,
    ITEM_NEW,
    RULES_FOR,
    SHOW_IF_OPS,
    error_keywords,
    error_label,
    item_prefix,
    rule_label,
)
from .form_post_conditions import condition_target
from .form_problems import PlacedProblem, item_row_anchor

CUSTOMER_LABELS = {
    "name": "Name",
    "email": "Email address",
    "phone": "Phone number",
    "postcode": "Postcode",
    "address": "Address",
    "uprn": "Property reference (UPRN)",
}


def condition_words(structure: FormStructure, question: Question) -> str:
    """`show_if` in words: "Shown when “Is it in water?” is Yes"."""
    show_if = question.ui.get("show_if")
    if not isinstance(show_if, dict) or "field" not in show_if:
        return ""
    item = show_if.get("item")
    target = condition_target(structure, f"{show_if['field']}{ITEM_CONDITION}{item}" if item else show_if["field"])
    target_label = target.label if target else show_if["field"]
    if item:
        group = structure.questions.get(show_if["field"])
        target_label = f"{group.label if group else show_if['field']}: any item’s {target_label}"
    labels = {choice_posted(c.value): c.label for c in (target.choices if target else [])}

    def said(value: Any) -> str:
        return labels.get(choice_posted(value), choice_posted(value))

    if "in" in show_if:
        values = show_if.get("in") or []
        return f"Shown when “{target_label}” is one of: {', '.join(said(v) for v in values)}"
    return f"Shown when “{target_label}” is {said(show_if.get('equals'))}"


def options_html(pairs: list[tuple[str, str]], selected: str) -> SafeString:
    """<option>s built once in Python: a 60-question form has hundreds of them, too slow as template loops."""
    return format_html_join(
        "", '<option value="{}"{}>{}</option>', ((v, " selected" if v == selected else "", label) for v, label in pairs)
    )


def _url(name: str, *args: Any) -> str:
    """Another area's page when its branch is merged; nothing otherwise."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


DATE_RULE_WORDS = (
    ("date_not_in_future", "flag", "Must be today or in the past"),
    ("date_not_in_past", "flag", "Must be today or in the future"),
    ("date_at_least", "offset", "At the earliest, this many from today"),
    ("date_at_most", "offset", "At the latest, this many from today"),
    ("date_after", "order", "Must be after the answer to"),
    ("date_before", "order", "Must be before the answer to"),
)


def _date_rows(values: dict[str, str], errors: dict[str, str], earlier_dates: list[dict]) -> list[dict[str, Any]]:
    """The date rules' inputs, each with its value and its problem (the check's, placed on the rule)."""
    rows = []
    for name, kind, label in DATE_RULE_WORDS:
        input_name = f"{name}_amount" if kind == "offset" else name
        row: dict[str, object] = {"name": input_name, "kind": kind, "label": label, "value": values.get(input_name, "")}
        row["error"] = errors.get(input_name, "")
        if kind == "offset":
            unit = values.get(f"{name}_unit") or "days"
            row["unit_name"] = f"{name}_unit"
            row["units"] = [(v, w, v == unit) for v, w in (("days", "days"), ("working_days", "working days"))]
        if kind == "order":
            row["choices"] = [(o["name"], o["label"], o["name"] == row["value"]) for o in earlier_dates]
        rows.append(row)
    return rows


def _choices_words(question: Question) -> str:
    return ", ".join(
        f"{choice_posted(c.value)} ({c.label})" if choice_posted(c.value) != c.label else c.label
        for c in question.choices
    )


def _panel(
    structure: FormStructure, question: Question, values: dict[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    widget = values.get("widget") or builder_widget(question)
    earlier, earlier_dates = [], []
    for other in structure.ordered:
        if other.name == question.name:
            break
        if builder_widget(other) == "date":
            earlier_dates.append({"name": other.name, "label": other.label})
        earlier.append({"name": other.name, "label": other.label, "choices": _choices_words(other)})
        if builder_widget(other) == "repeat":  # a condition may read any item's answer
            earlier += [
                {
                    "name": f"{other.name}{ITEM_CONDITION}{sub.name}",
                    "label": f"{other.label}: any item’s “{sub.label}”",
                    "choices": _choices_words(sub),
                }
                for sub in item_questions(other)
            ]
    return {
        "values": values,
        "errors": errors,
        "widget": widget,
        "is_choice": widget in CHOICE_WIDGETS,
        "is_file": widget in FILE_WIDGETS,
        "is_repeat": widget == "repeat",
        "items": _item_rows(question, values, errors) if widget == "repeat" else [],
        "new_item": {
            "label": values.get(f"{ITEM_NEW}label", ""),
            "widget_options": options_html(ITEM_WIDGET_PAIRS, values.get(f"{ITEM_NEW}widget") or "text"),
            "errors": {k.removeprefix(ITEM_NEW): v for k, v in errors.items() if k.startswith(ITEM_NEW)},
        },
        "is_date": widget == "date",
        "date_rows": _date_rows(values, errors, earlier_dates) if widget == "date" else [],
        "is_number": widget == "number",
        "rules": [
            {"name": r, "label": rule_label(widget, r), "value": values.get(r, ""), "error": errors.get(r, "")}
            for r in RULES_FOR.get(widget, ())
        ],
        "error_rows": [
            {
                "keyword": k,
                "label": error_label(widget, k),
                "value": values.get(f"error_{k}", ""),
                "cy_value": values.get(f"cy_error_{k}", ""),
                "error": errors.get(f"error_{k}", ""),
                "cy_error": errors.get(f"cy_error_{k}", ""),
            }
            for k in error_keywords(question, widget)
        ],
        "earlier": earlier,
        "show_if_ops": SHOW_IF_OPS,
        "has_choices": bool(question.choices) or widget == "yesno",
    }


ITEM_WIDGET_PAIRS = [(w, label) for w, label in BUILDER_WIDGETS.items() if w in ITEM_WIDGETS]


def _item_rows(group: Question, values: dict[str, str], errors: dict[str, str]) -> list[dict[str, Any]]:
    """Each item question's row in the group's panel: its inputs (prefixed `item-<name>-`), English and Welsh, and
    their problems, in the order posted (so a refused move shows the rows as the designer left them)."""
    stored = {q.name: q for q in item_questions(group)}
    names = [n for n in (values.get("item_names") or "").split(",") if n in stored]
    rows = []
    for position, name in enumerate(names):
        sub, prefix = stored[name], item_prefix(name)
        own = {k[len(prefix) :]: v for k, v in values.items() if k.startswith(prefix)}
        own_errors = {k[len(prefix) :]: v for k, v in errors.items() if k.startswith(prefix)}
        widget = own.get("widget") or builder_widget(sub)
        rows.append(
            {
                "name": name,
                "prefix": prefix,
                "anchor": item_row_anchor(group.name, name),
                "first": position == 0,
                "last": position == len(names) - 1,
                "values": own,
                "errors": own_errors,
                "widget_options": options_html(ITEM_WIDGET_PAIRS, widget),
                "is_choice": widget in CHOICE_WIDGETS,
                "is_number": widget == "number",
                "rules": [
                    {"name": r, "label": rule_label(widget, r), "value": own.get(r, ""), "error": own_errors.get(r, "")}
                    for r in RULES_FOR.get(widget, ())
                ],
                "error_rows": [
                    {
                        "keyword": k,
                        "label": error_label(widget, k),
                        "value": own.get(f"error_{k}", ""),
                        "cy_value": own.get(f"cy_error_{k}", ""),
                        "error": own_errors.get(f"error_{k}", ""),
                        "cy_error": own_errors.get(f"cy_error_{k}", ""),
                    }
                    for k in error_keywords(sub, widget)
                ],
            }
        )
    return rows


def _customer_rows(request: HttpRequest, structure: FormStructure, posted: bool) -> list[dict[str, Any]]:
    pairs = [("", "Not asked")] + [(q.name, q.label) for q in structure.ordered]
    labels = dict(pairs)
    rows = []
    for role in CUSTOMER_KEYS:
        value = request.POST.get(f"customer_{role}", "") if posted else str(structure.customer.get(role, ""))
        rows.append(
            {
                "role": role,
                "label": CUSTOMER_LABELS[role],
                "value": value,
                "options": options_html(pairs, value),
                "answer_label": labels.get(value, value),
            }
        )
    return rows


def _summary(problem: PlacedProblem, open_name: str, posted: str) -> dict:
    """A closed question's inputs are not on the page: its summary link goes to the question itself."""
    if problem.question and problem.question != open_name:
        return {"message": problem.message, "anchor": f"q-{problem.question}"}
    if posted.startswith("add:") and problem.anchor and problem.anchor.startswith("new-"):
        return {"message": problem.message, "anchor": f"{problem.anchor}-{posted.removeprefix('add:')}"}
    return problem.as_summary()


def _posted_values(request: HttpRequest) -> dict[str, str]:
    return {k: request.POST.get(k, "") for k in request.POST if k != "csrfmiddlewaretoken"}


def form_edit_context(
    request: HttpRequest,
    form: FormDefinition,
    *,
    problems: list[PlacedProblem] | None = None,
    open_question: str | None = None,
    posted: str = "",
) -> dict[str, Any]:
    structure = form_structure_from_json(form.schema, form.ui_schema)
    problems = problems or []
    open_name = open_question or request.GET.get("q") or ""
    by_question: dict[str, list[PlacedProblem]] = {}
    for problem in problems:
        if problem.question:
            by_question.setdefault(problem.question, []).append(problem)
    if not open_name and by_question:
        open_name = next(iter(by_question))  # a problem opens its question so its input can show it
    roles = customer_roles(structure)
    base = reverse("studio:form_edit", args=[form.pk])
    widget_pairs = list(BUILDER_WIDGETS.items())
    editable = form.is_editable
    welsh = bool(form.council.welsh_enabled)
    pages = []
    for index, page in enumerate(structure.pages):
        questions = []
        for name in page.names:
            question = structure.questions[name]
            placed = by_question.get(name, [])
            item: dict[str, Any] = {
                "q": question,
                "kind": BUILDER_WIDGETS.get(builder_widget(question), question.widget),
                "condition": condition_words(structure, question),
                "role": CUSTOMER_LABELS.get(roles.get(name, ""), ""),
                "problems": [p.detail for p in placed if not p.input],
                "open": editable and name == open_name,
                "move_url": f"{base}questions/{name}/move/",
                "remove_url": f"{base}questions/{name}/remove/",
                "place_url": f"{base}questions/{name}/place/",
            }
            if item["open"]:
                values = _posted_values(request) if posted == name else question_initial(question)
                errors = {p.input: p.detail for p in placed if p.input}
                item["panel"] = _panel(structure, question, values, errors)
                item["problems"] = [p.detail for p in placed if not p.input or p.input not in item["panel"]["values"]]
            questions.append(item)
        page_problems = [p.detail for p in problems if p.page == page.id]
        adding = posted == f"add:{page.id}"
        pages.append(
            {
                "page": page,
                "number": index + 1,
                "questions": questions,
                "problems": page_problems,
                "first": index == 0,
                "last": index == len(structure.pages) - 1,
                "title_value": request.POST.get("title", page.title) if posted == f"page:{page.id}" else page.title,
                "add": {
                    "label": request.POST.get("label", "") if adding else "",
                    "widget_options": options_html(
                        widget_pairs, request.POST.get("widget", "text") if adding else "text"
                    ),
                    "errors": {
                        p.input: p.detail for p in problems if adding and p.anchor and p.anchor.startswith("new-")
                    },
                },
            }
        )
    adding_page = posted == "new_page"
    return studio_context(
        request,
        title=f"{form.name} (form)",
        form=form,
        structure=structure,
        pages=pages,
        paged=structure.paged,
        editable=editable,
        welsh=welsh,
        welsh_title=request.POST.get("cy_form_title", "") if posted == "welsh_title" else structure.welsh_title,
        widgets=BUILDER_WIDGETS,
        problems=[_summary(p, open_name, posted) for p in problems],
        unplaced=[p.message for p in problems if not p.anchor],
        customer=_customer_rows(request, structure, posted == "customer"),
        csrf_input=format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)),
        questions=structure.ordered,
        off_page=[q for q in structure.questions.values() if structure.page_of(q.name) is None],
        cross_rules=structure.cross_rules,
        new_page={
            "title": request.POST.get("title", "") if adding_page else "",
            "label": request.POST.get("label", "") if adding_page else "",
            "widget_options": options_html(widget_pairs, request.POST.get("widget", "text") if adding_page else "text"),
            "errors": {p.input: p.detail for p in problems if adding_page and p.input},
        },
        lookup_lists=LookupList.objects.filter(council_id=form.council_id).order_by("name") if editable else [],
        preview_url=reverse("studio:form_preview", args=[form.pk]),
        json_url=_url("studio:definition_json", "form", form.pk),
        versions_url=_url("studio:definition_versions", "form", form.pk),
        publish_url=_url("studio:definition_publish", "form", form.pk) if editable else "",
        new_draft_url=_url("studio:definition_new_draft", "form", form.pk) if not editable else "",
    )
