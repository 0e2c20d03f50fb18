"""Welsh on the resident pages: which language a request gets, and a form's questions in that language.

Portal chrome is translated through Django i18n (`locale/cy`); a service's questions come from the
optional `ui_schema.translations.cy` block; council and service names, categories and summaries from
their `*_cy` fields. Anything without Welsh wording stays in English.
"""

from __future__ import annotations

import dataclasses
import datetime
import threading
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import pgettext
from jsonschema.exceptions import ValidationError

from councilflow.wording import ENGLISH, WELSH, translation_of
from form_definitions.compiled import CompiledForm
from form_definitions.fields import FieldSpec, answer_display

LANGUAGE_PARAMETER = "lang"  # the toggle's links: ?lang=cy, ?lang=en
CACHE_SIZE = 256


def resident_language(request: HttpRequest, council: Any, *, usual: str | None = None) -> str:
    """Activate and return the language for this page.

    English unless the council offers Welsh; then the toggle's choice, else the remembered choice
    (language cookie), else `usual` (a case's own language, for a tracking link opened on another device),
    else the browser's Accept-Language.
    """
    language = ENGLISH
    if council is not None and getattr(council, "welsh_enabled", False):
        chosen = request.GET.get(LANGUAGE_PARAMETER) or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or usual
        chosen = chosen or translation.get_language_from_request(request)
        language = WELSH if chosen.lower().startswith(WELSH) else ENGLISH
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def language_remember(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The toggle's choice sticks for later pages (Django's own language cookie, read by resident_language)."""
    chosen = request.GET.get(LANGUAGE_PARAMETER)
    if chosen in (ENGLISH, WELSH) and chosen == request.LANGUAGE_CODE:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE or settings.SESSION_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        )
    return response


def language_toggle(request: HttpRequest, council: Any) -> list[dict] | None:
    """The GOV.UK language toggle's two entries ("English | Cymraeg"), or None when the council is English-only."""
    if council is None or not getattr(council, "welsh_enabled", False):
        return None
    current = getattr(request, "LANGUAGE_CODE", ENGLISH)
    entries = []
    for code, name, change in (
        (ENGLISH, "English", "Change the language to English"),
        (WELSH, "Cymraeg", "Newid yr iaith i’r Gymraeg"),
    ):
        query = request.GET.copy()
        query[LANGUAGE_PARAMETER] = code
        entries.append(
            {
                "code": code,
                "name": name,
                "change": change,
                "current": code == current,
                "url": f"{request.path}?{query.urlencode()}",
            }
        )
    return entries


@dataclasses.dataclass(frozen=True)
class TranslatedForm(CompiledForm):
    """A compiled form with translated wording; errors without translated wording fall back to the English message."""

    english: CompiledForm | None = None

    def _message(self, key: str, error: ValidationError) -> str:
        field = self.field(key)
        if field is not None and str(error.validator) in field.error_messages:
            return super()._message(key, error)
        found = self._item_of(key) if field is None else None
        if found is not None and str(error.validator) in found[2].error_messages:
            return super()._message(key, error)  # an item question's own Welsh message, as written
        return self.english._message(key, error)


_cache: dict[int, tuple[CompiledForm, CompiledForm]] = {}
_cache_lock = threading.Lock()


def form_in_language(compiled: CompiledForm, language: str) -> CompiledForm:
    """The form with its `translations.<language>` wording; the English form itself when there is none."""
    words = translation_of(compiled.ui_schema, language) if language != ENGLISH else {}
    if not words:
        return compiled
    with _cache_lock:
        entry = _cache.get(id(compiled))
    if entry is not None and entry[0] is compiled:  # the compiled form is immutable and cached per version
        return entry[1]
    translated = _translate(compiled, words)
    with _cache_lock:
        if len(_cache) >= CACHE_SIZE:
            _cache.clear()
        _cache[id(compiled)] = (compiled, translated)
    return translated


def _translate(compiled: CompiledForm, words: dict) -> TranslatedForm:
    titles, fields = words.get("pages") or {}, words.get("fields") or {}
    single_page = "pages" not in compiled.ui_schema
    pages = [
        dataclasses.replace(
            page,
            title=words.get("title", page.title) if single_page else titles.get(page.id, page.title),
            fields=[_field_translate(f, fields.get(f.name) or {}) for f in page.fields],
        )
        for page in compiled.pages
    ]
    return TranslatedForm(
        schema=compiled.schema,
        ui_schema=compiled.ui_schema,
        validator=compiled.validator,
        pages=pages,
        fields=[f for page in pages for f in page.fields],
        english=compiled,
    )


def _field_translate(field: FieldSpec, words: dict) -> FieldSpec:
    labels = words.get("choices") or {}
    items = words.get("items") or {}
    return dataclasses.replace(
        field,
        label=words.get("label") or field.label,
        hint=words.get("hint") or field.hint,
        error_messages=dict(words.get("errors") or {}),
        choices=[dataclasses.replace(c, label=labels.get(_posted(c.value), c.label)) for c in field.choices],
        item_label=words.get("item_label") or field.item_label,
        item_fields=tuple(_field_translate(sub, items.get(sub.name) or {}) for sub in field.item_fields),
    )


def _posted(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def answer_text(field: FieldSpec, value: Any) -> str:
    """An answer as the resident reads it, with dates and yes/no in the active language."""
    if translation.get_language() == WELSH:
        if isinstance(value, str) and (field.widget == "date" or field.schema.get("format") == "date"):
            try:
                return date_format(datetime.date.fromisoformat(value), "j F Y")
            except ValueError:
                return value
        if isinstance(value, bool) and not any(isinstance(c.value, bool) for c in field.choices):
            return pgettext("answer", "Yes") if value else pgettext("answer", "No")
    return answer_display(field, value)
