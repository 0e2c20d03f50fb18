"""Every lint error, with its exact JSON pointer and wording."""

from __future__ import annotations

from workflow_builders import end, flow, step, task
from workflows.lint import workflow_definition_lint
from workflows.validate import workflow_definition_validate

FORM = {
    "type": "object",
    "properties": {
        "bin_type": {"type": "string", "enum": ["general", "recycling"]},
        "bags": {"type": "integer"},
        "priority": {"type": "string", "enum": ["normal", "high"]},
        "urgent": {"type": "boolean"},
    },
}


def lint(definition: dict, **options: object) -> list[str]:
    """Lint a definition that must be structurally valid, as the pipeline does."""
    assert workflow_definition_validate(definition) == []
    return [str(p) for p in workflow_definition_lint(definition, **options)]


def test_the_missed_bin_service_lints_clean(missed_bin, missed_bin_form):
    assert lint(missed_bin, form_schema=missed_bin_form, teams={"waste", "highways"}, connector_types={"rest"}) == []


def test_a_reserved_step_id_is_refused():
    problems = lint(flow(task("lock"), end(), start="lock"))
    assert problems == ['/steps/0/id: "lock" is a reserved name; choose another step id']


def test_a_duplicate_step_id_points_at_the_second_one():
    problems = lint(flow(task("check"), end(), task("check")))
    assert '/steps/2/id: duplicate step id "check" (also /steps/0)' in problems


def test_an_unknown_start_is_reported_once():
    assert lint(flow(task("check"), end(), start="chek")) == ['/start: unknown step "chek"']


def test_an_unknown_next_step_is_reported_with_its_pointer():
    definition = flow(
        task("check", {"ok": "route", "stop": "done"}, outcomes=("ok", "stop")),
        step("route", "set_status", status="open", next="send"),
        end(),
        step("send", "connector", connector="crm", next="inspect"),
        connectors=[{"slot": "crm", "type": "rest"}],
    )
    assert lint(definition) == ['/steps/3/next: unknown step "inspect"']


def test_unknown_steps_in_outcome_maps_branches_and_timeouts_are_reported():
    definition = flow(
        task("check", {"ok": "nowhere"}),
        step("route", "decision", branches=[{"when": True, "next": "gone"}], otherwise="missing"),
        step("fork", "split", branches=["done", "lost"]),
        step("wait", "wait_for_customer", timeout={"after": {"days": 1}, "next": "vanished"}, next="done"),
        end(),
    )
    problems = lint(definition)
    for expected in (
        '/steps/0/next/ok: unknown step "nowhere"',
        '/steps/1/branches/0/next: unknown step "gone"',
        '/steps/1/otherwise: unknown step "missing"',
        '/steps/2/branches/1: unknown step "lost"',
        '/steps/3/timeout/next: unknown step "vanished"',
    ):
        assert expected in problems


def test_reopen_to_must_name_a_step():
    assert lint(flow(task("check"), end(), reopen_to="chek")) == ['/reopen_to: unknown step "chek"']


def test_reopen_to_must_be_a_task():
    definition = flow(
        task("check", "tell"),
        step("tell", "notify", to="resident", template={"subject": "s", "body": "b"}, next="done"),
        end(),
        reopen_to="tell",
    )
    assert lint(definition) == ['/reopen_to: "tell" is a notify step; a reopened case must return to a task']


def test_a_step_only_reached_by_reopening_is_not_unreachable():
    definition = flow(task("check"), task("review"), end(), reopen_to="review")
    assert lint(definition) == []


def test_a_timer_without_a_next_step():
    definition = flow(
        task("check", {"wait": "cool_off", "stop": "done"}, outcomes=("wait", "stop")),
        step("cool_off", "timer", wait={"working_days": 2}),
        end(),
    )
    assert lint(definition) == ["/steps/1/next: a timer needs a next step to go to when it fires"]


def test_a_timeout_without_a_next_step():
    definition = flow(
        task("check", "wait"), step("wait", "wait_for_customer", timeout={"after": {"days": 10}}, next="done"), end()
    )
    assert lint(definition) == ["/steps/1/timeout/next: a timeout needs a next step to go to when it expires"]


def test_an_unreachable_step():
    definition = flow(task("check"), end(), task("spare"), task("orphan"), task("inspect"))
    definition["steps"][2]["next"] = "inspect"
    problems = lint(definition)
    assert '/steps/4: step "inspect" can never be reached from the start' in problems
    assert '/steps/2: step "spare" can never be reached from the start' in problems


def test_a_cycle_with_no_exit_is_a_dead_end():
    definition = flow(
        task("check", {"ok": "done", "again": "review"}, outcomes=("ok", "again")),
        end(),
        task("review", "review_2"),
        task("review_2", "review"),
    )
    problems = lint(definition)
    assert problems == [
        '/steps/2: no path from "review" to an end step',
        '/steps/3: no path from "review_2" to an end step',
    ]


