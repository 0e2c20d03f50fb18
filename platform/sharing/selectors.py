"""Reading the library and bindings for officers and designers, through the scoping layer."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404

from councils.models import Council
from councils.scoping import council_ids_for

from .models import LibraryEntry, ServiceBinding

SHARING_PERMISSIONS = ("design_services", "work_cases", "view_reports")


def sharing_council_ids(user: AbstractBaseUser) -> list[int]:
    """Councils whose partnership libraries this person may read (any staff role there)."""
    return sorted({pk for perm in SHARING_PERMISSIONS for pk in council_ids_for(user, perm)})


def library_entries_visible(user: AbstractBaseUser):
    return (
        LibraryEntry.objects.filter(partnership__councils__in=sharing_council_ids(user))
        .select_related("source_council", "partnership", "published_by")
        .distinct()
        .order_by("partnership__name", "service_slug", "source_council__name", "-version")
    )


def library_entry_get(user: AbstractBaseUser, pk: int) -> LibraryEntry:
    """The entry if it is in a library of one of the person's councils; otherwise 404."""
    entry = library_entries_visible(user).filter(pk=pk).first()
    if entry is None:
        raise Http404("No such library entry")
    return entry


def service_connector_slug_for(council: Council, service_slug: str, slot: str) -> str | None:
    """The connector a council bound to a shared service's slot (for the connector runtime)."""
    binding = ServiceBinding.objects.filter(council=council, service_slug=service_slug).first()
    return binding.connectors.get(slot) if binding else None
