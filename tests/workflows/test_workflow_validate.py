"""Structural validation: readable messages located by exact JSON pointers."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from workflow_builders import end, flow, step, task
from workflows.language import MAX_STEPS, RESERVED_STEP_IDS, STEP_TYPES, WORKFLOW_LANGUAGE_SCHEMA
from workflows.validate import workflow_definition_validate


def validate(definition: object) -> list[str]:
    return [str(p) for p in workflow_definition_validate(definition)]


def test_the_language_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(WORKFLOW_LANGUAGE_SCHEMA)
    assert len(WORKFLOW_LANGUAGE_SCHEMA["properties"]["steps"]["items"]["oneOf"]) == len(STEP_TYPES)
    assert {"start", "lock", "nodes", "end_"} <= RESERVED_STEP_IDS


def test_the_missed_bin_service_is_valid_against_the_schema_itself(missed_bin):
    assert validate(missed_bin) == []
    assert list(Draft202012Validator(WORKFLOW_LANGUAGE_SCHEMA).iter_errors(missed_bin)) == []


def test_a_definition_must_be_an_object():
    assert validate([]) == ["/: a workflow definition must be a JSON object"]


def test_missing_top_level_keys_and_typos():
    assert validate({"title": "x", "start": "check", "steps": [end("check")], "slaa": {}}) == [
        '/slaa: unknown property "slaa" (allowed: title, description, start, sla, reopen_to, reopen_sla, resolution_window, extensions, withdrawal, connectors, fragments, steps)'
    ]
    assert validate({"start": "check", "steps": [end("check")]}) == ['/: "title" is required']


def test_a_bad_task_step_reports_its_own_problems_not_oneof_noise():
    bad = task("check", outcomes=())
    bad["outcomes"] = [{"id": "Collected", "label": "Collected"}, {"id": "x"}]
    assert validate(flow(bad, end())) == [
        '/steps/0/outcomes/0/id: "Collected" is not a valid outcome id (lowercase letters, digits and _, '
        "starting with a letter, at most 40 characters, no __)",
        '/steps/0/outcomes/1: "label" is required',
    ]


def test_an_unknown_step_type_lists_the_types():
    assert validate(flow(step("check", "tsk"), end())) == [
        f'/steps/0/type: unknown step type "tsk" (types: {", ".join(STEP_TYPES)})'
    ]


def test_a_step_without_a_type():
    assert validate(flow({"id": "check"}, end())) == ['/steps/0: a step needs a "type"']


def test_an_invalid_step_id():
    assert validate(flow(task("Check"), end(), start="check")) == [
        '/steps/0/id: "Check" is not a valid step id (lowercase letters, digits and _, starting with a letter, '
        "at most 40 characters, no __)"
    ]


def test_a_step_id_cannot_contain_a_double_underscore():
    # The compiler names a task's routing node "<id>__route"; such an id could clash with it.
    definition = flow(task("check", "check__route"), end("check__route"))
    assert validate(definition) == [
        '/steps/0/next: "check__route" is not a valid step id',
        '/steps/1/id: "check__route" is not a valid step id (lowercase letters, digits and _, starting with a letter, '
        "at most 40 characters, no __)",
    ]
    assert validate(flow(task("check", "done_"), end("done_"))) == []  # a single _ anywhere is fine


def test_an_assignment_needs_exactly_one_rule():
    both = task("check", assign={"team": "waste", "same_as": "other"})
    role_only = task("check", assign={"role": "team_leader", "least_loaded": "waste"})
    rule = "give exactly one rule: team (with an optional role), same_as, least_loaded, round_robin or team_from"
    assert validate(flow(both, end())) == [f"/steps/0/assign: {rule}"]
    assert validate(flow(role_only, end())) == ["/steps/0/assign: role is only allowed together with team"]


def test_a_duration_needs_exactly_one_known_unit():
    problems = validate(flow(task("check", due={"days": 1, "hours": 2}, remind_before={"weeks": 1}), end()))
    assert problems == [
        "/steps/0/due: give exactly one of working_days, working_hours, days or hours",
        '/steps/0/remind_before/weeks: unknown property "weeks" (allowed: working_days, working_hours, days, hours)',
    ]


def test_enumerated_values_list_the_choices():
    definition = flow(
        task("check", "prio"), step("prio", "set_status", status="closed", next="done"), end("done", "fixed")
    )
    assert validate(definition) == [
        '/steps/1/status: "closed" is not one of: open, in_progress, waiting_on_customer, waiting_on_back_office',
        '/steps/2/outcome: "fixed" is not one of: resolved, refused, withdrawn, duplicate, referred, no_action',
    ]


def test_a_task_next_must_be_an_id_or_an_outcome_map():
    assert validate(flow(task("check", 5), end())) == [
        "/steps/0/next: must be a step id or an object mapping each outcome id to a step id"
    ]


def test_duplicate_outcome_ids_and_a_broken_task_form():
    broken = task(
        "check", outcomes=("ok", "ok"), form={"schema": {"type": "object", "properties": {"a": {"type": "strin"}}}}
    )
    problems = validate(flow(broken, end()))
    assert '/steps/0/outcomes/1/id: duplicate outcome "ok"' in problems
    assert any(p.startswith("/steps/0/form/schema/properties/a/type: not a valid JSON Schema") for p in problems)


def test_what_the_resident_sees_at_an_outcome_and_an_end():
    check = task("check")
    check["outcomes"][0]["resident_label"] = "We have looked into it"
    done = dict(end(), resident_message="Your bin will be collected tomorrow.")
    assert validate(flow(check, done)) == []

    check["outcomes"][0]["resident_label"] = "x" * 201
    done["resident_message"] = "x" * 1001
    assert validate(flow(check, done)) == [
        "/steps/0/outcomes/0/resident_label: must be at most 200 characters",
        "/steps/1/resident_message: must be at most 1000 characters",
    ]
    check["outcomes"][0]["resident_label"] = ""
    done["resident_message"] = 5
    assert validate(flow(check, done)) == [
        "/steps/0/outcomes/0/resident_label: must not be empty",
        "/steps/1/resident_message: must be a string",
    ]


def test_notify_recipients():
    bad = step("tell", "notify", to="mayor", template={"subject": "s", "body": "b"}, next="done")
    assert validate(flow(bad, end(), start="tell")) == [
        '/steps/0/to: "mayor" must be resident, assignee or team:<team slug>'
    ]


def test_too_many_steps_and_too_big_a_definition():
    many = flow(*[end(f"s{i}") for i in range(MAX_STEPS + 1)], start="s0")
    assert validate(many) == [f"/steps: a workflow has at most {MAX_STEPS} steps"]
    huge = flow(end(), start="done", description="x" * 4000)
    huge["steps"] = [dict(end(f"s{i}"), description="x" * 4000) for i in range(140)]
    assert validate(huge) == ["/: the definition is 559 KB; the limit is 512 KB"]
