"""Form definitions in the database: checked on save, published immutably, compiled once per version."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from councilflow.versioning import DefinitionStatus, definition_new_draft, definition_publish

from .compiled import CompiledForm, compile_form, compiled_form_cached
from .map_point import map_area_of
from .meta import form_definition_check
from .models import FormDefinition


def form_definition_compiled(form: FormDefinition) -> CompiledForm:
    """Published versions never change, so their validator is compiled once per process."""
    if form.status == DefinitionStatus.DRAFT:
        return compile_form(form.schema, form.ui_schema)
    return compiled_form_cached(("form", form.pk), form.schema, form.ui_schema)


def form_errors(form: FormDefinition, answers: dict) -> dict[str, str]:
    """The answers' errors; working-day date rules use the council's bank holidays, map points its area box."""
    compiled = form_definition_compiled(form)
    if compiled.uses_working_days or compiled.uses_map_area:  # only then is the council read (one query)
        return compiled.errors_for(answers, region=form.council.holiday_region, area=map_area_of(form.council))
    return compiled.errors_for(answers)


def form_definition_publish(form: FormDefinition, *, user: AbstractBaseUser | None = None) -> FormDefinition:
    form_definition_check(form.schema, form.ui_schema)
    return definition_publish(form, user=user, service_field="form")


def form_definition_new_draft(form: FormDefinition, *, user: AbstractBaseUser | None = None) -> FormDefinition:
    return definition_new_draft(form, user=user)
