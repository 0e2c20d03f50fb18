"""Friendly 404 and 500 pages: GOV.UK style for residents, the officer style for staff paths."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

# Paths whose pages are officer pages; everything else is the resident portal.
OFFICER_PREFIXES = ("/work/", "/admin/", "/reports/", "/sharing/", "/accounts/", "/api/")


def error_style(path: str) -> str:
    """'officer' or 'resident': the look of the site the visitor was on."""
    return "officer" if path.startswith(OFFICER_PREFIXES) else "resident"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, f"errors/{error_style(request.path)}_404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """No context processors: the database or the session may be what failed."""
    template = loader.get_template(f"errors/{error_style(request.path)}_500.html")
    return HttpResponseServerError(template.render({"request": request}))
