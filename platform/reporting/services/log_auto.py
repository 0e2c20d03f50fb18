"""The issues log raises itself: each cause the system sees (reporting.selectors.log_causes) is one open item.

A new cause raises an issue with its evidence, a suggested owner and a target date; a repeat adds its new
evidence to the open item (a history row says how many occurrences); a cause no longer seen marks the item
cleared and suggests closing it. Run by the background worker (`log_causes_check`), at most every
LOG_CAUSES_INTERVAL_SECONDS; infected uploads are reported as they happen (`log_infected_upload_record`).
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from councils.models import Council

from ..models import LogItem, LogItemHistory
from ..selectors.log_causes import INFECTED_UPLOADS, Finding, findings_all, reported_causes_active
from .log import log_item_create

TARGET_DAYS = {
    LogItem.Priority.CRITICAL: 2,
    LogItem.Priority.HIGH: 5,
    LogItem.Priority.MEDIUM: 10,
    LogItem.Priority.LOW: 20,
}
CLEARED = "The cause has cleared"


def log_cause_raise(*, finding: Finding, now: dt.datetime | None = None) -> str | None:
    """Raise the finding's item, or add its new evidence to the open one: 'raised', 'added' or None (nothing new)."""
    now = now or timezone.now()
    with transaction.atomic():
        council = Council.objects.select_for_update().get(pk=finding.council_id)  # one raiser per council at a time
        item = (
            LogItem.objects.select_for_update()
            .filter(council=council, cause=finding.cause)
            .exclude(status__in=LogItem.DONE)
            .first()
        )
        if item is None:
            _raise(council, finding, now)
            return "raised"
        new = [key for key in finding.evidence if key not in item.cause_evidence]
        if not new and item.cause_cleared_at is None:
            return None
        changes: dict = {}
        if new:
            before = len(item.cause_evidence)
            item.cause_evidence = {**item.cause_evidence, **{key: now.isoformat() for key in new}}
            changes["occurrences"] = [before, len(item.cause_evidence)]
        if item.cause_cleared_at is not None:
            changes["cause"] = ["cleared", "seen again"]
            item.cause_cleared_at = None
        if item.description != finding.description:
            changes["description"] = [item.description, finding.description]
            item.description = finding.description
        item.save(update_fields=["cause_evidence", "cause_cleared_at", "description", "updated_at"])
        LogItemHistory.objects.create(item=item, actor=None, changes=changes)
        return "added"


def _raise(council: Council, finding: Finding, now: dt.datetime) -> LogItem:
    today = timezone.localdate(now)
    item = log_item_create(
        council=council,
        actor=None,
        data={
            "kind": LogItem.Kind.ISSUE,
            "title": finding.title[:200],
            "description": finding.description,
            "impact": "Raised automatically from the platform's own records.",
            "priority": finding.priority,
            "owner_id": finding.owner_id,
            "target_date": today + dt.timedelta(days=TARGET_DAYS.get(finding.priority, 10)),
        },
    )
    item.cause = finding.cause
    item.cause_evidence = {key: now.isoformat() for key in finding.evidence}
    item.save(update_fields=["cause", "cause_evidence"])
    return item


def log_cause_clear(*, item: LogItem, note: str, now: dt.datetime | None = None) -> bool:
    """Mark an open item's cause cleared (once) and suggest closing it; returns whether it changed."""
    now = now or timezone.now()
    with transaction.atomic():
        item = LogItem.objects.select_for_update().get(pk=item.pk)
        if item.cause_cleared_at is not None or item.status in LogItem.DONE:
            return False
        item.cause_cleared_at = now
        suggestion = f"{CLEARED} ({timezone.localdate(now):%Y-%m-%d}): {note} Close this item once you are satisfied."
        changes = {"cause": ["seen", "cleared"]}
        if not item.resolution:
            changes["resolution"] = ["", suggestion]
            item.resolution = suggestion
        item.save(update_fields=["cause_cleared_at", "resolution", "updated_at"])
        LogItemHistory.objects.create(item=item, actor=None, changes=changes)
        return True


def log_causes_check(*, now: dt.datetime | None = None) -> int:
    """One look at every cause: raise or add to what is present, mark cleared what is gone. Returns the changes."""
    now = now or timezone.now()
    findings = findings_all(now=now)
    changed = sum(1 for finding in findings if log_cause_raise(finding=finding, now=now))
    present = {(f.council_id, f.cause) for f in findings} | reported_causes_active(now=now)
    open_auto = LogItem.objects.exclude(cause="").exclude(status__in=LogItem.DONE).filter(cause_cleared_at__isnull=True)
    for item in open_auto:
        if (item.council_id, item.cause) not in present:
            changed += log_cause_clear(item=item, note=_cleared_note(item.cause), now=now)
    return changed


def _cleared_note(cause: str) -> str:
    if cause == INFECTED_UPLOADS:
        return "No upload has been blocked as infected for a week."
    if cause.startswith("dead-letters"):
        return "No dead-lettered deliveries are left waiting."
    if cause.startswith("connector-failing"):
        return "The connector's deliveries are no longer failing."
    if cause.startswith("sla-below-target"):
        return "The service is back at or above its SLA target over the last seven days."
    if cause in ("reopen-spike", "chaser-spike"):
        return "Back to the usual level over the last seven days."
    return "The cause is no longer seen."


def log_infected_upload_record(*, council_id: int, file_name: str, detail: str = "", reference: str = "") -> str | None:
    """An upload was blocked as infected (the scanner's hook; no scanner is built in yet): raise or add to the item."""
    now = timezone.now()
    where = f" on {reference}" if reference else ""
    finding = Finding(
        council_id=council_id,
        cause=INFECTED_UPLOADS,
        title="Uploads blocked as infected",
        description=f"An upload was blocked as infected{where}: {file_name[:200]}. {detail[:500]}".strip(),
        evidence=[f"upload:{now.isoformat()}:{file_name[:80]}"],
        priority=LogItem.Priority.HIGH,
    )
    return log_cause_raise(finding=finding, now=now)


_last_run = {"at": 0.0}


def log_causes_worker_job() -> int:
    """The worker's periodic job: `log_causes_check` at most every LOG_CAUSES_INTERVAL_SECONDS (default 300)."""
    interval = float(getattr(settings, "LOG_CAUSES_INTERVAL_SECONDS", 300))
    if time.monotonic() - _last_run["at"] < interval and _last_run["at"]:
        return 0
    _last_run["at"] = time.monotonic()
    return log_causes_check()
