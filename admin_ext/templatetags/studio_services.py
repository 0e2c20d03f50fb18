"""`{% studio_services as services %}`: the designer's services for the studio index (its view belongs to no one area)."""

from __future__ import annotations

from typing import Any

from django import template

from admin_ext.studio.service_views import studio_services as scoped

register = template.Library()


@register.simple_tag(takes_context=True)
def studio_services(context: dict[str, Any]) -> Any:
    return scoped(context["request"]).select_related("council").order_by("council__name", "category", "name")
