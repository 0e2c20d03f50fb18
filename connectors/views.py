"""Inbound webhooks, GOV.UK Notify receipts and the staff health page; thin: parse, call a service, answer."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from councilflow.json_limits import JSONRefused, json_parse

from .inbound import InboundRejected, inbound_authenticate, inbound_event_apply, inbound_parse
from .models import Connector
from .resident_notify import (
    RECEIPT_MAX_BYTES,
    ReceiptRejected,
    notify_receipt_apply,
    notify_receipt_authenticate,
    notify_receipt_parse,
    resident_notify_for_slug,
)
from .selectors import connector_health_rows, unbound_dead_count
from .signing import SIGNATURE_HEADER, TIMESTAMP_HEADER


@csrf_exempt  # machine-to-machine: the HMAC signature is the authentication
@require_POST
def inbound_webhook(request: HttpRequest, council: str, connector: str) -> JsonResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = settings.CONNECTOR_WEBHOOK_MAX_BYTES
    if length > limit:
        return _error(413, f"Body larger than {limit} bytes")
    found = (
        Connector.objects.select_related("council")
        .filter(council__slug=council, slug=connector, is_active=True)
        .first()
    )
    if found is None:
        return _error(404, "Unknown connector")
    try:
        body = request.body
    except RequestDataTooBig:
        return _error(413, f"Body larger than {limit} bytes")
    if len(body) > limit:
        return _error(413, f"Body larger than {limit} bytes")
    try:
        inbound_authenticate(
            found,
            body=body,
            timestamp=request.headers.get(TIMESTAMP_HEADER, ""),
            signature=request.headers.get(SIGNATURE_HEADER, ""),
        )
        event = inbound_parse(found, body=body)
        result = inbound_event_apply(found, event=event)
    except InboundRejected as rejected:
        return _error(rejected.status, rejected.message)
    return JsonResponse(result, status=200)


@csrf_exempt  # machine-to-machine: the bearer token given to Notify is the authentication
@require_POST
def notify_receipt(request: HttpRequest, council: str) -> JsonResponse:
    """Notify's delivery receipt callback for one council's residents' messages."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > RECEIPT_MAX_BYTES:
        return _error(413, f"Body larger than {RECEIPT_MAX_BYTES} bytes")
    try:
        notify = notify_receipt_authenticate(
            resident_notify_for_slug(council), authorization=request.headers.get("Authorization", "")
        )
        try:
            document = json_parse(request.body, max_bytes=RECEIPT_MAX_BYTES, max_depth=8, what="The receipt")
        except (JSONRefused, RequestDataTooBig) as exc:
            raise ReceiptRejected(413 if getattr(exc, "limit", "size") == "size" else 400, str(exc)) from exc
        result = notify_receipt_apply(notify, receipt=notify_receipt_parse(document))
    except ReceiptRejected as rejected:
        return _error(rejected.status, rejected.message)
    return JsonResponse(result, status=200)


@staff_member_required
@require_GET
def connector_health(request: HttpRequest) -> JsonResponse:
    """Dead letters and backlog per connector, for the councils the staff user designs services for."""
    return JsonResponse(
        {"connectors": connector_health_rows(request.user), "unbound_dead": unbound_dead_count(request.user)}
    )


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)
