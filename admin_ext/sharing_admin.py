"""Admin for partnership sharing: export a package, import one (upload → bind → dry run → confirm), the library.

Every page works on councils where the designer holds `design_services` (the scoping layer); the
domain work is done by `sharing.services`, these classes only parse input and render.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from connectors.models import Connector
from councils.models import Council, Team
from councils.scoping import council_ids_for
from sharing.exceptions import PackageRefused
from sharing.models import BulkImportJob, LibraryEntry, LookupList, LookupRow, ServiceImport
from sharing.resources import LookupRowResource
from sharing.services.bulk import (
    KIND_LABELS,
    BulkFileUnreadable,
    bulk_import_job_create,
    bulk_import_job_progress,
    bulk_import_job_step,
)
from sharing.services.imports import (
    Bindings,
    service_import_apply,
    service_import_bindings_default,
    service_import_plan,
)
from sharing.services.library import library_entry_publish, library_entry_visible_get, library_updates_for
from sharing.services.packages import package_max_bytes, service_package_export, service_package_parse

from .json_widgets import LimitedJSONAdminMixin
from .scoping import CouncilRelationsMixin, CouncilScopedAdmin, UserScopedImportExportMixin


@admin.action(description="Download the service package (JSON)")
def service_package_download(modeladmin, request: HttpRequest, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, "Choose exactly one service to export.", messages.ERROR)
        return None
    service = queryset.select_related("council", "form", "workflow").get()
    try:
        text = service_package_export(service, author=request.user)
    except PackageRefused as exc:
        modeladmin.message_user(request, f"Not exported: {exc}", messages.ERROR)
        return None
    response = HttpResponse(text, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{service.council.slug}-{service.slug}.councilflow.json"'
    return response


@admin.action(description="Publish to the partnership library")
def service_library_publish(modeladmin, request: HttpRequest, queryset):
    for service in queryset.select_related("council", "form", "workflow"):
        for partnership in service.council.partnerships.all():
            try:
                entry = library_entry_publish(service, partnership=partnership, actor=request.user)
            except PackageRefused as exc:
                modeladmin.message_user(request, f"{service} not published to {partnership}: {exc}", messages.ERROR)
            else:
                modeladmin.message_user(request, f"Published {service} to {partnership}'s library as v{entry.version}.")


class PackageUploadForm(forms.Form):
    council = forms.ModelChoiceField(queryset=Council.objects.none(), help_text="The council that imports the service.")
    file = forms.FileField(required=False, help_text="A .councilflow.json package exported from another council.")
    package = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Council.objects.filter(pk__in=council_ids_for(user, "design_services"))

    def clean_file(self):
        """Refuse an oversized package from its size alone, before a byte of it is read."""
        upload = self.cleaned_data.get("file")
        limit = package_max_bytes()
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(
                f"The package is {upload.size} bytes, larger than the limit of {limit} bytes (SHARING_PACKAGE_MAX_BYTES)",
                code="too_large",
            )
        return upload

    def package_text(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return upload.read().decode("utf-8", errors="replace")
        return self.cleaned_data.get("package") or ""


def bindings_form_class(council: Council, package: dict) -> type[forms.Form]:
    """One choice per package team and per connector slot, among this council's own."""
    fields: dict[str, forms.Field] = {}
    teams = [("", "— choose —")] + [(t.slug, t.name) for t in Team.objects.filter(council=council)]
    for slug in package["content"]["teams"]:
        fields[f"team__{slug}"] = forms.ChoiceField(choices=teams, required=False, label=f"Team for “{slug}”")
    for slot in package["content"]["connector_slots"]:
        options = [("", "— choose —")] + [
            (c.slug, c.name) for c in Connector.objects.filter(council=council, kind=slot["type"])
        ]
        fields[f"connector__{slot['slot']}"] = forms.ChoiceField(
            choices=options, required=False, label=f"{slot['type']} connector for slot “{slot['slot']}”"
        )
    fields["sla_working_days"] = forms.IntegerField(
        required=False, min_value=0, label="SLA override (working days)", help_text="Leave empty to use the package's."
    )
    return type("BindingsForm", (forms.Form,), fields)


