"""The real URLs plus two views that fail, to show the 500 pages (a test cannot break a real view on purpose)."""

from __future__ import annotations

from django.urls import path

from councilflow.urls import handler404, handler500  # noqa: F401
from councilflow.urls import urlpatterns as real_urlpatterns


def fails(request):
    raise RuntimeError("forced failure for the 500 page test")


urlpatterns = [path("work/fails/", fails), path("riverside/fails/", fails), *real_urlpatterns]
