"""Studio URLs for the services pages (one module per area so the areas grow independently)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
