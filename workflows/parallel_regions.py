"""Where a split's branches run: the steps between a split and the joins its branches meet at.

The engine tells rounds of branches apart only by the split that started them, so a split that can be
re-entered before its join (or a branch entered from after the join) cannot run; the lint refuses both.
Two steps in the branches of one split may run in either order, which the lint's task-order check allows.
"""

from __future__ import annotations

from collections import deque

from councilflow.errors import DefinitionProblem, json_pointer

from .graph import reachable_from, step_edges, step_indexes, steps_by_id, steps_reaching


def split_joins(definition: dict) -> dict[str, set[str]]:
    """Each split's joins that every one of its branches reaches."""
    steps = steps_by_id(definition)
    found = {}
    for split in (s for s in steps.values() if s["type"] == "split"):
        reach = [reachable_from(definition, target) for target in split["branches"]]
        found[split["id"]] = {j for j, s in steps.items() if s["type"] == "join" and all(j in r for r in reach)}
    return found


def split_regions(definition: dict) -> dict[str, set[str]]:
    """Each split's branch steps: reachable from its branches without passing one of its joins."""
    steps = steps_by_id(definition)
    regions = {}
    for split_id, joins in split_joins(definition).items():
        queue = deque(t for t in steps[split_id]["branches"] if t in steps and t not in joins)
        seen = set(queue)
        while queue:
            for edge in step_edges(steps[queue.popleft()]):
                if edge.target in steps and edge.target not in seen and edge.target not in joins:
                    seen.add(edge.target)
                    queue.append(edge.target)
        regions[split_id] = seen
    return regions


def steps_in_parallel(definition: dict, first: str, second: str) -> bool:
    """Whether both steps lie in the branches of one split (so either may run before the other)."""
    return any(first in region and second in region for region in split_regions(definition).values())


def parallel_loops_lint(definition: dict) -> list[DefinitionProblem]:
    """A split re-entered before its join, or a branch step entered again from after the join."""
    steps = steps_by_id(definition)
    indexes = step_indexes(definition)
    joins = split_joins(definition)
    problems = []
    for split_id, region in split_regions(definition).items():
        if not joins[split_id]:
            continue  # reported as branches that never meet
        meet = ", ".join(f'"{j}"' for j in sorted(joins[split_id]))
        back = sorted(s for s in region if any(e.target == split_id for e in step_edges(steps[s])))
        if back:
            problems.append(
                DefinitionProblem(
                    json_pointer("steps", indexes[split_id]),
                    f'split "{split_id}" is inside a loop: "{back[0]}" leads back to it before its branches '
                    f"meet at {meet}, so a second round of branches would start while the first is still open; "
                    "loop back only after the join",
                )
            )
            continue
        # Entering a branch step that only leads to an end is harmless; one that leads to the join is not.
        joining = region & steps_reaching(definition, joins[split_id])
        for join_id in sorted(joins[split_id]):
            after = reachable_from(definition, {e.target for e in step_edges(steps[join_id])}, without=split_id) - {
                split_id
            }
            for source in sorted(after, key=indexes.__getitem__):
                for edge in step_edges(steps[source]):
                    if edge.target in joining and source not in region:
                        problems.append(
                            DefinitionProblem(
                                json_pointer("steps", indexes[source]) + edge.pointer,
                                f'"{edge.target}" is inside the branches of split "{split_id}", so going back to '
                                f'it after join "{join_id}" would leave the join waiting for branches that never '
                                f'started; go back to "{split_id}" instead',
                            )
                        )
    return problems
