"""What every workflow step type provides: its schema, extra checks, lint, compiler, dry-run walk and diagram words.

One subclass per type, in its own module under workflows/step_types/, registered with `@step_types.register(key)`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from councilflow.errors import DefinitionProblem
from workflows.language_vocabulary import step_schema

if TYPE_CHECKING:
    from workflows.dry_run_walk import Stop, Walk


class StepType:
    """A step type. `properties`/`required` are its own schema keys; the common keys (id, type, title,
    description) are added by `schema()`. `summary` is its line in docs/workflow-language.md's table."""

    key: str = ""
    summary: ClassVar[str] = ""
    properties: ClassVar[dict] = {}
    required: ClassVar[tuple[str, ...]] = ()
    schema_extra: ClassVar[dict] = {}
    compiles: ClassVar[bool] = True  # False: replaced before compiling (include)

    def schema(self) -> dict:
        """The step's JSON Schema, closed to typos (additionalProperties false)."""
        return {**step_schema(self.key, self.properties, list(self.required)), **self.schema_extra}

    def validate(self, step: dict, where: tuple) -> list[DefinitionProblem]:
        """Structural problems the schema cannot express; runs only when the step matches its schema."""
        return []

    def lint(self, definition: dict, index: int, step: dict) -> list[DefinitionProblem]:
        """Meaning problems of this one step in a valid definition (cross-step checks live in workflows/lint.py)."""
        return []

    def compile(self, step: dict) -> dict[str, Any]:
        """The viewflow nodes for this step, by attribute name (the step id, plus helper nodes `<id>__...`)."""
        raise NotImplementedError(f"step type {self.key!r} does not compile")

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime] | Stop:
        """Walk this step without a database: the next step id and clock, or why the walk stops."""
        raise NotImplementedError(f"step type {self.key!r} has no dry run")

    def diagram_label(self, step: dict) -> str:
        """The step's name on the diagram: its title exactly as written, else its id in words."""
        return step.get("title") or step["id"].replace("_", " ").capitalize()

    def diagram_caption(self, step: dict) -> str:
        """Words under the step's shape on the diagram (none by default)."""
        return ""
