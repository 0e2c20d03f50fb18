"""The workflow definition language: its vocabulary and its JSON Schema (draft 2020-12).

One place defines what a service designer may write; validate, lint, compile and the
docs all read these constants, so the language cannot drift between them.
"""

from __future__ import annotations

import copy

STEP_TYPES: tuple[str, ...] = (
    "task",
    "decision",
    "split",
    "join",
    "timer",
    "wait_for_customer",
    "wait_for_reply",
    "connector",
    "set_status",
    "set_field",
    "notify",
    "end",
    "include",
)
MAX_FRAGMENTS = 20
END_OUTCOMES: tuple[str, ...] = ("resolved", "refused", "withdrawn", "duplicate", "referred", "no_action")
CASE_STATUSES: tuple[str, ...] = ("open", "in_progress", "waiting_on_customer", "waiting_on_back_office")
CASE_CHANNELS: tuple[str, ...] = ("web", "phone", "email", "face_to_face")
JOIN_MODES: tuple[str, ...] = ("all", "first")
ESCALATION_PRIORITIES: tuple[str, ...] = ("low", "normal", "high", "urgent")
DURATION_UNITS: tuple[str, ...] = ("working_days", "working_hours", "days", "hours")

# A step id becomes an attribute of a generated viewflow Flow class, so it must not
# shadow what viewflow's Flow (or our compiler) already defines on that class.
RESERVED_STEP_IDS: frozenset[str] = frozenset(
    {
        "start",
        "end_",
        "cancel",
        "lock",
        "nodes",
        "node",
        "urls",
        "instance",
        "process_class",
        "task_class",
        "lock_impl",
        "app_label",
        "flow_label",
        "has_view_permission",
        "has_manage_permission",
        "get_start_nodes",
        "parent",
        "obsolete",
    }
)

MAX_STEPS = 200
MAX_DEFINITION_BYTES = 512 * 1024
# No "__" anywhere: the compiler names helper nodes "<step id>__route".
STEP_ID_PATTERN = r"^[a-z](?!.*__)[a-z0-9_]{0,39}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,49}$"
FIELD_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"
TEAM_FROM_FIELD_PATTERN = r"^(data\.[A-Za-z_][A-Za-z0-9_]*|task\.[a-z][a-z0-9_]{0,39}\.[A-Za-z_][A-Za-z0-9_]*)$"


def _translations(wording: dict) -> dict:
    """Resident-facing wording in other languages: {"cy": <the same keys, in Welsh>}."""
    return {
        "type": "object",
        "properties": {"cy": wording},
        "additionalProperties": False,
        "x-errors": {"additionalProperties": "only Welsh (cy) translations are supported"},
    }


