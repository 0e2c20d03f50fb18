"""Linking a case to another of the same council (duplicate of, related to, part of), from the case page.

Both timelines get an entry; the other case must be one this officer may see, in the same council.
Candidates are the service's other open cases at the same property (UPRN), within a distance of the case's
map point or found address, or at the same postcode, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404

from .. import selectors
from ..events import case_event_record
from ..exceptions import SubmissionInvalid
from ..models import LINK_REVERSE_LABELS, Case, CaseLink, CaseLinkKind, CaseStatus, EventKind
from .concurrency import case_lock_for_edit, case_version_bump
from .nearby import case_distance, case_points

FINISHED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)
CANDIDATES_SCANNED = 200  # the service's newest open cases looked at for a shared property


@dataclass(frozen=True)
class LinkedCase:
    """One line of the case page's "Linked cases": how this case relates to `other`."""

    label: str
    other: Case


@dataclass(frozen=True)
class LinkCandidate:
    case: Case
    reason: str


@transaction.atomic
def case_link_add(user: AbstractBaseUser, case: Case, *, other_reference: str, kind: str, version: int) -> CaseLink:
    """Link `case` to the case with `other_reference`; raises SubmissionInvalid with a message per input."""
    reference = other_reference.strip().upper()
    if kind not in CaseLinkKind.values:
        raise SubmissionInvalid({"link_kind": "Select how the cases are linked"})
    if not reference:
        raise SubmissionInvalid({"link_reference": "Enter the reference of the other case"})
    try:
        other = selectors.officer_case_get(user, reference)
    except Http404:
        raise SubmissionInvalid({"link_reference": f"There is no case {reference} you can see"}) from None
    if other.pk == case.pk:
        raise SubmissionInvalid({"link_reference": "A case cannot be linked to itself"})
    if other.council_id != case.council_id:
        raise SubmissionInvalid({"link_reference": f"{reference} belongs to another council"})
    case = case_lock_for_edit(user, case, version=version)
    if CaseLink.objects.filter(Q(from_case=case, to_case=other) | Q(from_case=other, to_case=case)).exists():
        raise SubmissionInvalid({"link_reference": f"This case is already linked to {reference}"})
    try:
        with transaction.atomic():
            link = CaseLink.objects.create(
                council=case.council,
                from_case=case,
                to_case=other,
                kind=kind,
                created_by=user,  # type: ignore[misc]
            )
    except IntegrityError:  # linked at the same moment by someone else
        raise SubmissionInvalid({"link_reference": f"This case is already linked to {reference}"}) from None
    label = CaseLinkKind(kind).label
    detail = {"kind": kind, "from": case.reference, "to": other.reference}
    # A duplicate's resident is told where their report is dealt with (portal: resident_event_text).
    case_event_record(
        case,
        EventKind.CASE_LINKED,
        f"{label} {other.reference}",
        actor=user,
        detail=detail,
        resident_visible=kind == CaseLinkKind.DUPLICATE_OF,
    )
    case_event_record(
        other, EventKind.CASE_LINKED, f"{LINK_REVERSE_LABELS[kind]} {case.reference}", actor=user, detail=detail
    )
    case_version_bump(case)
    return link


def case_links(case: Case) -> list[LinkedCase]:
    """Every link of the case, read from this side, oldest first (one query)."""
    links = CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case)).select_related(
        "from_case__service", "to_case__service"
    )
    return [
        LinkedCase(CaseLinkKind(link.kind).label, link.to_case)
        if link.from_case_id == case.pk
        else LinkedCase(LINK_REVERSE_LABELS[link.kind], link.from_case)
        for link in links
    ]


def case_link_candidates(case: Case, *, limit: int = 5, within_metres: int | None = None) -> list[LinkCandidate]:
    """The same service's other open cases at the same property (UPRN), within `within_metres` of the case's
    points, or at the same postcode, newest first."""
    uprns = _uprns(case)
    points = case_points(case) if within_metres else []
    postcode = (case.customer.postcode if case.customer is not None else "") or ""
    others = (
        Case.objects.filter(council=case.council_id, service=case.service_id)
        .exclude(pk=case.pk)
        .exclude(pk__in=CaseLink.objects.filter(from_case=case).values("to_case"))
        .exclude(pk__in=CaseLink.objects.filter(to_case=case).values("from_case"))
        .exclude(case_status__in=FINISHED)
        .select_related("customer", "service")
        .order_by("-submitted_at")[:CANDIDATES_SCANNED]
    )
    found = []
    for other in others:
        shared = uprns & _uprns(other)
        distance = case_distance(points, other) if points else None
        if shared:
            found.append(LinkCandidate(other, f"same property (UPRN {min(shared)})"))
        elif distance is not None and within_metres and distance <= within_metres:
            found.append(LinkCandidate(other, f"{round(distance)} m away (within {within_metres} m)"))
        elif postcode and other.customer_id and other.customer.postcode == postcode:
            found.append(LinkCandidate(other, f"same postcode ({postcode})"))
        if len(found) == limit:
            break
    return found


def _uprns(case: Case) -> set[str]:
    """UPRNs of the case: its customer's and those of any found address among its answers."""
    uprns = {case.customer.uprn} if case.customer is not None and case.customer.uprn else set()
    for value in (case.answers or {}).values():
        if isinstance(value, dict) and isinstance(value.get("uprn"), str) and value["uprn"]:
            uprns.add(value["uprn"])
    return uprns
