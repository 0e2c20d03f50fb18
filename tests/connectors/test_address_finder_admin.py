"""A council admin sets the address finder: provider, a write-only OS Places key, a gazetteer CSV checked whole."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from connectors.models import AddressFinder, GazetteerAddress

pytestmark = pytest.mark.django_db

CSV = 'UPRN,ADDRESS,POSTCODE\n100090000101,"1 Orchard Close, Riverside, RD1 8AB",RD1 8AB\n'


def _admin(demo) -> Client:
    client = Client()
    client.force_login(demo.user("riverside-admin"))
    return client


def test_gazetteer_upload_key_never_shown_and_bad_csv_refused_with_its_row(demo):
    riverside = demo.council("riverside")
    client = _admin(demo)
    before = GazetteerAddress.objects.filter(council=riverside).count()
    refused = client.post(
        "/admin/connectors/addressfinder/add/",
        {
            "council": riverside.pk,
            "provider": "gazetteer",
            "os_places_url": "https://api.os.uk/search/places/v1",
            "gazetteer_csv": SimpleUploadedFile("llpg.csv", (CSV + "12x,2 Orchard Close,RD1 8AB\n").encode()),
        },
    )
    assert refused.status_code == 200
    assert "llpg.csv: row 3, column UPRN: &#x27;12x&#x27; is not a UPRN (up to 12 digits)" in refused.content.decode()
    assert not AddressFinder.objects.exists()
    assert GazetteerAddress.objects.filter(council=riverside).count() == before  # nothing half-saved

    saved = client.post(
        "/admin/connectors/addressfinder/add/",
        {
            "council": riverside.pk,
            "provider": "os_places",
            "os_places_url": "https://api.os.uk/search/places/v1",
            "api_key": "very-secret-os-key",
            "gazetteer_csv": SimpleUploadedFile("llpg.csv", CSV.encode()),
        },
    )
    assert saved.status_code == 302, saved.content.decode()
    finder = AddressFinder.objects.get(council=riverside)
    assert finder.secrets == {"api_key": "very-secret-os-key"}
    assert list(GazetteerAddress.objects.filter(council=riverside).values_list("uprn", "postcode_key")) == [
        ("100090000101", "RD18AB")
    ]
    page = client.get(f"/admin/connectors/addressfinder/{finder.pk}/change/").content.decode()
    assert "very-secret-os-key" not in page
    client.post(
        f"/admin/connectors/addressfinder/{finder.pk}/change/",
        {"council": riverside.pk, "provider": "os_places", "os_places_url": "https://api.os.uk/search/places/v1"},
    )
    finder.refresh_from_db()
    assert finder.secrets == {"api_key": "very-secret-os-key"}  # blank keeps the stored key


def test_another_councils_admin_cannot_choose_this_council(demo):
    hillford_admin = Client()
    hillford_admin.force_login(demo.user("hillford-admin"))
    refused = hillford_admin.post(
        "/admin/connectors/addressfinder/add/",
        {"council": demo.council("riverside").pk, "provider": "gazetteer", "os_places_url": "https://api.os.uk/x"},
    )
    assert refused.status_code in (200, 403) and not AddressFinder.objects.exists()
