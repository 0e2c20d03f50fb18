"""Issues, risks and change requests: create and update with an append-only history of every change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from councils.models import Council

from ..models import LogItem, LogItemHistory

TRACKED_FIELDS = (
    "kind",
    "title",
    "description",
    "impact",
    "priority",
    "owner_id",
    "target_date",
    "status",
    "resolution",
    "resolved_on",
)
KIND_CODES = {LogItem.Kind.ISSUE: "ISS", LogItem.Kind.RISK: "RISK", LogItem.Kind.CHANGE: "CR"}


@transaction.atomic
def log_item_create(*, council: Council, actor: AbstractBaseUser, data: dict[str, Any]) -> LogItem:
    """A new log item with the next identifier for its kind (e.g. RDC-RISK-003); its first history row records it."""
    Council.objects.select_for_update().get(pk=council.pk)  # serialise identifier issue per council
    kind = data["kind"]
    prefix = f"{council.code}-{KIND_CODES[kind]}-"
    count = LogItem.objects.filter(council=council, identifier__startswith=prefix).count()
    item = LogItem(council=council, raised_by=actor, identifier=f"{prefix}{count + 1:03d}", **data)
    item.full_clean()
    item.save()
    LogItemHistory.objects.create(
        item=item, actor=actor, changes={f: [None, _plain(getattr(item, f))] for f in TRACKED_FIELDS}
    )
    return item


@transaction.atomic
def log_item_update(*, item: LogItem, actor: AbstractBaseUser, data: dict[str, Any]) -> LogItem:
    """Apply changes; a history row lists each changed field's old and new value. No change, no row."""
    item = LogItem.objects.select_for_update().get(pk=item.pk)
    before = {f: _plain(getattr(item, f)) for f in TRACKED_FIELDS}
    for name, value in data.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    changes = {
        f: [before[f], _plain(getattr(item, f))] for f in TRACKED_FIELDS if before[f] != _plain(getattr(item, f))
    }
    if changes:
        LogItemHistory.objects.create(item=item, actor=actor, changes=changes)
    return item


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
