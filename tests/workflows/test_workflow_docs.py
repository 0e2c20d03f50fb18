"""The reference doc's step examples stay valid as the language changes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from workflows.language import STEP_TYPES
from workflows.validate import workflow_definition_validate

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflow-language.md"


def _example_steps() -> list[dict]:
    steps = []
    for block in re.findall(r"```json\n(.*?)```", DOC.read_text(), flags=re.S):
        for text in (block, "[" + re.sub(r"\}\s*,?\s*\n\s*\{", "},{", block.strip()) + "]"):
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError:
                continue
            for item in parsed if isinstance(parsed, list) else [parsed]:
                if isinstance(item, dict) and item.get("type") in STEP_TYPES:
                    steps.append(item)
            break
    return steps


def test_every_step_type_has_a_valid_example_in_the_reference():
    steps = _example_steps()
    assert {s["type"] for s in steps} == set(STEP_TYPES)
    for example in steps:
        document = {"title": "Doc example", "start": example["id"], "steps": [example]}
        assert workflow_definition_validate(document) == [], example["id"]
