"""Officer actions on customer records: find likely duplicates and merge them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from councils.scoping import council_ids_for

from ..customers import phone_display
from ..events import case_event_record
from ..exceptions import CaseworkError, NotAllowed
from ..models import Case, Customer, EventKind
from ..search import customer_cases_reindex


@dataclass(frozen=True)
class CustomerMatch:
    """Another record that may be the same person, and why an officer might think so."""

    customer: Customer
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def customer_duplicates(customer: Customer) -> list[CustomerMatch]:
    """Other live records of the same council sharing an email (any case), a phone number (stored in E.164),
    the property (UPRN), or name and postcode; each with its reasons, in one query."""
    match = Q()
    if customer.email:
        match |= Q(email__iexact=customer.email)
    if customer.phone:
        match |= Q(phone=customer.phone)
    if customer.uprn:
        match |= Q(uprn=customer.uprn)
    if customer.name and customer.postcode:
        match |= Q(name__iexact=customer.name, postcode=customer.postcode)
    if not match:
        return []
    others = Customer.objects.filter(match, council_id=customer.council_id, merged_into=None).exclude(pk=customer.pk)
    return [CustomerMatch(other, _match_reasons(customer, other)) for other in others.order_by("pk")[:10]]


def _match_reasons(customer: Customer, other: Customer) -> tuple[str, ...]:
    reasons = []
    if customer.email and customer.email.lower() == other.email.lower():
        reasons.append("same email address")
    if customer.phone and customer.phone == other.phone:
        reasons.append(f"same phone number ({phone_display(customer.phone)})")
    if customer.uprn and customer.uprn == other.uprn:
        reasons.append(f"same property (UPRN {customer.uprn})")
    if (
        customer.name
        and customer.postcode
        and (customer.name.lower(), customer.postcode)
        == (
            other.name.lower(),
            other.postcode,
        )
    ):
        reasons.append("same name and postcode")
    return tuple(reasons)


@transaction.atomic
def customer_merge(user: AbstractBaseUser, *, source: Customer, target: Customer, case: Case | None = None) -> Customer:
    """Move every case of `source` to `target`, fill target's blanks, and leave `source` pointing at it.

    Each moved case's timeline says so; `case` (the page the officer merged from) records the merge too."""
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
    for moved in cases:
        moved.customer = target
        moved.version += 1
        moved.save(update_fields=["customer", "version"])
        case_event_record(
            moved,
            EventKind.CUSTOMER_CHANGED,
            f"Customer record merged into {target} (#{target.pk})",
            actor=user,
            detail={"from_customer": source.pk, "to_customer": target.pk, "filled": filled},
        )
    if case is not None and case.customer_id == target.pk:
        case_event_record(
            case,
            EventKind.CUSTOMER_CHANGED,
            f"Customer record #{source.pk} ({source}) merged into this one; {len(cases)} case(s) moved across",
            actor=user,
            detail={"from_customer": source.pk, "to_customer": target.pk, "filled": filled, "moved": len(cases)},
        )
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    customer_cases_reindex(target.pk)
    return target
