"""Admin changelists and forms see only the councils the designer works for (the same scoping layer)."""
from __future__ import annotations

from django.contrib import admin
from import_export.admin import ImportExportMixin

from councils.models import Council
from councils.scoping import council_ids_for

from .json_widgets import LimitedJSONAdminMixin


class CouncilScopedAdmin(LimitedJSONAdminMixin, admin.ModelAdmin):
    """Limits rows, and council choices, to councils where the user holds `council_permission`."""

    council_permission = "design_services"
    council_field = "council"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.council_field}__in": council_ids_for(request.user, self.council_permission)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "council" and not request.user.is_superuser:
            kwargs["queryset"] = Council.objects.filter(pk__in=council_ids_for(request.user, self.council_permission))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return request.user.is_superuser or bool(council_ids_for(request.user, self.council_permission))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class UserScopedImportExportMixin(ImportExportMixin):
    """Spreadsheet import/export (preview, row-level errors) whose resources know who is importing,
    so each row is checked against the councils that person may change; exports use the scoped changelist."""

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}
