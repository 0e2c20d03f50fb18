"""Admin for connectors (write-only secrets, dead-letter counts) and the delivery log (retry/cancel)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from connectors.gazetteer import GazetteerInvalid, gazetteer_replace, gazetteer_rows_from_text
from connectors.models import INBOUND_SECRET, AddressFinder, Connector, Delivery, connector_destination
from connectors.services import delivery_cancel, delivery_retry
from connectors.types.registry import UnknownConnectorType, connector_type_choices, connector_type_get, connector_types

from .scoping import CouncilScopedAdmin

DESTINATION_CHANGED = "Enter it again: the connector's host, port, scheme or type changed, and stored secrets are never sent to a new destination."


def _secret_names() -> list[str]:
    names: list[str] = []
    for plugin in connector_types:
        names += [n for n in plugin.secret_names if n not in names]
    return [*names, INBOUND_SECRET]


class ConnectorForm(forms.ModelForm):
    """Secrets are write-only: the inputs never render a stored value; blank keeps what is stored.

    Blank keeps a secret only while the destination (type, scheme, host, port) stays the same: after a
    change every stored secret is forgotten, and those the new configuration needs must be typed again.
    """

    clear_secrets = forms.BooleanField(required=False, help_text="Forget every stored secret of this connector.")

    class Meta:
        model = Connector
        fields = ["council", "name", "slug", "kind", "config", "is_active", "max_attempts"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(choices=connector_type_choices())
        stored = (self.instance.secrets or {}) if self.instance.pk else {}
        for name in _secret_names():
            self.fields[f"secret_{name}"].help_text = (
                "Stored; leave blank to keep it. A new host, port, scheme or type needs it typed again."
                if stored.get(name)
                else "Not set."
            )

    def clean(self):
        cleaned = super().clean()
        kind, config = cleaned.get("kind", ""), cleaned.get("config") or {}
        try:
            errors = connector_type_get(kind).config_errors(config)
        except UnknownConnectorType as exc:
            errors = [str(exc)]
        for error in errors:
            self.add_error("config", error)
        if not errors:
            self._secrets_take(kind, config)
        return cleaned

    def _secrets_take(self, kind: str, config: dict) -> None:
        """Hand the model the secrets for the destination being saved; it checks them in full_clean."""
        connector = self.instance
        moved = bool(connector.pk) and connector_destination(kind, config) != connector.secrets_destination
        kept = {} if moved or self.cleaned_data.get("clear_secrets") else dict(connector.secrets or {})
        typed = {name: self.cleaned_data.get(f"secret_{name}") for name in _secret_names()}
        connector.kind, connector.config = kind, config  # so the model sees the destination being saved
        connector.secrets_enter({**kept, **{n: v for n, v in typed.items() if v}})
        for name in connector.secrets_missing() if moved else []:
            if f"secret_{name}" in self.fields:
                self.add_error(f"secret_{name}", DESTINATION_CHANGED)

    def save(self, commit=True):
        connector = super().save(commit=False)  # the secrets were handed over in clean()
        if commit:
            connector.save()
        return connector


for _name in _secret_names():  # declared on the class so the admin's form factory knows them
    ConnectorForm.base_fields[f"secret_{_name}"] = ConnectorForm.declared_fields[f"secret_{_name}"] = forms.CharField(
        required=False,
        label=_name.replace("_", " "),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )


@admin.register(Connector)
class ConnectorAdmin(CouncilScopedAdmin):
    """The changelist is the health page: dead letters and backlog per connector."""

    form = ConnectorForm
    list_display = ["name", "council", "slug", "kind", "is_active", "dead_letters", "backlog"]
    list_filter = ["kind", "is_active", "council"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("council")
            .annotate(
                dead_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.DEAD)),
                backlog_count=Count(
                    "deliveries", filter=Q(deliveries__status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING])
                ),
            )
        )

    def get_fieldsets(self, request, obj=None):
        secret_fields = [f"secret_{name}" for name in _secret_names()]
        return [
            (None, {"fields": ["council", "name", "slug", "kind", "config", "is_active", "max_attempts"]}),
            ("Secrets (write-only, encrypted at rest)", {"fields": [*secret_fields, "clear_secrets"]}),
        ]

    @admin.display(description="Dead letters", ordering="dead_count")
    def dead_letters(self, obj) -> int:
        return obj.dead_count

    @admin.display(description="Pending", ordering="backlog_count")
    def backlog(self, obj) -> int:
        return obj.backlog_count


@admin.register(Delivery)
class DeliveryAdmin(CouncilScopedAdmin):
    list_display = [
        "pk",
        "council",
        "case",
        "connector",
        "kind",
        "purpose",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "kind", "council", "connector", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["case__reference", "purpose", "last_error"]
    list_select_related = ["council", "case", "connector"]
    actions = ["retry_deliveries", "cancel_deliveries"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    @admin.display(description="Last error")
    def short_error(self, obj) -> str:
        return obj.last_error[:80]

    @admin.action(description="Retry now (dead, cancelled or waiting deliveries)")
    def retry_deliveries(self, request, queryset):
        count = sum(1 for delivery in queryset if delivery_retry(delivery, actor=request.user))
        self.message_user(request, f"{count} deliveries queued to send again.", messages.SUCCESS)

    @admin.action(description="Cancel (pending or dead deliveries)")
    def cancel_deliveries(self, request, queryset):
        count = sum(1 for delivery in queryset if delivery_cancel(delivery, actor=request.user))
        self.message_user(request, f"{count} deliveries cancelled.", messages.SUCCESS)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_module_permission(request):
            return {}
        return actions


class AddressFinderForm(forms.ModelForm):
    """The OS Places key is write-only (blank keeps it); a gazetteer CSV is checked whole before it replaces anything."""

    api_key = forms.CharField(
        required=False,
        label="OS Places API key",
        help_text="Write-only; leave blank to keep the stored key. Without one, OS_PLACES_API_KEY is used.",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    os_places_url = forms.URLField(
        label="OS Places URL",
        assume_scheme="https",
        initial="https://api.os.uk/search/places/v1",
        help_text="The API's base address; /postcode is added.",
    )
    gazetteer_csv = forms.FileField(
        required=False,
        label="Gazetteer CSV",
        help_text="An LLPG / AddressBase extract (UPRN, USRN, ADDRESS or PAO/STREET_DESCRIPTION, TOWN_NAME, "
        "POSTCODE_LOCATOR, X_COORDINATE, Y_COORDINATE, LATITUDE, LONGITUDE). It replaces the council's addresses.",
    )

    class Meta:
        model = AddressFinder
        fields = ["council", "provider", "os_places_url"]

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        upload, council = cleaned.get("gazetteer_csv"), cleaned.get("council")
        self.gazetteer_rows = None
        if upload and council:
            try:
                text = upload.read().decode("utf-8-sig")
                self.gazetteer_rows = gazetteer_rows_from_text(council=council, text=text)
            except UnicodeDecodeError:
                self.add_error("gazetteer_csv", f"{upload.name}: not UTF-8 text; save the extract as CSV UTF-8")
            except GazetteerInvalid as exc:
                self.add_error("gazetteer_csv", f"{upload.name}: {exc}")
        if cleaned.get("api_key"):
            self.instance.secrets = {**(self.instance.secrets or {}), "api_key": cleaned["api_key"]}
        return cleaned


@admin.register(AddressFinder)
class AddressFinderAdmin(CouncilScopedAdmin):
    """Per council: which provider "find an address" questions use, and its embedded gazetteer's addresses."""

    council_permission = "administer"
    form = AddressFinderForm
    list_display = ["council", "provider", "addresses"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("council")
            .annotate(address_count=Count("council__gazetteer_addresses"))
        )

    @admin.display(description="Gazetteer addresses", ordering="address_count")
    def addresses(self, obj: AddressFinder) -> int:
        return obj.address_count  # type: ignore[attr-defined]

    def save_model(self, request: HttpRequest, obj: AddressFinder, form: AddressFinderForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if form.gazetteer_rows is not None:
            loaded = gazetteer_replace(council=obj.council, rows=form.gazetteer_rows)
            messages.success(request, f"{loaded} addresses loaded into {obj.council}'s gazetteer.")
