"""Where a case is (its map points and found addresses' coordinates) and the service's open cases near it.

Scans the service's newest open cases in Python, like the link candidates: the answers are JSON on both
databases, and a council's open cases of one service are few enough (CASES_SCANNED bounds the work).
"""

from __future__ import annotations

from dataclasses import dataclass

from form_definitions.map_point import answers_points, distance_metres

from ..models import Case, CaseStatus

FINISHED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)
CASES_SCANNED = 500  # the service's newest open cases looked at for a point nearby
MAX_METRES = 50_000


@dataclass(frozen=True)
class NearbyCase:
    case: Case
    metres: int


def case_points(case: Case) -> list[tuple[float, float]]:
    """Every (lat, lng) among the case's answers: map location points and found addresses."""
    return answers_points(case.answers)


def case_distance(points: list[tuple[float, float]], other: Case) -> float | None:
    """The shortest distance in metres between `points` and the other case's points (None: it has none)."""
    theirs = case_points(other)
    if not points or not theirs:
        return None
    return min(distance_metres(a, b) for a in points for b in theirs)


def cases_nearby(case: Case, *, metres: int, limit: int = 10) -> list[NearbyCase]:
    """The same service's other open cases within `metres` of the case, nearest first (one query)."""
    points = case_points(case)
    if not points:
        return []
    metres = max(1, min(int(metres), MAX_METRES))
    others = (
        Case.objects.filter(council=case.council_id, service=case.service_id)
        .exclude(pk=case.pk)
        .exclude(case_status__in=FINISHED)
        .only("id", "reference", "answers", "case_status", "submitted_at", "council_id", "service_id")
        .order_by("-submitted_at")[:CASES_SCANNED]
    )
    found = []
    for other in others:
        distance = case_distance(points, other)
        if distance is not None and distance <= metres:
            found.append(NearbyCase(other, round(distance)))
    found.sort(key=lambda n: n.metres)
    return found[:limit]
