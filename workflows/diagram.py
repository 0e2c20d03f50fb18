"""Diagrams of a workflow definition: SVG from viewflow's chart module, BPMN 2.0 XML from our own exporter.

Drafts are compiled on the fly under a preview name and never registered, so a designer sees exactly
the flow the engine would run without publishing it. The SVG is drawn from our own template so labels
read as the designer wrote them: titles exactly as written, notify steps by their title (else their
subject), decision branches by their condition in words, task routes by outcome, ends by outcome.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from textwrap import wrap

from django.template.loader import get_template
from viewflow.workflow import chart
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from councilflow.versioning import DefinitionStatus

from .bpmn_export import definition_bpmn
from .compile import START_NODE, workflow_compile
from .conditions_describe import condition_words
from .deferred_choice import option_describe
from .diagram_dangling import definition_drawable
from .diagram_labels import LINE_HEIGHT, caption_box, label_box, label_lines, labels_place
from .field_types import form_fields
from .fragments import fragments_expand
from .graph import step_edges
from .models import WorkflowDefinition
from .registry import flow_class_for
from .step_types import step_types
from .step_types.end import OUTCOME_WORDS, outcome_words  # noqa: F401  (re-exported)

ACTIVE = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED, STATUS.SCHEDULED)
EDGE_LABEL_CHARS = 96  # three wrapped lines of 32: a longer condition is cut at a word, in full in its tooltip
LABEL_MARGIN = 8


@dataclass
class _CellRow:
    cell: chart.Cell
    css: str
    title: str
    caption: str = ""
    caption_x: int = 0
    caption_y: int = 0

    @property
    def caption_lines(self) -> list[tuple[int, str]]:
        """Each line of the caption with its `dy`: wrapped at word boundaries (diagram_labels.label_lines)."""
        return [(n and LINE_HEIGHT, line) for n, line in enumerate(label_lines(self.caption))]


@dataclass
class _EdgeRow:
    src: object
    dst: object
    segments: list
    label: str
    full_label: str
    label_pos: tuple[int, int] | None

    @property
    def label_lines(self) -> list[tuple[int, str]]:
        """Each line of the label with its `dy`: wrapped at word boundaries (diagram_labels.label_lines)."""
        return [(n and LINE_HEIGHT, line) for n, line in enumerate(label_lines(self.label))]


def workflow_flow_class(workflow: WorkflowDefinition) -> type:
    """The runnable class of a published version; an unregistered preview compile of a draft."""
    if workflow.status == DefinitionStatus.DRAFT:
        return workflow_compile(workflow.definition, class_name=f"preview{workflow.pk}", title=workflow.name)
    return flow_class_for(workflow.pk)


def workflow_svg(workflow: WorkflowDefinition, *, case=None, problem_steps: Collection[str] = ()) -> str:
    """The diagram; with a case (on this version), its finished and current steps are coloured;
    `problem_steps` (step ids) are outlined in red."""
    from .services import workflow_form_schema  # services imports the check pipeline; keep diagram light

    missing: dict[str, str] = {}
    if workflow.status == DefinitionStatus.DRAFT:  # an old or imported draft may name a missing step
        definition, missing, sources = definition_drawable(workflow.definition)
        flow_class = workflow_compile(definition, class_name=f"preview{workflow.pk}", title=workflow.name)
        problem_steps = {*problem_steps, *sources, *missing}
    else:
        flow_class = workflow_flow_class(workflow)
    grid = chart.calc_layout_data(flow_class)
    if case is not None and case.workflow_version_id == workflow.pk:
        chart.calc_cell_status(flow_class, grid, case.pk)
        # Every case has started, and its start task is not stored (engine_adapter.CaseStartActivation).
        grid[getattr(flow_class, START_NODE)].status = STATUS.DONE
    return diagram_svg(
        grid,
        flow_class.definition_json,
        form_schema=workflow_form_schema(workflow),
        problem_steps=problem_steps,
        label=f"Diagram of {workflow.name}",
        missing=missing,
    )


def diagram_svg(
    grid: chart.Grid,
    definition: dict,
    *,
    form_schema: dict | None = None,
    problem_steps: Collection[str] = (),
    label: str = "Workflow diagram",
    missing: Mapping[str, str] = {},
) -> str:
    """Render a laid-out grid with the designer's own words on steps and arrows; `missing` maps the stand-in
    ends of a draft's dangling arrows (workflows/diagram_dangling.py) to the step name they point at."""
    definition, _ = fragments_expand(definition)
    steps = {step["id"]: step for step in definition["steps"]}
    names = variable_names(definition, form_schema)
    rows = [_cell_row(cell, steps.get(cell.node.name), set(problem_steps)) for cell in grid.cells]
    for row in rows:
        if row.cell.node.name in missing:
            row.title = row.caption = f"No step “{missing[row.cell.node.name]}”"
    edges = [_edge_row(edge, steps, names) for edge in _distinct_edges(grid.edges)]
    labels_place(grid, edges, [(row.cell, row.caption, row.caption_x, row.caption_y) for row in rows if row.caption])
    width, height = _view_size(grid, rows, edges)
    return get_template("workflows/diagram.svg").render(
        {"grid": grid, "rows": rows, "edges": edges, "label": label, "width": width, "height": height}
    )


