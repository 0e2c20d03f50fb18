"""Diagrams of a workflow definition: SVG and BPMN 2.0 XML from viewflow's chart module.

Drafts are compiled on the fly under a preview name and never registered, so a designer sees exactly
the flow the engine would run without publishing it.
"""

from __future__ import annotations

from viewflow.workflow import chart
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from councilflow.versioning import DefinitionStatus

from .compile import workflow_compile
from .models import WorkflowDefinition
from .registry import flow_class_for

ACTIVE = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED, STATUS.SCHEDULED)


def workflow_flow_class(workflow: WorkflowDefinition) -> type:
    """The runnable class of a published version; an unregistered preview compile of a draft."""
    if workflow.status == DefinitionStatus.DRAFT:
        return workflow_compile(workflow.definition, class_name=f"preview{workflow.pk}", title=workflow.name)
    return flow_class_for(workflow.pk)


def workflow_svg(workflow: WorkflowDefinition, *, case=None) -> str:
    """The diagram; with a case (on this version), its finished and current steps are coloured."""
    flow_class = workflow_flow_class(workflow)
    grid = chart.calc_layout_data(flow_class)
    if case is not None and case.workflow_version_id == workflow.pk:
        chart.calc_cell_status(flow_class, grid, case.pk)
    return chart.grid_to_svg(grid)


def workflow_bpmn(workflow: WorkflowDefinition) -> str:
    """BPMN 2.0 XML with diagram interchange, for bpmn.io or Camunda Modeler."""
    return chart.grid_to_bpmn(chart.calc_layout_data(workflow_flow_class(workflow)))


def case_current_steps(case) -> list[str]:
    """Step ids where the case is now (helper nodes such as `<step>__remind` are left out)."""
    names = [t.flow_task.name for t in Task.objects.filter(process_id=case.pk, status__in=ACTIVE).order_by("pk")]
    return sorted({name for name in names if "__" not in name})
