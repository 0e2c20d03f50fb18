"""Isolation matrix: every officer-facing URL and API endpoint, found by walking the URL conf, is a 404
for people of another council when its URL names one of this council's things.

New URLs are covered automatically. A URL whose keyword arguments this test cannot fill fails the test
with its name: add a filler below (a real object of council A, so the 404 proves scoping, not a typo).
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.services import api_client_register
from api.webhooks import webhook_subscribe
from casework.models import Attachment, CaseTask
from connectors.models import ResidentNotify
from councils.models import Partnership

# Not officer-facing: resident pages (their own tests), machine webhooks (HMAC-signed), sign in/out.
EXCLUDED_NAMESPACES = {"portal", "admin"}
# GOV.UK Notify's receipts take the bearer token the council gave Notify, not a session: their isolation
# (another council's token, or its message) is tested in tests/connectors/test_notify_residents.py.
EXCLUDED_NAMES = {"hooks:inbound", "hooks:notify_receipts", "login", "logout"}
# People of council B: its administrator holds every council permission a role can grant (so any
# view scoped by permission is at its widest for them), and a plain case officer.
OTHER_COUNCIL_USERS = ["hillford-admin", "hillford-waste"]
OWN_COUNCIL_USER = "riverside-admin"
# API writes and webhooks take an API client's bearer token only: a signed-in person gets the same 403 for any id,
# which says nothing about council A (checked below against a made-up id). Their scoping by the client's council,
# with bearer tokens, is tested in tests/api (test_api_writes: another council's case is a 404).
BEARER_ONLY = {
    "api:case-attach",
    "api:case-messages",
    "api:case-notes",
    "api:case-replies",
    "api:task-complete",
    "api:webhook-detail",
    "api:webhook-list",
}
MADE_UP = {"pk": 987654321, "reference": "ZZZ-1999-999999"}

# Fillers: a URL name's own kwargs first, then (namespace, kwarg), then kwarg name alone.
URL_FILLERS = {
    "casework:task": lambda w: {"pk": w.task.pk},
    "casework:task_claim": lambda w: {"pk": w.task.pk},
    "casework:task_release": lambda w: {"pk": w.task.pk},
    "casework:task_reassign": lambda w: {"pk": w.task.pk},
    "casework:task_action": lambda w: {"pk": w.task.pk, "index": 0},
    "casework:attachment": lambda w: {"pk": w.attachment.pk},
    "api:task-detail": lambda w: {"pk": w.task.pk},
    "api:service-detail": lambda w: {"pk": w.service.pk},
    "api:task-complete": lambda w: {"pk": w.task.pk},
    "api:webhook-detail": lambda w: {"pk": w.webhook.pk},
    "api:customer-detail": lambda w: {"pk": w.case.customer_id},
    "api:attachment-detail": lambda w: {"pk": w.attachment.pk},
    "api:attachment-download": lambda w: {"pk": w.attachment.pk},
    "sharing:entry": lambda w: {"pk": w.library_entry.pk},
    "sharing:entry_download": lambda w: {"pk": w.library_entry.pk},
    # Data protection (issue 20): the customer behind council A's case
    "casework:customer_data": lambda w: {"pk": w.case.customer_id},
    "casework:customer_erase": lambda w: {"pk": w.case.customer_id},
    "casework:customer_subject_access": lambda w: {"pk": w.case.customer_id},
    "casework:case_legal_hold": lambda w: {"pk": w.case.customer_id},
    # The studio's service pages (admin_ext/studio/urls_services.py)
    "studio:service_detail": lambda w: {"pk": w.service.pk},
    "studio:service_live": lambda w: {"pk": w.service.pk},
    "studio:definition_versions": lambda w: {"kind": "workflow", "pk": w.service.workflow_id},
    "studio:definition_json": lambda w: {"kind": "form", "pk": w.service.form_id},
    "studio:definition_publish": lambda w: {"kind": "workflow", "pk": w.service.workflow_id},
    "studio:definition_new_draft": lambda w: {"kind": "form", "pk": w.service.form_id},
}
# The studio's form and workflow builders: council A's own form, its first page and first question.
STUDIO_FORM_URLS = [
    "form_customer_update", "form_edit", "form_page_add", "form_page_move", "form_page_remove", "form_page_update",
    "form_preview", "form_preview_check", "form_preview_page", "form_question_add", "form_question_move",
    "form_question_place", "form_question_remove", "form_question_update", "form_welsh_title_update",
]  # fmt: skip
URL_FILLERS |= {f"studio:{name}": lambda w: w.form_kwargs for name in STUDIO_FORM_URLS}
URL_FILLERS |= {
    f"studio:{name}": lambda w: {"pk": w.service.workflow_id}
    for name in ("workflow_diagram", "workflow_dry_run", "workflow_edit")
}
NAMESPACE_KWARG_FILLERS = {
    ("reporting", "slug"): lambda w: w.council.slug,
    ("reporting", "month"): lambda w: "2026-11",
    ("reporting", "identifier"): lambda w: "RDC-1",
}
KWARG_FILLERS = {
    "reference": lambda w: w.case.reference,
}
# Fillers that are not a real object of A: the 404 for B still holds (the council in the URL is
# scoped first), but A's own "not a 404" sanity check is skipped.
PLACEHOLDER_KWARGS = {("reporting", "identifier")}


def officer_urls() -> list[tuple[str, str, set[str]]]:
    """(name, route, kwarg names) of every named URL outside the excluded namespaces."""
    found = []

    def walk(patterns, namespace: str | None, route: str, kwargs: frozenset):
        for pattern in patterns:
            names = frozenset(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, inner, route + str(pattern.pattern), kwargs | names)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if (namespace or "").split(":")[0] in EXCLUDED_NAMESPACES or name in EXCLUDED_NAMES:
                    continue
                found.append((name, route + str(pattern.pattern), set(kwargs | names)))

    walk(get_resolver().url_patterns, None, "", frozenset())
    return sorted(set((n, r, frozenset(k)) for n, r, k in found))


class CouncilA:
    def __init__(self, demo, submit_missed_bin):
        self.council = demo.council("riverside")
        self.service = demo.service("riverside", "missed-bin")
        self.case = submit_missed_bin(self.service)
        self.task = CaseTask.objects.get(case=self.case, is_open=True)
        self.attachment = Attachment(
            case=self.case, original_name="photo.txt", content_type="text/plain", size=5, scan_status="clean"
        )
        self.attachment.file.save("photo.txt", ContentFile(b"hello"), save=True)
        # So the admin matrix below reaches council A's Notify settings too (their key never shown).
        ResidentNotify.objects.create(council=self.council, email_template_id="t", secrets={"api_key": "k"})
        from sharing.services.library import library_entry_publish

        private = Partnership.objects.create(slug="riverside-circle", name="Riverside circle")
        self.council.partnerships.add(private)
        self.library_entry = library_entry_publish(self.service, partnership=private, actor=None)
        client, _secret = api_client_register(council=self.council, name="Riverside CRM", scopes=["events"])
        self.webhook, _signing = webhook_subscribe(client=client, url="https://crm.example.org/hooks", kinds=[])
        first_page = self.service.form.ui_schema["pages"][0]
        self.form_kwargs = {"pk": self.service.form_id, "page_id": first_page["id"], "name": first_page["fields"][0]}
        self.leak_markers = [self.case.reference, self.case.customer.email]


def _fill(name: str, kwargs: set[str], world: CouncilA) -> tuple[dict, set[str], bool]:
    namespace = name.rsplit(":", 1)[0] if ":" in name else ""
    filled = dict(URL_FILLERS[name](world)) if name in URL_FILLERS else {}
    filled = {key: value for key, value in filled.items() if key in kwargs}
    placeholder = False
    for kwarg in kwargs - set(filled):
        top = namespace.split(":")[0]
        if (top, kwarg) in NAMESPACE_KWARG_FILLERS:
            filled[kwarg] = NAMESPACE_KWARG_FILLERS[(top, kwarg)](world)
            placeholder |= (top, kwarg) in PLACEHOLDER_KWARGS
        elif kwarg in KWARG_FILLERS:
            filled[kwarg] = KWARG_FILLERS[kwarg](world)
    return filled, kwargs - set(filled), placeholder


def _request(client: Client, path: str):
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path, {})
    return response


def test_every_officer_url_and_api_endpoint_is_404_for_another_council(demo, submit_missed_bin):
    world = CouncilA(demo, submit_missed_bin)
    urls = officer_urls()
    assert {"casework:case", "casework:task", "api:case-detail", "api:task-detail", "sharing:entry"} <= {
        n for n, _, _ in urls
    }
    unfilled = []
    failures = []
    with_kwargs = []
    for name, route, kwargs in urls:
        filled, missing, placeholder = _fill(name, set(kwargs), world)
        if missing:
            unfilled.append(f"{name} ({route}): no filler for {', '.join(sorted(missing))}")
            continue
        path = reverse(name, kwargs=filled or None)
        if kwargs:
            with_kwargs.append((name, path, placeholder))
        for username in OTHER_COUNCIL_USERS:
            client = Client(raise_request_exception=False)
            client.force_login(demo.user(username))
            response = _request(client, path)
            body = b"" if getattr(response, "streaming", False) else response.content
            if name in BEARER_ONLY:
                made_up = _request(client, reverse(name, kwargs={k: MADE_UP[k] for k in filled} or None))
                if response.status_code != 403 or made_up.status_code != 403:
                    failures.append(f"{name} {path} as {username}: {response.status_code}, expected 403 for any id")
            elif kwargs and response.status_code != 404:
                failures.append(f"{name} {path} as {username}: {response.status_code}, expected 404")
            elif not kwargs:
                if response.status_code >= 500:
                    failures.append(f"{name} {path} as {username}: {response.status_code}")
                leaked = [m for m in world.leak_markers if m.encode() in body]
                if leaked:
                    failures.append(f"{name} {path} as {username} shows council A's {leaked}")
    assert not unfilled, "URLs the isolation matrix cannot fill (add fillers in this test):\n" + "\n".join(unfilled)
    assert not failures, "\n".join(failures)

    # The fillers are real: council A's own administrator reaches every one of these URLs.
    own = Client(raise_request_exception=False)
    own.force_login(demo.user(OWN_COUNCIL_USER))
    wrong = [
        f"{name} {path}"
        for name, path, placeholder in with_kwargs
        if not placeholder and own.get(path).status_code == 404
    ]
    assert not wrong, "fillers that are 404 for council A itself: " + ", ".join(wrong)


def test_search_finds_nothing_of_another_council(demo, submit_missed_bin):
    world = CouncilA(demo, submit_missed_bin)
    for username in [*OTHER_COUNCIL_USERS, "hillford-manager"]:
        client = Client()
        client.force_login(demo.user(username))
        for query in (world.case.reference, world.case.customer.email, "Ann"):
            page = client.get(reverse("casework:search"), {"q": query}).content.decode()
            assert f"/work/cases/{world.case.reference}/" not in page, (username, query)
        assert world.case.reference.encode() not in client.get(reverse("api:case-list")).content
        tasks = client.get(reverse("api:task-list"), {"page_size": 200}).json()
        assert tasks["next"] is None and str(world.task.pk) not in [str(t["task_id"]) for t in tasks["results"]]


def _council_owned(model_admin, council):
    field = getattr(model_admin, "council_field", None)
    model = model_admin.model
    if field is None:
        field = "council" if any(f.name == "council" for f in model._meta.fields) else None
    if field is None:
        return None
    return model._default_manager.filter(**{field: council.pk}).first()


@pytest.mark.parametrize("username", ["hillford-designer", "hillford-admin"])
def test_admin_change_pages_of_another_councils_rows_are_unreachable(demo, submit_missed_bin, username):
    world = CouncilA(demo, submit_missed_bin)
    client = Client()
    client.force_login(demo.user(username))
    checked = []
    for model, model_admin in admin.site._registry.items():
        row = _council_owned(model_admin, world.council)
        if row is None:
            continue
        opts = model._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
        assert response.status_code in (302, 403, 404), (
            f"{opts.label} #{row.pk} is {response.status_code} for {username}"
        )
        changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if changelist.status_code == 200:
            assert f"/{row.pk}/change/" not in changelist.content.decode(), (
                f"{opts.label} #{row.pk} listed for {username}"
            )
        checked.append(opts.label)
    assert {
        "casework.Service",
        "councils.Team",
        "form_definitions.FormDefinition",
        "workflows.WorkflowDefinition",
    } <= set(checked)
