"""A simple layered layout for the BPMN diagram interchange: left to right, one column per layer.

A node's layer is its longest distance from the start along the flows once loops are cut (a flow back to
a node already on the path), so a join sits right of every branch it waits for. Nodes in a layer stack
from the top in the order they were reached. Boundary events sit on the bottom edge of their activity.
"""

from __future__ import annotations

from .bpmn_graph import SIZES, BpmnGraph, Node

COLUMN = 170
ROW = 130
LEFT = 60
TOP = 60

Bounds = tuple[int, int, int, int]  # x, y, width, height


def graph_layout(graph: BpmnGraph) -> dict[str, Bounds]:
    """Bounds of every node, keyed by node id."""
    placed = [n for n in graph.nodes if not n.attached_to]
    successors: dict[str, list[str]] = {n.id: [] for n in graph.nodes}
    for flow in graph.flows:
        if flow.source in successors and flow.target in successors:
            successors[flow.source].append(flow.target)
    for node in graph.nodes:  # a boundary event's targets follow its activity
        if node.attached_to:
            successors[node.attached_to] += successors[node.id]
    forward = _forward_edges(placed[0].id, successors)
    layer = _layers(placed, forward)
    rows: dict[int, int] = {}
    bounds: dict[str, Bounds] = {}
    for node in sorted(placed, key=lambda n: (layer[n.id], _order(placed, n))):
        row = rows.get(layer[node.id], 0)
        rows[layer[node.id]] = row + 1
        bounds[node.id] = _box(node, LEFT + layer[node.id] * COLUMN, TOP + row * ROW)
    for node in graph.nodes:
        if node.attached_to:
            x, y, w, h = bounds[node.attached_to]
            width, height = SIZES["event"]
            bounds[node.id] = (x + w - width - 8, y + h - height // 2, width, height)
    return bounds


def _box(node: Node, column_x: int, row_y: int) -> Bounds:
    """Centre each shape on the column's activity-sized slot."""
    width, height = SIZES[node.shape]
    slot_w, slot_h = SIZES["activity"]
    return (column_x + (slot_w - width) // 2, row_y + (slot_h - height) // 2, width, height)


def _order(placed: list[Node], node: Node) -> int:
    return placed.index(node)


def _forward_edges(start: str, successors: dict[str, list[str]]) -> dict[str, list[str]]:
    """The flows left once every flow back into the current depth-first path (a loop) is dropped."""
    forward: dict[str, list[str]] = {key: [] for key in successors}
    state: dict[str, int] = {}  # 1 on the path, 2 done
    stack: list[tuple[str, int]] = [(start, 0)]
    state[start] = 1
    while stack:
        node, index = stack.pop()
        targets = successors.get(node, [])
        if index < len(targets):
            stack.append((node, index + 1))
            target = targets[index]
            if state.get(target) == 1:
                continue  # a loop back
            forward[node].append(target)
            if target not in state:
                state[target] = 1
                stack.append((target, 0))
        else:
            state[node] = 2
    return forward


def _layers(placed: list[Node], forward: dict[str, list[str]]) -> dict[str, int]:
    """Longest distance from the start over the loop-free flows; unreachable nodes go after the rest."""
    ids = {n.id for n in placed}
    indegree = {n.id: 0 for n in placed}
    for source, targets in forward.items():
        for target in targets:
            if source in ids and target in ids:
                indegree[target] += 1
    layer = {n.id: 0 for n in placed}
    ready = [n.id for n in placed if indegree[n.id] == 0]
    while ready:
        node = ready.pop(0)
        for target in forward.get(node, []):
            if target not in ids:
                continue
            layer[target] = max(layer[target], layer[node] + 1)
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return layer


def flow_waypoints(source: Bounds, target: Bounds) -> list[tuple[int, int]]:
    """Right edge of the source to the left edge of the target, with a bend between rows."""
    sx, sy, sw, sh = source
    tx, ty, tw, th = target
    start = (sx + sw, sy + sh // 2)
    end = (tx, ty + th // 2)
    if tx <= sx:  # a loop back: go below both and come in from the left
        low = max(sy + sh, ty + th) + 30
        return [(sx + sw // 2, sy + sh), (sx + sw // 2, low), (tx - 20, low), (tx - 20, end[1]), end]
    if start[1] == end[1]:
        return [start, end]
    middle = (start[0] + end[0]) // 2
    return [start, (middle, start[1]), (middle, end[1]), end]
