"""Reads about connectors and deliveries, scoped to the user's councils."""

from __future__ import annotations

from django.db.models import Count, Q

from councils.scoping import scope_to_councils

from .models import Connector, Delivery

HEALTH_PERMISSION = "design_services"


def connectors_with_counts(user):
    """Connectors the user may see, each annotated with dead / pending / sent delivery counts."""
    return scope_to_councils(Connector.objects.select_related("council"), user, perm=HEALTH_PERMISSION).annotate(
        dead_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.DEAD)),
        pending_count=Count(
            "deliveries", filter=Q(deliveries__status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING])
        ),
        sent_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
    )


def unbound_dead_count(user) -> int:
    """Dead connector deliveries that never found a connector (no binding for their slot)."""
    deliveries = Delivery.objects.filter(
        kind=Delivery.Kind.CONNECTOR, connector__isnull=True, status=Delivery.Status.DEAD
    )
    return scope_to_councils(deliveries, user, perm=HEALTH_PERMISSION).count()


def connector_health_rows(user) -> list[dict]:
    return [
        {
            "council": c.council.slug,
            "connector": c.slug,
            "kind": c.kind,
            "active": c.is_active,
            "dead": c.dead_count,
            "pending": c.pending_count,
            "sent": c.sent_count,
        }
        for c in connectors_with_counts(user)
    ]
