"""Two versions of a form or workflow compared in words: questions, pages and steps added, removed or changed.

Leaf-level differences come from sharing.diff.json_diff (the same diff the library upgrade notices use); this
module groups them by question, page or step and says what changed in a designer's words.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sharing.diff import json_diff

# What a changed key means to a designer; keys not listed are shown by name.
QUESTION_WORDS = {
    "title": "wording",
    "description": "description",
    "type": "answer type",
    "format": "answer format",
    "oneOf": "options",
    "enum": "options",
    "items": "options",
    "minLength": "shortest answer",
    "maxLength": "longest answer",
    "minimum": "smallest number",
    "maximum": "largest number",
    "pattern": "pattern the answer must match",
    "widget": "widget",
    "hint": "hint",
    "errors": "error messages",
    "show_if": "when it is shown",
    "options_from": "lookup list",
    "required": "required",
    "page": "page",
}
STEP_WORDS = {
    "title": "title",
    "type": "step type",
    "assign": "assignment",
    "due": "due date",
    "remind_before": "reminder",
    "escalate": "escalation",
    "outcomes": "outcomes",
    "next": "next step",
    "branches": "branches",
    "otherwise": "otherwise branch",
    "outcome": "end outcome",
    "template": "message",
    "translations": "Welsh wording",
    "to": "recipient",
    "wait": "wait",
    "set": "status",
}
TOP_WORDS = {
    "title": "title",
    "start": "first step",
    "sla": "SLA",
    "reopen_to": "step a reopened case goes back to",
    "connectors": "connector slots",
    "customer": "customer mapping",
    "translations": "Welsh wording",
    "required": "required questions",
    "order": "question order",
}


@dataclass
class CompareSection:
    heading: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def form_compare(a: Any, b: Any) -> list[CompareSection]:
    """Questions, pages and other settings of form version `a` against version `b`."""
    questions_a, questions_b = _questions(a.schema, a.ui_schema), _questions(b.schema, b.ui_schema)
    questions = _by_id_section("Questions", questions_a, questions_b, label=_question_label, words=QUESTION_WORDS)
    pages_a, pages_b = _pages(a.ui_schema), _pages(b.ui_schema)
    pages = _by_id_section(
        "Pages", pages_a, pages_b, label=_page_label, words={"title": "title", "fields": "questions"}
    )
    other = _top_section(
        {k: v for k, v in (a.ui_schema or {}).items() if k not in ("pages", "fields")} | _schema_top(a.schema),
        {k: v for k, v in (b.ui_schema or {}).items() if k not in ("pages", "fields")} | _schema_top(b.schema),
    )
    return [questions, pages, other]


def workflow_compare(a: Any, b: Any) -> list[CompareSection]:
    """Steps and workflow-wide settings of workflow version `a` against version `b`."""
    steps_a = {s["id"]: s for s in _steps(a.definition)}
    steps_b = {s["id"]: s for s in _steps(b.definition)}
    steps = _by_id_section("Steps", steps_a, steps_b, label=_step_label, words=STEP_WORDS)
    top_a = {k: v for k, v in (a.definition or {}).items() if k != "steps"}
    top_b = {k: v for k, v in (b.definition or {}).items() if k != "steps"}
    if a.form_slug != b.form_slug:
        top_a["form_slug"], top_b["form_slug"] = a.form_slug, b.form_slug
    return [steps, _top_section(top_a, top_b)]


def _questions(schema: Any, ui_schema: Any) -> dict[str, dict]:
    """Each question as one document: its schema, its UI settings, whether required and its page."""
    schema = schema if isinstance(schema, dict) else {}
    ui_schema = ui_schema if isinstance(ui_schema, dict) else {}
    properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    ui_fields = ui_schema.get("fields") if isinstance(ui_schema.get("fields"), dict) else {}
    required = schema.get("required") if isinstance(schema.get("required"), list) else []
    page_of = {name: page_id for page_id, page in _pages(ui_schema).items() for name in page.get("fields") or []}
    questions: dict[str, dict] = {}
    for name, prop in properties.items():
        ui = ui_fields.get(name)
        questions[name] = {
            **(prop if isinstance(prop, dict) else {}),
            **(ui if isinstance(ui, dict) else {}),
            "required": name in required,
            "page": page_of.get(name),
        }
    return questions


def _pages(ui_schema: Any) -> dict[str, dict]:
    pages = ui_schema.get("pages") if isinstance(ui_schema, dict) else None
    if not isinstance(pages, list):
        return {}
    return {p["id"]: p for p in pages if isinstance(p, dict) and isinstance(p.get("id"), str)}


def _schema_top(schema: Any) -> dict[str, Any]:
    if not isinstance(schema, dict):
        return {}
    return {f"schema {k}": v for k, v in schema.items() if k not in ("properties", "required", "$schema")}


def _steps(definition: Any) -> list[dict]:
    steps = definition.get("steps") if isinstance(definition, dict) else None
    if not isinstance(steps, list):
        return []
    return [s for s in steps if isinstance(s, dict) and isinstance(s.get("id"), str)]


def _question_label(name: str, question: dict) -> str:
    title = question.get("title")
    return f"“{title}” ({name})" if isinstance(title, str) and title else name


def _page_label(page_id: str, page: dict) -> str:
    title = page.get("title")
    return f"“{title}” ({page_id})" if isinstance(title, str) and title else page_id


def _step_label(step_id: str, step: dict) -> str:
    title = step.get("title")
    kind = str(step.get("type", "")).replace("_", " ")
    return f"{kind} “{title}” ({step_id})" if isinstance(title, str) and title else f"{kind} step ({step_id})"


def _by_id_section(
    heading: str, before: dict, after: dict, *, label: Callable[[str, dict], str], words: dict[str, str]
) -> CompareSection:
    section = CompareSection(heading)
    for item_id, item in after.items():
        if item_id not in before:
            section.added.append(f"Added {label(item_id, item)}")
    for item_id, item in before.items():
        if item_id not in after:
            section.removed.append(f"Removed {label(item_id, item)}")
    for item_id, item in after.items():
        if item_id in before:
            keys = _changed_keys(before[item_id], item)
            if keys:
                section.changed.append(
                    f"Changed {label(item_id, item)}: {_key_words(keys, before[item_id], item, words)}"
                )
    return section


def _top_section(before: dict, after: dict) -> CompareSection:
    section = CompareSection("Other settings")
    for key in _changed_keys(before, after):
        word = TOP_WORDS.get(key, key)
        if key not in before:
            section.added.append(f"Added {word}: {_short(after[key])}")
        elif key not in after:
            section.removed.append(f"Removed {word} (was {_short(before[key])})")
        elif _is_scalar(before[key]) and _is_scalar(after[key]):
            section.changed.append(f"Changed {word}: {_short(before[key])} → {_short(after[key])}")
        else:
            paths = [change["path"] for change in json_diff(before[key], after[key])]
            more = f" and {len(paths) - 5} more" if len(paths) > 5 else ""
            section.changed.append(f"Changed {word} at {', '.join(paths[:5])}{more}")
    return section


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _changed_keys(before: dict, after: dict) -> list[str]:
    """Top-level keys with any leaf change, in first-seen order."""
    keys: list[str] = []
    for change in json_diff(before, after):
        key = change["path"].split("/")[1].replace("~1", "/").replace("~0", "~")
        if key not in keys:
            keys.append(key)
    return keys


def _key_words(keys: list[str], before: dict, after: dict, words: dict[str, str]) -> str:
    parts = []
    for key in keys:
        word = words.get(key, key)
        old, new = before.get(key), after.get(key)
        if _is_scalar(old) and _is_scalar(new) and old is not None and new is not None:
            parts.append(f"{word} {_short(old)} → {_short(new)}")
        elif old is None:
            parts.append(f"{word} added")
        elif new is None:
            parts.append(f"{word} removed")
        elif _names(old) and _names(new):
            parts.append(f"{word} {_list_words(old, new)}")
        else:
            parts.append(f"{word} changed")
    return "; ".join(parts)


def _names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _list_words(old: list[str], new: list[str]) -> str:
    """A list of names (a page's questions): which were added, removed, or that the order changed."""
    added = [name for name in new if name not in old]
    removed = [name for name in old if name not in new]
    parts = []
    if added:
        parts.append("added " + ", ".join(added))
    if removed:
        parts.append("removed " + ", ".join(removed))
    return " and ".join(parts) if parts else "reordered"


def _short(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
