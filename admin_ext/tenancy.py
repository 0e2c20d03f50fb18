"""Admin for councils, teams, memberships and services."""
from __future__ import annotations

from django.contrib import admin

from casework.models import Service
from councils.models import Council, Membership, Partnership, Team, TeamMembership

from .scoping import CouncilScopedAdmin


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]


@admin.register(Council)
class CouncilAdmin(CouncilScopedAdmin):
    council_field = "pk"
    council_permission = "administer"
    list_display = ["name", "code", "holiday_region"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(CouncilScopedAdmin):
    council_permission = "administer"
    list_display = ["name", "slug", "council"]
    inlines = [TeamMembershipInline]


@admin.register(Membership)
class MembershipAdmin(CouncilScopedAdmin):
    council_permission = "administer"
    list_display = ["user", "council", "role"]
    list_filter = ["council", "role"]


@admin.register(Service)
class ServiceAdmin(CouncilScopedAdmin):
    list_display = ["name", "council", "category", "form", "workflow", "sla_working_days", "is_live"]
    list_filter = ["council", "is_live"]
    search_fields = ["name", "slug"]
