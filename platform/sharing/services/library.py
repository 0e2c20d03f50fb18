"""The partnership library: councils publish service packages to it, others import and upgrade from it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from casework.models import Service
from councils.models import Council, Partnership

from ..exceptions import PackageRefused
from ..models import LibraryEntry, ServiceImport
from .imports import ImportPlan, service_import_apply, service_import_bindings_default, service_import_plan
from .packages import content_checksum, service_package_export, service_package_parse


def library_entry_publish(
    service: Service, *, partnership: Partnership, actor: AbstractBaseUser | None, notes: str = ""
) -> LibraryEntry:
    """Put the service's published versions into the partnership's library as its next version."""
    council = service.council
    if not council.partnerships.filter(pk=partnership.pk).exists():
        raise PackageRefused.at("/partnership", f"{council.name} is not a member of {partnership.name}")
    with transaction.atomic():
        previous = (
            LibraryEntry.objects.select_for_update()
            .filter(partnership=partnership, source_council=council, service_slug=service.slug)
            .order_by("-version")
            .first()
        )
        version = (previous.version + 1) if previous else 1
        text = service_package_export(service, author=actor, library_version=version)
        package = service_package_parse(text)
        if (
            previous is not None
            and service_package_parse(previous.package)["manifest"]["checksum"]["content"]
            == package["manifest"]["checksum"]["content"]
        ):
            raise PackageRefused.at("/content", f"nothing changed since library version {previous.version}")
        return LibraryEntry.objects.create(
            partnership=partnership,
            source_council=council,
            service_slug=service.slug,
            name=service.name,
            version=version,
            package=text,
            checksum=content_checksum(package["content"]),
            notes=notes,
            published_by=actor,
        )


def library_entry_visible_get(council_ids: list[int], pk: int) -> LibraryEntry | None:
    """An entry of a partnership one of these councils belongs to (others do not exist for them)."""
    return (
        LibraryEntry.objects.filter(pk=pk, partnership__councils__in=council_ids)
        .select_related("source_council", "partnership")
        .distinct()
        .first()
    )


def library_entry_import(
    entry: LibraryEntry, *, council: Council, bindings=None, actor: AbstractBaseUser | None
) -> ServiceImport:
    if not council.partnerships.filter(pk=entry.partnership_id).exists():
        raise PackageRefused.at("/partnership", f"{council.name} is not a member of {entry.partnership.name}")
    package = service_package_parse(entry.package)
    bindings = bindings or service_import_bindings_default(council, package)
    return service_import_apply(council=council, package=package, bindings=bindings, actor=actor, library_entry=entry)


@dataclass
class LibraryUpdate:
    """A newer library version of a service this council imported, with the dry run that shows its diff."""

    service: Service
    imported: ServiceImport
    entry: LibraryEntry
    plan: ImportPlan | None
    refusal: PackageRefused | None


def library_updates_for(council: Council) -> list[LibraryUpdate]:
    """Services this council imported from the library for which a newer version is published."""
    updates = []
    latest_imports: dict[int, ServiceImport] = {}
    for record in ServiceImport.objects.filter(council=council, library_entry__isnull=False).select_related(
        "library_entry", "service"
    ):
        if record.service_id not in latest_imports:
            latest_imports[record.service_id] = record  # ordered newest first
    for record in latest_imports.values():
        source = record.library_entry
        newer = (
            LibraryEntry.objects.filter(
                partnership_id=source.partnership_id,
                source_council_id=source.source_council_id,
                service_slug=source.service_slug,
                version__gt=source.version,
            )
            .order_by("-version")
            .first()
        )
        if newer is None:
            continue
        package = service_package_parse(newer.package)
        try:
            plan, refusal = (
                service_import_plan(
                    council=council, package=package, bindings=service_import_bindings_default(council, package)
                ),
                None,
            )
        except PackageRefused as exc:
            plan, refusal = None, exc
        updates.append(LibraryUpdate(service=record.service, imported=record, entry=newer, plan=plan, refusal=refusal))
    return updates
