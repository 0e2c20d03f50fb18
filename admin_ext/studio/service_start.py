"""Starting a service from the studio: a draft form and workflow made from the skeletons, or existing ones,
and a Service that stays offline until both are published.

SLA: the engine uses the workflow's `sla` when it sets one, else the Service's `sla_working_days`
(casework.services.submission.case_sla_working_days). New workflows made here have no `sla`, so the
service's target is the one place; an existing workflow with its own SLA must agree (the form refuses otherwise).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from casework.models import Service
from councilflow.versioning import DefinitionStatus
from councils.models import Council, Team
from form_definitions.meta import form_definition_check
from form_definitions.models import FormDefinition
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_full_check

from .service_skeleton import form_skeleton, workflow_skeleton

SLUG_MAX = 70


class ServiceNotReady(Exception):
    """The service cannot go live yet; the message says what to do first."""


def workflow_sla_days(workflow: WorkflowDefinition | None) -> int | None:
    """The workflow's own SLA in working days, when it sets one (it then wins over the service's)."""
    if workflow is None or not isinstance(workflow.definition, dict):
        return None
    sla = workflow.definition.get("sla")
    days = sla.get("working_days") if isinstance(sla, dict) else None
    return int(days) if isinstance(days, int) and days else None


def service_slug_free(*, council: Council, name: str) -> str:
    """A slug from the name that no service, form or workflow of the council uses yet."""
    base = slugify(name)[:SLUG_MAX].strip("-") or "service"
    taken = (
        set(Service.objects.filter(council=council, slug__startswith=base).values_list("slug", flat=True))
        | set(FormDefinition.objects.filter(council=council, slug__startswith=base).values_list("slug", flat=True))
        | set(WorkflowDefinition.objects.filter(council=council, slug__startswith=base).values_list("slug", flat=True))
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def service_start_new(
    *,
    council: Council,
    name: str,
    category: str = "",
    summary: str = "",
    sla_working_days: int,
    team: Team,
    user: Any = None,
) -> Service:
    """A draft form and workflow (checked like any other save) and an offline service pointing at them."""
    slug = service_slug_free(council=council, name=name)
    schema, ui_schema = form_skeleton(title=name)
    form_definition_check(schema, ui_schema)
    form = FormDefinition(council=council, slug=slug, name=name, schema=schema, ui_schema=ui_schema, created_by=user)
    workflow = WorkflowDefinition(
        council=council,
        slug=slug,
        name=name,
        form_slug=slug,
        definition=workflow_skeleton(title=name, team=team.slug),
        created_by=user,
    )
    with transaction.atomic():
        form.save()
        workflow_definition_full_check(workflow)  # reads the form just saved, in this transaction
        workflow.save()
        return _service_create(
            council=council,
            slug=slug,
            name=name,
            category=category,
            summary=summary,
            sla_working_days=sla_working_days,
            form=form,
            workflow=workflow,
        )


def service_start_existing(
    *,
    council: Council,
    name: str,
    category: str = "",
    summary: str = "",
    sla_working_days: int,
    form: FormDefinition,
    workflow: WorkflowDefinition,
) -> Service:
    """A service over definitions the council already has; offline until both are published."""
    for row in (form, workflow):
        if row.council_id != council.pk:
            raise ValueError(f"{row} does not belong to {council}")  # the form already refused; never reached by a view
    with transaction.atomic():
        return _service_create(
            council=council,
            slug=service_slug_free(council=council, name=name),
            name=name,
            category=category,
            summary=summary,
            sla_working_days=sla_working_days,
            form=form,
            workflow=workflow,
        )


def _service_create(**values: Any) -> Service:
    service = Service(is_live=False, **values)
    service.full_clean()
    service.save()
    return service


def service_live_problem(service: Service) -> str | None:
    """Why the service cannot take cases yet, in words, or None."""
    for label, row in (("form", service.form), ("workflow", service.workflow)):
        if row is None:
            return f"The service has no {label}."
        if row.status != DefinitionStatus.PUBLISHED:
            return f"Publish the {label} “{row.name}” first (it is v{row.version}, {row.get_status_display().lower()})."
    return None


def service_live_set(*, service: Service, live: bool) -> Service:
    """Put a service online (only with a published form and workflow) or take it offline."""
    if live:
        problem = service_live_problem(service)
        if problem:
            raise ServiceNotReady(problem)
    service.is_live = live
    service.save(update_fields=["is_live"])
    return service
