"""Councils' and services' own text in the resident's language: English, or Welsh where the council wrote it."""

from __future__ import annotations

from typing import Any

from django.utils import translation

ENGLISH, WELSH = "en", "cy"


def worded(obj: Any, field: str, language: str | None = None) -> str:
    """`obj.<field>_cy` in Welsh when filled in, else the English `obj.<field>` (language: the active one by default)."""
    language = language or translation.get_language()
    if language == WELSH:
        own = getattr(obj, f"{field}_{WELSH}", "")
        if own:
            return own
    return getattr(obj, field, "")


def translation_of(item: dict | None, language: str) -> dict:
    """A definition part's wording in `language`: its `translations.<language>` block (empty when none).

    Forms' UI schemas, workflow steps and task outcomes all carry their Welsh this way."""
    return ((item or {}).get("translations") or {}).get(language) or {}


def service_name(service: Any, language: str | None = None, *, ui_schema: dict | None = None) -> str:
    """A service's name: its own Welsh name, else its form's Welsh title (`ui_schema.translations.cy.title`,
    from `ui_schema` or the service's form), else the English name."""
    language = language or translation.get_language()
    if language == WELSH and not service.name_cy:
        if ui_schema is None and service.form_id:
            ui_schema = service.form.ui_schema
        title = translation_of(ui_schema, WELSH).get("title")
        if title:
            return title
    return worded(service, "name", language)
