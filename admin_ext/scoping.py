"""Admin changelists, forms, inlines and filters see only the councils the designer works for.

Rows are scoped by the admin's `council_field`; every relation choice (foreign key, many-to-many, inline
field, list filter) is scoped by `councils.ownership`, which knows how each model maps to a council.
One mixin does it for every admin, so a new field or filter is scoped without anyone remembering to.
"""

from __future__ import annotations

from functools import cache

from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.http import HttpRequest
from import_export.admin import ImportExportMixin

from councils.ownership import council_rows_for
from councils.scoping import council_ids_for

from .json_widgets import LimitedJSONAdminMixin
from .labels import admin_label_apply


def admin_council_ids(modeladmin, request: HttpRequest) -> list[int] | None:
    """Councils whose objects `request.user` may pick in `modeladmin`; None means all (a superuser)."""
    if request.user.is_superuser:
        return None
    if hasattr(modeladmin, "council_ids_for_request"):  # an admin whose access is narrower than one permission
        return modeladmin.council_ids_for_request(request)
    return council_ids_for(request.user, getattr(modeladmin, "council_permission", "design_services"))


def scoped_choice_field(formfield, *, council_ids: list[int] | None):
    """Limit a model choice form field to rows of `council_ids` (a forged POST of another pk is then invalid)."""
    if formfield is None or council_ids is None or not hasattr(formfield, "queryset"):
        return formfield
    formfield.queryset = council_rows_for(
        formfield.queryset.model, council_ids=council_ids, queryset=formfield.queryset
    )
    return formfield


class CouncilScopedRelatedFilter(RelatedFieldListFilter):
    """A "By <relation>" filter naming only the related rows of the user's councils."""

    def field_choices(self, field, request, model_admin):
        council_ids = admin_council_ids(model_admin, request)
        if council_ids is None:
            return super().field_choices(field, request, model_admin)
        allowed = council_rows_for(field.related_model, council_ids=council_ids).values("pk")
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, ordering=ordering, limit_choices_to=Q(pk__in=allowed))


@cache
def _scoped_filter_class(filter_class: type[RelatedFieldListFilter]) -> type[RelatedFieldListFilter]:
    if issubclass(filter_class, CouncilScopedRelatedFilter):
        return filter_class
    return type(f"CouncilScoped{filter_class.__name__}", (CouncilScopedRelatedFilter, filter_class), {})


def scoped_list_filter(model, spec):
    """A list_filter entry with any relation filter replaced by its council-scoped form."""
    if isinstance(spec, str):
        try:
            field = get_fields_from_path(model, spec)[-1]
        except FieldDoesNotExist:
            return spec
        return (spec, CouncilScopedRelatedFilter) if field.is_relation else spec
    if isinstance(spec, (tuple, list)) and isinstance(spec[1], type) and issubclass(spec[1], RelatedFieldListFilter):
        return (spec[0], _scoped_filter_class(spec[1]))
    return spec


class CouncilRelationsMixin:
    """Scopes every relation choice of a ModelAdmin or InlineModelAdmin to the user's councils."""

    council_permission = "design_services"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return admin_label_apply(super().formfield_for_dbfield(db_field, request, **kwargs), db_field.name)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return scoped_choice_field(formfield, council_ids=admin_council_ids(self, request))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return scoped_choice_field(formfield, council_ids=admin_council_ids(self, request))

    def get_list_filter(self, request):
        return [scoped_list_filter(self.model, spec) for spec in super().get_list_filter(request)]

    def get_inlines(self, request, obj):
        """Inlines get the same scoping (and the parent's council permission) whatever class they were declared as."""
        return [scoped_inline_class(inline, self.council_permission) for inline in super().get_inlines(request, obj)]


@cache
def scoped_inline_class(inline: type, council_permission: str) -> type:
    if issubclass(inline, CouncilRelationsMixin) and inline.council_permission == council_permission:
        return inline
    return type(
        inline.__name__,
        (CouncilRelationsMixin, inline),
        {"council_permission": council_permission, "__module__": inline.__module__},
    )


class CouncilScopedAdmin(CouncilRelationsMixin, LimitedJSONAdminMixin, admin.ModelAdmin):
    """Limits rows, and every relation choice, to councils where the user holds `council_permission`."""

    council_permission = "design_services"
    council_field = "council"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.council_field}__in": council_ids_for(request.user, self.council_permission)})

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
