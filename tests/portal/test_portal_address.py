"""Find an address (GOV.UK pattern) with its UPRN: the embedded gazetteer, OS Places on a local server, manual entry."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from html import unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from playwright.sync_api import expect

from axe_pages import axe_check
from casework.models import Case
from casework.search import case_search
from connectors import address_lookup
from connectors.gazetteer import GazetteerInvalid, gazetteer_load
from connectors.models import AddressFinder, GazetteerAddress
from form_definitions.services import form_definition_new_draft, form_definition_publish

API_KEY = "os-test-key-3f9a"
GAZETTEER_CSV = (
    "UPRN,USRN,PAO_START_NUMBER,STREET_DESCRIPTION,TOWN_NAME,POSTCODE_LOCATOR,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n"
    "100090000001,21900001,1,HIGH STREET,RIVERSIDE,RD1 2AB,451000.0,206000.0,51.75,-1.26\n"
    "100090000002,21900001,3,HIGH STREET,RIVERSIDE,rd12ab,451010.0,206010.0,51.7501,-1.2601\n"
    "100090000009,21900002,9,MILL LANE,RIVERSIDE,RD1 5XY,,,,\n"
)
FIRST_PAGE = {
    "bin_type": "general",
    "collection_date-day": "20",
    "collection_date-month": "11",
    "collection_date-year": "2026",
    "bin_out_by_7am": "true",
}
WHERE = {"address": "1 High Street", "postcode": "RD1 2AB"}
LPI = {
    "UPRN": "200001234567",
    "USRN": "31200099",
    "ADDRESS": "7, ORCHARD ROAD, RIVERSIDE, RD2 3CD",
    "PAO_START_NUMBER": "7",
    "STREET_DESCRIPTION": "ORCHARD ROAD",
    "TOWN_NAME": "RIVERSIDE",
    "POSTCODE_LOCATOR": "RD2 3CD",
    "X_COORDINATE": 452000.0,
    "Y_COORDINATE": 207000.0,
    "LAT": 51.76,
    "LNG": -1.25,
}


class OsPlaces(BaseHTTPRequestHandler):
    """Speaks OS Places' /postcode resource: key in the `key` header, LPI records, 400 for a bad postcode."""

    seen: list[dict] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        OsPlaces.seen.append({"path": parts.path, "query": query, "key": self.headers.get("key")})
        postcode = query.get("postcode", "")
        if self.headers.get("key") != API_KEY:
            return self._json(401, {"fault": {"faultstring": "Invalid ApiKey"}})
        if postcode == "RD9 9SL":
            time.sleep(1.5)  # slower than the test's read timeout
        if postcode == "RD9 9ER":
            return self._json(500, {"error": {"statuscode": 500, "message": "Internal error"}})
        results = [{"LPI": LPI}] if postcode == "RD2 3CD" else []
        header = {"uri": self.path, "query": f"postcode={postcode}", "totalresults": len(results)}
        return self._json(200, {"header": header, "results": results} if results else {"header": header})

    def _json(self, status: int, body: dict):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def os_places(settings, monkeypatch):
    """A local OS Places on 127.0.0.1 (allowed like a council's own host), with a short read timeout."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), OsPlaces)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CONNECTOR_ALLOWED_HOSTS = ["127.0.0.1"]
    monkeypatch.setattr(address_lookup, "OS_PLACES_TIMEOUT", (2, 0.5))
    OsPlaces.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}/search/places/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture
def address_form(demo):
    """The missed-bin form asks for the property's address with the finder; its UPRN is the customer's."""
    service = demo.service("riverside", "missed-bin")
    draft = form_definition_new_draft(service.form, user=demo.user("riverside-designer"))
    draft.schema["properties"]["property"] = {"type": "object", "title": "Address of the property"}
    draft.schema["required"] += ["property"]
    draft.ui_schema["pages"][1]["fields"].append("property")
    draft.ui_schema["fields"]["property"] = {"widget": "address_lookup"}
    draft.ui_schema.setdefault("customer", {})["uprn"] = "property"
    draft.save()
    form_definition_publish(draft, user=demo.user("riverside-designer"))
    gazetteer_load(council=service.council, text=GAZETTEER_CSV)
    return service


def _where(**extra) -> dict:
    return {**WHERE, **extra}


def test_gazetteer_pick_without_javascript_keeps_uprn_to_the_case_and_customer(demo, address_form):
    resident = Client()
    assert resident.post("/riverside/missed-bin/apply/bin/", FIRST_PAGE).status_code == 302
    found = resident.post(
        "/riverside/missed-bin/apply/where/", _where(**{"property-find": "rd1 2ab", "address_find": "property"})
    )
    page = unescape(found.content.decode())
    assert found.status_code == 200 and "There is a problem" not in page
    assert "2 addresses found for RD1 2AB" in page
    assert '<option value="100090000001">1 High Street, Riverside, RD1 2AB</option>' in page

    # A forged USRN and coordinates are dropped: the picked UPRN is looked up again.
    picked = resident.post(
        "/riverside/missed-bin/apply/where/",
        _where(
            **{"property-find": "RD1 2AB", "property-uprn": "100090000002", "property-usrn": "666", "property-lat": "0"}
        ),
    )
    assert picked.status_code == 302, unescape(picked.content.decode())
    resident.post("/riverside/missed-bin/apply/you/", {"your_name": "Ann", "email": "ann@example.com"})
    check = unescape(resident.get("/riverside/missed-bin/check-answers/").content.decode())
    assert "3 High Street, Riverside, RD1 2AB" in check
    assert resident.post("/riverside/missed-bin/check-answers/", {"submission_token": "x"}).status_code == 302
    case = Case.objects.get()
    assert case.answers["property"] == {
        "uprn": "100090000002",
        "usrn": "21900001",
        "address": "3 High Street, Riverside, RD1 2AB",
        "line1": "3 High Street",
        "town": "Riverside",
        "postcode": "RD1 2AB",
        "easting": 451010.0,
        "northing": 206010.0,
        "lat": 51.7501,
        "lng": -1.2601,
    }
    assert case.customer.uprn == "100090000002"
    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    case_page = unescape(officer.get(f"/work/cases/{case.reference}/").content.decode())
    assert 'name="property' not in case_page  # shown, not edited in the officer's answers form
    edit = {k: ("true" if v else "false") if isinstance(v, bool) else v for k, v in case.answers.items()}
    edit.update({"version": case.version, "reason": "typo"})
    del edit["property"]
    edit["address"] = "1 High St"
    assert officer.post(f"/work/cases/{case.reference}/answers/", edit).status_code == 302
    case.refresh_from_db()
    assert case.answers["address"] == "1 High St" and case.answers["property"]["uprn"] == "100090000002"
    assert "3 High Street, Riverside, RD1 2AB<br>UPRN 100090000002, USRN 21900001" in case_page
    assert case_search(demo.user("riverside-waste"), "100090000002") == [case]
    assert case_search(demo.user("hillford-waste"), "100090000002") == []
    api_answers = _api_case(demo, case)["answers"]["property"]
    assert api_answers["uprn"] == "100090000002" and api_answers["lat"] == 51.7501


def test_find_errors_and_manual_entry_without_javascript(demo, address_form):
    resident = Client()
    resident.post("/riverside/missed-bin/apply/bin/", FIRST_PAGE)
    empty = resident.post("/riverside/missed-bin/apply/where/", _where(address_find="property"))
    assert empty.status_code == 400 and '<a href="#property-find">Enter a postcode</a>' in unescape(
        empty.content.decode()
    )
    bad = resident.post(
        "/riverside/missed-bin/apply/where/", _where(**{"property-find": "RD1", "address_find": "property"})
    )
    assert "Enter a real postcode" in unescape(bad.content.decode())
    none = resident.post("/riverside/missed-bin/apply/where/", _where(**{"property-find": "ZZ9 9ZZ"}))  # Enter = find
    page = unescape(none.content.decode())
    assert none.status_code == 200 and "We could not find an address for ZZ9 9ZZ" in page
    assert '<details class="govuk-details" open>' in page

    half = resident.post(
        "/riverside/missed-bin/apply/where/",
        _where(**{"property-find": "ZZ9 9ZZ", "property-line1": "Flat 2, 5 New Road", "property-postcode": "RD1 7QQ"}),
    )
    page = unescape(half.content.decode())
    assert half.status_code == 400 and '<a href="#property-find">Enter town or city</a>' in page
    assert 'value="Flat 2, 5 New Road"' in page  # what was typed is kept
    typed = {"property-line1": "Flat 2, 5 New Road", "property-town": "Riverside", "property-postcode": "rd17qq"}
    done = resident.post("/riverside/missed-bin/apply/where/", _where(**{"property-find": "ZZ9 9ZZ", **typed}))
    assert done.status_code == 302
    resident.post("/riverside/missed-bin/apply/you/", {"your_name": "Ann", "email": "ann@example.com"})
    resident.post("/riverside/missed-bin/check-answers/", {"submission_token": "y"})
    assert Case.objects.get().answers["property"] == {
        "line1": "Flat 2, 5 New Road",
        "town": "Riverside",
        "postcode": "RD1 7QQ",
    }


def test_os_places_request_response_and_failures(demo, address_form, os_places, caplog):
    council = address_form.council
    finder = AddressFinder(council=council, provider=AddressFinder.Provider.OS_PLACES, os_places_url=os_places)
    finder.secrets = {"api_key": API_KEY}
    finder.full_clean()
    finder.save()
    found = address_lookup.addresses_find(council=council, postcode="rd23cd")
    assert [a.answer() for a in found] == [
        {
            "uprn": "200001234567",
            "usrn": "31200099",
            "address": "7, ORCHARD ROAD, RIVERSIDE, RD2 3CD",
            "line1": "7 ORCHARD ROAD",
            "town": "RIVERSIDE",
            "postcode": "RD2 3CD",
            "easting": 452000.0,
            "northing": 207000.0,
            "lat": 51.76,
            "lng": -1.25,
        }
    ]
    assert OsPlaces.seen[-1] == {
        "path": "/search/places/v1/postcode",
        "query": {"postcode": "RD2 3CD", "dataset": "LPI", "maxresults": "100"},
        "key": API_KEY,
    }
    address_lookup.addresses_find(council=council, postcode="RD2 3CD")
    assert len(OsPlaces.seen) == 1  # picking from the list looks up again, from the cache
    for slow_or_broken in ("RD9 9SL", "RD9 9ER"):
        with pytest.raises(address_lookup.AddressLookupFailed):
            address_lookup.addresses_find(council=council, postcode=slow_or_broken)
    finder.secrets = {"api_key": "wrong"}
    finder.save()
    with pytest.raises(address_lookup.AddressLookupFailed):
        address_lookup.addresses_find(council=council, postcode="RD7 1AA")
    assert API_KEY not in caplog.text and "wrong" not in caplog.text

    # The resident is told and enters the address by hand.
    resident = Client()
    resident.post("/riverside/missed-bin/apply/bin/", FIRST_PAGE)
    down = resident.post(
        "/riverside/missed-bin/apply/where/", _where(**{"property-find": "RD9 9ER", "address_find": "property"})
    )
    page = unescape(down.content.decode())
    assert (
        down.status_code == 200
        and "The address finder is not working at the moment. Enter the address manually." in page
    )
    assert '<details class="govuk-details" open>' in page and 'id="property-line1"' in page


def test_gazetteer_csv_errors_name_row_and_column_and_change_nothing(demo, address_form):
    council = address_form.council
    assert GazetteerAddress.objects.filter(council=council).count() == 3
    broken = GAZETTEER_CSV + "100090000010,,2,MILL LANE,RIVERSIDE,NOT A POSTCODE,,,,\n"
    with pytest.raises(
        GazetteerInvalid, match=r"^row 5, column POSTCODE_LOCATOR: 'NOT A POSTCODE' is not a UK postcode$"
    ):
        gazetteer_load(council=council, text=broken)
    with pytest.raises(GazetteerInvalid, match="row 1 \\(header\\): missing column UPRN"):
        gazetteer_load(council=council, text="ADDRESS,POSTCODE\n1 High St,RD1 2AB\n")
    with pytest.raises(GazetteerInvalid, match="row 3, column UPRN: UPRN 100090000001 appears twice"):
        gazetteer_load(council=council, text="UPRN,ADDRESS,POSTCODE\n100090000001,a,RD1 2AB\n100090000001,b,RD1 2AB\n")
    assert GazetteerAddress.objects.filter(council=council).count() == 3


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_find_an_address_in_chromium(demo, address_form, os_places, live_server, chromium, javascript):
    """Through OS Places on the local server: a list found, an address picked; axe on each state."""
    finder = AddressFinder(
        council=address_form.council, provider=AddressFinder.Provider.OS_PLACES, os_places_url=os_places
    )
    finder.secrets = {"api_key": API_KEY}
    finder.save()
    context = chromium.new_context(java_script_enabled=javascript)
    context.set_default_timeout(5000)
    page = context.new_page()
    page.goto(f"{live_server.url}/riverside/missed-bin/apply/")
    page.get_by_label("General waste").check()
    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.locator("#bin_out_by_7am").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Address").first.fill("1 High Street")
    page.locator("#postcode").fill("RD1 2AB")
    page.get_by_role("button", name="Find address").click()
    expect(page.locator(".govuk-error-summary__list li")).to_have_text(["Enter a postcode"])
    axe_check(chromium, page, javascript=javascript, what="no postcode")
    page.locator("#property-find").fill("rd2 3cd")
    page.locator("#property-find").press("Enter")  # Enter in the postcode box finds
    page.get_by_label("1 address found for RD2 3CD").select_option("200001234567")
    axe_check(chromium, page, javascript=javascript, what="a list of addresses")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your details")).to_be_visible()
    context.close()


def _api_case(demo, case) -> dict:
    api = Client()
    api.force_login(demo.user("riverside-waste"))
    response = api.get(f"/api/v1/cases/{case.reference}/")
    assert response.status_code == 200
    return response.json()


def test_the_finder_speaks_welsh_on_a_welsh_council(demo):
    service = demo.service("hillford", "missed-bin")
    draft = form_definition_new_draft(service.form, user=demo.user("hillford-designer"))
    draft.schema["properties"]["property"] = {"type": "object", "title": "Address of the property"}
    draft.ui_schema["pages"][1]["fields"].append("property")
    draft.ui_schema["fields"]["property"] = {"widget": "address_lookup"}
    draft.save()
    form_definition_publish(draft, user=demo.user("hillford-designer"))
    gazetteer_load(council=service.council, text=GAZETTEER_CSV)
    resident = Client()
    resident.get("/hillford/missed-bin/?lang=cy")
    resident.post("/hillford/missed-bin/apply/bin/", FIRST_PAGE)
    page = unescape(
        resident.post("/hillford/missed-bin/apply/where/", _where(**{"property-find": "RD1 2AB"})).content.decode()
    )
    assert "Dod o hyd i gyfeiriad" in page and "Wedi dod o hyd i 2 gyfeiriad ar gyfer RD1 2AB" in page
    assert "Rhowch y cyfeiriad â llaw" in page or "Ni allaf ddod o hyd i’r cyfeiriad yn y rhestr" in page
