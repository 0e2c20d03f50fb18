"""Sends due deliveries with retries and exponential backoff; dead-letters after the last attempt.

Rows are claimed with SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, so several workers can run;
SQLite serialises writers, which gives the same one-worker-per-row guarantee.
"""
from __future__ import annotations

import logging
import random
from datetime import timedelta

from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone

from .models import Delivery

logger = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 8


def delivery_backoff(attempts: int) -> timedelta:
    """Exponential backoff with full jitter: up to 2^attempts seconds, capped at one hour."""
    return timedelta(seconds=random.uniform(0, min(3600, 2**attempts)))


def _claim_due(batch: int) -> list[int]:
    with transaction.atomic():
        due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now()).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:batch])
        Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.SENDING, next_attempt_at=timezone.now())
    return ids


def delivery_send(delivery: Delivery) -> None:
    """Send one delivery; raises on failure so the caller can schedule a retry."""
    if delivery.kind == Delivery.Kind.EMAIL:
        payload = delivery.payload
        send_mail(payload["subject"], payload["body"], None, payload["to"], fail_silently=False)
        return
    from .dispatch import connector_delivery_send

    connector_delivery_send(delivery)


def deliveries_send_due(batch: int = 50) -> int:
    """One worker pass; returns how many deliveries were sent."""
    sent = 0
    for pk in _claim_due(batch):
        delivery = Delivery.objects.get(pk=pk)
        delivery.attempts += 1
        try:
            delivery_send(delivery)
        except Exception as exc:  # any failure of the far side is recorded and retried, never lost
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            limit = delivery.connector.max_attempts if delivery.connector_id else MAX_EMAIL_ATTEMPTS
            if delivery.attempts >= limit:
                delivery.status = Delivery.Status.DEAD
                logger.warning("Delivery %s dead after %s attempts: %s", pk, delivery.attempts, delivery.last_error)
            else:
                delivery.status = Delivery.Status.PENDING
                delivery.next_attempt_at = timezone.now() + delivery_backoff(delivery.attempts)
            delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            continue
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["attempts", "status", "sent_at"])
        sent += 1
    return sent


def deliveries_release_stuck(older_than: timedelta = timedelta(minutes=10)) -> int:
    """A worker killed mid-send leaves rows in SENDING; put them back in the queue."""
    cutoff = timezone.now() - older_than
    return Delivery.objects.filter(status=Delivery.Status.SENDING, next_attempt_at__lte=cutoff).update(status=Delivery.Status.PENDING)
