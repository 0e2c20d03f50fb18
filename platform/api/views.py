"""REST API views: read-only; every queryset is limited to api_council_ids (an officer's councils via the scoping
layer, or an API client's one council), so another council's row is a 404.

Lists are cursor pages (`api.pagination.CursorPage`) in a stable order; the OpenAPI schema documents
the 403 (not signed in) and 404 (another council's row, or a bad cursor) answers.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from casework.models import Case, CaseTask, Service

from .oauth import OfficerOrScopedClient, api_council_ids
from .serializers import CaseDetailSerializer, CaseSerializer, CaseTaskSerializer, ErrorSerializer, ServiceSerializer

NOT_SIGNED_IN = OpenApiResponse(ErrorSerializer, description="Not signed in.")
BAD_CURSOR = OpenApiResponse(ErrorSerializer, description="The `cursor` is not one this API gave out.")


def _documented(serializer, detail_serializer=None, *, what: str, lookup: list | None = None):
    """`extend_schema_view` for a read-only viewset: its 200s plus the 403 and 404 answers."""
    not_found = OpenApiResponse(
        ErrorSerializer, description=f"No such {what}, or one of another council (no existence leak)."
    )
    return extend_schema_view(
        list=extend_schema(responses={200: serializer(many=True), 403: NOT_SIGNED_IN, 404: BAD_CURSOR}),
        retrieve=extend_schema(
            parameters=lookup, responses={200: detail_serializer or serializer, 403: NOT_SIGNED_IN, 404: not_found}
        ),
    )


@_documented(CaseSerializer, CaseDetailSerializer, what="case")
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases of the councils whose cases you work on (an API client: its council), newest first."""

    permission_classes = [OfficerOrScopedClient]
    required_scopes = ["cases:read"]
    lookup_field = "reference"
    lookup_value_regex = "[^/]+"
    cursor_ordering = ("-submitted_at", "-pk")

    def get_queryset(self):
        cases = (
            Case.objects.filter(council_id__in=api_council_ids(self.request))
            .select_related("council", "service")
            .order_by(*self.cursor_ordering)
        )
        if self.action == "retrieve":
            cases = cases.prefetch_related("case_tasks__team", "case_tasks__task__owner")
        return cases

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer


@_documented(
    CaseTaskSerializer,
    what="task",
    lookup=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The task's id.")],
)
class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """Tasks of the councils whose cases you work on, oldest first; `?open=1` for open ones only.

    Paged in creation order, not by due date: `due_at` may be empty, and a cursor cannot page on it."""

    serializer_class = CaseTaskSerializer
    cursor_ordering = ("created_at", "pk")
    permission_classes = [OfficerOrScopedClient]
    required_scopes = ["tasks"]

    def get_queryset(self):
        tasks = (
            CaseTask.objects.filter(council_id__in=api_council_ids(self.request))
            .select_related("case", "team", "task__owner")
            .order_by(*self.cursor_ordering)
        )
        if self.request.query_params.get("open") == "1":
            tasks = tasks.filter(is_open=True)
        return tasks


@_documented(
    ServiceSerializer,
    what="service",
    lookup=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The service's id.")],
)
class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """Services of the councils you work for or design for."""

    serializer_class = ServiceSerializer
    cursor_ordering = ("pk",)
    permission_classes = [OfficerOrScopedClient]
    required_scopes = ["cases:read"]

    def get_queryset(self):
        return (
            Service.objects.filter(council_id__in=api_council_ids(self.request, "work_cases", "design_services"))
            .select_related("council", "form", "workflow")
            .order_by(*self.cursor_ordering)
        )
