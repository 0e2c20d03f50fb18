"""Which council owns a row of any model: the one resolver admin scoping and the cross-council invariants share.

A model is owned through a path of relations ending at a Council: its own `council` foreign key, a parent
that has one (a lookup row through its list, a team membership through its team), or a path declared in
`OWNERSHIP_PATHS` where the owner is not a simple parent (a person belongs to the councils where they hold
a role or sit in a team; a library entry to the partnerships' member councils). Models that are not tenant
data at all are named in `GLOBAL_MODELS`. Anything else is unowned: scoped queries return nothing for it,
so a new relation fails closed until its owner is declared.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet

from .models import Council

# Model label → the lookup paths (OR-ed) from that model to a Council.
OWNERSHIP_PATHS: dict[str, tuple[str, ...]] = {
    "councils.Council": ("pk",),
    settings.AUTH_USER_MODEL: ("council_memberships__council", "team_memberships__team__council"),
    "councils.Partnership": ("councils",),
    # Visible to every member council of the partnership (the library is shared); owned by its source.
    "sharing.LibraryEntry": ("partnership__councils",),
}
# Not tenant data: the same rows for every council (and only superusers reach their admin pages).
GLOBAL_MODELS = frozenset({"contenttypes.ContentType", "auth.Permission"})
_DISCOVERY_DEPTH = 3


class UnownedModel(LookupError):
    """A model with no known path to a council (declare one in OWNERSHIP_PATHS)."""


def council_paths_for(model: type[models.Model]) -> tuple[str, ...]:
    """The lookup paths from `model` to its owning Council; raises UnownedModel when there is none."""
    paths = _paths(model._meta.concrete_model, _DISCOVERY_DEPTH)
    if paths is None:
        raise UnownedModel(
            f"{model._meta.label} has no path to a council; declare one in councils.ownership.OWNERSHIP_PATHS"
        )
    return paths


def model_is_global(model: type[models.Model]) -> bool:
    return model._meta.concrete_model._meta.label in GLOBAL_MODELS


def council_rows_for(
    model: type[models.Model], *, council_ids: Iterable[int], queryset: QuerySet | None = None
) -> QuerySet:
    """Rows of `model` (or of `queryset`) that belong to one of `council_ids`; none for an unowned model.

    Filtering by primary key keeps the rows distinct when a path crosses a many-valued relation.
    """
    rows = queryset if queryset is not None else model._default_manager.all()
    if model_is_global(model):
        return rows
    try:
        paths = council_paths_for(model)
    except UnownedModel:
        return rows.none()
    ids = list(council_ids)
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__in": ids})
    return rows.filter(pk__in=model._default_manager.filter(condition).values("pk"))


def council_id_of(obj: models.Model) -> int | None:
    """The owning council of a row with a single owner (a direct or parent path), else None."""
    if isinstance(obj, Council):
        return obj.pk
    paths = council_paths_for(type(obj))
    if len(paths) != 1:
        return None
    current: object = obj
    for part in paths[0].split("__"):
        if current is None:
            return None
        field = type(current)._meta.get_field(part)
        if not field.many_to_one and not field.one_to_one:
            return None  # many-valued: not a single owner
        if field.related_model is Council:
            return getattr(current, field.attname)
        current = getattr(current, part)
    return current.pk if isinstance(current, Council) else None


def council_links_validate(
    instance: models.Model, *, fields: Iterable[str], council_id: int | None = None, hint: str = ""
) -> None:
    """Refuse `instance` when one of `fields` points at another council's row (the model-level invariant).

    The owner is `council_id`, else the instance's own council; `hint` extends the advice. Raises one
    ValidationError naming each field.
    """
    owner = council_id if council_id is not None else council_id_of(instance)
    if owner is None:
        return
    errors: dict[str, str] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if getattr(instance, field.attname) is None:
            continue
        related = getattr(instance, name)
        if model_is_global(type(related)):
            continue
        if not council_rows_for(type(related), council_ids=[owner]).filter(pk=related.pk).exists():
            errors[name] = (
                f"{field.verbose_name.capitalize()} “{related}” belongs to another council; "
                f"choose one of this council's own{hint}."
            )
    if errors:
        raise ValidationError(errors)


@cache
def _paths(model: type[models.Model], depth: int) -> tuple[str, ...] | None:
    label = model._meta.label
    if label in OWNERSHIP_PATHS:
        return OWNERSHIP_PATHS[label]
    parents = [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]
    direct = [f for f in parents if f.related_model is Council]
    if direct:
        named = [f for f in direct if f.name == "council"]
        return ((named or direct)[0].name,)
    if depth == 0:
        return None
    for field in parents:  # the first parent (in field order) with an owner of its own
        if field.related_model is model or field.related_model._meta.label in GLOBAL_MODELS:
            continue
        inner = _paths(field.related_model._meta.concrete_model, depth - 1)
        if inner is not None and len(inner) == 1 and inner != ("pk",):
            return (f"{field.name}__{inner[0]}",)
        if inner == ("pk",):
            return (field.name,)
    return None
