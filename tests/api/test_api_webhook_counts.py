"""A council's active-webhook count stays exact, so a submission may skip the subscription look-up at 0."""

from __future__ import annotations

import pytest

from api.services import api_client_revoke
from api.webhooks import webhook_subscribe, webhook_unsubscribe
from connectors.models import Delivery
from councils.models import Council


def _count(slug: str) -> int:
    return Council.objects.get(slug=slug).active_webhooks


@pytest.mark.django_db
def test_the_count_follows_subscribing_unsubscribing_revoking_and_deleting(demo, bearer, receiver, submit_missed_bin):
    crm = bearer("riverside", "events")
    assert _count("riverside") == 0
    first, _ = webhook_subscribe(client=crm.client_row, url=receiver.url, kinds=[])
    second, _ = webhook_subscribe(client=crm.client_row, url=receiver.url, kinds=["submitted"])
    assert (_count("riverside"), _count("hillford")) == (2, 0)

    submit_missed_bin(demo.service("riverside", "missed-bin"))  # a fresh council row, as a new request reads it
    assert Delivery.objects.filter(purpose="api_webhook").count() == 3 + 1  # three events to one, "submitted" to two

    webhook_unsubscribe(subscription=first)
    assert _count("riverside") == 1
    second.delete()
    assert _count("riverside") == 0
    submit_missed_bin(demo.service("riverside", "missed-bin"))
    assert Delivery.objects.filter(purpose="api_webhook").count() == 4  # none subscribed: nothing looked up or sent

    webhook_subscribe(client=crm.client_row, url=receiver.url, kinds=[])
    assert _count("riverside") == 1
    api_client_revoke(client=crm.client_row)
    assert _count("riverside") == 0  # a revoked client's subscriptions send nothing
