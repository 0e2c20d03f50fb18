"""Folding submissions into the rollups: a submission writes only its case fact, uncounted
(`projection.case_projection_start`), and the dashboards count it from that row
(`reporting.selectors.uncounted`). This adds such facts to the daily figures and backlog cohorts in batches,
off the submission's path, so the rows the readers add up stay few. A case's next projected change
(`case_projection_refresh`) folds its own fact too."""

from __future__ import annotations

from django.db import transaction

from ..models import CaseFact
from .projection import _figures_add

FOLD_BATCH = 2000


def projection_fold(*, batch: int = FOLD_BATCH) -> int:
    """Add up to `batch` uncounted facts to the rollups and mark them counted, in one transaction; returns how many.

    The facts are locked (a concurrent refresh of the same case waits, then sees it counted); on PostgreSQL
    rows another transaction holds are skipped, to be folded by the next pass."""
    with transaction.atomic():
        locked = CaseFact.objects.select_for_update(skip_locked=True).filter(counted=False).order_by("pk")
        facts = list(locked[:batch])
        if not facts:
            return 0
        _figures_add([(fact, 1) for fact in facts])
        CaseFact.objects.filter(pk__in=[fact.pk for fact in facts]).update(counted=True)
    return len(facts)


def projection_fold_all() -> int:
    """Fold every uncounted fact (the worker's periodic job); returns how many."""
    total = 0
    while folded := projection_fold():
        total += folded
    return total
