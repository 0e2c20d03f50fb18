"""Service packages: one canonical JSON document carrying a published service to another council.

A package is `{"manifest": ..., "content": ...}`. The content is everything a council needs to run the
service (form, workflow with its task forms and notification templates, SLA settings, the team slugs it
assigns to and its connector *slots* — names and types, never URLs or secrets). The manifest says where
it came from and carries the SHA-256 of the canonical content, so tampering is detected on import.
Canonical = sorted keys, `(",", ":")` separators, UTF-8: the same service always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import jsonschema
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from casework.models import Service
from councilflow.errors import DefinitionProblem, json_pointer
from councilflow.json_limits import JSONRefused, json_max_depth, json_parse
from councilflow.versioning import DefinitionStatus
from workflows.team_references import definition_team_slugs, definition_teams_rewrite

from ..exceptions import PackageRefused

PACKAGE_FORMAT = "councilflow.service-package"
FORMAT_VERSION = 1
SUPPORTED_FORMAT_VERSIONS = (1,)
PACKAGE_WRAPPER_DEPTH = 3  # package -> content -> form -> schema
SERVICE_FIELDS = ("slug", "name", "summary", "category", "before_you_start", "lgsl_code", "sla_working_days")
# Optional, so packages exported before Councilflow had Welsh service text still import.
SERVICE_WELSH_FIELDS = Service.WELSH_FIELDS

_SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}
PACKAGE_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["manifest", "content"],
    "additionalProperties": False,
    "properties": {
        "manifest": {
            "type": "object",
            "required": [
                "format",
                "format_version",
                "source",
                "service",
                "versions",
                "author",
                "exported_at",
                "checksum",
            ],
            "properties": {
                "format": {"const": PACKAGE_FORMAT},
                "format_version": {"type": "integer"},
                "source": {
                    "type": "object",
                    "required": ["council", "partnerships"],
                    "properties": {
                        "council": {"type": "object", "required": ["slug", "name", "code"]},
                        "partnerships": {"type": "array", "items": {"type": "object", "required": ["slug", "name"]}},
                    },
                },
                "service": _SLUG,
                "versions": {
                    "type": "object",
                    "required": ["form", "workflow"],
                    "properties": {
                        "form": {"type": "integer"},
                        "workflow": {"type": "integer"},
                        "library": {"type": ["integer", "null"]},
                    },
                },
                "author": {"type": "string"},
                "exported_at": {"type": "string"},
                "checksum": {
                    "type": "object",
                    "required": ["algorithm", "content"],
                    "properties": {
                        "algorithm": {"const": "sha256"},
                        "content": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    },
                },
            },
        },
        "content": {
            "type": "object",
            "required": ["service", "form", "workflow", "teams", "connector_slots", "sla"],
            "additionalProperties": False,
            "properties": {
                "service": {
                    "type": "object",
                    "required": list(SERVICE_FIELDS),
                    "additionalProperties": False,
                    "properties": {
                        "slug": _SLUG,
                        "name": {"type": "string", "minLength": 1},
                        "summary": {"type": "string"},
                        "category": {"type": "string"},
                        "before_you_start": {"type": "string"},
                        "lgsl_code": {"type": ["integer", "null"]},
                        "sla_working_days": {"type": "integer", "minimum": 0},
                        # Optional (older packages lack it): months after closure; null keeps personal data.
                        "retention_months": {"type": ["integer", "null"], "minimum": 0},
                        **{field: {"type": "string"} for field in SERVICE_WELSH_FIELDS},
                    },
                },
                "form": {
                    "type": "object",
                    "required": ["slug", "name", "schema", "ui_schema"],
                    "additionalProperties": False,
                    "properties": {
                        "slug": _SLUG,
                        "name": {"type": "string"},
                        "schema": {"type": "object"},
                        "ui_schema": {"type": "object"},
                    },
                },
                "workflow": {
                    "type": "object",
                    "required": ["slug", "name", "form_slug", "definition"],
                    "additionalProperties": False,
                    "properties": {
                        "slug": _SLUG,
                        "name": {"type": "string"},
                        "form_slug": _SLUG,
                        "definition": {"type": "object"},
                    },
                },
                "teams": {"type": "array", "items": _SLUG},
                "connector_slots": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["slot", "type"],
                        "additionalProperties": False,
                        "properties": {"slot": {"type": "string"}, "type": {"type": "string"}},
                    },
                },
                "sla": {"type": "object"},
            },
        },
    },
}


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_checksum(content: dict) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def workflow_team_slugs(definition: dict) -> list[str]:
    """Every team slug the workflow names: assignments, escalations and team notifications, fragments included."""
    return definition_team_slugs(definition)


def workflow_teams_rewrite(definition: dict, teams: dict[str, str]) -> dict:
    """A copy of `definition` with each team slug replaced by its binding (unbound slugs stay), fragments included."""
    return definition_teams_rewrite(definition, teams)


def package_content(service: Service) -> dict:
    """The shareable content of a published service; nothing council-specific beyond slugs."""
    if not (service.form_id and service.workflow_id):
        raise PackageRefused.at("/service", f"{service} has no published form and workflow to export")
    form, workflow = service.form, service.workflow
    for label, row in (("form", form), ("workflow", workflow)):
        if row.status != DefinitionStatus.PUBLISHED:
            raise PackageRefused.at(
                f"/content/{label}", f"{row} is not published; only published versions can be shared"
            )
    definition = workflow.definition
    return {
        "service": {
            field: getattr(service, field) for field in (*SERVICE_FIELDS, "retention_months", *SERVICE_WELSH_FIELDS)
        },
        "form": {"slug": form.slug, "name": form.name, "schema": form.schema, "ui_schema": form.ui_schema},
        "workflow": {
            "slug": workflow.slug,
            "name": workflow.name,
            "form_slug": workflow.form_slug,
            "definition": definition,
        },
        "teams": workflow_team_slugs(definition),
        # Slots come from the definition itself: a slot never carries a URL or a secret.
        "connector_slots": [{"slot": c["slot"], "type": c["type"]} for c in definition.get("connectors", [])],
        "sla": {"service_working_days": service.sla_working_days, "workflow": definition.get("sla")},
    }


def service_package_export(
    service: Service, *, author: AbstractBaseUser | None, library_version: int | None = None
) -> str:
    """The canonical package text of `service`'s published versions."""
    content = package_content(service)
    council = service.council
    manifest = {
        "format": PACKAGE_FORMAT,
        "format_version": FORMAT_VERSION,
        "source": {
            "council": {"slug": council.slug, "name": council.name, "code": council.code},
            "partnerships": [{"slug": p.slug, "name": p.name} for p in council.partnerships.order_by("slug")],
        },
        "service": service.slug,
        "versions": {"form": service.form.version, "workflow": service.workflow.version, "library": library_version},
        "author": (author.get_full_name() or author.get_username()) if author is not None else "system",
        "exported_at": timezone.now().replace(microsecond=0).isoformat(),
        "checksum": {"algorithm": "sha256", "content": content_checksum(content)},
    }
    return canonical_json({"manifest": manifest, "content": content})


