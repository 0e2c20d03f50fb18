"""The scrape itself: who may read /metrics, and the exposition (this process, or all gunicorn workers)."""

from __future__ import annotations

import hmac
import ipaddress
import os

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from portal.ratelimit import client_address

from .metrics import COLLECTOR


def metrics_access_allowed(request: HttpRequest) -> bool:
    """A matching `Authorization: Bearer <METRICS_TOKEN>`, or a client address inside METRICS_ALLOWED_NETWORKS."""
    token = getattr(settings, "METRICS_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip(), token):
        return True
    address = client_address(request)
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(net, strict=False) for net in getattr(settings, "METRICS_ALLOWED_NETWORKS", [])
    )


def _registry() -> CollectorRegistry:
    """Under gunicorn with PROMETHEUS_MULTIPROC_DIR, the request figures of every worker process, plus ours."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(COLLECTOR)
    return registry


def metrics_scrape(request: HttpRequest) -> HttpResponse:
    if not metrics_access_allowed(request):
        return JsonResponse(
            {"detail": "Metrics need Authorization: Bearer <METRICS_TOKEN> or an address in METRICS_ALLOWED_NETWORKS."},
            status=403,
        )
    return HttpResponse(
        generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"}
    )
