"""The full example in docs/form-definitions.md is a valid definition that behaves as the docs say."""

from __future__ import annotations

import json
import re
from pathlib import Path

from form_definitions.coerce import answers_from_post
from form_definitions.compiled import compile_form
from form_definitions.fields import answer_display

DOC = Path(__file__).resolve().parents[2] / "docs" / "form-definitions.md"


def docs_example() -> dict:
    block = re.search(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    return json.loads(block.group(1))


def test_the_documented_missed_bin_form_behaves_as_described():
    example = docs_example()
    form = compile_form(example["schema"], example["ui_schema"])
    first = form.pages[0]
    assert form.page_errors({}, first) == {
        "bin_type": "Select which bin was missed",
        "collection_date": "Enter collection date",
    }
    post = {
        "bin_type": ["garden"],
        "collection_date-day": ["5"],
        "collection_date-month": ["3"],
        "collection_date-year": ["2026"],
        "garden_subscription": ["GW123456"],
        "email": ["a@example.com"],
    }
    answers = answers_from_post(form.fields, post)
    assert form.errors_for(answers) == {}
    assert answer_display(form.field("bin_type"), answers["bin_type"]) == "Garden waste (green lid)"
    assert answer_display(form.field("collection_date"), answers["collection_date"]) == "5 March 2026"
