"""A step as the builder lists it: the open step carries its edit form, every other step a short summary.

A 50-step page with every form on it was some 850 KB; one form and 49 summaries is a small fraction of that. The
summary says what the step is and where it goes in words, so the list still reads as the workflow without opening.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from django.utils.safestring import SafeString

from workflows.graph import step_edges


@dataclass
class StepCard:
    index: int
    step_id: str
    label: str
    type_words: str
    goes_to: str = ""  # where the step leads, in words
    is_open: bool = False  # the one step whose form is on the page
    fields: list = field(default_factory=list)  # built only for the open step and for steps with problems
    problems: list[str] = field(default_factory=list)
    form_html: SafeString = field(default_factory=SafeString)  # the open step's fields, problems marked on them

    @property
    def anchor(self) -> str:
        return f"step-{self.index}"

    @property
    def open_href(self) -> str:
        """The link that opens this step's form (a plain GET, so it works without JavaScript)."""
        return step_open_href(self.step_id, self.anchor)


def step_open_href(step_id: str, anchor: str) -> str:
    return f"?step={quote(step_id)}#{anchor}"


def step_goes_to_words(step: dict, labels: dict[str, str]) -> str:
    """`Goes to “Collect” (done), “No action” (stop)`; an end step says how the case ends."""
    if step.get("type") == "end":
        outcome = step.get("outcome")
        return f"Ends the case: {str(outcome).replace('_', ' ')}" if outcome else "Ends the case"
    parts = []
    for edge in step_edges(step):
        target = f"“{labels.get(edge.target, edge.target)}”"
        parts.append(f"{target} ({edge.label})" if edge.label else target)
    return f"Goes to {', '.join(parts)}" if parts else "Goes nowhere yet"