def bindings_from_form(form: forms.Form) -> Bindings:
    data = form.cleaned_data
    return Bindings(
        teams={k.removeprefix("team__"): v for k, v in data.items() if k.startswith("team__") and v},
        connectors={k.removeprefix("connector__"): v for k, v in data.items() if k.startswith("connector__") and v},
        sla_overrides={"sla_working_days": data["sla_working_days"]}
        if data.get("sla_working_days") is not None
        else {},
    )


def bindings_initial(bindings: Bindings) -> dict:
    initial = {f"team__{k}": v for k, v in bindings.teams.items()}
    initial.update({f"connector__{k}": v for k, v in bindings.connectors.items()})
    if "sla_working_days" in bindings.sla_overrides:
        initial["sla_working_days"] = bindings.sla_overrides["sla_working_days"]
    return initial


@admin.register(ServiceImport)
class ServiceImportAdmin(CouncilScopedAdmin):
    list_display = ["service", "council", "source_council_name", "source_version", "imported_at", "imported_by"]
    list_filter = ["council"]
    change_list_template = "admin/sharing/serviceimport/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="sharing_serviceimport_import"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        councils = Council.objects.filter(pk__in=council_ids_for(request.user, "design_services"))
        updates = [(council, update) for council in councils for update in library_updates_for(council)]
        return super().changelist_view(request, {**(extra_context or {}), "library_updates": updates})

    def import_view(self, request: HttpRequest):
        """Upload (or pick from the library) → bind → dry run → confirm; each step re-checks everything."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import a service package",
        }
        entry = None
        if request.GET.get("entry"):
            entry = library_entry_visible_get(
                council_ids_for(request.user, "design_services"), int(request.GET["entry"])
            )
            if entry is None:
                messages.error(request, "No such library entry.")
                return redirect("admin:sharing_libraryentry_changelist")
        upload = PackageUploadForm(
            request.POST or None,
            request.FILES or None,
            user=request.user,
            initial={"package": entry.package} if entry else None,
        )
        context.update(upload_form=upload, entry=entry)
        if request.method != "POST" or not upload.is_valid():
            return TemplateResponse(request, "admin/sharing/import.html", context)
        council, text = upload.cleaned_data["council"], upload.package_text()
        try:
            package = service_package_parse(text)
        except PackageRefused as exc:
            context["problems"] = exc.problems
            return TemplateResponse(request, "admin/sharing/import.html", context)
        form_class = bindings_form_class(council, package)
        step = request.POST.get("step", "upload")
        bindings_form = (
            form_class(request.POST)
            if step != "upload"
            else form_class(initial=bindings_initial(service_import_bindings_default(council, package)))
        )
        context.update(package=package, package_text=text, council=council, bindings_form=bindings_form)
        if step != "upload" and not bindings_form.is_valid():
            return TemplateResponse(request, "admin/sharing/import.html", context)
        bindings = (
            bindings_from_form(bindings_form) if step != "upload" else service_import_bindings_default(council, package)
        )
        try:
            if step == "confirm":
                record = service_import_apply(
                    council=council, package=package, bindings=bindings, actor=request.user, library_entry=entry
                )
                messages.success(
                    request,
                    f"Imported {record.service.name} into {council.name} from {record.source_council_name}, v{record.source_version}.",
                )
                return redirect("admin:casework_service_change", record.service_id)
            context["plan"] = service_import_plan(council=council, package=package, bindings=bindings)
        except PackageRefused as exc:
            context["problems"] = exc.problems
        return TemplateResponse(request, "admin/sharing/import.html", context)


@admin.register(LibraryEntry)
class LibraryEntryAdmin(CouncilRelationsMixin, admin.ModelAdmin):
    """The libraries of the partnerships the designer's councils belong to (read-only: publish from a service)."""

    list_display = ["name", "service_slug", "source_council", "version", "partnership", "published_at", "import_link"]
    list_filter = ["partnership", "source_council"]
    readonly_fields = [
        "partnership",
        "source_council",
        "service_slug",
        "name",
        "version",
        "checksum",
        "notes",
        "published_at",
        "published_by",
        "package",
    ]

    def get_queryset(self, request):
        entries = super().get_queryset(request).select_related("source_council", "partnership")
        if request.user.is_superuser:
            return entries
        return entries.filter(partnership__councils__in=council_ids_for(request.user, "design_services")).distinct()

    @admin.display(description="")
    def import_link(self, obj):
        url = reverse("admin:sharing_serviceimport_import") + f"?entry={obj.pk}"
        return format_html('<a href="{}">Import or upgrade</a>', url)

    def has_module_permission(self, request):
        return request.user.is_superuser or bool(council_ids_for(request.user, "design_services"))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class LookupRowInline(LimitedJSONAdminMixin, admin.TabularInline):
    model = LookupRow
    extra = 0


