"""/healthz, /readyz and /metrics, answered before any other middleware.

Probes and scrapers reach a pod by its IP, over plain HTTP: answering here, ahead of SecurityMiddleware
and CommonMiddleware, means ALLOWED_HOSTS and SECURE_SSL_REDIRECT do not turn them into 400s and 301s.
Nothing here reads the session or the user.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse

from .readiness import readiness_run

PROBE_HEADERS = {"Cache-Control": "no-store"}


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answering; says nothing about what it depends on (that is /readyz)."""
    return JsonResponse({"status": "ok"}, headers=PROBE_HEADERS)


def readyz(request: HttpRequest) -> HttpResponse:
    """200 when every configured part answers, else 503; the body names each check and why it failed."""
    results = readiness_run()
    ready = all(result.status != "failed" for result in results)
    body = {
        "status": "ready" if ready else "not ready",
        "failed": [result.name for result in results if result.status == "failed"],
        "checks": {result.name: result.as_json() for result in results},
    }
    return JsonResponse(body, status=200 if ready else 503, headers=PROBE_HEADERS)


def metrics(request: HttpRequest) -> HttpResponse:
    from .metrics_views import metrics_scrape  # prometheus_client is only loaded when scraped

    return metrics_scrape(request)


ROUTES: dict[str, Callable[[HttpRequest], HttpResponse]] = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics}


class ProbeMiddleware:
    """First in MIDDLEWARE: answers the probe paths itself and passes everything else on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = ROUTES.get(request.path_info.rstrip("/") or "/")
        if view is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request)
