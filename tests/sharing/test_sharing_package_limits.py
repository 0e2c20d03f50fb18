"""Hostile packages: deep, huge or carrying a deep definition are refused with the limit named; nothing is imported."""

from __future__ import annotations

import json
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import Service
from form_definitions.models import FormDefinition
from sharing.exceptions import PackageRefused
from sharing.models import ServiceImport
from sharing.services.packages import content_checksum, service_package_export, service_package_parse
from workflows.models import WorkflowDefinition

IMPORT_URL = "/admin/sharing/serviceimport/import/"


def _imported_nothing() -> tuple:
    return (
        ServiceImport.objects.count(),
        FormDefinition.objects.count(),
        WorkflowDefinition.objects.count(),
        Service.objects.count(),
    )


def _rechecksummed(package: dict) -> str:
    package["manifest"]["checksum"]["content"] = content_checksum(package["content"])
    return json.dumps(package)


def _with_deep_schema(text: str, levels: int) -> str:
    package = json.loads(text)
    node: dict = {"type": "string"}
    for _ in range(levels):
        node = {"type": "object", "properties": {"a": node}}
    package["content"]["form"]["schema"]["properties"]["deep"] = node
    return _rechecksummed(package)


@pytest.fixture
def exported(riverside_fly_tipping, demo) -> str:
    return service_package_export(riverside_fly_tipping, author=demo.user("riverside-designer"))


@pytest.fixture
def upload(demo, client_for):
    hillford = client_for(demo.user("hillford-designer"))

    def post(content: bytes):
        return hillford.post(
            IMPORT_URL,
            {"council": demo.council("hillford").pk, "step": "upload", "file": SimpleUploadedFile("p.json", content)},
        )

    return post


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda text: "[" * 100_000,
            "The package is nested deeper than the limit of 67 levels (JSON_MAX_DEPTH + 3 for the package's own levels) at line 1 column 68",
        ),
        (lambda text: _with_deep_schema(text, 300), "The package is nested deeper than the limit of 67 levels"),
        (
            lambda text: text.replace('"format_version":1', '"format_version":' + "1" * 5000),
            "<code>/</code>: not valid JSON: a number is longer than the limit of 4300 digits",
        ),
    ],
    ids=["brackets", "form-schema-300-levels", "long-number"],
)
def test_a_hostile_package_upload_is_refused_with_the_limit_named(exported, upload, make, message):
    before = _imported_nothing()
    response = upload(make(exported).encode())
    page = unescape(response.content.decode())
    assert response.status_code == 200 and "The package was refused" in page
    assert "<code>/</code>: " in page and message in page
    assert _imported_nothing() == before


def test_an_oversized_package_is_refused_from_its_size(exported, upload, settings):
    settings.SHARING_PACKAGE_MAX_BYTES = 2 * 1024 * 1024
    before = _imported_nothing()
    huge = exported.replace('"author":"', '"author":"' + "x" * (20 * 1024 * 1024), 1).encode()
    assert len(huge) > 20 * 1024 * 1024
    response = upload(huge)
    page = unescape(response.content.decode())
    assert (
        f"The package is {len(huge)} bytes, larger than the limit of 2097152 bytes (SHARING_PACKAGE_MAX_BYTES)" in page
    )
    assert 'id="package-problems"' not in page  # refused by the form, never parsed
    assert _imported_nothing() == before


def test_parse_refuses_a_package_over_the_size_limit_before_parsing(exported, settings):
    settings.SHARING_PACKAGE_MAX_BYTES = 1000
    with pytest.raises(PackageRefused) as caught:
        service_package_parse(exported)
    assert (
        str(caught.value)
        == f"/: The package is {len(exported.encode())} bytes, larger than the limit of 1000 bytes (SHARING_PACKAGE_MAX_BYTES)"
    )


def test_a_package_whose_schema_is_at_the_limit_imports_normally(exported, settings):
    """What the admin accepts (64 levels from the schema) still fits in a package (67 levels)."""
    package = json.loads(exported)
    depth_of_schema = 64
    node: dict = {}
    for _ in range(depth_of_schema - 4):  # schema (1), properties (2), "deep" (3), ... the innermost {} at 64
        node = {"not": node}
    package["content"]["form"]["schema"]["properties"]["deep"] = {"type": "string", "not": node}
    parsed = service_package_parse(_rechecksummed(package))
    assert parsed["content"]["form"]["schema"]["properties"]["deep"]["type"] == "string"
