"""django-filter sets for the API's lists: each filter narrows a queryset already scoped to the caller's council."""

from __future__ import annotations

from datetime import UTC, datetime

import django_filters  # type: ignore[import-untyped]
from django.db.models import Exists, OuterRef, QuerySet
from rest_framework.exceptions import ValidationError

from casework.models import Attachment, Case, CaseEvent, CaseStatus, CaseTask, Customer, EventKind, ScanStatus, Service


def utc_instant(value: datetime, *, name: str) -> datetime:
    """The time in UTC: PostgreSQL refuses offsets past ±15:59, which ISO 8601 allows (found by schemathesis)."""
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise ValidationError({name: ["A date and time the database can hold"]}) from exc


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    def filter(self, qs: QuerySet, value: datetime | None) -> QuerySet:
        return super().filter(qs, utc_instant(value, name=self.field_name) if value is not None else None)


class CaseFilter(django_filters.FilterSet):
    service = django_filters.CharFilter(field_name="service__slug", help_text="The service's slug.")
    status = django_filters.ChoiceFilter(field_name="case_status", choices=CaseStatus.choices)
    reference = django_filters.CharFilter(field_name="reference")
    customer_email = django_filters.CharFilter(field_name="customer__email", lookup_expr="iexact")
    customer_uprn = django_filters.CharFilter(field_name="customer__uprn")
    submitted_since = UtcDateTimeFilter(field_name="submitted_at", lookup_expr="gte")
    updated_since = django_filters.IsoDateTimeFilter(
        method="filter_updated_since", help_text="Cases with a timeline event at or after this time."
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_updated_since(self, queryset: QuerySet[Case], name: str, value: datetime) -> QuerySet[Case]:
        since = utc_instant(value, name=name)
        return queryset.filter(Exists(CaseEvent.objects.filter(case_id=OuterRef("pk"), at__gte=since)))


class TaskFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(field_name="is_open", help_text="true: open tasks only; false: done ones.")
    case = django_filters.CharFilter(field_name="case__reference", help_text="The case's reference.")
    team = django_filters.CharFilter(field_name="team__slug")
    step = django_filters.CharFilter(field_name="step_id")

    class Meta:
        model = CaseTask
        fields: list[str] = []


class ServiceFilter(django_filters.FilterSet):
    slug = django_filters.CharFilter(field_name="slug")
    is_live = django_filters.BooleanFilter(field_name="is_live")

    class Meta:
        model = Service
        fields: list[str] = []


class EventFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=EventKind.choices, help_text="Repeat for several kinds.")
    case = django_filters.CharFilter(field_name="case__reference")

    class Meta:
        model = CaseEvent
        fields: list[str] = []


class CustomerFilter(django_filters.FilterSet):
    email = django_filters.CharFilter(field_name="email", lookup_expr="iexact")
    phone = django_filters.CharFilter(field_name="phone", help_text="In E.164, e.g. +447700900123.")
    uprn = django_filters.CharFilter(field_name="uprn")
    postcode = django_filters.CharFilter(field_name="postcode", lookup_expr="iexact")

    class Meta:
        model = Customer
        fields: list[str] = []


class AttachmentFilter(django_filters.FilterSet):
    case = django_filters.CharFilter(field_name="case__reference", help_text="The case's reference.")
    scan_status = django_filters.ChoiceFilter(field_name="scan_status", choices=ScanStatus.choices)

    class Meta:
        model = Attachment
        fields: list[str] = []
