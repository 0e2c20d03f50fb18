"""Save and come back later: the session draft is copied to a SavedForm and a signed link is emailed."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from casework.models import Service
from connectors.outbox import resident_email_enqueue
from councilflow.wording import service_name, worded

from .drafts import Draft
from .links import EXPIRED, LinkInvalid, saved_form_id_from_token, saved_form_url
from .models import SavedForm

KEEP_DAYS = 28


@transaction.atomic
def saved_form_create(service: Service, draft: Draft, *, email: str) -> SavedForm:
    """Keep the answers for KEEP_DAYS and queue the resume link; expired saved forms are removed on the way."""
    now = timezone.now()
    SavedForm.objects.filter(expires_at__lt=now).delete()
    saved = SavedForm.objects.create(
        service=service,
        form_version_id=draft.form_id,
        email=email.strip(),
        draft=dataclasses.asdict(draft),
        expires_at=now + timedelta(days=KEEP_DAYS),
    )
    # Worded in the page's language, like the pages that asked for it.
    words = {
        "service": service_name(service),
        "council": worded(service.council, "name"),
        "date": date_format(timezone.localtime(saved.expires_at), "j F Y"),
    }
    body = (
        _("You saved your answers to “%(service)s” with %(council)s.") % words
        + "\n\n"
        + _("Continue where you left off (the link works until %(date)s):") % words
        + f"\n{saved_form_url(saved)}\n\n"
        + _("Anyone with this link can see your answers.")
        + "\n"
    )
    resident_email_enqueue(
        service.council_id,
        to=saved.email,
        subject=_("Your saved answers: %(service)s") % words,
        body=body,
        purpose="saved-form",
    )
    return saved


def saved_form_restore(service: Service, token: str) -> Draft:
    """The saved draft, if the link is genuine, unexpired, for this service and the form has not changed."""
    saved = SavedForm.objects.filter(pk=saved_form_id_from_token(token), service=service).first()
    if saved is None or saved.expires_at < timezone.now():
        raise LinkInvalid(EXPIRED)
    if saved.form_version_id != service.form_id:
        raise LinkInvalid(gettext_noop("This form has changed since you saved your answers. Please start again"))
    return Draft(**saved.draft)


def saved_forms_forget(token: str) -> None:
    """After the case is sent, its saved copies are no longer needed."""
    SavedForm.objects.filter(draft__token=token).delete()