def package_max_bytes() -> int:
    """The largest package accepted: `SHARING_PACKAGE_MAX_BYTES`."""
    return int(getattr(settings, "SHARING_PACKAGE_MAX_BYTES", 2 * 1024 * 1024))


def service_package_parse(text: str | bytes) -> dict:
    """Parse and verify a package: size, nesting, JSON, format version, structure, checksum. Refuses with the exact path.

    A package wraps its form schema and workflow definition three levels deep (`/content/form/schema`),
    so it may nest that much deeper than `JSON_MAX_DEPTH`: whatever the admin accepts can be shared.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PackageRefused.at("/", f"not UTF-8 text (byte {exc.start})") from exc
    try:
        package = json_parse(
            text,
            max_bytes=package_max_bytes(),
            max_depth=json_max_depth() + PACKAGE_WRAPPER_DEPTH,
            what="The package",
            depth_setting=f"JSON_MAX_DEPTH + {PACKAGE_WRAPPER_DEPTH} for the package's own levels",
        )
    except JSONRefused as exc:
        if exc.limit == "size":
            raise PackageRefused.at("/", f"{exc} (SHARING_PACKAGE_MAX_BYTES)") from exc
        if exc.limit == "syntax":  # "/: not valid JSON: …", as before the limits
            raise PackageRefused.at("/", exc.detail.removeprefix("is ")) from exc
        raise PackageRefused.at("/", str(exc)) from exc
    if not isinstance(package, dict) or not isinstance(package.get("manifest"), dict):
        raise PackageRefused.at("/manifest", "missing: this is not a Councilflow service package")
    manifest = package["manifest"]
    if manifest.get("format") != PACKAGE_FORMAT:
        raise PackageRefused.at(
            "/manifest/format", f'must be "{PACKAGE_FORMAT}", got {json.dumps(manifest.get("format"))}'
        )
    if manifest.get("format_version") not in SUPPORTED_FORMAT_VERSIONS:
        supported = ", ".join(str(v) for v in SUPPORTED_FORMAT_VERSIONS)
        raise PackageRefused.at(
            "/manifest/format_version",
            f"unknown format version {json.dumps(manifest.get('format_version'))} (this Councilflow reads {supported})",
        )
    problems = [
        DefinitionProblem(json_pointer(*error.absolute_path), error.message)
        for error in sorted(
            jsonschema.Draft202012Validator(PACKAGE_SCHEMA).iter_errors(package),
            key=lambda e: list(map(str, e.absolute_path)),
        )
    ]
    if problems:
        raise PackageRefused(problems)
    actual = content_checksum(package["content"])
    expected = manifest["checksum"]["content"]
    if actual != expected:
        raise PackageRefused.at(
            "/manifest/checksum/content",
            f"checksum mismatch: the manifest says {expected} but the content hashes to {actual}; the package was changed after export",
        )
    return package
