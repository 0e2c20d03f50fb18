"""Admin labels read as English (#19): acronyms and units where Django would print the field name."""

from __future__ import annotations

from django.test import Client


def test_admin_pages_label_fields_in_plain_english(demo):
    client = Client()
    client.force_login(demo.user("riverside-admin"))
    index = client.get("/admin/").content.decode()
    assert "Deliveries" in index and "Deliverys" not in index
    service = client.get("/admin/casework/service/add/").content.decode()
    assert "LGSL code" in service and "SLA (working days)" in service and "Lgsl code" not in service
    services = client.get("/admin/casework/service/").content.decode()
    assert "SLA (working days)" in services and "Sla working days" not in services
    form = client.get("/admin/form_definitions/formdefinition/add/").content.decode()
    assert "UI schema" in form and "Ui schema" not in form
