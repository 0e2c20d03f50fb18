"""Importing a service package into a council: bind, check, dry run, then apply in one transaction.

The dry run and the import are the same function up to the point of writing, so what the designer
saw in the dry run is exactly what the import does (or refuses).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.models import Service
from connectors.models import Connector
from councilflow.errors import DefinitionInvalid, DefinitionProblem, json_pointer
from councilflow.versioning import DefinitionStatus
from councils.models import Council, Team
from form_definitions.meta import form_definition_check
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_publish
from workflows.check import workflow_definition_check
from workflows.compile import STEP_COMPILERS
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_publish

from ..diff import json_diff, json_diff_lines
from ..exceptions import PackageRefused
from ..models import LibraryEntry, ServiceBinding, ServiceImport
from .packages import SERVICE_FIELDS, SERVICE_WELSH_FIELDS, workflow_teams_rewrite


@dataclass
class Bindings:
    """The importing council's choices: its team per package team, its connector per slot, SLA overrides."""

    teams: dict[str, str] = field(default_factory=dict)
    connectors: dict[str, str] = field(default_factory=dict)
    sla_overrides: dict[str, int] = field(default_factory=dict)


@dataclass
class DefinitionPlan:
    kind: str
    action: str  # "create", "new version" or "unchanged"
    current_version: int | None
    new_version: int
    changes: list[dict]

    @property
    def lines(self) -> list[str]:
        return json_diff_lines(self.changes)


@dataclass
class ImportPlan:
    council: Council
    package: dict
    bindings: Bindings
    service_action: str  # "create" or "update"
    service_changes: list[dict]
    form: DefinitionPlan
    workflow: DefinitionPlan
    workflow_definition: dict  # with this council's team slugs

    @property
    def summary(self) -> list[str]:
        """The dry run as sentences a designer can read."""
        service = self.package["content"]["service"]
        lines = [
            f"Service “{service['name']}” ({service['slug']}) would be {'created' if self.service_action == 'create' else 'updated'}."
        ]
        lines += [f"  service{line}" for line in json_diff_lines(self.service_changes)]
        for plan in (self.form, self.workflow):
            if plan.action == "unchanged":
                lines.append(f"The {plan.kind} is unchanged (stays v{plan.current_version}).")
            elif plan.action == "create":
                lines.append(f"The {plan.kind} would be created as v{plan.new_version}.")
            else:
                lines.append(
                    f"The {plan.kind} would be published as v{plan.new_version} (now v{plan.current_version}):"
                )
                lines += [f"  {line}" for line in plan.lines]
        return lines


def service_import_bindings_default(council: Council, package: dict) -> Bindings:
    """Last import's bindings (they survive upgrades), else a council team with the same slug."""
    content = package["content"]
    saved = ServiceBinding.objects.filter(council=council, service_slug=content["service"]["slug"]).first()
    local_teams = set(Team.objects.filter(council=council).values_list("slug", flat=True))
    teams = {slug: slug for slug in content["teams"] if slug in local_teams}
    connectors: dict[str, str] = {}
    sla: dict[str, int] = {}
    if saved is not None:
        teams.update({k: v for k, v in saved.teams.items() if k in content["teams"]})
        connectors = {k: v for k, v in saved.connectors.items() if k in {s["slot"] for s in content["connector_slots"]}}
        sla = dict(saved.sla_overrides)
    return Bindings(teams=teams, connectors=connectors, sla_overrides=sla)


def service_import_plan(*, council: Council, package: dict, bindings: Bindings) -> ImportPlan:
    """The dry run: every check the import makes, and what it would create or change. Writes nothing."""
    content = package["content"]
    problems = _binding_problems(council, content, bindings)
    if problems:
        raise PackageRefused(problems)
    definition = _workflow_sla_bind(workflow_teams_rewrite(content["workflow"]["definition"], bindings.teams), bindings)
    problems = _definition_problems(council, content, definition)
    if problems:
        raise PackageRefused(problems)
    form_data = {"schema": content["form"]["schema"], "ui_schema": content["form"]["ui_schema"]}
    workflow_data = {"definition": definition, "form_slug": content["workflow"]["form_slug"]}
    service = Service.objects.filter(council=council, slug=content["service"]["slug"]).first()
    wanted_service = _service_values(content, bindings, service=service)
    current_service = {f: getattr(service, f) for f in wanted_service} if service else {}
    return ImportPlan(
        council=council,
        package=package,
        bindings=bindings,
        service_action="update" if service else "create",
        service_changes=json_diff(current_service, wanted_service) if service else [],
        form=_definition_plan("form", FormDefinition, council, content["form"]["slug"], form_data),
        workflow=_definition_plan("workflow", WorkflowDefinition, council, content["workflow"]["slug"], workflow_data),
        workflow_definition=definition,
    )


