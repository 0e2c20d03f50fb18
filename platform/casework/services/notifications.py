"""Notifications from workflow steps: rendered now, sent later by the outbox worker."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from councilflow.wording import ENGLISH, service_name, translation_of, worded
from councils.models import Team
from workflows.notify_templates import template_render

from ..events import case_event_record
from ..models import Case, CaseTask, EventKind
from ..ports import case_tracking_url, delivery_enqueue_email, resident_channel_word, resident_message_enqueue

DEFAULT_SUBJECT = "Your case ((reference))"
# What a timeline event (and so the search index) holds in place of the resident's signed tracking link.
TRACKING_LINK_KEPT = "[tracking link]"


def notification_render(template: str, case: Case, *, language: str = ENGLISH, tracking_link: str | None = None) -> str:
    """Render a designer's ((placeholder)) template as plain text; names and status in `language`.

    The values are exactly the documented placeholders (workflows.notify_templates.CASE_PLACEHOLDERS
    plus `answers`); the template language cannot reach anything else. `tracking_link` replaces the signed
    link, for the copy a timeline keeps (the link is a bearer credential: only the email carries it).
    """
    with translation.override(language):
        status = str(case.get_case_status_display())
    context = {
        "reference": case.reference,
        "service": service_name(case.service, language),
        "council": worded(case.council, "name", language),
        "status": status,
        "answers": case.answers,
        "tracking_link": case_tracking_url(case) if tracking_link is None else tracking_link,
        "site_url": settings.SITE_URL,
    }
    return template_render(template, values=context)


def notification_subject(template: str, case: Case, *, language: str = ENGLISH) -> str:
    """One line: an answer with a line break must not end up in (and break) the email's Subject header."""
    return " ".join(notification_render(template, case, language=language).split())


def notification_recipients(case: Case, to: str) -> list[str]:
    if to == "resident":
        return [case.customer.email] if case.customer_id and case.customer.email else []
    if to == "assignee":
        task = (
            CaseTask.objects.filter(case=case, task__owner__isnull=False)
            .select_related("task__owner")
            .order_by("-created_at")
            .first()
        )
        return [task.task.owner.email] if task and task.task.owner.email else []
    if to.startswith("team:"):
        team = Team.objects.filter(council_id=case.council_id, slug=to.split(":", 1)[1]).first()
        return [u.email for u in team.members.all() if u.email] if team else []
    return []


def case_notification_queue(case: Case, *, step: dict) -> None:
    to_resident = step.get("to", "resident") == "resident"
    # A resident who applied in Welsh gets the step's Welsh email when the designer wrote one.
    welsh = translation_of(step, case.language) if to_resident else {}
    template = welsh or step.get("template", {})
    language = case.language if welsh else ENGLISH
    subject = notification_subject(template.get("subject", DEFAULT_SUBJECT), case, language=language)
    body = notification_render(template.get("body", ""), case, language=language)
    # The resident's goes by email, or by text through Notify when they gave only a phone number.
    delivery = (
        resident_message_enqueue(case, subject=subject, body=body, purpose=step["id"])
        if to_resident
        else _staff_email_enqueue(case, to=step.get("to", "resident"), subject=subject, body=body, step=step)
    )
    if delivery is None:
        case_event_record(
            case, EventKind.NOTIFICATION_QUEUED, f"Not sent (no email address): {subject}", detail={"step": step["id"]}
        )
        return
    # The timeline's copy (shown to officers and the resident, and indexed for search) never holds the link.
    kept = notification_render(template.get("body", ""), case, language=language, tracking_link=TRACKING_LINK_KEPT)
    case_event_record(
        case,
        EventKind.MESSAGE_SENT if to_resident else EventKind.NOTIFICATION_QUEUED,
        f"{resident_channel_word(delivery)} queued: {subject}",
        detail={
            "to": step.get("to", "resident"),
            "subject": subject,
            "body": kept,
            "step": step["id"],
            "channel": getattr(delivery, "kind", "email"),
        },
        resident_visible=to_resident,
    )


def _staff_email_enqueue(case: Case, *, to: str, subject: str, body: str, step: dict) -> object | None:
    recipients = notification_recipients(case, to)
    if not recipients:
        return None
    return delivery_enqueue_email(case, to=recipients, subject=subject, body=body, purpose=step["id"])
