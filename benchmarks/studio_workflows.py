"""Studio workflow builder on a 50-step workflow: open the builder page, run the engine's lint on the draft,
save a step edit (checked), move a step, refresh the live diagram, and save an edit then open the page the redirect
names (the saved step open; the save has already remembered the new content's check and diagram). Only the open
step's form is on the page; the page sizes are printed at the end. Each page figure is one real request
through the test client (admin login, scoping, workflow_definition_full_check, the save), timed on the server
side; the lint figure is `workflow_definition_full_check` alone. Target: under 150 ms of server CPU each (printed, not asserted; the wall time's p95 is printed too).

Sizes: STUDIO_WORKFLOW_BENCH_STEPS (50), STUDIO_WORKFLOW_BENCH_REPEAT (30 per figure). Starts from the Riverside
demo (harness); the workflow routes on its missed-bin form, so conditions and timers are type-checked for real.
"""

from __future__ import annotations

from typing import Any

from .harness import env_int, report, studio_figures

TARGET_MS = 150


def workflow_bench_definition(steps: int) -> dict:
    """A chain of `steps` steps (tasks, decisions, notifications, timers in turn) ending at two end steps."""
    chain = max(steps - 2, 1)
    body: list[dict] = []
    for n in range(chain):
        step_id, onward = f"s{n}", f"s{n + 1}" if n + 1 < chain else "done"
        kind = ("task", "decision", "notify", "timer")[n % 4]
        if kind == "task":
            body.append(
                {
                    "id": step_id,
                    "type": "task",
                    "title": f"Task {n}",
                    "assign": {"team": "waste"},
                    "due": {"working_hours": 8},
                    "not_by": [f"s{n - 4}"] if n >= 4 else "anyone_on_case",
                    "outcomes": [{"id": "ok", "label": "Done"}, {"id": "stop", "label": "No action"}],
                    "next": {"ok": onward, "stop": "no_action"},
                }
            )
        elif kind == "decision":
            body.append(
                {
                    "id": step_id,
                    "type": "decision",
                    "title": f"Decision {n}",
                    "branches": [
                        {
                            "when": {
                                "and": [
                                    {"==": [{"var": "data.bin_out_by_7am"}, True]},
                                    {"==": [{"var": f"outcomes.s{n - 1}"}, "ok"]},
                                ]
                            },
                            "next": onward,
                        }
                    ],
                    "otherwise": "no_action",
                }
            )
        elif kind == "notify":
            body.append(
                {
                    "id": step_id,
                    "type": "notify",
                    "title": f"Tell the resident {n}",
                    "to": "resident",
                    "template": {"subject": "Your case ((reference))", "body": "Track it: ((tracking_link))"},
                    "next": onward,
                }
            )
        else:
            timer = {"until": {"field": "data.collection_date", "after": {"working_days": 1}}}
            body.append({"id": step_id, "type": "timer", **timer, "next": onward})
    body += [
        {"id": "done", "type": "end", "outcome": "resolved"},
        {"id": "no_action", "type": "end", "outcome": "no_action"},
    ]
    return {"title": "Benchmark workflow", "start": "s0", "sla": {"working_days": 10}, "steps": body}


def bench_studio_workflows() -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from admin_ext.studio.workflow_model import step_values
    from councils.models import Council
    from workflows.models import WorkflowDefinition
    from workflows.services import workflow_definition_full_check

    steps = env_int("STUDIO_WORKFLOW_BENCH_STEPS", 50)
    repeat = env_int("STUDIO_WORKFLOW_BENCH_REPEAT", 30)
    workflow = WorkflowDefinition.objects.create(
        council=Council.objects.get(slug="riverside"),
        slug="bench-studio-workflow",
        name="Benchmark workflow",
        form_slug="missed-bin",
        definition=workflow_bench_definition(steps),
    )
    workflow_definition_full_check(workflow)  # the benchmark's workflow must itself pass
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="riverside-designer"))
    base = f"/admin/studio/workflows/{workflow.pk}/"
    client.get(base)  # warm the template cache

    def ok(response: Any, status: int = 200) -> None:
        assert response.status_code == status, (response.status_code, response.content[:800])

    def edit(i: int) -> Any:
        workflow.refresh_from_db()
        values = step_values(workflow.definition["steps"][0])
        values.update({"title": f"Task 0, take {i}", "due_amount": str(1 + i % 8), "due_unit": "working_hours"})
        response = client.post(base, {**values, "action": "step-save", "index": "0"})
        ok(response, 302)
        return response

    def move(i: int) -> None:
        ok(client.post(base, {"action": "step-down" if i % 2 == 0 else "step-up", "index": str(2 + i % 2)}), 302)

    def edit_and_reopen(i: int) -> None:
        ok(client.get(edit(1000 + i)["Location"]))  # the redirect: the page with the saved step open

    figures = {
        f"open the workflow builder ({steps} steps)": lambda i: ok(client.get(base)),
        "open the builder at one step (?step=)": lambda i: ok(client.get(f"{base}?step=s{i % (steps - 2)}")),
        f"lint the workflow ({steps} steps)": lambda i: workflow_definition_full_check(workflow),
        "save a step edit (checked)": edit,
        "move a step (checked)": move,
        "refresh the live diagram": lambda i: ok(client.get(f"{base}diagram/")),
        "save a step edit and open the builder again": edit_and_reopen,
    }
    studio_figures(figures, repeat, TARGET_MS)
    report(f"builder page size ({steps} steps)", len(client.get(base).content) / 1024, "KB")
    report("builder page size, one step open", len(client.get(f"{base}?step=s0").content) / 1024, "KB")
    report("live diagram size", len(client.get(f"{base}diagram/").content) / 1024, "KB")