def service_import_apply(
    *,
    council: Council,
    package: dict,
    bindings: Bindings,
    actor: AbstractBaseUser | None,
    library_entry: LibraryEntry | None = None,
) -> ServiceImport:
    """Import (or upgrade) the service: all of it or, on any refusal, nothing."""
    with transaction.atomic():
        plan = service_import_plan(council=council, package=package, bindings=bindings)
        content, manifest = package["content"], package["manifest"]
        provenance = _provenance(manifest, actor=actor, library_entry=library_entry)
        form = _definition_publish(
            plan.form,
            FormDefinition,
            council,
            content["form"],
            {"schema": content["form"]["schema"], "ui_schema": content["form"]["ui_schema"]},
            provenance=provenance,
            actor=actor,
            publish=form_definition_publish,
        )
        workflow = _definition_publish(
            plan.workflow,
            WorkflowDefinition,
            council,
            content["workflow"],
            {"definition": plan.workflow_definition, "form_slug": content["workflow"]["form_slug"]},
            provenance=provenance,
            actor=actor,
            publish=workflow_definition_publish,
        )
        service = Service.objects.select_for_update().filter(council=council, slug=content["service"]["slug"]).first()
        service = service or Service(council=council, slug=content["service"]["slug"])
        for name, value in {
            **_service_values(content, bindings, service=service),
            "form": form,
            "workflow": workflow,
            "provenance": provenance,
        }.items():
            setattr(service, name, value)
        _service_check(service)
        service.save()
        ServiceBinding.objects.update_or_create(
            council=council,
            service_slug=service.slug,
            defaults={
                "teams": bindings.teams,
                "connectors": bindings.connectors,
                "sla_overrides": bindings.sla_overrides,
            },
        )
        return ServiceImport.objects.create(
            council=council,
            service=service,
            library_entry=library_entry,
            source_council_name=provenance["council"],
            source_council_slug=provenance["council_slug"],
            source_version=provenance["version"],
            checksum=manifest["checksum"]["content"],
            form=form,
            workflow=workflow,
            imported_by=actor,
        )


