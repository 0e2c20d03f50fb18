"""The one call a publish action makes: validate the structure, then lint the meaning."""
from __future__ import annotations

from councilflow.errors import DefinitionInvalid
from workflows.lint import workflow_definition_lint
from workflows.validate import workflow_definition_validate


def workflow_definition_check(
    definition: dict,
    *,
    form_schema: dict | None = None,
    teams: set[str] | None = None,
    connector_types: set[str] | None = None,
) -> None:
    """Raise `DefinitionInvalid` listing every problem; lint only runs on a valid structure,
    since its graph checks assume the schema's shapes."""
    problems = workflow_definition_validate(definition)
    if not problems:
        problems = workflow_definition_lint(
            definition, form_schema=form_schema, teams=teams, connector_types=connector_types
        )
    if problems:
        raise DefinitionInvalid(problems)