# `x-errors` is our own annotation keyword (ignored by validators): validate.py uses it
# to replace jsonschema's generic message for the named keyword with a readable one.
_DEFS: dict = {
    "step_id": {
        "type": "string",
        "pattern": STEP_ID_PATTERN,
        "x-errors": {
            "pattern": "is not a valid step id (lowercase letters, digits and _, "
            "starting with a letter, at most 40 characters, no __)"
        },
    },
    "outcome_id": {
        "type": "string",
        "pattern": STEP_ID_PATTERN,
        "x-errors": {
            "pattern": "is not a valid outcome id (lowercase letters, digits and _, "
            "starting with a letter, at most 40 characters, no __)"
        },
    },
    "slug": {
        "type": "string",
        "pattern": SLUG_PATTERN,
        "x-errors": {"pattern": "is not a valid name (lowercase letters, digits, - and _)"},
    },
    "duration": {
        "type": "object",
        "properties": {
            "working_days": {"type": "integer", "minimum": 1, "maximum": 520},
            # Opening hours of the council's business calendar (workflows/business_calendar.py).
            "working_hours": {"type": "integer", "minimum": 1, "maximum": 4000},
            "days": {"type": "integer", "minimum": 1, "maximum": 731},
            "hours": {"type": "integer", "minimum": 1, "maximum": 17544},
        },
        "additionalProperties": False,
        "minProperties": 1,
        "maxProperties": 1,
        "x-errors": {
            "minProperties": "give exactly one of working_days, working_hours, days or hours",
            "maxProperties": "give exactly one of working_days, working_hours, days or hours",
        },
    },
    "timeout": {
        "type": "object",
        "properties": {"after": {"$ref": "#/$defs/duration"}, "next": {"$ref": "#/$defs/step_id"}},
        "required": ["after"],
        "additionalProperties": False,
    },
    "condition": {"type": ["object", "boolean"]},
    "assign": {
        "type": "object",
        "properties": {
            "team": {"$ref": "#/$defs/slug"},
            "role": {"$ref": "#/$defs/slug"},
            "same_as": {"$ref": "#/$defs/step_id"},
            "least_loaded": {"$ref": "#/$defs/slug"},
            "round_robin": {"$ref": "#/$defs/slug"},
            "team_from": {"$ref": "#/$defs/team_from"},
        },
        "additionalProperties": False,
        "oneOf": [
            {"required": ["team"]},
            {"required": ["same_as"]},
            {"required": ["least_loaded"]},
            {"required": ["round_robin"]},
            {"required": ["team_from"]},
        ],
        "dependentRequired": {"role": ["team"]},
        "x-errors": {
            "oneOf": "give exactly one rule: team (with an optional role), same_as, least_loaded, round_robin "
            "or team_from",
            "dependentRequired": "role is only allowed together with team",
        },
    },
    # Assignment from data: the team whose slug the answer (or an earlier task's field) maps to.
    "team_from": {
        "type": "object",
        "properties": {
            "field": {
                "type": "string",
                "pattern": TEAM_FROM_FIELD_PATTERN,
                "x-errors": {"pattern": "must be data.<question> or task.<task id>.<question>"},
            },
            "map": {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 200,
                "additionalProperties": {"$ref": "#/$defs/slug"},
            },
            "default": {"$ref": "#/$defs/slug"},
        },
        "required": ["field", "map", "default"],
        "additionalProperties": False,
    },
    # Separation of duties: who must not do this task.
    "not_by": {
        "oneOf": [
            {"type": "array", "items": {"$ref": "#/$defs/step_id"}, "minItems": 1, "maxItems": 20, "uniqueItems": True},
            {"const": "anyone_on_case"},
        ],
        "x-errors": {"oneOf": 'must be a list of task ids or "anyone_on_case"'},
    },
    "outcome": {
        "type": "object",
        "properties": {
            "id": {"$ref": "#/$defs/outcome_id"},
            "label": {"type": "string", "minLength": 1, "maxLength": 100},
            # What the resident sees instead of the officers' label.
            "resident_label": {
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
                "x-errors": {"minLength": "must not be empty", "maxLength": "must be at most 200 characters"},
            },
            "translations": _translations(
                {
                    "type": "object",
                    "properties": {"resident_label": {"type": "string", "minLength": 1, "maxLength": 200}},
                    "required": ["resident_label"],
                    "additionalProperties": False,
                }
            ),
        },
        "required": ["id", "label"],
        "additionalProperties": False,
    },
    "task_next": {
        # A step id, or an object mapping each outcome id to a step id.
        "type": ["string", "object"],
        "pattern": STEP_ID_PATTERN,
        "propertyNames": {"pattern": STEP_ID_PATTERN, "x-errors": {"pattern": "is not a valid outcome id"}},
        "additionalProperties": {"$ref": "#/$defs/step_id"},
        "minProperties": 1,
        "x-errors": {
            "type": "must be a step id or an object mapping each outcome id to a step id",
            "pattern": "is not a valid step id",
        },
    },
    "form": {
        "type": "object",
        "properties": {"schema": {"type": "object"}, "ui": {"type": "object"}},
        "required": ["schema"],
        "additionalProperties": False,
    },
    "escalate": {
        "type": "object",
        "properties": {
            "after": {"$ref": "#/$defs/duration"},
            "to_team": {"$ref": "#/$defs/slug"},
            "role": {"$ref": "#/$defs/slug"},
            "priority": {"enum": list(ESCALATION_PRIORITIES)},
            "notify": {"type": "boolean"},
        },
        "required": ["after"],
        "additionalProperties": False,
    },
    # A date read from the case (workflows/sla_lint.py checks it is a date field), moved by an optional offset.
    "until": {
        "type": "object",
        "properties": {
            "field": {"type": "string", "pattern": FIELD_PATTERN},
            "before": {"$ref": "#/$defs/duration"},
            "after": {"$ref": "#/$defs/duration"},
        },
        "required": ["field"],
        "additionalProperties": False,
        "not": {"required": ["before", "after"]},
        "x-errors": {"not": "give before or after, not both"},
    },
    "template": {
        "type": "object",
        "properties": {
            "subject": {"type": "string", "minLength": 1, "maxLength": 200},
            "body": {"type": "string", "minLength": 1, "maxLength": 20000},
        },
        "required": ["subject", "body"],
        "additionalProperties": False,
    },
}


