"""No copies that outlive their purpose: the submitted event holds no answers, and no kept email body (timeline or
search document) holds the resident's signed tracking link, which only the email itself carries."""

from __future__ import annotations

import importlib

from django.apps import apps as django_apps
from django.conf import settings

from casework.models import CaseEvent, CaseSearchDocument, EventKind
from casework.search.documents import case_search_index, search_words
from connectors.models import Delivery
from portal.links import case_pk_from_tracking_token, case_tracking_url
from workflow_builders import end, flow, step, task


def _tell_with_link() -> dict:
    return flow(
        step(
            "tell",
            "notify",
            to="resident",
            template={"subject": "Your case ((reference))", "body": "Track it here: ((tracking_link)) thanks"},
            next="check",
        ),
        task("check"),
        end("done"),
        start="tell",
    )


def test_the_link_is_only_in_the_email_and_the_answers_only_on_the_case(demo, publish_workflow, submit_missed_bin):
    service = publish_workflow(demo.service("riverside", "missed-bin"), _tell_with_link())
    case = submit_missed_bin(service, your_name="Ann Example")

    email = Delivery.objects.get(case=case, purpose="tell")
    prefix = f"Track it here: {settings.SITE_URL.rstrip('/')}/track/"
    assert email.payload["body"].startswith(prefix)  # the resident still gets a working link
    token = email.payload["body"].removeprefix(prefix).split("/")[0]
    assert case_pk_from_tracking_token(token)[0] == case.pk
    kept = CaseEvent.objects.get(case=case, kind=EventKind.MESSAGE_SENT, detail__step="tell")
    assert kept.detail["body"] == "Track it here: [tracking link] thanks"
    assert token not in str(CaseEvent.objects.filter(case=case).values_list("detail", flat=True))

    submitted = CaseEvent.objects.get(case=case, kind=EventKind.SUBMITTED)
    assert "answers" not in submitted.detail and case.answers["your_name"] == "Ann Example"

    case_search_index(case.pk)
    body = CaseSearchDocument.objects.get(case=case).body
    assert "ann" in body.split()  # answers are still searchable, from the case itself
    assert not set(search_words(token)) & set(body.split())


def test_the_migration_drops_copies_already_stored(demo, submit_missed_bin):
    migration = importlib.import_module("casework.migrations.0014_scan_and_copies")
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    link = case_tracking_url(case)  # signed with a timestamp: each call's token differs, so keep this one
    submitted = CaseEvent.objects.get(case=case, kind=EventKind.SUBMITTED)
    legacy = {**submitted.detail, "answers": {"your_name": "Ann"}}  # as submissions stored it before
    CaseEvent.objects.filter(pk=submitted.pk).update(detail=legacy)  # events are append-only through save()
    message = CaseEvent.objects.create(
        case=case, kind=EventKind.MESSAGE_SENT, summary="Email queued", detail={"body": f"See {link} now"}
    )
    case_search_index(case.pk)
    token_words = set(search_words(link.rstrip("/").rsplit("/", 1)[-1]))
    assert token_words <= set(CaseSearchDocument.objects.get(case=case).body.split())

    migration.copies_drop(django_apps, None)

    submitted.refresh_from_db()
    message.refresh_from_db()
    assert "answers" not in submitted.detail
    assert message.detail["body"] == "See [tracking link] now"
    assert not token_words & set(CaseSearchDocument.objects.get(case=case).body.split())
