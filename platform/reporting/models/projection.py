"""The reporting projection: what the dashboards count, kept up to date in each case change's own transaction
(`reporting.services.projection`), so counts, sums and the backlog read a few thousand rollup rows instead of
every case in range. Rebuilt from scratch by `manage.py reporting_rebuild`."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CaseFact(models.Model):
    """One case's inputs to the rollups as last projected (so a change can subtract the old contribution), and its
    first officer response, read by the exact first-response percentiles."""

    case = models.OneToOneField("casework.Case", on_delete=models.CASCADE, primary_key=True, related_name="+")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+", db_index=False)
    service = models.ForeignKey("casework.Service", on_delete=models.CASCADE, related_name="+", db_index=False)
    channel = models.CharField(max_length=20)
    submitted_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True)
    resolved_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField(null=True)
    satisfaction = models.PositiveSmallIntegerField(null=True)
    first_response_at = models.DateTimeField(null=True)
    resolutions = models.JSONField(default=list, help_text="Local dates of the case's `resolved` events.")
    reopenings = models.JSONField(default=list, help_text="Local dates of the case's `reopened` events.")
    counted = models.BooleanField(
        default=True,
        help_text="False for a case as submitted, not yet added to the daily figures and backlog cohorts: the "
        "readers count it from this row until the projection folds it in (reporting.services.projection_fold).",
    )

    class Meta:
        indexes = [
            # Submissions not yet folded into the rollups, read with them by every dashboard: a few rows at most.
            models.Index(
                fields=["council", "submitted_at"],
                name="casefact_uncounted",
                include=["service", "channel"],
                condition=models.Q(counted=False),
            ),
            # First-response percentiles of the cases received in a period: an index-only range per council.
            models.Index(
                fields=["council", "submitted_at"],
                name="casefact_first_response",
                include=["service", "channel", "first_response_at"],
                condition=models.Q(first_response_at__isnull=False),
            ),
        ]


class DailyCaseFigures(models.Model):
    """Per local day, council, service and channel: cases received, resolved (by current `resolved_at`), closed,
    SLA measured/met of those resolved, satisfaction of those closed, and `resolved`/`reopened` events."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+", db_index=False)
    service = models.ForeignKey("casework.Service", on_delete=models.CASCADE, related_name="+", db_index=False)
    channel = models.CharField(max_length=20)
    day = models.DateField()
    received = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    sla_measured = models.IntegerField(default=0)
    sla_met = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfaction_sum = models.IntegerField(default=0)
    resolutions = models.IntegerField(default=0)
    reopenings = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "day", "service", "channel"], name="dailycasefigures_unique")
        ]


class BacklogCohort(models.Model):
    """Cases by local day of submission and local day they left the backlog (first of resolved/closed; 9999-12-31
    while open): the backlog at midnight E is the cohorts submitted before E and exiting on or after E."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+", db_index=False)
    service = models.ForeignKey("casework.Service", on_delete=models.CASCADE, related_name="+", db_index=False)
    channel = models.CharField(max_length=20)
    submitted_day = models.DateField()
    exit_day = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "submitted_day", "exit_day", "service", "channel"], name="backlogcohort_unique"
            ),
        ]


class TaskFact(models.Model):
    """One completed task as the team and officer breakdowns and the outcome reports count it: who completed it,
    for which team, service and channel, when it was created, due and completed, and how it ended. Written when a
    task completes (or its case is referred), so the breakdowns read this table instead of every CaseTask."""

    task = models.OneToOneField("casework.CaseTask", on_delete=models.CASCADE, primary_key=True, related_name="+")
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="+")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+", db_index=False)
    service = models.ForeignKey("casework.Service", on_delete=models.CASCADE, related_name="+", db_index=False)
    channel = models.CharField(max_length=20)
    team = models.ForeignKey("councils.Team", on_delete=models.CASCADE, null=True, related_name="+", db_index=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    step_id = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    outcome = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True)
    completed_at = models.DateTimeField()

    class Meta:
        indexes = [
            # Tasks completed in a period, per council: an index-only range for the people breakdowns.
            models.Index(
                fields=["council", "completed_at"],
                name="taskfact_completed",
                include=["team", "completed_by", "owner", "due_at", "created_at"],
            ),
        ]
