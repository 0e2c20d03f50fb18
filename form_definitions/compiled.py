"""A checked form definition compiled once into a validator that maps errors to questions."""

from __future__ import annotations

import copy
import datetime
import threading
from collections import OrderedDict
from collections.abc import Collection, Hashable
from dataclasses import dataclass

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from form_definitions.address import address_problem
from form_definitions.conditions import fields_hidden
from form_definitions.dates import DEFAULT_REGION, date_rules_broken, today_uk, uses_working_days
from form_definitions.fields import FieldSpec, PageSpec, form_pages, item_key, item_title
from form_definitions.formats import form_format_checker
from form_definitions.map_point import MapArea, map_problem
from form_definitions.messages import error_message
from form_definitions.meta import form_definition_check
from form_definitions.regex import FormValidator

FORM_ERRORS = "__all__"  # errors about the answers as a whole, not one question
CACHE_SIZE = 256
# Lower ranks win when one question has several errors: say what is missing before what is wrong.
KEYWORD_RANK = {
    "required": 0,
    "type": 1,
    "minLength": 2,
    "minItems": 2,
    "enum": 3,
    "const": 3,
    "oneOf": 3,
    "anyOf": 3,
    "format": 4,
}


@dataclass(frozen=True)
class CompiledForm:
    """A published form: its pages and questions, and a validator with real format checks."""

    schema: dict
    ui_schema: dict
    validator: Draft202012Validator
    pages: list[PageSpec]
    fields: list[FieldSpec]

    def field(self, name: str) -> FieldSpec | None:
        """The question called `name`, or None."""
        return next((f for f in self.fields if f.name == name), None)

    @property
    def uses_map_area(self) -> bool:
        """True when a question is a map point, so errors_for needs the council's area box."""
        return any(f.widget == "map_location" for f in self.fields)

    @property
    def uses_working_days(self) -> bool:
        """True when a date rule counts working days, so errors_for needs the council's holiday region."""
        return any(uses_working_days(f.date_rules) for f in self.fields)

    def errors_for(
        self,
        answers: dict,
        *,
        today: datetime.date | None = None,
        region: str = DEFAULT_REGION,
        area: MapArea | None = None,
    ) -> dict[str, str]:
        """One message per question in form order (`__all__` first); hidden questions are never required.

        Date rules are measured from `today` (the UK date unless given) in the council's holiday `region`;
        map points must fall in the council's `area` box when given.
        """
        hidden = fields_hidden(self.fields, answers)
        visible = {k: v for k, v in answers.items() if k not in hidden}
        chosen: dict[str, ValidationError] = {}
        repeats = {f.name for f in self.fields if f.widget == "repeat"}
        for key, error in _errors_by_field(self.validator, visible, repeats):
            if key in hidden:
                continue
            if key not in chosen or _rank(error) < _rank(chosen[key]):
                chosen[key] = error
        for field in self.fields:  # a date rule speaks only once the answer is a real date the schema accepts
            if field.date_rules and field.name in visible and field.name not in chosen:
                broken = date_rules_broken(
                    field.date_rules, visible[field.name], visible, today=today or today_uk(), region=region
                )
                if (first := next(broken, None)) is not None:
                    chosen[field.name] = ValidationError(
                        first.rule, validator=first.rule, validator_value=first.limit, instance=visible[field.name]
                    )
        for field in self.fields:  # an address typed in by hand needs its first line, town and postcode
            if field.widget != "address_lookup" or field.name not in visible or field.name in chosen:
                continue
            if (problem := address_problem(visible[field.name])) is not None:
                chosen[field.name] = ValidationError(problem, validator=problem, instance=visible[field.name])
        for field in self.fields:  # a map point must be whole and inside the area; its words beat the schema's
            if field.widget != "map_location" or field.name not in visible:
                continue
            if (problem := map_problem(visible[field.name], area)) is not None:
                chosen[field.name] = ValidationError(problem, validator=problem, instance=visible[field.name])
        position = {name: i for i, name in enumerate([FORM_ERRORS] + [f.name for f in self.fields])}
        keys = sorted(chosen, key=lambda k: self._error_order(k, position))
        return {key: self._message(key, chosen[key]) for key in keys}

    def error_owner(self, key: str) -> str:
        """The question an error key belongs to: itself, or the repeatable group of an item's key."""
        found = self._item_of(key)
        return found[0].name if found else key

    def _item_of(self, key: str) -> tuple[FieldSpec, int, FieldSpec] | None:
        """(group, item index, item question) for a key like `bins-1-colour`, else None."""
        for group in self.fields:
            if group.widget != "repeat" or not key.startswith(group.name + "-"):
                continue
            index, _, name = key[len(group.name) + 1 :].partition("-")
            sub = next((s for s in group.item_fields if s.name == name), None)
            if index.isdigit() and sub is not None:
                return group, int(index), sub
        return None

    def _error_order(self, key: str, position: dict[str, int]) -> tuple:
        found = self._item_of(key)
        if found is None:
            return (position.get(key, len(position)), -1, -1)
        group, index, sub = found
        return (position[group.name], index, group.item_fields.index(sub))

    def page_errors(
        self,
        answers: dict,
        page: PageSpec,
        *,
        today: datetime.date | None = None,
        region: str = DEFAULT_REGION,
        area: MapArea | None = None,
    ) -> dict[str, str]:
        """Errors of this page's questions only, so unanswered later pages are not reported yet."""
        names = {f.name for f in page.fields}
        errors = self.errors_for(answers, today=today, region=region, area=area)
        return {k: v for k, v in errors.items() if self.error_owner(k) in names}

    def _message(self, key: str, error: ValidationError) -> str:
        field = self.field(key)
        if field is not None:
            return error_message(field, error)
        found = self._item_of(key)
        if found is None:
            return error.message
        group, index, sub = found
        message = error_message(sub, error)
        if str(error.validator) in sub.error_messages:
            return message  # the designer's own words, as written
        return f"{message} for {item_title(group, index)[:1].lower()}{item_title(group, index)[1:]}"