def _distinct_edges(edges: list[chart.Edge]) -> list[chart.Edge]:
    """One arrow per drawn path: viewflow draws a task's outcomes that share a target as identical arrows,
    which would each carry (and stack) the same label."""
    seen: dict[tuple, chart.Edge] = {}
    for edge in edges:
        seen.setdefault((edge.src.name, edge.dst.name, tuple(map(tuple, edge.segments))), edge)
    return list(seen.values())


def _view_size(grid: chart.Grid, rows: list[_CellRow], edges: list[_EdgeRow]) -> tuple[int, int]:
    """The grid's size, widened to hold the words beside it: viewflow's grid knows only the shapes, so a
    branch label or an end's caption at the right edge was cut off mid-word."""
    width, height = grid.width, grid.height
    boxes = [label_box(edge.label, edge.label_pos) for edge in edges if edge.label and edge.label_pos]
    boxes += [
        caption_box(row.caption, row.cell.shape.x + row.caption_x, row.cell.shape.y + row.caption_y)
        for row in rows
        if row.caption
    ]
    for box in boxes:
        width = max(width, int(box.right) + LABEL_MARGIN)
        height = max(height, int(box.bottom) + LABEL_MARGIN)
    return width, height


def variable_names(definition: dict, form_schema: dict | None) -> dict[str, str]:
    """What the designer calls each variable a condition reads: the question's title, the task's title."""
    names = {f"data.{name}": f"“{sub['title']}”" for name, sub in form_fields(form_schema).items() if sub.get("title")}
    for step in definition.get("steps", []):
        if step.get("type") == "task":
            names[f"outcomes.{step['id']}"] = f"the outcome of “{step.get('title', step['id'])}”"
    return names


def step_label(step: dict) -> str:
    """A step's name on the diagram, from its type (workflows/step_types/): its title exactly as written,
    a notify step without one by its subject."""
    plugin = step_types.get(step.get("type"))
    if plugin is None:
        return step.get("title") or step["id"].replace("_", " ").capitalize()
    return plugin.diagram_label(step)


def _cell_row(cell: chart.Cell, step: dict | None, problems: set[str]) -> _CellRow:
    css = [cell.status.lower()] if cell.status else []
    if step is None:  # start, and helper nodes (`<step>__route`, `<step>__remind`...)
        return _CellRow(cell, " ".join(css), cell.title or "")
    if step["id"] in problems:
        css.append("problem")
    title = step_label(step)
    if cell.shape.text:  # a box: the label wrapped inside it, exactly as written
        font_size = cell.shape.text[0][2]
        lines = wrap(title, 20)[:4]
        top = int((cell.shape.height - max(len(lines) - 1, 0) * font_size * 1.2) / 2)
        cell.shape.text = [
            (line, "align-middle", font_size, int(cell.shape.width / 2), top + n * font_size * 1.2)
            for n, line in enumerate(lines)
        ]
    row = _CellRow(cell, " ".join(css), title + (" (has a problem)" if step["id"] in problems else ""))
    plugin = step_types.get(step["type"])
    row.caption = plugin.diagram_caption(step) if plugin is not None else ""
    if row.caption:
        row.caption_x, row.caption_y = cell.shape.width // 2, cell.shape.height + 14
    return row


def _edge_row(edge: chart.Edge, steps: Mapping[str, dict], names: Mapping[str, str]) -> _EdgeRow:
    """Label an arrow from what the step says about it: a branch's condition, an outcome, a timeout."""
    source = steps.get(edge.src.name.split("__")[0])
    labels: list[str] = []
    if source is not None:
        kind = edge.src.name.partition("__")[2]
        for out in step_edges(source):
            if out.target != edge.dst.name or (kind == "timeout") != (out.pointer == "/timeout/next"):
                continue
            # A `cancel_on` timer's arrow leaves from its own boundary node `<step>__cancel<n>`.
            if kind.startswith("cancel") != out.pointer.startswith("/cancel_on/") or (
                kind.startswith("cancel") and out.pointer != f"/cancel_on/{kind[len('cancel') :]}/next"
            ):
                continue
            if kind == "" and source["type"] == "task" and out.pointer.startswith("/next/"):
                continue  # a task's per-outcome arrows leave from its route node
            if source["type"] == "decision" and out.pointer.startswith("/branches/"):
                index = int(out.pointer.split("/")[2])
                labels.append(condition_words(source["branches"][index]["when"], names=names))
            elif source["type"] == "first_of" and out.target in steps:
                labels.append(f"first: {option_describe(steps[out.target])}")
            elif out.label:
                labels.append(out.label)
    full = " or ".join(dict.fromkeys(labels))  # wrapped onto lines by the template (diagram_labels.label_lines)
    short = full if len(full) <= EDGE_LABEL_CHARS else full[: EDGE_LABEL_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return _EdgeRow(edge.src, edge.dst, edge.segments, short, full, None)  # placed by diagram_labels


def workflow_bpmn(workflow: WorkflowDefinition) -> str:
    """BPMN 2.0 XML with diagram interchange, for bpmn.io or Camunda Modeler (workflows/bpmn_export.py)."""
    return definition_bpmn(workflow.definition, slug=workflow.slug, version=workflow.version)


def case_current_steps(case) -> list[str]:
    """Step ids where the case is now (helper nodes such as `<step>__remind` are left out)."""
    names = [t.flow_task.name for t in Task.objects.filter(process_id=case.pk, status__in=ACTIVE).order_by("pk")]
    return sorted({name for name in names if "__" not in name})
