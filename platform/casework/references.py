"""Human case references such as RDC-2026-000042, allocated without gaps or duplicates."""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from councils.models import Council

from .models import ReferenceCounter


def case_reference_allocate(council: Council, *, year: int) -> str:
    """Next reference for the council and year; must run inside the submitting transaction."""
    counter = _counter_locked(council, year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return f"{council.code}-{year}-{counter.last:06d}"


def _counter_locked(council: Council, year: int) -> ReferenceCounter:
    counter = ReferenceCounter.objects.select_for_update().filter(council=council, year=year).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            ReferenceCounter.objects.create(council=council, year=year)
    except IntegrityError:
        pass  # another submission created this year's counter first; lock theirs below
    return ReferenceCounter.objects.select_for_update().get(council=council, year=year)
