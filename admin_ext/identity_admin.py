"""Admin for the single sign-on group mappings, edited by each council's administrators for their council only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from identity.models import ClaimMapping

from .scoping import CouncilScopedAdmin


@admin.register(ClaimMapping)
class ClaimMappingAdmin(CouncilScopedAdmin):
    """Token group → role and/or team; a council with mappings has its SSO users' places set from them."""

    council_permission = "administer"
    list_display = ["claim_value", "council", "role", "team", "team_leader"]
    list_filter = ["council", "role"]
    search_fields = ["claim_value"]
    fields = ["council", "claim_value", "role", "team", "team_leader"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)
