"""Load the demo partnership idempotently: councils, teams, people, and services from the JSON library.

Definitions go through the same checks and publish services as the admin, so the demo cannot hold
anything a service designer could not have saved.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from casework.models import Service
from councilflow.json_limits import json_parse
from councilflow.versioning import DefinitionStatus
from councils.models import Council, Membership, Partnership, PartnershipMembership, Team, TeamMembership
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_publish
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_publish

from .gazetteer import demo_gazetteer_load

DEMO_FILE = Path(__file__).resolve().parent / "partnership.json"
FORM_LIBRARY = settings.BASE_DIR / "form_definitions" / "library"
WORKFLOW_LIBRARY = settings.BASE_DIR / "workflows" / "library"


def library_load(folder: Path, slug: str) -> dict:
    """A library file dropped in by a designer: parsed within the input limits (`JSONRefused` names the file)."""
    path = folder / f"{slug}.json"
    return json_parse(path.read_bytes(), what=f"{folder.parent.name}/{folder.name}/{path.name}")


def published_form(council: Council, slug: str) -> FormDefinition:
    existing = FormDefinition.objects.filter(council=council, slug=slug, status=DefinitionStatus.PUBLISHED).first()
    if existing:
        return existing
    data = library_load(FORM_LIBRARY, slug)
    draft = FormDefinition.objects.create(
        council=council, slug=slug, name=data["name"], schema=data["schema"], ui_schema=data.get("ui_schema", {})
    )
    return form_definition_publish(draft)


def published_workflow(council: Council, slug: str) -> WorkflowDefinition:
    existing = WorkflowDefinition.objects.filter(council=council, slug=slug, status=DefinitionStatus.PUBLISHED).first()
    if existing:
        return existing
    data = library_load(WORKFLOW_LIBRARY, slug)
    draft = WorkflowDefinition(
        council=council, slug=slug, name=data["name"], form_slug=data["form_slug"], definition=data["definition"]
    )
    draft.save()
    return workflow_definition_publish(draft)


@transaction.atomic
def demo_load(*, councils: list[str] | None = None) -> list[dict]:
    """Create or update the demo data; returns the demo logins."""
    demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    partnership, _ = Partnership.objects.update_or_create(
        slug=demo["partnership"]["slug"], defaults={"name": demo["partnership"]["name"]}
    )
    User = get_user_model()
    logins = []
    for spec in demo["councils"]:
        if councils and spec["slug"] not in councils:
            continue
        council, _ = Council.objects.update_or_create(
            slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
        )
        council.partnerships.add(partnership)
        demo_gazetteer_load(council)
        teams = {}
        for team_spec in demo["teams"]:
            teams[team_spec["slug"]], _ = Team.objects.update_or_create(
                council=council, slug=team_spec["slug"], defaults={"name": team_spec["name"]}
            )
        for person in demo["people"]:
            username = person["username"].format(council=council.slug)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": person["first_name"],
                    "last_name": person["last_name"],
                    "email": f"{username}@{council.slug}.example.gov.uk",
                    "is_staff": person.get("staff", False),
                },
            )
            if created:
                user.set_password(demo["password"])
                user.save()
            elif person.get("staff") and not user.is_staff:  # a role that gained admin pages since the last load
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            for role in person["roles"]:
                Membership.objects.get_or_create(user=user, council=council, role=role)
            for team_slug in person["teams"]:
                TeamMembership.objects.update_or_create(
                    team=teams[team_slug], user=user, defaults={"is_leader": person.get("leader", False)}
                )
            logins.append(
                {
                    "username": username,
                    "password": demo["password"],
                    "council": council.name,
                    "roles": ", ".join(person["roles"]),
                }
            )
        for service_spec in demo["services"]:
            form = published_form(council, service_spec["form"])
            workflow = published_workflow(council, service_spec["workflow"])
            Service.objects.update_or_create(
                council=council,
                slug=service_spec["slug"],
                defaults={
                    "name": service_spec["name"],
                    "category": service_spec["category"],
                    "summary": service_spec["summary"],
                    "before_you_start": service_spec.get("before_you_start", ""),
                    "lgsl_code": service_spec.get("lgsl"),
                    "sla_working_days": service_spec["sla_working_days"],
                    "form": form,
                    "workflow": workflow,
                    **{field: service_spec.get(field, "") for field in Service.WELSH_FIELDS},
                },
            )
    for person in demo.get("partnership_people", []):
        user, created = User.objects.get_or_create(
            username=person["username"],
            defaults={
                "first_name": person["first_name"],
                "last_name": person["last_name"],
                "email": f"{person['username']}@vale.example.gov.uk",
                "is_staff": True,
            },
        )
        if created:
            user.set_password(demo["password"])
            user.save()
        PartnershipMembership.objects.get_or_create(user=user, partnership=partnership, role=person["role"])
        logins.append(
            {
                "username": user.username,
                "password": demo["password"],
                "council": partnership.name,
                "roles": person["role"],
            }
        )
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@councilflow.example", demo["password"])
    logins.append({"username": "admin", "password": demo["password"], "council": "all", "roles": "superuser"})
    return logins
