"""Generated admin tenancy matrix (#14.1): every registered ModelAdmin, every relation form field (inlines too),
every list filter and every autocomplete, as people of Riverside while Hillford holds one of everything.

Nothing here is hand-picked: admins, fields and filters come from `admin.site._registry` and the forms and
changelists it builds. Whether a row is "another council's" is decided by `owner_councils` below, which walks
the row's own foreign keys and is independent of the code under test (`councils.ownership`).
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.test import Client, RequestFactory
from django.urls import reverse

from admin_ext.scoping import CouncilRelationsMixin
from councils.models import Council, Membership, Partnership, TeamMembership

OWN_USERS = ["riverside-designer", "riverside-admin"]
REFUSED = (302, 403)
# Not tenant data: every council sees the same rows, so nothing of them can be "another council's".
UNOWNED_MODELS = {"contenttypes.ContentType", "auth.Permission", "auth.Group"}


def owner_councils(obj, depth: int = 3) -> set[int]:
    """The councils a row belongs to, by following its concrete foreign keys (the test's own oracle)."""
    if isinstance(obj, Council):
        return {obj.pk}
    if isinstance(obj, get_user_model()):
        return set(Membership.objects.filter(user=obj).values_list("council_id", flat=True)) | set(
            TeamMembership.objects.filter(user=obj).values_list("team__council_id", flat=True)
        )
    if isinstance(obj, Partnership):
        return set(obj.councils.values_list("pk", flat=True))
    owners: set[int] = set()
    if depth:
        for field in obj._meta.concrete_fields:
            if (field.many_to_one or field.one_to_one) and getattr(obj, field.attname) is not None:
                owners |= owner_councils(getattr(obj, field.name), depth - 1)
    return owners


class Tenancy:
    def __init__(self, demo, username: str):
        self.user = demo.user(username)
        self.own = {demo.council("riverside").pk}
        self.client = Client()
        self.client.force_login(self.user)
        self.vacuous: set[str] = set()
        self.checked: list[str] = []

    def is_foreign(self, obj) -> bool:
        owners = owner_councils(obj)
        return bool(owners) and not owners & self.own

    def foreign_row(self, model):
        """A row of `model` belonging only to another council; the world must hold one for the check to mean anything."""
        row = next((o for o in model._default_manager.all() if self.is_foreign(o)), None)
        if row is None and model._meta.label not in UNOWNED_MODELS:
            self.vacuous.add(model._meta.label)
        return row

    def request(self):
        request = RequestFactory().get("/admin/")
        request.user = self.user
        return request

    def assert_fields_scoped(self, where: str, fields: dict) -> list[str]:
        """No model choice field offers a foreign row; returns the relation field names."""
        names = []
        for name, field in fields.items():
            if not isinstance(field, ModelChoiceField):
                continue
            names.append(name)
            self.checked.append(f"{where}.{name}")
            self.foreign_row(field.queryset.model)
            offered = [o for o in field.queryset if self.is_foreign(o)]
            assert not offered, f"{where}: field {name} offers another council's {offered}"
        return names


def _admins():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _url(opts, view: str, *args) -> str:
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _post_data(form) -> dict:
    """What the browser would send back for `form` as rendered (relation fields as primary keys)."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(bound.field, ModelMultipleChoiceField):
            data[bound.html_name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = getattr(value, "pk", value)
    return data


def _inline_management(context) -> dict:
    data = {}
    for inline in context.get("inline_admin_formsets", []):
        data.update({f"{inline.formset.prefix}-{k}": v for k, v in inline.formset.management_form.initial.items()})
    return data


def _page_form(context):
    """The admin form of a page, or the form of an admin's own add view (e.g. the bulk upload)."""
    return context["adminform"].form if "adminform" in context else context["form"]


def _forge(tenancy, path, form, name, foreign, context) -> None:
    data = {**_post_data(form), **_inline_management(context)}
    data[form[name].html_name] = [foreign.pk] if isinstance(form.fields[name], ModelMultipleChoiceField) else foreign.pk
    response = tenancy.client.post(path, data)
    assert response.status_code == 200, (
        f"forged POST of {name}={foreign!r} to {path} was not refused ({response.status_code})"
    )
    errors = _page_form(response.context).errors
    assert name in errors, f"forged POST of {name}={foreign!r} to {path}: no error on {name} ({errors})"


@pytest.mark.parametrize("username", OWN_USERS)
def test_no_admin_page_offers_or_accepts_another_councils_objects(two_council_world, username):
    tenancy = Tenancy(two_council_world, username)
    request = tenancy.request()
    reachable = []
    for model, model_admin in _admins():
        opts = model._meta
        own_row = (
            model_admin.get_queryset(request)
            .filter(pk__in=[o.pk for o in model._default_manager.all() if not tenancy.is_foreign(o)])
            .first()
        )
        changelist = tenancy.client.get(_url(opts, "changelist"))
        if changelist.status_code in REFUSED:
            assert tenancy.client.get(_url(opts, "add")).status_code in REFUSED, f"{opts.label} add page reachable"
            if own_row is not None:
                assert tenancy.client.get(_url(opts, "change", own_row.pk)).status_code in REFUSED + (404,), (
                    f"{opts.label} change reachable"
                )
            assert isinstance(model_admin, CouncilRelationsMixin) or not model_admin.has_module_permission(request), (
                opts.label
            )
            continue
        assert changelist.status_code == 200, f"{opts.label} changelist: {changelist.status_code}"
        reachable.append(opts.label)

        for spec in changelist.context["cl"].filter_specs:
            if isinstance(spec, RelatedFieldListFilter):
                related = spec.field.related_model
                tenancy.checked.append(f"{opts.label} filter {spec.field_path}")
                tenancy.foreign_row(related)
                listed = [
                    o
                    for o in related._default_manager.filter(pk__in=[pk for pk, _ in spec.lookup_choices])
                    if tenancy.is_foreign(o)
                ]
                assert not listed, f"{opts.label} filter {spec.field_path} names another council's {listed}"

        pages = []
        if model_admin.has_add_permission(request):
            pages.append(("add", _url(opts, "add"), None))
        if own_row is not None:
            pages.append(("change", _url(opts, "change", own_row.pk), own_row))
        for view, path, row in pages:
            page = tenancy.client.get(path)
            assert page.status_code == 200, f"{path}: {page.status_code}"
            form = _page_form(page.context)
            names = tenancy.assert_fields_scoped(f"{opts.label} {view}", form.fields)
            for inline in page.context.get("inline_admin_formsets", []):
                tenancy.assert_fields_scoped(
                    f"{opts.label} {view} inline {inline.opts.model._meta.label}", inline.formset.form.base_fields
                )
            if row is not None and not model_admin.has_change_permission(request, row):
                continue
            for name in names:
                foreign = tenancy.foreign_row(form.fields[name].queryset.model)
                if foreign is None:
                    continue
                before = model._default_manager.count()
                _forge(tenancy, path, form, name, foreign, page.context)
                assert model._default_manager.count() == before, f"{path}: a row was saved"
                if row is not None:
                    fresh = model._default_manager.get(pk=row.pk)
                    field = opts.get_field(name)
                    if field.many_to_many:
                        assert foreign not in getattr(fresh, name).all(), f"{path}: {name} now holds {foreign!r}"
                    else:
                        assert getattr(fresh, field.attname) != foreign.pk, f"{path}: {name} saved as {foreign!r}"

        for field_name in model_admin.get_autocomplete_fields(request):
            response = tenancy.client.get(
                reverse("admin:autocomplete"),
                {"term": "", "app_label": opts.app_label, "model_name": opts.model_name, "field_name": field_name},
            )
            if response.status_code == 200:
                related = opts.get_field(field_name).related_model
                pks = [r["id"] for r in response.json()["results"]]
                assert not [o for o in related._default_manager.filter(pk__in=pks) if tenancy.is_foreign(o)], (
                    f"{opts.label} autocomplete {field_name}"
                )

    assert {"casework.Service", "connectors.Delivery", "sharing.LibraryEntry"} <= set(reachable), reachable
    # (A filter left with one choice is not shown at all, so only filters on the page are in `checked`.)
    assert {
        "casework.Service add.form",
        "casework.Service add.workflow",
        "connectors.Delivery filter connector",
    } <= set(tenancy.checked), tenancy.checked
    assert not tenancy.vacuous, f"the world holds no row of another council for: {sorted(tenancy.vacuous)}"


@pytest.mark.parametrize("username", OWN_USERS)
def test_every_scoped_admin_form_and_inline_is_scoped_even_where_the_user_cannot_reach_it(two_council_world, username):
    """The mechanism, below the permission checks: forms and inline formsets each scoped admin would build for this
    user offer nothing foreign, and an inline field given a foreign row's key refuses it."""
    tenancy = Tenancy(two_council_world, username)
    request = tenancy.request()
    for model, model_admin in _admins():
        if not isinstance(model_admin, CouncilRelationsMixin):
            continue
        opts = model._meta
        rows = [o for o in model._default_manager.all() if not tenancy.is_foreign(o)]
        for obj in (None, rows[0] if rows else None):
            where = f"{opts.label} {'change' if obj else 'add'}"
            tenancy.assert_fields_scoped(where, model_admin.get_form(request, obj).base_fields)
            for inline_class in model_admin.get_inlines(request, obj):
                inline = inline_class(model, admin.site)
                formset_class = inline.get_formset(request, obj)
                names = tenancy.assert_fields_scoped(
                    f"{where} inline {inline.model._meta.label}", formset_class.form.base_fields
                )
                for name in [n for n in names if n != formset_class.fk.name]:  # the parent key is the instance's own
                    foreign = tenancy.foreign_row(formset_class.form.base_fields[name].queryset.model)
                    if foreign is None:
                        continue
                    field = formset_class.form.base_fields[name]
                    with pytest.raises(ValidationError):  # the admin would show it as the field's error
                        field.clean([foreign.pk] if isinstance(field, ModelMultipleChoiceField) else foreign.pk)
    assert any("inline" in c for c in tenancy.checked)
    assert not tenancy.vacuous, f"the world holds no row of another council for: {sorted(tenancy.vacuous)}"