def test_a_workflow_without_an_end_step():
    definition = flow(task("check", "check"))
    assert lint(definition) == ["/steps: the workflow has no end step"]


def test_an_outcome_map_missing_an_outcome():
    definition = flow(task("check", {"collected": "done"}, outcomes=("collected", "not_our_round")), end())
    assert lint(definition) == ['/steps/0/next: outcome "not_our_round" has no next step']


def test_an_outcome_map_with_an_extra_key():
    definition = flow(task("check", {"ok": "done", "refer": "done"}), end())
    assert lint(definition) == ['/steps/0/next/refer: "refer" is not an outcome of this task (outcomes: ok)']


def test_same_as_must_name_a_step():
    definition = flow(task("check", "review"), task("review", assign={"same_as": "inspect"}), end())
    assert lint(definition) == ['/steps/1/assign/same_as: unknown step "inspect"']


def test_same_as_cannot_name_itself():
    definition = flow(task("check", "review"), task("review", assign={"same_as": "review"}), end())
    assert lint(definition) == ["/steps/1/assign/same_as: a task cannot be assigned the same as itself"]


def test_same_as_must_name_a_task():
    definition = flow(
        task("check", "note"),
        step("note", "set_status", status="in_progress", next="review"),
        task("review", assign={"same_as": "note"}),
        end(),
    )
    assert lint(definition) == ['/steps/2/assign/same_as: "note" is a set_status step, not a task']


def test_same_as_must_name_a_task_that_always_comes_first():
    definition = flow(
        step(
            "route",
            "decision",
            branches=[{"when": {"==": [{"var": "case.channel"}, "phone"]}, "next": "check"}],
            otherwise="review",
        ),
        task("check", "review"),
        task("review", assign={"same_as": "check"}),
        end(),
        start="route",
    )
    assert lint(definition) == [
        '/steps/2/assign/same_as: task "check" does not always come before "review", so it may have no owner to copy'
    ]


def test_a_split_needs_two_branches():
    definition = flow(
        task("check", "fork"),
        step("fork", "split", branches=["a"]),
        task("a", "meet"),
        step("meet", "join", next="done"),
        end(),
    )
    problems = lint(definition)
    assert "/steps/1/branches: a split needs at least 2 branches" in problems


def test_split_branches_that_never_meet():
    definition = flow(task("check", "fork"), step("fork", "split", branches=["a", "b"]), task("a"), task("b"), end())
    assert lint(definition) == ['/steps/1: the branches of split "fork" never meet at a join']


def test_a_join_without_a_matching_split():
    definition = flow(task("check", "meet"), step("meet", "join", next="done"), end())
    assert lint(definition) == ['/steps/1: join "meet" is not reached from every branch of any split']


def test_a_join_reached_from_only_one_branch():
    definition = flow(
        task("check", "fork"),
        step("fork", "split", branches=["a", "b"]),
        task("a", "meet"),
        task("b", "meet2"),
        step("meet", "join", next="done"),
        step("meet2", "join", next="done"),
        end(),
    )
    problems = lint(definition)
    assert '/steps/4: join "meet" is not reached from every branch of any split' in problems
    assert '/steps/5: join "meet2" is not reached from every branch of any split' in problems
    assert '/steps/1: the branches of split "fork" never meet at a join' in problems


def test_a_connector_step_must_name_a_declared_slot():
    definition = flow(
        task("check", "send"),
        step("send", "connector", connector="waste", next="await"),
        step("await", "wait_for_reply", connector="crm", next="done"),
        end(),
        connectors=[{"slot": "waste_system", "type": "rest"}],
    )
    assert lint(definition) == [
        '/steps/1/connector: no connector slot "waste" is declared (slots: waste_system)',
        '/steps/2/connector: no connector slot "crm" is declared (slots: waste_system)',
    ]


def test_a_connector_slot_declared_twice():
    definition = flow(
        task("check"), end(), connectors=[{"slot": "crm", "type": "rest"}, {"slot": "crm", "type": "rest"}]
    )
    assert lint(definition) == ['/connectors/1/slot: duplicate slot "crm"']


def test_an_unknown_connector_type_when_the_types_are_known():
    definition = flow(task("check"), end(), connectors=[{"slot": "crm", "type": "soap"}])
    assert lint(definition, connector_types={"rest", "email"}) == [
        '/connectors/0/type: unknown connector type "soap" (types: email, rest)'
    ]


def test_an_unknown_team_in_an_assignment():
    definition = flow(task("check", assign={"team": "wast"}), end())
    assert lint(definition, teams={"waste", "highways"}) == [
        '/steps/0/assign/team: no team "wast" in this council (teams: highways, waste)'
    ]


