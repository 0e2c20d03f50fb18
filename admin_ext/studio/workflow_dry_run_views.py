"""The inline dry run: sample answers and outcomes in, the path with its due dates out (workflows/dry_run.py)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from councilflow.errors import DefinitionInvalid
from form_definitions.schema_kinds import schema_choices
from workflows.check import workflow_definition_check
from workflows.diagram import step_label
from workflows.dry_run import workflow_dry_run as dry_run_walk
from workflows.field_types import form_fields
from workflows.services import workflow_form_schema

from .access import studio_context, studio_view, studio_workflow_get
from .workflow_model import ValueRefused, _literal_parse
from .workflow_page import workflow_field_types


@studio_view
def workflow_dry_run(request: HttpRequest, pk: int) -> HttpResponse:
    workflow = studio_workflow_get(request, pk)
    types = workflow_field_types(workflow)
    data = request.POST if request.method == "POST" else request.GET
    questions: list[dict[str, Any]] = [
        {
            "name": name,
            "title": sub.get("title") or name,
            "kind": types.get(name, "any"),
            "value": data.get(f"answer-{name}", ""),
            "options": _options(sub, types.get(name, "any")),
        }
        for name, sub in form_fields(workflow_form_schema(workflow)).items()
    ]
    waiting = [
        s
        for s in workflow.definition.get("steps", [])
        if s.get("type") in ("task", "wait_for_customer", "wait_for_reply")
    ]
    choices = [
        {
            "step": s["id"],
            "label": step_label(s),
            "options": [(o["id"], o["label"]) for o in s.get("outcomes", [])]
            if s["type"] == "task"
            else [("replied", "a reply comes"), *([("timeout", "it times out")] if "timeout" in s else [])],
            "value": data.get(f"outcome-{s['id']}", ""),
        }
        for s in waiting
    ]
    start_text = data.get("start", "") or timezone.localdate().isoformat()
    problems, path = [], None
    if request.method == "POST":
        answers = {}
        for question in questions:
            if question["value"].strip():
                try:
                    answers[question["name"]] = _answer(question["value"], question["kind"])
                except ValueRefused as refused:
                    problems.append(
                        {"message": f"{question['title']}: {refused}", "anchor": f"answer-{question['name']}"}
                    )
        try:
            start = timezone.make_aware(datetime.combine(date.fromisoformat(start_text), time(9, 0)))
        except ValueError:
            problems.append({"message": "Start date: give a date like 2026-11-23", "anchor": "dry-start"})
        try:
            workflow_definition_check(workflow.definition)
        except DefinitionInvalid as invalid:
            problems += [{"message": f"Fix the workflow first: {p}", "anchor": ""} for p in invalid.problems]
        if not problems:
            outcomes = {c["step"]: c["value"] for c in choices if c["value"]}
            path = [
                {**row, "due": datetime.fromisoformat(row["due"]) if row["due"] else None}
                for row in dry_run_walk(
                    workflow.definition,
                    answers=answers,
                    outcomes=outcomes,
                    start=start,
                    region=workflow.council.holiday_region,
                )
            ]
            labels = {s["id"]: step_label(s) for s in workflow.definition["steps"]}
            for row in path:
                row["label"] = labels.get(row["step"], row["title"] or row["step"])
    return TemplateResponse(
        request,
        "studio/workflow/dry_run.html",
        studio_context(
            request,
            title=f"Dry run: {workflow.name}",
            workflow=workflow,
            questions=questions,
            choices=choices,
            start=start_text,
            problems=problems,
            path=path,
        ),
    )


def _options(sub: dict, kind: str) -> list[tuple[str, str]]:
    """A choice question's options by the designer's own labels, so a sample answer is picked, not typed as
    its stored value (yes/no questions have their own select)."""
    if kind in ("boolean", "array"):
        return []
    return [(str(choice.value), choice.label) for choice in schema_choices(sub)]


def _answer(text: str, kind: str) -> object:
    if kind == "array":
        return [part.strip() for part in text.split(",") if part.strip()]
    return _literal_parse(text, kind, "")
