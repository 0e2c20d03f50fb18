"""Admin for a council's GOV.UK Notify account for residents: templates, and a write-only key and receipts token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from connectors.models import ResidentNotify
from connectors.resident_notify import RECEIPT_TOKEN

from .scoping import CouncilScopedAdmin

KEY_AGAIN = "Enter the API key again: the Notify API URL changed, and a stored key is never sent to another URL."


def _secret_field(label: str, help_text: str, *, min_length: int = 0) -> forms.CharField:
    return forms.CharField(
        required=False,
        label=label,
        min_length=min_length or None,
        help_text=help_text,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )


class ResidentNotifyForm(forms.ModelForm):
    """The key and token are write-only: blank keeps the stored one (the key only while the API URL stays)."""

    api_key = _secret_field(
        "API key", "Write-only; leave blank to keep the stored key. A live or team key from Notify."
    )
    receipt_token = _secret_field(
        "Receipts bearer token",
        "Write-only; the token you give Notify for delivery receipts (at least 10 characters). "
        "Blank keeps the stored one.",
        min_length=10,
    )
    base_url = forms.URLField(
        label="Notify API URL",
        assume_scheme="https",
        initial="https://api.notifications.service.gov.uk",
        help_text="Notify's API address; only change it for a test stand-in.",
    )
    clear_receipt_token = forms.BooleanField(required=False, help_text="Stop taking delivery receipts.")

    class Meta:
        model = ResidentNotify
        fields = ["council", "is_active", "base_url", "email_template_id", "sms_template_id", "templates"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = (self.instance.secrets or {}) if self.instance.pk else {}
        if stored.get("api_key"):
            self.fields["api_key"].help_text = "A key is stored (never shown). " + self.fields["api_key"].help_text
        if stored.get(RECEIPT_TOKEN):
            self.fields["receipt_token"].help_text = "A token is stored (never shown). " + str(
                self.fields["receipt_token"].help_text
            )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        notify = self.instance
        secrets = dict(notify.secrets or {}) if notify.pk else {}
        base_url = cleaned.get("base_url") or notify.base_url
        if cleaned.get("api_key"):
            secrets["api_key"] = cleaned["api_key"]
            notify.secrets_base_url = base_url
        elif base_url != notify.secrets_base_url:
            secrets.pop("api_key", None)
            self.add_error("api_key", KEY_AGAIN if notify.pk and notify.secrets_base_url else "Enter the API key")
        if cleaned.get("clear_receipt_token"):
            secrets.pop(RECEIPT_TOKEN, None)
        elif cleaned.get("receipt_token"):
            secrets[RECEIPT_TOKEN] = cleaned["receipt_token"]
        notify.secrets = secrets
        return cleaned


@admin.register(ResidentNotify)
class ResidentNotifyAdmin(CouncilScopedAdmin):
    """Per council: send everything residents receive through GOV.UK Notify (email, and SMS by phone only)."""

    council_permission = "administer"
    form = ResidentNotifyForm
    list_display = ["council", "is_active", "email_template_id", "sms_template_id", "receipts"]
    readonly_fields = ["receipts_url"]
    fieldsets = [
        (None, {"fields": ["council", "is_active", "base_url"]}),
        ("Templates", {"fields": ["email_template_id", "sms_template_id", "templates"]}),
        (
            "Secrets (write-only, encrypted at rest)",
            {"fields": ["api_key", "receipt_token", "clear_receipt_token", "receipts_url"]},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("council")

    @admin.display(description="Delivery receipts", boolean=True)
    def receipts(self, obj: ResidentNotify) -> bool:
        return bool(obj.secret(RECEIPT_TOKEN))

    @admin.display(description="Receipts callback URL (give it to Notify with the token)")
    def receipts_url(self, obj: ResidentNotify) -> str:
        if not obj.pk:
            return "Shown once saved."
        return settings.SITE_URL.rstrip("/") + reverse("hooks:notify_receipts", args=[obj.council.slug])
