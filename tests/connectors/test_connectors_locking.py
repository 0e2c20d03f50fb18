"""PostgreSQL: workers claim with SKIP LOCKED, so a row being claimed elsewhere is skipped, not waited for."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from connectors.models import Delivery
from connectors.services import connector_call_enqueue
from connectors.worker import deliveries_claim_due


@pytest.mark.postgres
def test_a_second_worker_skips_rows_locked_by_the_first(transactional_db, demo, rest_connector, submit_missed_bin):
    rest_connector()
    service = demo.service("riverside", "missed-bin")
    for _ in range(4):
        connector_call_enqueue(submit_missed_bin(service), slot="crm", step_id="s", reply_task_id=None)
    Delivery.objects.filter(kind="email").update(status="cancelled")
    ids = list(Delivery.objects.filter(kind="connector").order_by("pk").values_list("pk", flat=True))
    claimed: list[int] = []

    def second_worker() -> None:
        try:
            claimed.extend(deliveries_claim_due(10))
        finally:
            connection.close()

    with transaction.atomic():  # the first worker, mid-claim, holds row locks on two rows
        list(Delivery.objects.select_for_update().filter(pk__in=ids[:2]))
        thread = threading.Thread(target=second_worker)
        thread.start()
        thread.join(10)
        assert not thread.is_alive(), "the second worker waited for the lock instead of skipping"
    assert sorted(claimed) == ids[2:]
    assert list(Delivery.objects.filter(pk__in=ids[:2]).values_list("status", flat=True)) == ["pending", "pending"]
