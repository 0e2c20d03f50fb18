"""Studio URLs for the services pages, and the version / compare / publish / JSON pages of both definition kinds."""

from __future__ import annotations

from django.urls import path

from . import definition_views, service_views

urlpatterns = [
    path("start/", service_views.service_start, name="service_start"),
    path("<int:pk>/", service_views.service_detail, name="service_detail"),
    path("<int:pk>/live/", service_views.service_live, name="service_live"),
    path(
        "definitions/<slug:kind>/<int:pk>/versions/",
        definition_views.definition_versions_page,
        name="definition_versions",
    ),
    path("definitions/<slug:kind>/<int:pk>/json/", definition_views.definition_json, name="definition_json"),
    path("definitions/<slug:kind>/<int:pk>/publish/", definition_views.definition_publish, name="definition_publish"),
    path(
        "definitions/<slug:kind>/<int:pk>/new-draft/",
        definition_views.definition_new_draft,
        name="definition_new_draft",
    ),
]
