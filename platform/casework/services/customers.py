"""Officer actions on customer records: find likely duplicates and merge them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from councils.scoping import council_ids_for

from ..events import case_event_record
from ..exceptions import CaseworkError, NotAllowed
from ..models import Case, Customer, EventKind
from ..search import customer_cases_reindex


def customer_duplicates(customer: Customer) -> list[Customer]:
    """Other live records of the same council sharing an email, a phone number, or name and postcode."""
    match = Q()
    if customer.email:
        match |= Q(email__iexact=customer.email)
    if customer.phone:
        match |= Q(phone=customer.phone)
    if customer.name and customer.postcode:
        match |= Q(name__iexact=customer.name, postcode=customer.postcode)
    if not match:
        return []
    return list(
        Customer.objects.filter(match, council_id=customer.council_id, merged_into=None).exclude(pk=customer.pk)[:10]
    )


@transaction.atomic
def customer_merge(user: AbstractBaseUser, *, source: Customer, target: Customer) -> Customer:
    """Move every case of `source` to `target`, fill target's blanks, and leave `source` pointing at it."""
    if source.council_id != target.council_id:
        raise NotAllowed("Customers of different councils cannot be merged")
    if source.council_id not in council_ids_for(user, "work_cases"):
        raise NotAllowed("You do not work on this council's cases")
    if source.pk == target.pk or source.merged_into_id or target.merged_into_id:
        raise CaseworkError("Choose two different customer records that have not been merged already")
    source = Customer.objects.select_for_update().get(pk=source.pk)
    target = Customer.objects.select_for_update().get(pk=target.pk)
    filled = [
        f
        for f in ("name", "email", "phone", "postcode", "address", "uprn")
        if not getattr(target, f) and getattr(source, f)
    ]
    for name in filled:
        setattr(target, name, getattr(source, name))
    if filled:
        target.save(update_fields=filled)
    cases = list(Case.objects.select_for_update().filter(customer=source))
    for case in cases:
        case.customer = target
        case.version += 1
        case.save(update_fields=["customer", "version"])
        case_event_record(
            case,
            EventKind.CUSTOMER_CHANGED,
            f"Customer record merged into {target} (#{target.pk})",
            actor=user,
            detail={"from_customer": source.pk, "to_customer": target.pk, "filled": filled},
        )
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    customer_cases_reindex(target.pk)
    return target
