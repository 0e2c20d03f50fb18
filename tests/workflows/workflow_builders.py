"""Tiny builders for definitions in tests, so each test shows only the steps that matter."""

from __future__ import annotations

import re


def flow(*steps: dict, start: str = "check", **extra: object) -> dict:
    return {"title": "Test service", "start": start, "steps": list(steps), **extra}


def task(step_id: str, next: object = "done", *, outcomes: tuple[str, ...] = ("ok",), **extra: object) -> dict:
    return {
        "id": step_id,
        "type": "task",
        "title": step_id.replace("_", " ").capitalize(),
        "assign": {"team": "waste"},
        "outcomes": [{"id": o, "label": o.replace("_", " ").capitalize()} for o in outcomes],
        "next": next,
        **extra,
    }


def end(step_id: str = "done", outcome: str = "resolved") -> dict:
    return {"id": step_id, "type": "end", "outcome": outcome}


def step(step_id: str, step_type: str, **fields: object) -> dict:
    return {"id": step_id, "type": step_type, **fields}


def svg_words(svg: str) -> str:
    """A diagram's SVG with each wrapped label's lines (`<tspan>`s) joined by a space, so a test finds its words."""
    return re.sub(r"</tspan><tspan [^>]*>", " ", svg)
