"""Studio form builder on a 60-question form: open the form's page, open a question's panel, save an edit,
move a question, add one and remove it. Each is one real request through the test client (admin login, scoping,
form_definition_check, the save), timed on the server side. Target: under 150 ms of server CPU each (printed, not asserted; the wall time's p95 is printed too).

Sizes: STUDIO_FORM_BENCH_QUESTIONS (60), STUDIO_FORM_BENCH_REPEAT (30 requests per figure). Starts from the
Riverside demo (harness).
"""

from __future__ import annotations

from typing import Any

from .harness import env_int, studio_figures

KINDS = [
    "text",
    "textarea",
    "email",
    "date",
    "number",
    "yesno",
    "radios",
    "select",
    "checkboxes",
    "postcode",
    "tel",
    "address",
]
TARGET_MS = 150


def _form_build(council: Any, questions: int) -> Any:
    """A draft of `questions` questions over pages of six, every kind, each page's last question conditional."""
    from admin_ext.studio.form_edit_inputs import QuestionInput
    from admin_ext.studio.form_page_edits import form_page_add
    from admin_ext.studio.form_question_edits import form_question_add, form_question_update
    from form_definitions.meta import form_definition_check
    from form_definitions.models import FormDefinition

    schema: dict = {"type": "object", "properties": {"q_0": {"type": "string", "title": "Question 0"}}}
    ui: dict = {"pages": [{"id": "page-0", "title": "Page 0", "fields": ["q_0"]}]}
    for n in range(1, questions):
        kind = KINDS[n % len(KINDS)]
        if n % 6 == 0:
            schema, ui = form_page_add(schema, ui, title=f"Page {n // 6}", label=f"Question {n}", widget=kind)
        else:
            schema, ui = form_question_add(
                schema, ui, page_id=ui["pages"][-1]["id"], label=f"Question {n}", widget=kind
            )
        name = list(schema["properties"])[-1]
        data = QuestionInput(label=f"Question {n}", widget=kind, required=n % 2 == 0, hint=f"Hint for question {n}")
        if n % 6 == 5 and KINDS[(n - 1) % len(KINDS)] == "yesno":
            data.show_if = {"field": list(schema["properties"])[-2], "equals": True}
        schema, ui = form_question_update(schema, ui, name=name, data=data)
    form_definition_check(schema, ui)
    return FormDefinition.objects.create(
        council=council, slug="bench-studio", name="Benchmark form", schema=schema, ui_schema=ui
    )


def bench_studio_forms() -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from councils.models import Council

    questions = env_int("STUDIO_FORM_BENCH_QUESTIONS", 60)
    repeat = env_int("STUDIO_FORM_BENCH_REPEAT", 30)
    form = _form_build(Council.objects.get(slug="riverside"), questions)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="riverside-designer"))
    base = f"/admin/studio/forms/{form.pk}/"
    names = list(form.schema["properties"])
    client.get(base)  # warm the template cache

    def ok(response: Any, status: int = 200) -> None:
        assert response.status_code == status, (response.status_code, response.content[:500])

    def edit(i: int) -> None:
        ok(
            client.post(
                f"{base}questions/{names[1]}/",
                {"label": f"Question one, take {i}", "widget": "textarea", "hint": "Hint"},
            ),
            302,
        )

    def add(i: int) -> None:
        ok(client.post(f"{base}add-question/", {"page": "page-0", "label": f"Extra {i}", "widget": "text"}), 302)

    def remove(i: int) -> None:
        ok(client.post(f"{base}questions/extra_{i}/remove/"), 302)

    figures = {
        f"open the form page ({questions} questions)": lambda i: ok(client.get(base)),
        "open a question's panel": lambda i: ok(client.get(f"{base}?q={names[i % len(names)]}")),
        "save a question edit (checked)": edit,
        "move a question (checked)": lambda i: ok(
            client.post(f"{base}questions/{names[2]}/move/", {"direction": "up" if i % 2 else "down"}), 302
        ),
        "add a question (checked)": add,
        "remove a question (checked)": remove,
        "preview a page": lambda i: ok(client.get(f"{base}preview/page-0/")),
    }
    studio_figures(figures, repeat, TARGET_MS)
