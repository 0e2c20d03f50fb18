"""Partnership sharing: the library of service packages, local bindings, import history, lookup lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from councils.ownership import council_links_validate


class LibraryEntry(models.Model):
    """One published version of a council's service package in a partnership's library.

    `package` holds the canonical JSON text exactly as exported, so its checksum stays verifiable.
    """

    partnership = models.ForeignKey("councils.Partnership", on_delete=models.CASCADE, related_name="library_entries")
    source_council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="library_entries")
    service_slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(help_text="Library version, counted per source council and service.")
    package = models.TextField(help_text="The canonical service package JSON.")
    checksum = models.CharField(max_length=64)
    notes = models.TextField(blank=True, help_text="What changed in this version.")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "service_slug", "source_council", "-version"]
        verbose_name_plural = "library entries"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "source_council", "service_slug", "version"], name="library_entry_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version} from {self.source_council}"


class ServiceBinding(models.Model):
    """What an importing council bound a shared service to; reused by every later upgrade."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="service_bindings")
    service_slug = models.SlugField(max_length=80)
    teams = models.JSONField(default=dict, blank=True, help_text="Package team slug → this council's team slug.")
    connectors = models.JSONField(default=dict, blank=True, help_text="Connector slot → this council's connector slug.")
    sla_overrides = models.JSONField(default=dict, blank=True, help_text='e.g. {"sla_working_days": 7}.')
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "service_slug"], name="service_binding_unique")]

    def __str__(self) -> str:
        return f"Bindings of {self.service_slug} at {self.council}"


class ServiceImport(models.Model):
    """The history of imports: what came from where, and which definition versions it created."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="service_imports")
    service = models.ForeignKey("casework.Service", on_delete=models.CASCADE, related_name="imports")
    library_entry = models.ForeignKey(
        LibraryEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    source_council_name = models.CharField(max_length=200)
    source_council_slug = models.SlugField()
    source_version = models.PositiveIntegerField(help_text="Library version, or the workflow version of a file export.")
    checksum = models.CharField(max_length=64)
    form = models.ForeignKey("form_definitions.FormDefinition", on_delete=models.PROTECT, related_name="+")
    workflow = models.ForeignKey("workflows.WorkflowDefinition", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.service} imported from {self.source_council_name}, v{self.source_version}"

    def clean(self) -> None:
        """An import record names the importing council's own service and definition versions."""
        super().clean()
        council_links_validate(
            self,
            fields=["service", "form", "workflow", "library_entry"],
            hint=" (or a library version imported into it)",
        )


class LookupList(models.Model):
    """A council's reference table workflows and officers look things up in (e.g. waste rounds by street)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="lookup_lists")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["council__name", "name"]
        constraints = [models.UniqueConstraint(fields=["council", "slug"], name="lookup_list_unique_slug")]

    def __str__(self) -> str:
        return f"{self.name} ({self.council.code})"


class LookupRow(models.Model):
    lookup_list = models.ForeignKey(LookupList, on_delete=models.CASCADE, related_name="rows")
    key = models.CharField(max_length=200, help_text="What is looked up, e.g. a street name.")
    value = models.CharField(max_length=200, help_text="The answer, e.g. the round.")
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["lookup_list", "key"]
        constraints = [models.UniqueConstraint(fields=["lookup_list", "key"], name="lookup_row_unique_key")]

    def __str__(self) -> str:
        return f"{self.key} → {self.value}"


class BulkImportJob(models.Model):
    """A large spreadsheet import run in the background; its progress is polled by the admin page."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        CHECKING = "checking", "Checking rows"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Refused"

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="bulk_import_jobs")
    kind = models.CharField(max_length=30)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} import {self.file_name} ({self.get_status_display()})"
