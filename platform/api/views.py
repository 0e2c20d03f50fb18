"""REST API views: read-only, and every queryset starts from the scoping layer (another council's row is a 404)."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from casework.models import Case, CaseTask, Service
from councils.scoping import council_ids_for, scope_to_councils

from .serializers import CaseDetailSerializer, CaseSerializer, CaseTaskSerializer, ServiceSerializer


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases of the councils whose cases you work on, newest first."""

    lookup_field = "reference"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        cases = scope_to_councils(Case.objects.all(), self.request.user).select_related("council", "service").order_by("-submitted_at")
        if self.action == "retrieve":
            cases = cases.prefetch_related("case_tasks__team", "case_tasks__task__owner")
        return cases

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer


@extend_schema_view(retrieve=extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The task's id.")]))
class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """Tasks of the councils whose cases you work on; `?open=1` for open ones only."""

    serializer_class = CaseTaskSerializer

    def get_queryset(self):
        tasks = scope_to_councils(CaseTask.objects.all(), self.request.user).select_related("case", "team", "task__owner").order_by("due_at", "pk")
        if self.request.query_params.get("open") == "1":
            tasks = tasks.filter(is_open=True)
        return tasks


class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """Services of the councils you work for or design for."""

    serializer_class = ServiceSerializer

    def get_queryset(self):
        user = self.request.user
        council_ids = set(council_ids_for(user, "work_cases")) | set(council_ids_for(user, "design_services"))
        return Service.objects.filter(council_id__in=council_ids).select_related("council", "form", "workflow").order_by("council__slug", "slug")
