"""Portal-side actions that are not about one case: the "all your cases" magic link."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from casework.models import Case
from connectors.outbox import resident_email_enqueue
from councilflow.wording import worded
from councils.models import Council

from .links import resident_cases_url


def resident_cases(council: Council, email: str) -> QuerySet[Case]:
    """Every case at this council whose customer record has this email."""
    return (
        Case.objects.filter(council=council, customer__email__iexact=email.strip())
        .select_related("service")
        .order_by("-submitted_at")
    )


@transaction.atomic
def resident_cases_link_queue(council: Council, email: str) -> bool:
    """Email a magic link when the address has cases here; says nothing either way to the requester."""
    email = email.strip()
    if not resident_cases(council, email).exists():
        return False
    body = (  # worded in the page's language
        _("You asked to see your cases with %(council)s.") % {"council": worded(council, "name")}
        + "\n\n"
        + _("Open this link within 24 hours:")
        + f"\n{resident_cases_url(council, email)}\n\n"
        + _("If you did not ask for this, you can ignore this email.")
        + "\n"
    )
    # Not about one case: a resident's email all the same (GOV.UK Notify when the council has it).
    resident_email_enqueue(
        council.pk,
        to=email,
        subject=_("Your cases with %(council)s") % {"council": worded(council, "name")},
        body=body,
        purpose="your-cases",
    )
    return True
