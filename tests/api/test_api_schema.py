"""The OpenAPI schema is complete and warning-free, and its docs pages load their assets from this server."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client


def test_the_schema_validates_with_no_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in ("/api/v1/cases/{reference}/notes/:", "/api/v1/tasks/{id}/complete/:", "/api/v1/events/:"):
        assert path in text


def test_every_write_documents_its_errors_as_problem_details(demo):
    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    schema = officer.get("/api/schema/", {"format": "json"}).json()
    writes = {
        ("/api/v1/cases/", "post"): {"200", "201", "400", "403"},
        ("/api/v1/cases/{reference}/notes/", "post"): {"201", "400", "403", "404", "409"},
        ("/api/v1/tasks/{id}/complete/", "post"): {"200", "400", "403", "404", "409"},
        ("/api/v1/webhooks/", "post"): {"201", "400", "403"},
    }
    for (path, method), codes in writes.items():
        responses = schema["paths"][path][method]["responses"]
        assert codes <= set(responses), (path, set(responses))
        for code in codes - {"200", "201"}:
            assert responses[code]["content"]["application/json"]["schema"]["$ref"].endswith("/Problem")
    assert "oauth2" in str(schema["components"]["securitySchemes"]).lower()


def test_swagger_ui_is_served_with_local_assets_and_no_inline_script(demo):
    page = Client().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html and "<script>" not in html  # nothing from elsewhere; CSP allows it
    script = Client().get("/api/docs/", {"script": ""})
    assert script.status_code == 200 and "/api/schema/" in script.content.decode()
