"""JSON edited as text in the admin: parsed within the input limits, problems reported against their JSON path."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.fields import InvalidJSONInput, JSONString

from councilflow.errors import DefinitionInvalid
from councilflow.json_limits import JSONRefused, json_parse


class LimitedJSONField(forms.JSONField):
    """Django's JSONField parses with bare `json.loads`, so `"[" * 100000` raised RecursionError (a 500);
    this one refuses text past `JSON_MAX_BYTES` / `JSON_MAX_DEPTH` with a form error naming the limit."""

    def to_python(self, value):
        if self.disabled or value in self.empty_values:
            return super().to_python(value)
        if isinstance(value, (list, dict, int, float, JSONString)):
            return value
        try:
            converted = json_parse(value, what="This JSON")
        except JSONRefused as exc:
            raise ValidationError(str(exc), code=f"json_{exc.limit}") from exc
        return JSONString(converted) if isinstance(converted, str) else converted

    def bound_data(self, data, initial):
        """The value a re-rendered form shows; refused text is shown as typed, never parsed again."""
        if self.disabled:
            return initial
        if data is None:
            return None
        try:
            return json_parse(data)
        except JSONRefused:
            return InvalidJSONInput(data)


class PrettyJSONField(LimitedJSONField):
    widget = forms.Textarea(attrs={"rows": 24, "cols": 100, "class": "cf-json", "spellcheck": "false"})

    def prepare_value(self, value):
        if isinstance(value, str):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False)


JSON_FORMFIELD_OVERRIDES = {models.JSONField: {"form_class": LimitedJSONField}}


class LimitedJSONAdminMixin:
    """For our ModelAdmins and inlines: a model JSONField is edited through `LimitedJSONField`."""

    formfield_overrides = JSON_FORMFIELD_OVERRIDES


def admin_json_limits_apply(site: admin.AdminSite) -> None:
    """The same for every ModelAdmin already registered, including other packages' (viewflow's Process.data)."""
    for model_admin in site._registry.values():
        model_admin.formfield_overrides = {**model_admin.formfield_overrides, **JSON_FORMFIELD_OVERRIDES}


def definition_errors_to_form(form: forms.ModelForm, error: DefinitionInvalid, field_for_path) -> None:
    """Attach each problem to the form field its path points into, keeping the full path in the message."""
    for problem in error.problems:
        field = field_for_path(problem.path)
        form.add_error(field if field in form.fields else None, ValidationError(str(problem)))
