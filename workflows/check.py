"""The one call a publish action makes: validate the structure, then lint the meaning."""

from __future__ import annotations

from councilflow.errors import DefinitionInvalid
from workflows.fragments import fragments_expand, fragments_problems, problems_to_origin
from workflows.lint import workflow_definition_lint
from workflows.validate import workflow_definition_validate


def workflow_definition_check(
    definition: dict,
    *,
    form_schema: dict | None = None,
    teams: set[str] | None = None,
    connector_types: set[str] | None = None,
    council_connectors: set[str] | None = None,
) -> None:
    """Raise `DefinitionInvalid` listing every problem; lint only runs on a valid structure,
    since its graph checks assume the schema's shapes, and on the document with fragments expanded."""
    problems = workflow_definition_validate(definition)
    if not problems:
        problems = fragments_problems(definition)
    if not problems:
        expanded, origins = fragments_expand(definition)
        problems = workflow_definition_lint(
            expanded,
            form_schema=form_schema,
            teams=teams,
            connector_types=connector_types,
            council_connectors=council_connectors,
        )
        # A fragment included twice would report its own mistake once per copy: say it once.
        problems = list(dict.fromkeys(problems_to_origin(problems, origins)))
    if problems:
        raise DefinitionInvalid(problems)