def _step_schema(step_type: str, properties: dict, required: list[str]) -> dict:
    """A step type's schema: the common keys plus its own, closed to typos."""
    return {
        "type": "object",
        "properties": {
            "id": {"$ref": "#/$defs/step_id"},
            "type": {"const": step_type},
            "title": {"type": "string", "minLength": 1, "maxLength": 200},
            "description": {"type": "string", "maxLength": 5000},
            **properties,
        },
        "required": ["id", "type", *required],
        "additionalProperties": False,
    }


_NEXT = {"$ref": "#/$defs/step_id"}
_STEP_SCHEMAS: dict[str, dict] = {
    "task": _step_schema(
        "task",
        {
            "assign": {"$ref": "#/$defs/assign"},
            "not_by": {"$ref": "#/$defs/not_by"},
            "outcomes": {
                "type": "array",
                "items": {"$ref": "#/$defs/outcome"},
                "minItems": 1,
                "maxItems": 20,
                "x-errors": {"minItems": "a task needs at least one outcome"},
            },
            "form": {"$ref": "#/$defs/form"},
            "due": {"$ref": "#/$defs/duration"},
            "remind_before": {"$ref": "#/$defs/duration"},
            "escalate": {"$ref": "#/$defs/escalate"},
            # A new stage: when this task opens, the case's due date becomes this long from then.
            "case_sla": {"$ref": "#/$defs/duration"},
            "next": {"$ref": "#/$defs/task_next"},
        },
        ["title", "assign", "outcomes", "next"],
    ),
    "decision": _step_schema(
        "decision",
        {
            "branches": {
                "type": "array",
                "minItems": 1,
                "maxItems": 50,
                "items": {
                    "type": "object",
                    "properties": {"when": {"$ref": "#/$defs/condition"}, "next": _NEXT},
                    "required": ["when", "next"],
                    "additionalProperties": False,
                },
            },
            "otherwise": _NEXT,
        },
        ["branches", "otherwise"],
    ),
    "split": _step_schema(
        "split",
        {"branches": {"type": "array", "items": _NEXT, "minItems": 1, "maxItems": 20, "uniqueItems": True}},
        ["branches"],
    ),
    "join": _step_schema("join", {"mode": {"enum": list(JOIN_MODES)}, "next": _NEXT}, ["next"]),
    # A timer's `next` is checked by the lint, which can say why it matters.
    "timer": {
        **_step_schema(
            "timer", {"wait": {"$ref": "#/$defs/duration"}, "until": {"$ref": "#/$defs/until"}, "next": _NEXT}, []
        ),
        "oneOf": [{"required": ["wait"]}, {"required": ["until"]}],
        "x-errors": {"oneOf": "give exactly one of wait (a duration) or until (a date from the case)"},
    },
    "wait_for_customer": _step_schema(
        "wait_for_customer",
        {
            "reminder_after": {"$ref": "#/$defs/duration"},
            "timeout": {"$ref": "#/$defs/timeout"},
            # The case's SLA clock stops while it waits for the resident (default true).
            "stops_clock": {"type": "boolean"},
            "next": _NEXT,
        },
        ["next"],
    ),
    "wait_for_reply": _step_schema(
        "wait_for_reply",
        {
            "connector": {"$ref": "#/$defs/step_id"},
            "timeout": {"$ref": "#/$defs/timeout"},
            "stops_clock": {"type": "boolean"},  # default false: the council's own back office keeps the clock
            "next": _NEXT,
        },
        ["connector", "next"],
    ),
    "connector": _step_schema(
        "connector", {"connector": {"$ref": "#/$defs/step_id"}, "next": _NEXT}, ["connector", "next"]
    ),
    "set_status": _step_schema(
        "set_status", {"status": {"enum": list(CASE_STATUSES)}, "next": _NEXT}, ["status", "next"]
    ),
    "set_field": _step_schema(
        "set_field",
        {"field": {"type": "string", "pattern": FIELD_PATTERN}, "value": {}, "next": _NEXT},
        ["field", "value", "next"],
    ),
    "notify": _step_schema(
        "notify",
        {
            "to": {
                "type": "string",
                "pattern": r"^(resident|assignee|team:[a-z0-9][a-z0-9_-]{0,49})$",
                "x-errors": {"pattern": "must be resident, assignee or team:<team slug>"},
            },
            "template": {"$ref": "#/$defs/template"},
            # The resident's email in Welsh, for cases submitted on a Welsh-enabled council's Welsh pages.
            "translations": _translations({"$ref": "#/$defs/template"}),
            "next": _NEXT,
        },
        ["to", "template", "next"],
    ),
    # Replaced at check/compile time by a copy of the fragment's steps (see workflows/fragments.py).
    "include": _step_schema(
        "include",
        {
            "fragment": {"$ref": "#/$defs/step_id"},
            "exits": {
                "type": "object",
                "propertyNames": {"pattern": STEP_ID_PATTERN, "x-errors": {"pattern": "is not a valid exit name"}},
                "additionalProperties": {"$ref": "#/$defs/step_id"},
            },
        },
        ["fragment", "exits"],
    ),
    "end": _step_schema(
        "end",
        {
            "outcome": {"enum": list(END_OUTCOMES)},
            # Shown on the resident's tracking page when the case ends here.
            "resident_message": {
                "type": "string",
                "minLength": 1,
                "maxLength": 1000,
                "x-errors": {"minLength": "must not be empty", "maxLength": "must be at most 1000 characters"},
            },
            "translations": _translations(
                {
                    "type": "object",
                    "properties": {"resident_message": {"type": "string", "minLength": 1, "maxLength": 1000}},
                    "required": ["resident_message"],
                    "additionalProperties": False,
                }
            ),
        },
        ["outcome"],
    ),
}

