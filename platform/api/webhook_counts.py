"""Each council's count of active webhook subscriptions (`Council.active_webhooks`), kept exact on every change.

A submission reads it from the council row it already holds and, at 0, skips the subscription look-up (issue
#21). The count is taken while the council row is locked, after the change that prompted it: of two concurrent
changes the later one counts both, so the column never says 0 while a subscription is active.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from councils.models import Council

from .models import ApiClient, WebhookSubscription


def council_webhooks_recount(*, council_id: int) -> int:
    """Store and return how many active subscriptions of unrevoked clients the council has."""
    with transaction.atomic():
        list(Council.objects.select_for_update().filter(pk=council_id).values_list("pk"))
        count = WebhookSubscription.objects.filter(
            client__council_id=council_id, is_active=True, client__revoked_at__isnull=True
        ).count()
        Council.objects.filter(pk=council_id).update(active_webhooks=count)
    return count


def _subscription_changed(sender: Any, instance: WebhookSubscription, **kwargs: Any) -> None:
    council_id = ApiClient.objects.filter(pk=instance.client_id).values_list("council_id", flat=True).first()
    if council_id is not None:
        council_webhooks_recount(council_id=council_id)


def _client_changed(sender: Any, instance: ApiClient, **kwargs: Any) -> None:
    council_webhooks_recount(council_id=instance.council_id)  # a revoked client's subscriptions stop counting


def webhook_counts_signals_connect() -> None:
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(_subscription_changed, sender=WebhookSubscription, weak=False, dispatch_uid=f"webhook_{name}")
    post_save.connect(_client_changed, sender=ApiClient, weak=False, dispatch_uid="api_client_saved_webhooks")
