"""The workflow language's shared vocabulary: the words, limits, patterns and $defs every step type may use.

Kept apart from language.py (which assembles the full schema from the step-type registry) so the step-type
modules, the conditions and the fragments can read these constants without importing the registry.
"""

from __future__ import annotations

MAX_FRAGMENTS = 20
END_OUTCOMES: tuple[str, ...] = ("resolved", "refused", "withdrawn", "duplicate", "referred", "no_action")
CASE_STATUSES: tuple[str, ...] = ("open", "in_progress", "waiting_on_customer", "waiting_on_back_office")
CASE_CHANNELS: tuple[str, ...] = ("web", "phone", "email", "face_to_face")
JOIN_MODES: tuple[str, ...] = ("all", "first", "first_others_finish")
CANCEL_ON_EVENTS: tuple[str, ...] = ("resident_reply", "connector_reply", "officer_action")
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


def translations_schema(wording: dict) -> dict:
    """Resident-facing wording in other languages: {"cy": <the same keys, in Welsh>}."""
    return {
        "type": "object",
        "properties": {"cy": wording},
        "additionalProperties": False,
        "x-errors": {"additionalProperties": "only Welsh (cy) translations are supported"},
    }


# `x-errors` is our own annotation keyword (ignored by validators): validate.py uses it
# to replace jsonschema's generic message for the named keyword with a readable one.
SHARED_DEFS: dict = {
    # A task's `cancel_on` (workflows/cancel_on.py): a timer or an event that cancels it and routes on.
    "cancel_on": {
        "type": "array",
        "minItems": 1,
        "maxItems": 5,
        "items": {
            "type": "object",
            "properties": {
                "after": {"$ref": "#/$defs/duration"},
                "event": {"enum": list(CANCEL_ON_EVENTS)},
                # The words on the officer's button (officer_action only).
                "label": {"type": "string", "minLength": 1, "maxLength": 100},
                # Only a reply from this connector slot (connector_reply only; any back office without it).
                "connector": {"$ref": "#/$defs/step_id"},
                "next": {"$ref": "#/$defs/step_id"},
            },
            "required": ["next"],
            "additionalProperties": False,
        },
    },
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
            "translations": translations_schema(
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


def step_schema(step_type: str, properties: dict, required: list[str]) -> dict:
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


NEXT = {"$ref": "#/$defs/step_id"}
