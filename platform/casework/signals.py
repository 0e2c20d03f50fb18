"""Keep derived rows true: CaseTask.is_open follows viewflow, search documents follow case text, services follow published definitions."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from councilflow.versioning import definition_published

from .models import Attachment, CaseEvent, CaseTask, Customer, EventKind, Service
from .search import customer_cases_reindex
from .search.documents import TEXT_EVENT_KINDS, case_search_index

CLOSED_TASK_STATUSES = {STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED}
# Every path that changes searchable text writes one of these events (submission included, which is
# owned elsewhere), so indexing hangs off the timeline rather than off each service.
REINDEX_EVENT_KINDS = {EventKind.SUBMITTED, EventKind.DATA_CHANGED, EventKind.CUSTOMER_CHANGED, *TEXT_EVENT_KINDS}


@receiver(post_save, sender=Task)
def task_saved(sender, instance: Task, created: bool, **kwargs) -> None:
    if not created and instance.status in CLOSED_TASK_STATUSES:
        CaseTask.objects.filter(task_id=instance.pk, is_open=True).update(is_open=False)


@receiver(post_save, sender=CaseEvent)
def case_event_saved(sender, instance: CaseEvent, created: bool, **kwargs) -> None:
    if created and instance.kind in REINDEX_EVENT_KINDS:
        case_search_index(instance.case_id)


@receiver(definition_published)
def definition_published_services_follow(sender, row, previous, service_field: str, **kwargs) -> None:
    """Services on a retired version move to the one just published (running cases keep theirs)."""
    Service.objects.filter(council=row.council, **{f"{service_field}__in": previous}).update(**{service_field: row})


@receiver(post_save, sender=Customer)
def customer_saved(sender, instance: Customer, created: bool, **kwargs) -> None:
    if not created:
        customer_cases_reindex(instance.pk)


@receiver(post_delete, sender=Attachment)
def attachment_deleted(sender, instance: Attachment, **kwargs) -> None:
    """A deleted case (or attachment) takes its file with it, once the deletion is committed."""
    if instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
