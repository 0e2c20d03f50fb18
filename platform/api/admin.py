"""The council administrator's page for API clients: register, rotate the secret, revoke.

Only councils the person administers are listed or offered; a secret is shown once, on the page that answers
the register or rotate POST (never stored in clear, never put in a message cookie or a log)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from councils.models import Council
from councils.scoping import council_ids_for

from .models import API_SCOPES, ApiClient
from .services import ApiClientInvalid, api_client_register, api_client_revoke, api_client_rotate


class ApiClientRegisterForm(forms.Form):
    council = forms.ModelChoiceField(queryset=Council.objects.none())
    name = forms.CharField(max_length=200, help_text="The back-office system, e.g. “Riverside CRM”.")
    scopes = forms.MultipleChoiceField(
        choices=list(API_SCOPES.items()), widget=forms.CheckboxSelectMultiple, help_text="Give only what it needs."
    )

    def __init__(self, *args: Any, council_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council_field = self.fields["council"]
        assert isinstance(council_field, forms.ModelChoiceField)
        council_field.queryset = Council.objects.filter(pk__in=council_ids)  # a forged pk is invalid


class OwnCouncilsFilter(admin.RelatedFieldListFilter):
    """ "By council" names only the councils the person administers (never another council's name)."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        own = Q(pk__in=council_ids_for(request.user, "administer"))
        return field.get_choices(include_blank=False, limit_choices_to=own)


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "council", "scope_list", "created_at", "state"]
    list_filter = [("council", OwnCouncilsFilter)]
    readonly_fields = ["name", "client_id", "council", "scopes", "user", "created_at", "revoked_at"]
    fields = ["name", "client_id", "council", "scopes", "user", "created_at", "revoked_at"]
    change_form_template = "api/admin/client_change.html"

    def _ids(self, request: HttpRequest) -> list[int]:
        return council_ids_for(request.user, "administer")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiClient]:
        return (
            super()
            .get_queryset(request)
            .filter(council_id__in=self._ids(request))
            .select_related("application", "council")
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(self._ids(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(self._ids(request)) and (obj is None or obj.council_id in self._ids(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(self._ids(request))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # nothing is edited in place: rotate and revoke are their own buttons

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, not deleted: its timeline entries keep naming it

    @admin.display(description="Name", ordering="application__name")
    def name(self, obj: ApiClient) -> str:
        return obj.application.name

    @admin.display(description="Client id")
    def client_id(self, obj: ApiClient) -> str:
        return obj.application.client_id

    @admin.display(description="Scopes")
    def scope_list(self, obj: ApiClient) -> str:
        return ", ".join(obj.scopes)

    @admin.display(description="State")
    def state(self, obj: ApiClient) -> str:
        return f"Revoked {obj.revoked_at:%d %b %Y}" if obj.revoked_at else "Active"

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/rotate/", wrap(require_POST(self.rotate_view)), name="api_apiclient_rotate"),
            path("<int:pk>/revoke/", wrap(require_POST(self.revoke_view)), name="api_apiclient_revoke"),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ApiClientRegisterForm(request.POST or None, council_ids=self._ids(request))
        if request.method == "POST" and form.is_valid():
            try:
                client, secret = api_client_register(
                    council=form.cleaned_data["council"],
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                )
            except ApiClientInvalid as exc:
                field, _, message = str(exc).partition(": ")
                form.add_error(field if field in form.fields else None, message or str(exc))
            else:
                return self._secret_page(request, client, secret, title="API client registered")
        context = {
            **self.admin_site.each_context(request),
            "title": "Register an API client",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request, "api/admin/client_register.html", context
        )  # errors re-render at 200, as every admin form does

    def rotate_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        client = self._own(request, pk)
        try:
            secret = api_client_rotate(client=client)
        except ApiClientInvalid as exc:
            messages.error(request, str(exc).partition(": ")[2])
            return HttpResponseRedirect(reverse("admin:api_apiclient_change", args=[pk]))
        return self._secret_page(request, client, secret, title="New secret made")

    def revoke_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        client = api_client_revoke(client=self._own(request, pk))
        messages.success(request, f"{client.application.name} is revoked: its tokens no longer work.")
        return HttpResponseRedirect(reverse("admin:api_apiclient_change", args=[pk]))

    def _own(self, request: HttpRequest, pk: int) -> ApiClient:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def _secret_page(self, request: HttpRequest, client: ApiClient, secret: str, *, title: str) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "client": client,
            "secret": secret,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "api/admin/client_secret.html", context)
        response["Cache-Control"] = "no-store"  # the secret must not be kept by a browser or proxy cache
        return response
