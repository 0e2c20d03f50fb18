"""Keep guardian permissions in step with roles, whichever way a role or partnership changes."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Council, Membership, Partnership, PartnershipMembership
from .permissions import (
    council_permissions_sync,
    partnership_council_joined,
    partnership_council_left,
    partnership_permissions_sync,
)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance: Membership, **kwargs) -> None:
    council_permissions_sync(instance.user, instance.council)


@receiver(post_save, sender=PartnershipMembership)
@receiver(post_delete, sender=PartnershipMembership)
def partnership_membership_changed(sender, instance: PartnershipMembership, **kwargs) -> None:
    partnership_permissions_sync(instance.user, instance.partnership)


@receiver(m2m_changed, sender=Council.partnerships.through)
def council_partnerships_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    if action not in ("post_add", "pre_remove"):
        return
    pairs = (
        [(instance, p) for p in Partnership.objects.filter(pk__in=pk_set)]
        if isinstance(instance, Council)
        else [(c, instance) for c in Council.objects.filter(pk__in=pk_set)]
    )
    for council, partnership in pairs:
        if action == "post_add":
            partnership_council_joined(partnership, council)
        else:
            partnership_council_left(partnership, council)