def _rank(error: ValidationError) -> int:
    return KEYWORD_RANK.get(str(error.validator), 5)


def _errors_by_field(
    validator: Draft202012Validator,
    answers: dict,
    repeats: Collection[str] = (),
) -> list[tuple[str, ValidationError]]:
    """Pair each error with its question: the first path element, or the missing name for `required`.

    In a repeatable group an item's error belongs to that item's question, keyed `<group>-<index>-<question>`."""
    pairs: list[tuple[str, ValidationError]] = []
    seen_required: dict[tuple, int] = {}

    def missing_name(error: ValidationError) -> str | None:
        # jsonschema yields one error per missing name, in the order of the `required` list.
        group = (tuple(error.absolute_path), tuple(error.absolute_schema_path))
        index = seen_required.get(group, 0)
        seen_required[group] = index + 1
        missing = [n for n in error.validator_value if n not in error.instance]
        return missing[index] if index < len(missing) else None

    for error in validator.iter_errors(answers):
        path = list(error.absolute_path)
        if len(path) >= 2 and path[0] in repeats and isinstance(path[1], int):
            name = str(path[2]) if len(path) >= 3 else None
            if name is None and error.validator == "required" and isinstance(error.instance, dict):
                name = missing_name(error)
            pairs.append((item_key(str(path[0]), path[1], name) if name else str(path[0]), error))
        elif path:
            pairs.append((str(path[0]), error))
        elif error.validator == "required" and isinstance(error.instance, dict):
            pairs.append((missing_name(error) or FORM_ERRORS, error))
        else:
            pairs.append((FORM_ERRORS, error))
    return pairs


def compile_form(schema: dict, ui_schema: dict | None) -> CompiledForm:
    """Check the definition (raising DefinitionInvalid) and build its validator and pages."""
    ui_schema = ui_schema or {}
    form_definition_check(schema, ui_schema)
    schema, ui_schema = copy.deepcopy(schema), copy.deepcopy(ui_schema)
    pages = form_pages(schema, ui_schema)
    return CompiledForm(
        schema=schema,
        ui_schema=ui_schema,
        # RE2 for every pattern: a resident's answer can never make a designer's regex backtrack.
        validator=FormValidator(schema, format_checker=form_format_checker()),
        pages=pages,
        fields=[f for page in pages for f in page.fields],
    )


_cache: OrderedDict[Hashable, CompiledForm] = OrderedDict()
_cache_lock = threading.Lock()


def compiled_form_cached(key: Hashable, schema: dict, ui_schema: dict | None) -> CompiledForm:
    """Compile a published (immutable) version once per process; least recently used entries go first."""
    with _cache_lock:
        form = _cache.get(key)
        if form is not None:
            _cache.move_to_end(key)
            return form
    form = compile_form(schema, ui_schema)  # outside the lock: one slow compile must not block others
    with _cache_lock:
        form = _cache.setdefault(key, form)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return form


def compiled_form_cache_clear() -> None:
    """Forget every compiled form (tests, or after a definition was corrected in place)."""
    with _cache_lock:
        _cache.clear()
