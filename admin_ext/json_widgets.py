"""JSON edited as indented text, with problems reported against their JSON path."""
from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError

from councilflow.errors import DefinitionInvalid


class PrettyJSONField(forms.JSONField):
    widget = forms.Textarea(attrs={"rows": 24, "cols": 100, "class": "cf-json", "spellcheck": "false"})

    def prepare_value(self, value):
        if isinstance(value, str):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False)


def definition_errors_to_form(form: forms.ModelForm, error: DefinitionInvalid, field_for_path) -> None:
    """Attach each problem to the form field its path points into, keeping the full path in the message."""
    for problem in error.problems:
        field = field_for_path(problem.path)
        form.add_error(field if field in form.fields else None, ValidationError(str(problem)))
