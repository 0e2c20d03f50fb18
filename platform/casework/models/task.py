"""Councilflow's view of a viewflow human task: team queue, due date, outcome. One row per viewflow Task."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from viewflow.workflow.models import Task

from councils.ownership import council_links_validate


class CaseTask(models.Model):
    task = models.OneToOneField(Task, on_delete=models.CASCADE, primary_key=True, related_name="case_task")
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="case_tasks")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    step_id = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    team = models.ForeignKey("councils.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    required_role = models.CharField(
        max_length=30, blank=True, help_text="Only team members with this role may claim it."
    )
    is_open = models.BooleanField(default=True, db_index=True)
    priority = models.CharField(max_length=10, default="normal")
    due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    has_new_information = models.BooleanField(
        default=False, help_text="The resident added information since the task was created."
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    sla_breached_at = models.DateTimeField(
        null=True, blank=True, help_text="When the task was first recorded past its due date."
    )
    outcome = models.CharField(max_length=40, blank=True)
    instance_label = models.CharField(
        max_length=200, blank=True, help_text="One of a multi-instance task's tasks: the item it is about."
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A copy of viewflow's Task.owner kept by database triggers (migration 0006), whatever writes the task:
    # queues filter, count and order on one table instead of joining viewflow_task for every open task.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="Who holds the task (viewflow Task.owner, copied by trigger).",
    )

    class Meta:
        ordering = ["due_at", "created_at"]
        indexes = [
            models.Index(fields=["team", "is_open", "due_at"]),
            models.Index(fields=["council", "is_open", "due_at"]),
            # Keyset pagination of queues walks (due_at, pk) inside one team's open tasks. The queue badges walk
            # these indexes too (queues.queue_counts); council_id is included so the scoping filter is checked
            # in the index (an index-only scan on PostgreSQL).
            models.Index(
                fields=["team", "is_open", "due_at", "task"], include=["council"], name="casetask_queue_keyset"
            ),
            # "My tasks" and each team's unclaimed tasks, most urgent first, without a join or a sort.
            models.Index(
                fields=["owner", "due_at", "task"],
                include=["council"],
                condition=models.Q(is_open=True),
                name="casetask_owner_open",
            ),
            models.Index(
                fields=["team", "due_at", "task"],
                include=["council"],
                condition=models.Q(is_open=True, owner__isnull=True),
                name="casetask_unclaimed",
            ),
            # Reporting: tasks completed in a period, by officer or team.
            models.Index(
                fields=["council", "completed_at"],
                name="casetask_report_completed",
                include=["completed_by", "team", "case", "due_at", "created_at"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.case_id})"

    def clean(self) -> None:
        """A task sits in its own council's queue: its case and team belong to the task's council."""
        super().clean()
        council_links_validate(self, fields=["case", "team"])
