"""wait_for_reply: wait for a back-office system's reply to a connector slot."""

from __future__ import annotations

from workflows.language_vocabulary import NEXT

from .registry import step_types
from .wait_for_customer import WaitStep


@step_types.register("wait_for_reply")
class WaitForReplyStep(WaitStep):
    summary = "wait for a back-office system's reply on a connector slot, with an optional timeout"
    properties = {
        "connector": {"$ref": "#/$defs/step_id"},
        "timeout": {"$ref": "#/$defs/timeout"},
        "stops_clock": {"type": "boolean"},  # default false: the council's own back office keeps the clock
        "next": NEXT,
    }
    required = ("connector", "next")
