"""Studio URLs for the workflows pages (one module per area so the areas grow independently)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import workflow_dry_run_views, workflow_import, workflow_views

urlpatterns: list[URLPattern] = [
    path("import-bpmn/", workflow_import.workflow_bpmn_import, name="workflow_bpmn_import"),
    path("<int:pk>/", workflow_views.workflow_edit, name="workflow_edit"),
    path("<int:pk>/diagram/", workflow_views.workflow_diagram_fragment, name="workflow_diagram"),
    path("<int:pk>/dry-run/", workflow_dry_run_views.workflow_dry_run, name="workflow_dry_run"),
]
