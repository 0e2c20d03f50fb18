"""Connectors' side of erasure: the case's delivery payloads and replies, and its webhook results, are blanked.

A pending email about an erased case would send no body, so it is cancelled; sent and dead rows keep their
status, kind, purpose, dates and attempt count (delivery figures stay), not what they carried.
"""

from __future__ import annotations

from typing import Any

from .models import Delivery, InboundEvent

REMOVED = {"removed": "personal data removed"}


def case_deliveries_erase(sender: Any, *, case: Any, **kwargs: Any) -> None:
    """Receiver of casework.ports.case_personal_data_erased (runs in the erasure's transaction)."""
    deliveries = Delivery.objects.filter(case_id=case.pk)
    deliveries.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]).update(
        status=Delivery.Status.CANCELLED
    )
    deliveries.update(payload=REMOVED, response={}, last_error="", attempt_log=[])
    InboundEvent.objects.filter(case_id=case.pk).update(result=REMOVED)
