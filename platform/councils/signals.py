"""Keep guardian permissions in step with memberships, whichever way a membership changes."""
from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Membership
from .permissions import council_permissions_sync


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance: Membership, **kwargs) -> None:
    council_permissions_sync(instance.user, instance.council)
