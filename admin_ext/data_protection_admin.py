"""Read-only admin of the access log and the data protection log, for council administrators of their councils."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from casework.models import CaseAccess, DataProtectionRecord

from .scoping import CouncilScopedAdmin


class ReadOnlyAdministratorAdmin(CouncilScopedAdmin):
    """Rows of the councils the user administers; nobody adds, edits or deletes a log row by hand."""

    council_permission = "administer"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CaseAccess)
class CaseAccessAdmin(ReadOnlyAdministratorAdmin):
    list_display = ["at", "user", "case", "council"]
    list_filter = ["council"]
    search_fields = ["case__reference", "user__username", "user__first_name", "user__last_name"]
    date_hierarchy = "at"
    list_select_related = ["case", "user", "council"]
    show_full_result_count = False  # the log grows with every page view: no COUNT(*) over all of it


@admin.register(DataProtectionRecord)
class DataProtectionRecordAdmin(ReadOnlyAdministratorAdmin):
    list_display = ["at", "kind", "actor", "customer_id_ref", "council"]
    list_filter = ["council", "kind"]
    list_select_related = ["actor", "council"]
    fields = ["at", "kind", "council", "actor", "customer_id_ref", "case_references", "skipped"]