def test_unknown_teams_in_every_place_a_team_is_named():
    definition = flow(
        task("check", "second", escalate={"after": {"working_days": 3}, "to_team": "bosses"}),
        task("second", "third", assign={"least_loaded": "parks"}),
        task("third", "tell", assign={"round_robin": "roads"}),
        step("tell", "notify", to="team:press", template={"subject": "s", "body": "b"}, next="done"),
        end(),
    )
    assert lint(definition, teams={"waste"}) == [
        '/steps/0/escalate/to_team: no team "bosses" in this council (teams: waste)',
        '/steps/1/assign/least_loaded: no team "parks" in this council (teams: waste)',
        '/steps/2/assign/round_robin: no team "roads" in this council (teams: waste)',
        '/steps/3/to: no team "press" in this council (teams: waste)',
    ]


def test_teams_are_not_checked_when_unknown():
    assert lint(flow(task("check", assign={"team": "anything"}), end()), teams=None) == []


def test_set_field_on_an_unknown_field():
    definition = flow(task("check", "prio"), step("prio", "set_field", field="colour", value="red", next="done"), end())
    assert lint(definition, form_schema=FORM) == [
        '/steps/1/field: unknown field "colour" (the form has: bin_type, bags, priority, urgent)'
    ]


def test_set_field_with_a_value_of_the_wrong_type():
    definition = flow(
        task("check", "count"), step("count", "set_field", field="bags", value="three", next="done"), end()
    )
    assert lint(definition, form_schema=FORM) == [
        '/steps/1/value: field "bags" holds an integer, not the string "three"'
    ]


def test_set_field_with_a_value_outside_the_choices():
    definition = flow(
        task("check", "prio"), step("prio", "set_field", field="priority", value="urgent", next="done"), end()
    )
    assert lint(definition, form_schema=FORM) == [
        '/steps/1/value: "urgent" is not one of the choices for data.priority (normal, high)'
    ]


def test_set_field_copying_a_field_of_another_type():
    definition = flow(
        task("check", "copy"), step("copy", "set_field", field="bags", value={"var": "data.urgent"}, next="done"), end()
    )
    assert lint(definition, form_schema=FORM) == ['/steps/1/value: field "bags" holds an integer, not data.urgent']


def test_set_field_is_not_checked_without_a_form():
    definition = flow(task("check", "prio"), step("prio", "set_field", field="colour", value=1, next="done"), end())
    assert lint(definition, form_schema=None) == []


def test_a_condition_on_an_unknown_field_points_into_the_condition():
    definition = flow(
        task("check", "route"),
        step(
            "route",
            "decision",
            branches=[{"when": {"==": [{"var": "data.colour"}, "red"]}, "next": "done"}],
            otherwise="done",
        ),
        end(),
    )
    assert lint(definition, form_schema=FORM) == [
        '/steps/1/branches/0/when/==/0/var: unknown field "colour" (the form has: bin_type, bags, priority, urgent)'
    ]


def test_a_condition_comparing_an_outcome_to_an_id_the_task_lacks():
    definition = flow(
        task("check", "route", outcomes=("collected", "not_our_round")),
        step(
            "route",
            "decision",
            branches=[{"when": {"==": [{"var": "outcomes.check"}, "colected"]}, "next": "done"}],
            otherwise="done",
        ),
        end(),
    )
    assert lint(definition, form_schema=FORM) == [
        '/steps/1/branches/0/when/==/1: task "check" has no outcome "colected" (its outcomes: collected, not_our_round)'
    ]


def test_a_condition_reading_a_task_that_never_runs_first():
    definition = flow(
        step(
            "route",
            "decision",
            branches=[{"when": {"==": [{"var": "outcomes.check"}, "ok"]}, "next": "done"}],
            otherwise="check",
        ),
        task("check"),
        end(),
        start="route",
    )
    assert lint(definition) == [
        '/steps/0/branches/0/when/==/0/var: task "check" never runs before "route", so this is always empty'
    ]


def test_a_condition_on_a_checkboxes_answer_uses_its_choices():
    form = {
        "type": "object",
        "properties": {
            "waste_types": {"type": "array", "items": {"type": "string", "enum": ["General", "Asbestos", "Garden"]}},
            "bags": {"type": "integer"},
        },
    }

    def route(when: dict) -> dict:
        branches = [{"when": when, "next": "specialist"}]
        return flow(
            step("route", "decision", branches=branches, otherwise="done"), end("specialist"), end(), start="route"
        )

    assert lint(route({"contains": [{"var": "data.waste_types"}, "Asbestos"]}), form_schema=form) == []
    assert lint(route({"contains": [{"var": "data.waste_types"}, "Asbstos"]}), form_schema=form) == [
        '/steps/0/branches/0/when/contains/1: "Asbstos" is not one of the choices for data.waste_types (General, Asbestos, Garden)'
    ]
    assert lint(route({"contains": [{"var": "data.bags"}, 3]}), form_schema=form) == [
        '/steps/0/branches/0/when/contains/0: "contains" needs an answer with several values (an array) as its first '
        'argument; data.bags is an integer (to test one value use "==" or "in")'
    ]
