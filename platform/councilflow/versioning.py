"""Versioned definitions (forms, workflows): draft -> published -> retired; published content is immutable.

Running cases point at the exact version they started on, so a published version must never change.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

# Sent inside definition_publish's transaction with `row` (the newly published version), `previous` (the
# versions it retired) and `service_field` ("form" or "workflow"); casework moves its services over
# (casework/signals.py). A port in signal form: this settings-level package never imports the domain.
definition_published = Signal()


class DefinitionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class VersionedDefinition(models.Model):
    """Common fields and the immutability rule; subclasses name their JSON fields in CONTENT_FIELDS."""

    CONTENT_FIELDS: tuple[str, ...] = ()

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=12, choices=DefinitionStatus.choices, default=DefinitionStatus.DRAFT)
    notes = models.TextField(blank=True, help_text="What changed in this version.")
    provenance = models.JSONField(default=dict, blank=True, help_text="Where an imported definition came from.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["council", "slug", "-version"]

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status == DefinitionStatus.DRAFT

    def save(self, *args, **kwargs) -> None:
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS, "status").first()
            if stored and stored["status"] != DefinitionStatus.DRAFT:
                changed = [f for f in self.CONTENT_FIELDS if stored[f] != getattr(self, f)]
                if changed:
                    raise ValidationError(
                        f"{self} is {stored['status']} and cannot change ({', '.join(changed)}); create a new draft version."
                    )
        super().save(*args, **kwargs)


def definition_publish(row: VersionedDefinition, *, user=None, service_field: str) -> VersionedDefinition:
    """Publish a checked draft: the previous published version of the slug retires and services move over.

    Cases already running keep pointing at the version they started on.
    """
    model = type(row)
    with transaction.atomic():
        previous = list(
            model.objects.select_for_update()
            .filter(council=row.council, slug=row.slug, status=DefinitionStatus.PUBLISHED)
            .exclude(pk=row.pk)
        )
        row.status = DefinitionStatus.PUBLISHED
        row.published_at = timezone.now()
        row.published_by = user
        row.save()
        for old in previous:
            old.status = DefinitionStatus.RETIRED
            old.save(update_fields=["status"])
        definition_published.send(sender=model, row=row, previous=previous, service_field=service_field)
    return row


def definition_new_draft(row: VersionedDefinition, *, user=None) -> VersionedDefinition:
    """Start the next version of a slug as an editable copy of `row`."""
    model = type(row)
    latest = model.objects.filter(council=row.council, slug=row.slug).order_by("-version").first()
    copy = model(council=row.council, slug=row.slug, name=row.name, version=latest.version + 1, created_by=user)
    for field in model.CONTENT_FIELDS:
        setattr(copy, field, getattr(row, field))
    copy.save()
    return copy
