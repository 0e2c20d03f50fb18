"""Who must show a second factor, and the TOTP devices and recovery codes (django-otp) that provide it."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from councils.models import PartnershipMembership
from councils.scoping import council_ids_for

RECOVERY_CODE_COUNT = 10


def mfa_required_for(user: User | AnonymousUser) -> bool:
    """Staff who can change services or council settings: admins, designers, superusers, anyone with admin pages."""
    if not getattr(settings, "MFA_REQUIRED", True) or not user.is_authenticated:
        return False
    return bool(
        user.is_superuser
        or user.is_staff
        or council_ids_for(user, "design_services")
        or council_ids_for(user, "administer")
        or PartnershipMembership.objects.filter(user=user).exists()
    )


def mfa_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_pending(user: User) -> TOTPDevice:
    """The authenticator app being set up: an unconfirmed device, made once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending device with a first code; returns fresh recovery codes, or None for a wrong code."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new single-use ones (shown once, stored as django-otp tokens)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def mfa_throttled(user: User) -> bool:
    """django-otp is refusing codes for a while after wrong ones: say so rather than "did not match"."""
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True), *StaticDevice.objects.filter(user=user)]
    return bool(devices) and not any(device.verify_is_allowed()[0] for device in devices)


def mfa_code_check(*, user: User, code: str) -> bool:
    """A current authenticator code or an unused recovery code (which is then spent)."""
    cleaned = code.strip().replace(" ", "").replace("-", "")
    return bool(cleaned) and match_token(user, cleaned) is not None
