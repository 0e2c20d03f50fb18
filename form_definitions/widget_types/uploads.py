"""Upload widgets: file (one) and files (several); the platform stores uploads and answers with references."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from form_definitions.fields import FieldSpec
from form_definitions.schema_kinds import kind_name, schema_type

from .base import GetList, Widget
from .registry import widget_types


class UploadWidget(Widget):
    family = "upload"

    def coerce(self, field: FieldSpec, getlist: GetList, read: Callable[[FieldSpec, GetList], Any]) -> Any:
        """Never from the POST's strings: the caller stores the upload and puts its reference in the answers."""
        return None


@widget_types.register("file")
class File(UploadWidget):
    fits = "object (or untyped)"
    notes = "The platform stores the upload and records a reference (with its `name`) as the answer."
    template = "file"

    def mismatch(self, schema: Any) -> str | None:
        kind = schema_type(schema)
        if kind not in ("object", None):
            return f'widget "file" needs an object property (the stored file reference), not {kind_name(kind)}'
        return None


@widget_types.register("files")
class Files(UploadWidget):
    fits = "array (of objects), with `maxItems` 1–20"
    notes = "Several files in one question; the answer is a list of references (see *Several files*)."
    template = "files"

    def mismatch(self, schema: Any) -> str | None:
        kind = schema_type(schema)
        items = schema.get("items") if isinstance(schema, dict) else None
        if kind != "array" or (isinstance(items, dict) and schema_type(items) not in ("object", None)):
            return 'widget "files" needs an array property (a list of stored file references)'
        return None
