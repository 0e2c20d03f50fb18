"""The one registry pattern: keys in order, a duplicate refused, an unknown key named with the known ones."""

from __future__ import annotations

import pytest

from connectors.types.registry import connector_types
from councilflow.plugins import PluginAlreadyRegistered, Registry, UnknownPlugin
from form_definitions.widget_types import widget_types
from workflows.language import STEP_TYPES
from workflows.step_types import step_types


class Thing:
    key = ""


def test_plugins_register_in_order_and_a_duplicate_key_is_refused():
    things: Registry[Thing] = Registry("thing")
    things.register("b")(Thing)
    first = things.add("a", Thing())
    assert things.keys() == ("b", "a")
    assert things["a"] is first and first.key == "a"
    assert "a" in things and "c" not in things and things.get("c") is None
    with pytest.raises(PluginAlreadyRegistered, match="thing 'a' is already registered"):
        things.add("a", Thing())
    assert things["a"] is first  # not replaced
    with pytest.raises(UnknownPlugin, match="unknown thing 'c'; known: b, a"):
        things["c"]
    version = things.version
    things.unregister("a")
    assert things.keys() == ("b",) and things.version == version + 1


def test_the_three_registries_hold_the_built_ins():
    assert step_types.keys() == STEP_TYPES
    assert step_types.keys()[:3] == ("task", "decision", "split")
    assert set(widget_types.keys()) >= {"text", "date", "radios", "checkboxes", "file", "files", "repeat", "location"}
    assert connector_types.keys() == ("rest", "email", "notify")
    with pytest.raises(PluginAlreadyRegistered):
        step_types.register("task")(type(step_types["task"]))
