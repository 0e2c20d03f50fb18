"""Published definition rows (forms, workflows) held in process memory, read once per process.

A published version's content never changes (versioning.py refuses it), so a resident page need not read
its large JSON row on every request. Each caller gets its own copy of the row, so nothing it sets on one
(its council, say) reaches another request. Drafts are never held. The status a held row shows is the one
it had when first read: a version retired since still says published (nothing on the resident path asks).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from typing import TypeVar

from .versioning import DefinitionStatus, VersionedDefinition

CACHE_SIZE = 512
Row = TypeVar("Row", bound=VersionedDefinition)

_rows: OrderedDict[tuple[type, int], VersionedDefinition] = OrderedDict()
_lock = threading.Lock()


def published_row_get(model: type[Row], pk: int) -> Row:
    """The row `pk` of `model` (DoesNotExist when gone); a published one comes from memory after its first read."""
    key = (model, pk)
    with _lock:
        held = _rows.get(key)
        if held is not None:
            _rows.move_to_end(key)
    if held is None:
        row = model._default_manager.get(pk=pk)
        if row.status == DefinitionStatus.DRAFT:
            return row
        with _lock:
            held = _rows.setdefault(key, row)
            _rows.move_to_end(key)
            while len(_rows) > CACHE_SIZE:
                _rows.popitem(last=False)
    return _row_copy(held)  # type: ignore[return-value]


def _row_copy(row: VersionedDefinition) -> VersionedDefinition:
    """A shallow copy with its own model state: related rows (its council) set on it stay on it."""
    clone = copy.copy(row)
    clone._state = copy.copy(row._state)
    clone._state.fields_cache = {}
    return clone


def published_rows_forget() -> None:
    """Forget every held row (tests and benchmarks reuse primary keys between databases)."""
    with _lock:
        _rows.clear()
