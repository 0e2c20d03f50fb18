"""A resident submission's SQL is pinned, and the rows it derives from memory equal what a read-back derives."""

from __future__ import annotations

import pytest
from django.db.models import F

from casework.events import case_event_record, case_events_gathered
from casework.models import CaseEvent, CaseSearchDocument, EventKind
from casework.search import case_search_index
from councils.models import Council, Team
from query_counts import assert_query_count
from reporting.models import BacklogCohort, CaseFact, DailyCaseFigures
from reporting.services.projection import _fact_load, _fact_values, projection_rebuild
from reporting.services.projection_fold import projection_fold_all

# Savepoint, customer look-up, reference counter, process, case, the first task (viewflow's start task is done in
# memory only, so neither it nor its link to the first task is stored: workflows/engine_adapter.py), the task's
# queue row (its team comes from memory while the council's teams_version holds), the confirmation email, the
# timeline (one INSERT), the search document, the case fact (uncounted: no daily figures or backlog cohort row;
# the dashboards count it from the fact until it is folded in), release. No webhook look-up: the council row says
# it has no active subscription. Issue #21's aim is 12; it was 24, then 16, then 14.
SUBMISSION_STATEMENTS = 12


@pytest.mark.django_db
def test_a_submission_sends_the_pinned_statements(demo, submit_missed_bin):
    service = demo.service("riverside", "missed-bin")
    submit_missed_bin(service)  # compiles the flow and form; the resident becomes a known customer
    with assert_query_count(SUBMISSION_STATEMENTS, label="case_submit, missed bin, known customer"):
        case = submit_missed_bin(service)
    assert list(case.events.values_list("kind", flat=True)) == [
        EventKind.SUBMITTED,
        EventKind.TASK_CREATED,
        EventKind.MESSAGE_SENT,
    ]


@pytest.mark.django_db
def test_rows_derived_in_memory_equal_those_read_back(demo, submit_missed_bin):
    service = demo.service("riverside", "missed-bin")
    cases = [submit_missed_bin(service), submit_missed_bin(service, your_name="Bo", email="bo@example.com")]
    for case in cases:
        stored = CaseSearchDocument.objects.get(case=case).body
        assert "ann" in stored or "bo" in stored
        case_search_index(case.pk)
        assert CaseSearchDocument.objects.get(case=case).body == stored
        assert _fact_values(CaseFact.objects.get(pk=case.pk)) == _fact_values(_fact_load(case.pk))
    # The submissions wrote only their uncounted facts; folded into the rollups they equal a rebuild.
    assert not DailyCaseFigures.objects.exists() and not BacklogCohort.objects.exists()
    assert projection_fold_all() == 2
    daily = sorted(DailyCaseFigures.objects.values_list("council_id", "day", "service_id", "channel", "received"))
    cohorts = sorted(BacklogCohort.objects.values_list("council_id", "submitted_day", "exit_day", "n"))
    projection_rebuild()
    assert (
        sorted(DailyCaseFigures.objects.values_list("council_id", "day", "service_id", "channel", "received")) == daily
    )
    assert sorted(BacklogCohort.objects.values_list("council_id", "submitted_day", "exit_day", "n")) == cohorts


@pytest.mark.django_db
def test_gathered_events_are_written_in_order_with_ids_or_not_at_all(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    before = CaseEvent.objects.filter(case=case).count()
    with case_events_gathered() as events:
        first = case_event_record(case, EventKind.NOTE_ADDED, "first", detail={"text": "one"})
        case_event_record(case, EventKind.NOTE_ADDED, "second", detail={"text": "two"})
        assert first.pk is None and CaseEvent.objects.filter(case=case).count() == before
    assert [e.pk for e in events] == list(
        CaseEvent.objects.filter(case=case, summary__in=["first", "second"])
        .order_by("at", "pk")
        .values_list("pk", flat=True)
    )
    with pytest.raises(RuntimeError), case_events_gathered():
        case_event_record(case, EventKind.NOTE_ADDED, "lost")
        raise RuntimeError("the submission failed")
    assert not CaseEvent.objects.filter(case=case, summary="lost").exists()


@pytest.mark.django_db
def test_a_renamed_team_is_named_in_the_next_submissions_timeline(demo, submit_missed_bin):
    submit_missed_bin(demo.service("riverside", "missed-bin"))  # the team is now remembered
    team = Team.objects.get(council__slug="riverside", slug="waste")
    team.name = "Street cleansing"
    team.save()
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))  # the council row as a new request reads it
    assert case.events.get(kind=EventKind.TASK_CREATED).summary.endswith("to the Street cleansing queue")


@pytest.mark.django_db
def test_a_team_changed_by_another_process_is_read_again(demo, submit_missed_bin):
    submit_missed_bin(demo.service("riverside", "missed-bin"))
    # Another process renames it: no signal here, only the council's version moves in the database.
    Team.objects.filter(council__slug="riverside", slug="waste").update(name="Bins")
    Council.objects.filter(slug="riverside").update(teams_version=F("teams_version") + 1)
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    assert case.events.get(kind=EventKind.TASK_CREATED).summary.endswith("to the Bins queue")


@pytest.mark.django_db
def test_a_failure_at_the_last_statement_leaves_nothing(demo, submit_missed_bin):
    """The case fact is the submission's last write: the database refusing it takes the whole case with it."""
    from django.db import DatabaseError, connection
    from viewflow.workflow.models import Process, Task

    from casework.models import Case, CaseTask
    from connectors.models import Delivery

    def refuse_the_fact(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "reporting_casefact"'):
            raise DatabaseError("disk full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_the_fact), pytest.raises(DatabaseError):
        submit_missed_bin(demo.service("riverside", "missed-bin"))
    for model in (Case, Process, Task, CaseTask, CaseEvent, Delivery, CaseSearchDocument, CaseFact):
        assert not model.objects.exists(), f"{model.__name__} kept a row of the failed submission"