def _service_check(service: Service) -> None:
    """The model's own checks (one council's form and workflow, field limits) on the imported service."""
    try:
        service.full_clean()
    except ValidationError as exc:
        raise PackageRefused(
            [
                DefinitionProblem(json_pointer("content", "service", name), message)
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from None


def _binding_problems(council: Council, content: dict, bindings: Bindings) -> list[DefinitionProblem]:
    problems = []
    local_teams = set(Team.objects.filter(council=council).values_list("slug", flat=True))
    for slug in content["teams"]:
        bound = bindings.teams.get(slug)
        if not bound:
            problems.append(
                DefinitionProblem(
                    json_pointer("bindings", "teams", slug),
                    f'missing binding: choose a team of {council.name} for "{slug}"',
                )
            )
        elif bound not in local_teams:
            problems.append(
                DefinitionProblem(json_pointer("bindings", "teams", slug), f'{council.name} has no team "{bound}"')
            )
    connectors = {c.slug: c for c in Connector.objects.filter(council=council)}
    for slot in content["connector_slots"]:
        bound = bindings.connectors.get(slot["slot"])
        path = json_pointer("bindings", "connectors", slot["slot"])
        if not bound:
            problems.append(
                DefinitionProblem(
                    path,
                    f'missing binding: choose a {slot["type"]} connector of {council.name} for slot "{slot["slot"]}"',
                )
            )
        elif bound not in connectors:
            problems.append(DefinitionProblem(path, f'{council.name} has no connector "{bound}"'))
        elif connectors[bound].kind != slot["type"]:
            problems.append(
                DefinitionProblem(
                    path, f'connector "{bound}" is {connectors[bound].kind}, the slot needs {slot["type"]}'
                )
            )
    for key, value in bindings.sla_overrides.items():
        if key != "sla_working_days" or not isinstance(value, int) or value < 0:
            problems.append(
                DefinitionProblem(
                    json_pointer("bindings", "sla_overrides", key),
                    "only sla_working_days (a whole number of days, 0 or more) can be overridden",
                )
            )
    return problems


def _definition_problems(council: Council, content: dict, definition: dict) -> list[DefinitionProblem]:
    problems = []
    if content["workflow"]["form_slug"] != content["form"]["slug"]:
        problems.append(
            DefinitionProblem("/content/workflow/form_slug", f'must be the package\'s form "{content["form"]["slug"]}"')
        )
    try:
        form_definition_check(content["form"]["schema"], content["form"]["ui_schema"])
    except DefinitionInvalid as exc:
        problems += [DefinitionProblem("/content/form" + p.path, p.message) for p in exc.problems]
        return problems  # the workflow check reads the form schema
    teams = set(Team.objects.filter(council=council).values_list("slug", flat=True))
    try:
        workflow_definition_check(definition, form_schema=content["form"]["schema"], teams=teams)
    except DefinitionInvalid as exc:
        problems += [DefinitionProblem("/content/workflow/definition" + p.path, p.message) for p in exc.problems]
    for index, step in enumerate(definition.get("steps", [])):
        # An include is expanded into its fragment's steps before the engine sees it.
        if step.get("type") not in STEP_COMPILERS and step.get("type") != "include":
            problems.append(
                DefinitionProblem(
                    json_pointer("content", "workflow", "definition", "steps", index, "type"),
                    f'step type "{step.get("type")}" is not supported by this engine yet',
                )
            )
    return problems


def _workflow_sla_bind(definition: dict, bindings: Bindings) -> dict:
    """The importing council's SLA wins over the workflow's own `sla`, so the service and its cases agree.

    (New cases are due by the workflow's `sla` when it has one: an override left only on the service would
    show 15 days while cases are due in 10.) An override of 0 means no target: the workflow's `sla` goes.
    """
    days = bindings.sla_overrides.get("sla_working_days")
    if days is None or "sla" not in definition:
        return definition
    bound = {key: value for key, value in definition.items() if key != "sla"}
    if days:
        bound["sla"] = {"working_days": days}
    return {key: bound[key] for key in definition if key in bound}


def _service_values(content: dict, bindings: Bindings, *, service: Service | None) -> dict:
    """The service's fields from the package; a retention the importing council already set is its own."""
    values = {f: content["service"][f] for f in SERVICE_FIELDS if f != "slug"}
    if service is None or service.retention_months is None:
        values["retention_months"] = content["service"].get("retention_months")
    values.update({f: content["service"].get(f, "") for f in SERVICE_WELSH_FIELDS})
    if "sla_working_days" in bindings.sla_overrides:
        values["sla_working_days"] = bindings.sla_overrides["sla_working_days"]
    return values


def _definition_plan(kind: str, model, council: Council, slug: str, data: dict) -> DefinitionPlan:
    rows = model.objects.filter(council=council, slug=slug)
    current = rows.filter(status=DefinitionStatus.PUBLISHED).first()
    latest = rows.order_by("-version").values_list("version", flat=True).first() or 0
    if current is None:
        return DefinitionPlan(kind, "create", None, latest + 1, [])
    changes = json_diff({f: getattr(current, f) for f in data}, data)
    if not changes:
        return DefinitionPlan(kind, "unchanged", current.version, current.version, [])
    return DefinitionPlan(kind, "new version", current.version, latest + 1, changes)


def _definition_publish(plan: DefinitionPlan, model, council, spec: dict, data: dict, *, provenance, actor, publish):
    if plan.action == "unchanged":
        row = model.objects.get(council=council, slug=spec["slug"], status=DefinitionStatus.PUBLISHED)
        row.provenance = provenance
        row.save(update_fields=["provenance"])
        return row
    row = model(
        council=council,
        slug=spec["slug"],
        name=spec["name"],
        version=plan.new_version,
        provenance=provenance,
        created_by=actor,
        **data,
    )
    row.notes = f"Imported from {provenance['council']}, v{provenance['version']}"
    row.save()
    return publish(row, user=actor)


def _provenance(manifest: dict, *, actor, library_entry: LibraryEntry | None) -> dict:
    versions = manifest["versions"]
    return {
        "council": manifest["source"]["council"]["name"],
        "council_slug": manifest["source"]["council"]["slug"],
        "version": versions.get("library") or versions["workflow"],
        "form_version": versions["form"],
        "workflow_version": versions["workflow"],
        "checksum": manifest["checksum"]["content"],
        "exported_at": manifest["exported_at"],
        "imported_at": timezone.now().replace(microsecond=0).isoformat(),
        "imported_by": actor.get_username() if actor is not None else "system",
        "library_entry": library_entry.pk if library_entry else None,
    }
