"""Studio URLs, mounted at /admin/studio/ (inside the admin's login and scoping)."""

from __future__ import annotations

from django.urls import include, path

from . import views

app_name = "studio"

urlpatterns = [
    path("", views.studio_index, name="index"),
    path("forms/", include("admin_ext.studio.urls_forms")),
    path("workflows/", include("admin_ext.studio.urls_workflows")),
    path("services/", include("admin_ext.studio.urls_services")),
]
