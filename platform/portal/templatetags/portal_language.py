"""`{{ service|worded:"summary" }}`: a council's or service's own text in the page's language (councilflow/wording.py)."""

from __future__ import annotations

from typing import Any

from django import template

from councilflow.wording import worded as _worded

register = template.Library()


@register.filter
def worded(obj: Any, field: str) -> str:
    return _worded(obj, field) if obj is not None else ""
