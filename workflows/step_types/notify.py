"""notify: email the resident, the assignee or a team from a template (with Welsh wording if given)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from viewflow.workflow import flow

from workflows import runtime
from workflows.compile_nodes import node_next, node_title
from workflows.dry_run_walk import Walk, walk_entry
from workflows.language_vocabulary import NEXT, translations_schema

from .base import StepType
from .registry import step_types

_PLACEHOLDER = re.compile(r"\s*\(?\(\([^()]*\)\)\)?")


@step_types.register("notify")
class NotifyStep(StepType):
    summary = "email the resident, the assignee or a team from a template (Welsh wording optional)"
    properties = {
        "to": {
            "type": "string",
            "pattern": r"^(resident|assignee|team:[a-z0-9][a-z0-9_-]{0,49})$",
            "x-errors": {"pattern": "must be resident, assignee or team:<team slug>"},
        },
        "template": {"$ref": "#/$defs/template"},
        # The resident's email in Welsh, for cases submitted on a Welsh-enabled council's Welsh pages.
        "translations": translations_schema({"$ref": "#/$defs/template"}),
        "next": NEXT,
    }
    required = ("to", "template", "next")

    def compile(self, step: dict) -> dict[str, Any]:
        node = flow.SendHandle(runtime.notification_queue_hook(step))
        node.task_title = node_title(step)
        return {step["id"]: node_next(node, step["next"])}

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
        walk_entry(walk, step, clock, note=f'notifies {step["to"]}: "{step["template"]["subject"]}"')
        return step["next"], clock

    def diagram_label(self, step: dict) -> str:
        """Without a title, a notify step is named by whom it tells and its subject (placeholders left out)."""
        if step.get("title"):
            return step["title"]
        if isinstance(step.get("template"), dict):
            subject = _PLACEHOLDER.sub("", step["template"].get("subject", "")).strip()
            return f"Tell {step.get('to', 'resident').removeprefix('team:')}: {subject}"
        return super().diagram_label(step)