WORKFLOW_LANGUAGE_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://councilflow.example/schemas/workflow-definition.json",
    "title": "Councilflow workflow definition",
    "type": "object",
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
        "description": {"type": "string", "maxLength": 5000},
        "start": {"$ref": "#/$defs/step_id"},
        "sla": {"$ref": "#/$defs/duration"},
        "reopen_to": {"$ref": "#/$defs/step_id"},
        # The due date a reopened case gets, from the moment it reopens (default: `sla` again).
        "reopen_sla": {"$ref": "#/$defs/duration"},
        # How long a resolved case waits for the resident's "Has this been resolved?" before it closes.
        "resolution_window": {
            "type": "object",
            "properties": {"working_days": {"type": "integer", "minimum": 1, "maximum": 260}},
            "required": ["working_days"],
            "additionalProperties": False,
        },
        # Officers may extend a case's due date, within these limits (no key: no extensions).
        "extensions": {
            "type": "object",
            "properties": {
                "max_working_days": {"type": "integer", "minimum": 1, "maximum": 260},
                "max_count": {"type": "integer", "minimum": 1, "maximum": 20},
            },
            "required": ["max_working_days"],
            "additionalProperties": False,
        },
        "connectors": {
            "type": "array",
            "maxItems": 50,
            "items": {
                "type": "object",
                "properties": {"slot": {"$ref": "#/$defs/step_id"}, "type": {"$ref": "#/$defs/slug"}},
                "required": ["slot", "type"],
                "additionalProperties": False,
            },
        },
        "fragments": {
            "type": "object",
            "maxProperties": MAX_FRAGMENTS,
            "propertyNames": {"pattern": STEP_ID_PATTERN, "x-errors": {"pattern": "is not a valid fragment name"}},
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "title": {"type": "string", "minLength": 1, "maxLength": 200},
                    "start": {"$ref": "#/$defs/step_id"},
                    "exits": {
                        "type": "array",
                        "items": {"$ref": "#/$defs/step_id"},
                        "minItems": 1,
                        "uniqueItems": True,
                    },
                    "steps": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": MAX_STEPS,
                        "items": {"oneOf": [{"$ref": f"#/$defs/{t}_step"} for t in STEP_TYPES]},
                    },
                },
                "required": ["start", "exits", "steps"],
                "additionalProperties": False,
            },
        },
        "steps": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_STEPS,
            # Discriminated by `type`; validate.py checks `type` first, then the one branch.
            "items": {"oneOf": [{"$ref": f"#/$defs/{t}_step"} for t in STEP_TYPES]},
            "x-errors": {
                "minItems": "a workflow needs at least one step",
                "maxItems": f"a workflow has at most {MAX_STEPS} steps",
            },
        },
    },
    "required": ["title", "start", "steps"],
    "additionalProperties": False,
    "$defs": {**_DEFS, **{f"{t}_step": s for t, s in _STEP_SCHEMAS.items()}},
}


def step_type_schema(step_type: str) -> dict:
    """A standalone schema for one step type (with the shared $defs), for per-step validation."""
    return {
        "$schema": WORKFLOW_LANGUAGE_SCHEMA["$schema"],
        "$defs": WORKFLOW_LANGUAGE_SCHEMA["$defs"],
        "$ref": f"#/$defs/{step_type}_step",
    }


def document_shell_schema() -> dict:
    """The top-level schema with steps left open, so step errors come from their own type's schema."""
    shell = copy.deepcopy(WORKFLOW_LANGUAGE_SCHEMA)
    shell["properties"]["steps"]["items"] = {"type": "object"}
    shell["properties"]["fragments"]["additionalProperties"]["properties"]["steps"]["items"] = {"type": "object"}
    return shell