@admin.register(LookupList)
class LookupListAdmin(CouncilScopedAdmin):
    list_display = ["name", "slug", "council"]
    list_filter = ["council"]
    inlines = [LookupRowInline]


@admin.register(LookupRow)
class LookupRowAdmin(UserScopedImportExportMixin, CouncilScopedAdmin):
    """Rows of every lookup list; import a whole list (e.g. waste rounds by street) from CSV or XLSX."""

    council_field = "lookup_list__council"
    list_display = ["key", "value", "lookup_list"]
    list_filter = ["lookup_list"]
    search_fields = ["key", "value"]
    resource_classes = [LookupRowResource]


class BulkUploadForm(forms.Form):
    council = forms.ModelChoiceField(queryset=Council.objects.none())
    kind = forms.ChoiceField(choices=list(KIND_LABELS.items()), label="What the file holds")
    file = forms.FileField(help_text="CSV (UTF-8) or XLSX with a header row; councils by code, e.g. HBC.")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = set(council_ids_for(user, "administer")) | set(council_ids_for(user, "design_services"))
        self.fields["council"].queryset = Council.objects.filter(pk__in=ids)


@admin.register(BulkImportJob)
class BulkImportJobAdmin(CouncilScopedAdmin):
    """Large spreadsheet imports with a progress bar: every row is checked first, then imported in chunks."""

    list_display = ["file_name", "kind", "council", "status", "processed_rows", "total_rows", "created_at"]
    fields = ["council", "kind", "file_name", "status", "processed_rows", "total_rows", "errors", "created_by"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/progress/",
                self.admin_site.admin_view(self.progress_page),
                name="sharing_bulkimportjob_progress",
            ),
            path(
                "<int:pk>/progress.json",
                self.admin_site.admin_view(self.progress_json),
                name="sharing_bulkimportjob_progress_json",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        form = BulkUploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = bulk_import_job_create(
                    council=form.cleaned_data["council"],
                    kind=form.cleaned_data["kind"],
                    file_name=upload.name,
                    content=upload.read(),
                    actor=request.user,
                )
            except BulkFileUnreadable as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("admin:sharing_bulkimportjob_progress", job.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": "Import a large spreadsheet",
        }
        return TemplateResponse(request, "admin/sharing/bulk_upload.html", context)

    def _job(self, request, pk: int) -> BulkImportJob:
        job = self.get_queryset(request).filter(pk=pk).first()
        if job is None:
            raise Http404("No such import")
        return job

    def progress_page(self, request, pk: int):
        job = self._job(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "job": job,
            "progress": bulk_import_job_progress(job),
            "title": f"Importing {job.file_name}",
        }
        return TemplateResponse(request, "admin/sharing/bulk_progress.html", context)

    def progress_json(self, request, pk: int):
        """Each (POST) poll advances the job by one chunk, so progress needs no separate process;
        `manage.py bulk_imports_run` runs jobs to the end without a browser. GET only reads."""
        job = self._job(request, pk)
        if request.method == "POST":
            job = bulk_import_job_step(job)
        return JsonResponse(bulk_import_job_progress(job))
