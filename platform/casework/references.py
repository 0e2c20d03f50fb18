"""Human case references such as RDC-2026-000042, allocated without gaps or duplicates."""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction

from councils.models import Council

from .models import ReferenceCounter


def case_reference_allocate(council: Council, *, year: int) -> str:
    """Next reference for the council and year; must run inside the submitting transaction."""
    number = _counter_increment(council, year)
    if number is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(council=council, year=year)
        except IntegrityError:
            pass  # another submission created this year's counter first; increment theirs below
        number = _counter_increment(council, year)
    return f"{council.code}-{year}-{number:06d}"


def _counter_increment(council: Council, year: int) -> int | None:
    """Lock, increment and read the counter in one statement (UPDATE … RETURNING); None when there is no row yet.

    The row lock is held until the submitting transaction ends, so concurrent submissions queue here
    exactly as they did behind SELECT … FOR UPDATE, with one round trip instead of three.
    """
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE council_id = %s AND year = %s RETURNING last", [council.pk, year]
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None
