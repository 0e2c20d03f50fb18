"""A package carries its service's retention as a default; the importing council's own choice then stands."""

from __future__ import annotations

from casework.models import Service
from sharing.services.imports import Bindings, service_import_apply
from sharing.services.packages import service_package_export, service_package_parse


def _package(demo, months: int | None) -> dict:
    riverside = demo.service("riverside", "missed-bin")
    Service.objects.filter(pk=riverside.pk).update(retention_months=months)
    riverside.refresh_from_db()
    return service_package_parse(service_package_export(riverside, author=demo.user("riverside-designer")))


def test_retention_travels_as_a_default_the_importing_council_can_change(demo):
    hillford = demo.council("hillford")
    bindings = Bindings(teams={"waste": "waste"})
    package = _package(demo, 72)
    assert package["content"]["service"]["retention_months"] == 72

    service_import_apply(council=hillford, package=package, bindings=bindings, actor=None)
    imported = demo.service("hillford", "missed-bin")
    assert imported.retention_months == 72

    Service.objects.filter(pk=imported.pk).update(retention_months=24)  # the council's own decision
    service_import_apply(council=hillford, package=_package(demo, 120), bindings=bindings, actor=None)
    assert demo.service("hillford", "missed-bin").retention_months == 24


def test_a_package_without_retention_still_imports(demo):
    package = _package(demo, None)
    del package["content"]["service"]["retention_months"]  # made before retention existed
    service_import_apply(
        council=demo.council("hillford"), package=package, bindings=Bindings(teams={"waste": "waste"}), actor=None
    )
    assert demo.service("hillford", "missed-bin").retention_months is None
