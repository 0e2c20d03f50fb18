"""Sends due deliveries with retries and exponential backoff; dead-letters after the last attempt.

Rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, so several workers (or
Celery) can run; SQLite serialises writers, which gives the same one-worker-per-row guarantee.
Per-case ordering: a delivery is not claimed while an earlier one of the same case to the same
connector is pending or sending (a dead or cancelled one no longer blocks; emails are not ordered).
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Min, Q, Subquery
from django.utils import timezone

from .celery_app import DELIVERY_SEND_TASK
from .celery_app import app as celery_app
from .dispatch import connector_delivery_send
from .models import Delivery
from .resident_notify import resident_notify_send
from .services import delivery_mark_dead, delivery_mark_sent
from .types.base import DeliveryRejected, SendResult

logger = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 8
IN_FLIGHT = (Delivery.Status.PENDING, Delivery.Status.SENDING)


def delivery_backoff(attempts: int) -> timedelta:
    """Exponential backoff with full jitter: up to base * 2^(attempts-1) seconds, capped."""
    base = float(getattr(settings, "CONNECTOR_BACKOFF_BASE_SECONDS", 2.0))
    cap = float(getattr(settings, "CONNECTOR_BACKOFF_MAX_SECONDS", 3600.0))
    return timedelta(seconds=random.uniform(0, min(cap, base * 2 ** max(0, attempts - 1))))


def deliveries_claim_due(batch: int = 50) -> list[int]:
    """Move up to `batch` due deliveries to SENDING (each the oldest in flight for its case and connector).

    The heads of line are found in one grouped pass over in-flight rows, rather than a per-row
    "is there an earlier one" probe, so a large backlog stays cheap to claim from.
    """
    heads = (
        Delivery.objects.filter(status__in=IN_FLIGHT, case__isnull=False, connector__isnull=False)
        .values("case_id", "connector_id")
        .annotate(head=Min("pk"))
        .values("head")
    )
    with transaction.atomic():
        due = (
            Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now())
            .filter(Q(case__isnull=True) | Q(connector__isnull=True) | Q(pk__in=Subquery(heads)))
            .order_by("next_attempt_at", "pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:batch])
        Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.SENDING, next_attempt_at=timezone.now())
    return ids


def delivery_send(delivery: Delivery) -> SendResult:
    """Send one delivery; raises on failure so the caller can schedule a retry."""
    if delivery.kind in (Delivery.Kind.EMAIL, Delivery.Kind.SMS) and (
        delivery.kind == Delivery.Kind.SMS or delivery.payload.get("resident")
    ):
        through_notify = resident_notify_send(delivery)  # the council's GOV.UK Notify, when it has one
        if through_notify is not None:
            return through_notify
    if delivery.kind == Delivery.Kind.EMAIL:
        payload = delivery.payload
        EmailMessage(
            payload["subject"],
            payload["body"],
            None,
            payload["to"],
            headers={"Idempotency-Key": str(delivery.idempotency_key)},
        ).send(fail_silently=False)
        return SendResult()
    return connector_delivery_send(delivery)


def delivery_process(pk: int) -> bool:
    """Send one claimed (SENDING) delivery and record the outcome; returns whether it was sent."""
    delivery = Delivery.objects.select_related("connector", "case").get(pk=pk)
    if delivery.status != Delivery.Status.SENDING:
        return False  # cancelled meanwhile, or already handled by another worker
    delivery.attempts += 1
    try:
        result = delivery_send(delivery)
    except Exception as exc:  # any failure of the far side is recorded and retried, never lost
        _record_failure(delivery, exc)
        return False
    delivery_mark_sent(delivery, response=result.response, reply=result.reply)
    return True


def _record_failure(delivery: Delivery, exc: Exception) -> None:
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    limit = delivery.connector.max_attempts if delivery.connector_id else MAX_EMAIL_ATTEMPTS
    entry = {"attempt": delivery.attempts, "at": timezone.now().isoformat(), "error": delivery.last_error[:300]}
    if isinstance(exc, DeliveryRejected) or delivery.attempts >= limit:
        delivery.attempt_log = [*delivery.attempt_log, entry]
        delivery.save(update_fields=["attempt_log"])
        delivery_mark_dead(delivery)
        return
    backoff = delivery_backoff(delivery.attempts)
    entry["backoff_seconds"] = round(backoff.total_seconds(), 3)
    delivery.attempt_log = [*delivery.attempt_log, entry]
    delivery.status = Delivery.Status.PENDING
    delivery.next_attempt_at = timezone.now() + backoff
    logger.info(
        "Delivery %s attempt %s failed, retry in %.1fs: %s",
        delivery.pk,
        delivery.attempts,
        backoff.total_seconds(),
        delivery.last_error,
    )
    delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "attempt_log"])


def deliveries_send_due(batch: int = 50) -> int:
    """One worker pass (in this process, or handed to Celery when it is configured); returns how many were sent or handed over."""
    ids = deliveries_claim_due(batch)
    if celery_enabled():
        for pk in ids:  # by name: tasks.py wraps this module, so this module does not import it
            celery_app.send_task(DELIVERY_SEND_TASK, args=[pk])
        return len(ids)
    sent = 0
    for pk in ids:
        try:
            sent += delivery_process(pk)
        except Exception:  # recording the outcome failed (e.g. resuming the workflow): the row stays
            # SENDING, is released after CONNECTOR_STUCK_AFTER_SECONDS and resent with the same key;
            # the worker goes on with the other rows instead of dying.
            logger.exception("Delivery %s: recording the outcome failed; it will be retried", pk)
    return sent


def celery_enabled() -> bool:
    return bool(getattr(settings, "CELERY_BROKER_URL", ""))


def deliveries_release_stuck(older_than: timedelta | None = None) -> int:
    """A worker killed mid-send leaves rows in SENDING; put them back in the queue (same idempotency key)."""
    if older_than is None:
        older_than = timedelta(seconds=float(getattr(settings, "CONNECTOR_STUCK_AFTER_SECONDS", 600)))
    cutoff = timezone.now() - older_than
    return Delivery.objects.filter(status=Delivery.Status.SENDING, next_attempt_at__lte=cutoff).update(
        status=Delivery.Status.PENDING
    )
