"""The workflow page: steps edited by form, refusals shown on the step, nothing saved or lost; published is read-only."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest

from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_new_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


@pytest.fixture
def draft(demo):
    return workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)


def _url(workflow) -> str:
    return f"/admin/studio/workflows/{workflow.pk}/"


class _FormValues(HTMLParser):
    """The values a browser would post from one step's edit form, read from the page itself."""

    def __init__(self, index: int):
        super().__init__()
        self.index, self.depth, self.inside, self.values = str(index), 0, False, {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.inside:
            self.candidate = True
        if tag == "input" and a.get("name") == "index" and a.get("value") == self.index and "action" not in self.values:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            if a.get("type") != "checkbox" or "checked" in a:
                self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            self.values.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.values[self._textarea] = ""

    def handle_data(self, data):
        if self.inside and self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None
        if tag == "form" and self.inside:
            self.inside = False
            self.values["action"] = "step-save"


def _post_step(client, workflow, index: int, **changes):
    """Open the step (?step=<id>), post its form as the page renders it, with `changes` typed in."""
    workflow.refresh_from_db()
    parser = _FormValues(index)
    parser.feed(client.get(f"{_url(workflow)}?step={workflow.definition['steps'][index]['id']}").content.decode())
    values = {k: unescape(v) for k, v in parser.values.items()}
    assert values.get("index") == str(index), "the step's form is on the page"
    values.update(changes)
    return client.post(_url(workflow), values)


def test_the_page_lists_every_step_in_words_and_opens_one_steps_form(designer, draft):
    page = designer.get(_url(draft))
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert "1. Check the missed collection with the crew" in html
    assert 'name="assign_target"' not in html and "Save step" not in html  # no step's form until one is opened
    first = draft.definition["steps"][0]
    assert f'href="?step={first["id"]}#step-0"' in html and "Goes to “" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "Check the missed" in html
    opened = unescape(designer.get(f"{_url(draft)}?step={first['id']}").content.decode())
    assert 'name="assign_target"' in opened and 'name="outcome-0-next"' in opened and "Save step" in opened
    assert opened.count('id="wf-open-form"') == 1 and opened.count('name="assign_target"') == 1


def test_index_rows_link_to_the_workflow_page(designer, draft):
    assert f'href="{_url(draft)}"' in designer.get("/admin/studio/").content.decode()


def test_pickers_offer_only_the_workflows_own_council(designer, draft):
    html = designer.get(f"{_url(draft)}?step=tell_collected").content.decode()  # a notify step: "Send to" teams
    teams = set(re.findall(r'<option value="(team:[a-z-]+)"', html))
    from councils.models import Team

    assert teams == {f"team:{t}" for t in Team.objects.filter(council=draft.council).values_list("slug", flat=True)}
    assert "Hillford" not in html


def test_editing_a_step_saves_it_and_keeps_what_the_form_does_not_show(designer, draft):
    response = _post_step(designer, draft, 0, title="Check the bin with the crew", due_amount="3")
    assert response.status_code == 302 and response["Location"].endswith("#step-0")
    draft.refresh_from_db()
    step = draft.definition["steps"][0]
    assert step["title"] == "Check the bin with the crew" and step["due"] == {"working_days": 3}
    # The Welsh resident labels of the outcomes have no field here, and survive.
    assert step["outcomes"][0]["translations"]["cy"]["resident_label"] == "Fe wnaethom gasglu eich bin"
    assert "Check the bin with the crew" in unescape(designer.get(_url(draft)).content.decode())


def test_a_refused_edit_shows_the_problem_on_its_step_keeps_the_input_and_saves_nothing(designer, draft):
    before = WorkflowDefinition.objects.get(pk=draft.pk).definition
    response = _post_step(designer, draft, 0, title="My unsaved title", **{"outcome-1-next": "nowhere", "next": ""})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "There is a problem" in html
    # The summary links to the control the problem is at (the outcome's "Goes to"), and says it there too.
    assert '<a href="#s0-outcome-1-next">Step 1' in html and 'unknown step "nowhere"' in html
    assert 'id="s0-outcome-1-next-error"' in html
    card = html[html.index('id="step-0"') : html.index('id="step-1"')]
    assert "studio-field-error" in card and "next step" in card  # on the step, in words
    assert 'value="My unsaved title"' in card  # the designer's input stays
    assert WorkflowDefinition.objects.get(pk=draft.pk).definition == before


def test_the_condition_builder_writes_the_language(designer, demo):
    draft = workflow_definition_new_draft(demo.service("riverside", "fly-tipping").workflow)
    index = next(i for i, s in enumerate(draft.definition["steps"]) if s["id"] == "triage")
    response = _post_step(
        designer,
        draft,
        index,
        **{
            "branch-2-join": "and",
            "branch-2-c0-var": "data.on_private_land",
            "branch-2-c0-op": "==",
            "branch-2-c0-value": "no",
            "branch-2-c1-var": "data.size",
            "branch-2-c1-op": "not_empty",
            "branch-2-c1-value": "",
        },
    )
    assert response.status_code == 302, unescape(response.content.decode())[:2000]
    draft.refresh_from_db()
    when = draft.definition["steps"][index]["branches"][2]["when"]
    assert when == {"and": [{"==": [{"var": "data.on_private_land"}, False]}, {"not_empty": [{"var": "data.size"}]}]}
    assert "when “Is it on private land?” is no and “How much is there?” is answered" in unescape(
        designer.get(response["Location"]).content.decode()  # the saved step stays open
    )


def test_adding_a_step_wires_it_in_after_the_chosen_step(designer, draft):
    response = designer.post(
        _url(draft), {"action": "add", "step_type": "notify", "step_id": "tell_rerouted", "after": "refer"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    ids = [s["id"] for s in draft.definition["steps"]]
    assert ids[ids.index("refer") + 1] == "tell_rerouted"
    steps = {s["id"]: s for s in draft.definition["steps"]}
    assert steps["refer"]["next"] == "tell_rerouted" and steps["tell_rerouted"]["next"] == "reroute"


def test_a_refused_add_keeps_the_form(designer, draft):
    response = designer.post(_url(draft), {"action": "add", "step_type": "task", "step_id": "Bad Id", "after": ""})
    html = unescape(response.content.decode())
    assert response.status_code == 200 and "not a valid step id" in html and 'value="Bad Id"' in html


def test_removing_a_step_leads_its_predecessors_onward(designer, draft):
    index = next(i for i, s in enumerate(draft.definition["steps"]) if s["id"] == "refer")
    assert designer.post(_url(draft), {"action": "step-remove", "index": str(index)}).status_code == 302
    draft.refresh_from_db()
    steps = {s["id"]: s for s in draft.definition["steps"]}
    assert "refer" not in steps and steps["check"]["next"]["not_our_round"] == "reroute"


def test_moving_a_step_changes_only_the_order(designer, draft):
    before = [s["id"] for s in draft.definition["steps"]]
    assert designer.post(_url(draft), {"action": "step-down", "index": "0"}).status_code == 302
    draft.refresh_from_db()
    assert [s["id"] for s in draft.definition["steps"]] == [before[1], before[0], *before[2:]]


def test_settings_are_edited_in_place(designer, draft):
    from admin_ext.studio.workflow_model import workflow_values

    values = {**workflow_values(draft.definition), "sla_amount": "7", "action": "settings"}
    assert designer.post(_url(draft), values).status_code == 302
    draft.refresh_from_db()
    assert draft.definition["sla"] == {"working_days": 7}


def test_a_published_version_is_read_only(designer, demo):
    published = demo.service("riverside", "missed-bin").workflow
    html = unescape(designer.get(_url(published)).content.decode())
    assert "read-only" in html and "Save step" not in html and "Add step" not in html and "Remove" not in html
    before = published.definition
    assert _post_step(designer, published, 0, title="Changed").status_code == 404
    published.refresh_from_db()
    assert published.definition == before


def test_another_councils_workflow_is_not_found(client, demo):
    client.force_login(demo.user("hillford-designer"))
    riverside = demo.service("riverside", "missed-bin").workflow
    assert client.get(_url(riverside)).status_code == 404
    assert client.post(f"{_url(riverside)}dry-run/", {}).status_code == 404


def test_dry_run_shows_the_path_and_due_dates_for_each_branch(designer, demo):
    workflow = demo.service("riverside", "fly-tipping").workflow
    private = designer.post(f"{_url(workflow)}dry-run/", {"answer-on_private_land": "yes", "start": "2026-11-23"})
    html = unescape(private.content.decode())
    assert private.status_code == 200 and "Tell resident: Fly-tipping on private land" in html
    assert "the case ends: referred" in html
    public = designer.post(
        f"{_url(workflow)}dry-run/",
        {"answer-on_private_land": "no", "outcome-inspect": "not_found", "start": "2026-11-23"},
    )
    html = unescape(public.content.decode())
    assert "Inspect the site" in html and "the case ends: no_action" in html and "2026" in html
    assert "the case ends: referred" not in html


def test_dry_run_refuses_a_bad_answer_clearly(designer, demo):
    workflow = demo.service("riverside", "fly-tipping").workflow
    response = designer.post(f"{_url(workflow)}dry-run/", {"answer-on_private_land": "maybe"})
    html = unescape(response.content.decode())
    assert (
        response.status_code == 200
        and "There is a problem" in html
        and "Is it on private land?: give yes or no" in html
    )


def test_dry_run_offers_a_choice_questions_options_by_their_labels(designer, demo):
    """The designer picks "More than 10cm", not the stored value "deep", and that branch is the one taken."""
    workflow = demo.service("riverside", "pothole").workflow
    html = unescape(designer.get(f"{_url(workflow)}dry-run/").content.decode())
    select = html[html.index('<select id="answer-depth"') :]
    select = select[: select.index("</select>")]
    assert '<option value="deep">More than 10cm</option>' in select
    assert '<option value="shallow">Less than 4cm</option>' in select
    deep = designer.post(f"{_url(workflow)}dry-run/", {"answer-depth": "deep", "start": "2026-11-23"})
    shallow = designer.post(f"{_url(workflow)}dry-run/", {"answer-depth": "shallow", "start": "2026-11-23"})
    assert "selected>More than 10cm" in unescape(deep.content.decode())
    path = lambda response: unescape(response.content.decode()).split('id="dry-result"')[1]  # noqa: E731
    assert path(deep) != path(shallow)  # the priority decision branches on the picked answer
