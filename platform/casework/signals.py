"""Keep CaseTask.is_open true to viewflow, whichever path ends a task (completion, cancellation, join)."""
from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from .models import CaseTask

CLOSED_TASK_STATUSES = {STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED}


@receiver(post_save, sender=Task)
def task_saved(sender, instance: Task, created: bool, **kwargs) -> None:
    if not created and instance.status in CLOSED_TASK_STATUSES:
        CaseTask.objects.filter(task_id=instance.pk, is_open=True).update(is_open=False)
