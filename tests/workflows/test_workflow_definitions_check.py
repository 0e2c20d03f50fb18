"""After an upgrade, `manage.py definitions_check` names stored definitions the tightened checks refuse."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from form_definitions.models import FormDefinition
from workflows.models import WorkflowDefinition


def test_the_demo_library_passes_and_stored_bombs_and_django_tags_are_listed(demo):
    out = StringIO()
    call_command("definitions_check", stdout=out)
    assert "Every stored definition passes the current checks." in out.getvalue()

    service = demo.service("riverside", "missed-bin")
    schema = json.loads(json.dumps(service.form.schema))
    schema["properties"]["address"]["pattern"] = r"^(?=(a+)+$)a"
    FormDefinition.objects.filter(pk=service.form.pk).update(schema=schema)  # as stored before RE2
    definition = json.loads(json.dumps(service.workflow.definition))
    index = next(i for i, s in enumerate(definition["steps"]) if s["type"] == "notify")
    definition["steps"][index]["template"]["body"] = "{% debug %}"
    WorkflowDefinition.objects.filter(pk=service.workflow.pk).update(definition=definition)

    out = StringIO()
    with pytest.raises(CommandError, match="2 stored definition"):
        call_command("definitions_check", stdout=out)
    text = out.getvalue()
    assert f"riverside form definition missed-bin v{service.form.version} (published):" in text
    assert "  /schema/properties/address/pattern: " in text and "lookahead" in text
    assert f"  /steps/{index}/template/body: {{% debug %}} is Django template syntax" in text
