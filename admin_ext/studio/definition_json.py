"""Expert mode: the stored JSON of a draft, edited as text and saved through the engine's own checks.

A syntax error names its line and column; every other problem names its JSON path. Nothing is saved while a
problem stands, and the text is handed back as typed.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from councilflow.errors import DefinitionInvalid
from councilflow.json_limits import JSONRefused, json_parse

from .definition_kinds import DefinitionKind

MAX_TEXT_BYTES = 512 * 1024  # a form's schema alone may be 256 KB (form_definitions.meta)


@dataclass(frozen=True)
class JsonProblem:
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None

    def as_summary(self) -> dict[str, str]:
        where = f"Line {self.line}, column {self.column}: " if self.line else (f"{self.path}: " if self.path else "")
        return {"message": where + self.message, "anchor": "definition-json"}


def definition_json_text(spec: DefinitionKind, row: Any) -> str:
    """The document expert mode shows: a form's schema and ui_schema together, a workflow's definition alone."""
    document = spec.document(row) if len(spec.json_fields) > 1 else getattr(row, spec.json_fields[0])
    return json.dumps(document, indent=2, ensure_ascii=False)


def definition_json_save(*, spec: DefinitionKind, row: Any, text: str) -> list[JsonProblem]:
    """Save `text` into the draft `row` when it parses and passes the checks; else the problems, nothing saved."""
    if not row.is_editable:
        return [JsonProblem(f"v{row.version} is {row.get_status_display().lower()} and read-only; start a new draft")]
    try:
        document = json_parse(text, max_bytes=MAX_TEXT_BYTES, what="The JSON", allow_nan=False)
    except JSONRefused as exc:
        cause = exc.__cause__
        if isinstance(cause, json.JSONDecodeError):
            return [JsonProblem(f"{cause.msg}", line=cause.lineno, column=cause.colno)]
        return [JsonProblem(exc.detail)]
    values, problems = _fields_from_document(spec, document)
    if problems:
        return problems
    candidate = copy.copy(row)
    for field, value in values.items():
        setattr(candidate, field, value)
    try:
        spec.check(candidate)
    except DefinitionInvalid as exc:
        return [JsonProblem(p.message, path=p.path or "/") for p in exc.problems]
    with transaction.atomic():
        for field, value in values.items():
            setattr(row, field, value)
        row.save(update_fields=list(values))
    return []


def _fields_from_document(spec: DefinitionKind, document: Any) -> tuple[dict[str, Any], list[JsonProblem]]:
    if len(spec.json_fields) == 1:
        return {spec.json_fields[0]: document}, []
    if not isinstance(document, dict):
        keys = " and ".join(f'"{f}"' for f in spec.json_fields)
        return {}, [JsonProblem(f"must be a JSON object with {keys}", path="/")]
    unknown = [key for key in document if key not in spec.json_fields]
    if unknown:
        keys = ", ".join(spec.json_fields)
        return {}, [JsonProblem(f'unknown key "{key}"; use {keys}', path=f"/{key}") for key in unknown]
    if spec.json_fields[0] not in document:
        return {}, [JsonProblem(f'missing "{spec.json_fields[0]}"', path="/")]
    return {field: document.get(field, {}) for field in spec.json_fields}, []
