"""Admin for councils, teams, memberships and services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from casework.models import Service
from councils.models import (
    Council,
    Membership,
    OpeningHours,
    Partnership,
    PartnershipMembership,
    Team,
    TeamMembership,
)
from councils.scoping import council_ids_for
from sharing.resources import MembershipResource, ServiceSlaResource, TeamResource

from .scoping import CouncilRelationsMixin, CouncilScopedAdmin, UserScopedImportExportMixin
from .sharing_admin import service_library_publish, service_package_download


@admin.register(Partnership)
class PartnershipAdmin(CouncilRelationsMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]


@admin.register(PartnershipMembership)
class PartnershipMembershipAdmin(CouncilRelationsMixin, admin.ModelAdmin):
    """Partnership-wide roles; only superusers hand them out."""

    list_display = ["user", "partnership", "role"]
    list_filter = ["partnership", "role"]


class OpeningHoursInline(admin.TabularInline):
    """The council's business calendar: working hours and working days count only these (none: 9–5 weekdays)."""

    model = OpeningHours
    extra = 0
    verbose_name = "opening hours"
    verbose_name_plural = "Opening hours (a day without a row is closed; no rows at all: Monday–Friday 9:00–17:00)"

    # Whoever administers the council edits its hours (the parent admin already scoped `obj` to their councils).
    def _administers(self, request: HttpRequest, obj: Council | None) -> bool:
        return request.user.is_superuser or (obj is not None and obj.pk in council_ids_for(request.user, "administer"))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._administers(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._administers(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._administers(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._administers(request, obj)


@admin.register(Council)
class CouncilAdmin(CouncilScopedAdmin):
    council_field = "pk"
    council_permission = "administer"
    list_display = ["name", "code", "holiday_region", "welsh_enabled"]
    inlines = [OpeningHoursInline]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(UserScopedImportExportMixin, CouncilScopedAdmin):
    council_permission = "administer"
    resource_classes = [TeamResource]
    list_display = ["name", "slug", "council"]
    inlines = [TeamMembershipInline]


@admin.register(Membership)
class MembershipAdmin(UserScopedImportExportMixin, CouncilScopedAdmin):
    council_permission = "administer"
    resource_classes = [MembershipResource]
    list_display = ["user", "council", "role"]
    list_filter = ["council", "role"]


@admin.register(Service)
class ServiceAdmin(UserScopedImportExportMixin, CouncilScopedAdmin):
    list_display = ["name", "council", "category", "form", "workflow", "sla", "is_live", "source"]
    list_filter = ["council", "is_live"]
    search_fields = ["name", "slug"]
    readonly_fields = ["provenance"]
    fieldsets = [
        (None, {"fields": ["council", "slug", "name", "category", "summary", "before_you_start", "lgsl_code"]}),
        ("Form, workflow and target", {"fields": ["form", "workflow", "sla_working_days", "is_live"]}),
        (
            "Retention",
            {
                "fields": ["retention_months"],
                "description": "After this many months from closure the worker removes a case's personal data "
                "(answers, customer details, notes, messages, files); its dates, outcome and SLA figures stay for "
                "reporting. Cases on legal hold are skipped. See docs/data-protection.md.",
            },
        ),
        (
            "Welsh (Cymraeg)",
            {
                "fields": list(Service.WELSH_FIELDS),
                "description": "Shown on the Welsh pages of a council that offers Welsh. Leave a box empty to show the English. "
                "The form's questions are translated in its UI schema (translations.cy).",
            },
        ),
        ("Provenance", {"fields": ["provenance"]}),
    ]
    resource_classes = [ServiceSlaResource]
    actions = [service_package_download, service_library_publish]

    @admin.display(description="SLA (working days)", ordering="sla_working_days")
    def sla(self, obj) -> int:
        return obj.sla_working_days

    @admin.display(description="Provenance")
    def source(self, obj):
        if not obj.provenance:
            return "–"
        return f"imported from {obj.provenance.get('council', '?')}, v{obj.provenance.get('version', '?')}"
