"""Lower layers reach higher ones only through ports, each registered by its provider at app ready."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from casework import ports as casework_ports
from casework.engine_hooks import CaseworkEngineHooks
from casework.models import Case
from connectors import ports as connectors_ports
from connectors.models import Delivery
from councilflow.ports import Port
from portal.links import case_pk_from_tracking_token, case_tracking_url
from reporting.services.projection import ProjectionObserver
from sharing.selectors import service_connector_slug_for
from workflows import ports as workflows_ports


def test_every_port_is_registered_by_its_provider_at_start_up():
    assert isinstance(workflows_ports.case_hooks(), CaseworkEngineHooks)
    assert workflows_ports.case_hooks().process_class is Case
    assert {"rest", "email", "notify"} <= workflows_ports.connector_types().connector_type_names()
    assert casework_ports.outbox().delivery_enqueue_email.__module__ == "connectors.outbox"
    assert casework_ports.resident_links().case_tracking_url is case_tracking_url
    assert connectors_ports.slot_bindings().service_connector_slug_for is service_connector_slug_for
    assert ProjectionObserver in casework_ports._observers


def test_an_unregistered_port_names_the_app_that_should_provide_it():
    port: Port[object] = Port("example.ports.thing", provider="example")
    with pytest.raises(ImproperlyConfigured, match=r"example.ports.thing: the example app registers it"):
        port()
    port.register("implementation")
    assert port() == "implementation"


def test_the_confirmation_email_carries_the_portals_tracking_link_for_the_case(demo, submit_missed_bin, settings):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    body = Delivery.objects.get(case=case, purpose="confirmation").payload["body"]
    prefix = re.escape(settings.SITE_URL.rstrip("/") + "/track/")
    token = re.search(prefix + r"([^/\s]+)/", body).group(1)
    assert case_pk_from_tracking_token(token) == (case.pk, case.reference)
