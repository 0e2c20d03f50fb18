"""The builder's controls written in Python (workflow_html): escaped, errors at the control, read-only when published;
and the live diagram fragment, which no longer builds the step forms, still outlines the stored draft's problems."""

from __future__ import annotations

import copy

import pytest

from admin_ext.studio.workflow_fields import Field, Group
from admin_ext.studio.workflow_html import fields_html
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_new_draft

HOSTILE = "<script>alert('x')</script> & \"quoted\""


def test_every_value_label_hint_and_choice_is_escaped():
    items = [
        Field("title", HOSTILE, "text", HOSTILE, hint=HOSTILE, prefix="s0-"),
        Field("description", "Description", "textarea", HOSTILE, prefix="s0-"),
        Field("next", "Then go to", "select", "b", choices=[("a", HOSTILE), ("b", "B")], prefix="s0-"),
        Group(HOSTILE, [[Field("x", "X", "checkbox", "1", prefix="s0-")]], hint=HOSTILE),
    ]
    html = fields_html(items, editable=True)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in html
    assert '<option value="a">&lt;script&gt;' in html and '<option value="b" selected>B</option>' in html
    assert '<input type="checkbox" id="s0-x" name="x" value="1" checked>' in html


def test_an_error_sits_at_its_control_and_is_announced_with_the_hint():
    field = Field("due_amount", "Due after", "duration", "x", choices=[("", "—"), ("days", "days")], unit="days")
    field.prefix, field.hint, field.error = "s3-", "Whole numbers", "must be a number"
    html = fields_html([field], editable=True)
    assert '<div class="wf-field studio-has-error">' in html
    assert '<p class="studio-field-error" id="s3-due_amount-error">' in html and "must be a number" in html
    assert 'aria-describedby="s3-due_amount-hint s3-due_amount-error"' in html
    assert (
        '<select id="s3-due_amount-unit" name="due_unit"><option value="">—</option><option value="days" selected>'
        in html
    )


def test_a_published_version_shows_every_control_disabled_and_no_remove_ticks():
    items = [
        Field("title", "Title", "text", "T"),
        Field("next", "Then go to", "select", "", choices=[("", "—")]),
        Field("outcome-0-remove", "Remove", "checkbox"),
        Field("not_by_anyone", "Anyone", "checkbox"),
    ]
    html = fields_html(items, editable=False)
    assert 'name="title" value="T" readonly>' in html and 'name="next" disabled>' in html
    assert "outcome-0-remove" not in html and 'name="not_by_anyone" value="1" disabled>' in html


@pytest.mark.django_db
def test_the_diagram_fragment_outlines_the_stored_drafts_problem_step(client, demo):
    client.force_login(demo.user("riverside-designer"))
    draft = workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)
    definition = copy.deepcopy(draft.definition)
    broken = next(s for s in definition["steps"] if s["type"] == "task")
    broken["assign"] = {"team": "no-such-team"}
    WorkflowDefinition.objects.filter(pk=draft.pk).update(definition=definition)
    fragment = client.get(f"/admin/studio/workflows/{draft.pk}/diagram/").content.decode()
    assert 'id="wf-diagram"' in fragment and "<svg" in fragment
    assert fragment.count("(has a problem)") == 1


@pytest.mark.django_db
def test_the_remembered_check_sees_a_change_to_the_councils_teams(client, demo):
    """The page's check is kept by content; removing a team the draft assigns to is a new key, so it shows."""
    from councils.models import Team

    client.force_login(demo.user("riverside-designer"))
    draft = workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)
    url = f"/admin/studio/workflows/{draft.pk}/"
    assert "There is a problem" not in client.get(url).content.decode()
    assert "There is a problem" not in client.get(url).content.decode()  # the second open is the remembered one
    team = next(s["assign"]["team"] for s in draft.definition["steps"] if s["type"] == "task")
    Team.objects.filter(council=draft.council, slug=team).update(slug="renamed-team")
    page = client.get(url).content.decode()
    assert "There is a problem" in page and team in page
