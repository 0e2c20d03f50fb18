"""The one scoping layer: every officer-facing query starts here, so isolation cannot be forgotten.

Visibility = guardian object permission on the council (granted by role), never an ad-hoc filter in a view.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from .models import Council


def councils_for(user: AbstractBaseUser | AnonymousUser, perm: str = "work_cases") -> QuerySet[Council]:
    """Councils on which `user` holds `perm` (a councils.* codename) through a role."""
    if not user.is_authenticated or not user.is_active:
        return Council.objects.none()
    return get_objects_for_user(user, f"councils.{perm}", klass=Council, accept_global_perms=False, with_superuser=True)


def council_ids_for(user: AbstractBaseUser | AnonymousUser, perm: str = "work_cases") -> list[int]:
    """Council ids as a list, cached on the user object for the length of a request."""
    cache = user.__dict__.setdefault("_councilflow_council_ids", {})
    if perm not in cache:
        cache[perm] = list(councils_for(user, perm).values_list("pk", flat=True))
    return cache[perm]


def scope_to_councils(
    queryset: QuerySet, user: AbstractBaseUser | AnonymousUser, *, perm: str = "work_cases", field: str = "council"
) -> QuerySet:
    """Restrict any council-owned queryset to what `user` may see."""
    return queryset.filter(**{f"{field}__in": council_ids_for(user, perm)})
