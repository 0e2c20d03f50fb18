"""date: GOV.UK day/month/year inputs, stored as YYYY-MM-DD."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from form_definitions.fields import FieldSpec
from form_definitions.posted import posted_date

from .base import GetList, TextWidget
from .registry import widget_types


@widget_types.register("date")
class Date(TextWidget):
    notes = 'GOV.UK day/month/year inputs; stored as `YYYY-MM-DD`. Use with `"format": "date"`.'
    template = "date"

    def coerce(self, field: FieldSpec, getlist: GetList, read: Callable[[FieldSpec, GetList], Any]) -> Any:
        return posted_date(field.name, getlist)
