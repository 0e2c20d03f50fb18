"""What every form widget provides: its check against the property's schema, how a POST becomes its answer,
and how the portal renders it. One subclass per widget, registered with `@widget_types.register(key)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from form_definitions.fields import FieldSpec
from form_definitions.posted import posted_first, posted_scalar
from form_definitions.schema_kinds import kind_name, schema_type

GetList = Callable[[str], list[str]]


class Widget:
    """A widget. `fits` and `notes` are its row in docs/form-definitions.md's widget table."""

    key: str = ""
    fits: ClassVar[str] = "string"
    notes: ClassVar[str] = ""
    family: ClassVar[str] = "other"  # "text", "choice" or "upload": the groups other code asks about
    item_allowed: ClassVar[bool] = False  # may be a question inside a repeatable group's items
    template: ClassVar[str] = "input"  # portal/templates/portal/fields/<template>.html
    input_attributes: ClassVar[dict[str, str]] = {"type": "text"}

    def mismatch(self, schema: Any) -> str | None:
        """Why this widget cannot collect a value for the property, or None when it can."""
        return None

    def coerce(self, field: FieldSpec, getlist: GetList, read: Callable[[FieldSpec, GetList], Any]) -> Any:
        """The typed answer from the posted strings (None: not answered). `read` reads another field (groups)."""
        raw = posted_first(getlist, field.name).replace("\r\n", "\n")
        return posted_scalar(raw, field.schema, field.choices) if raw else None


class TextWidget(Widget):
    """A string typed by the resident."""

    family = "text"
    item_allowed = True

    def mismatch(self, schema: Any) -> str | None:
        kind = schema_type(schema)
        if kind not in ("string", None):
            return f'widget "{self.key}" needs a string property, not {kind_name(kind)}'
        return None
