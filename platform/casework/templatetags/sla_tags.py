"""The SLA clock on officer pages: how far a due date may still be extended, the resolution window in words."""

from __future__ import annotations

from django import template

from ..models import Case
from ..services.extensions import case_extension_room
from ..services.resolution_window import case_resolution_window_words

register = template.Library()


@register.simple_tag
def extension_room(case: Case) -> int:
    """Working days this case's due date may still be extended by (0: the extend form is not shown)."""
    return case_extension_room(case)


@register.filter
def resolution_window_words(case: Case) -> str:
    return case_resolution_window_words(case)
