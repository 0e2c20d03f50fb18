"""Map location (issue 17): a point picked on a Leaflet map over a council's tile server, or the place
described in words without JavaScript; checked inside the council's area; shown to the officer."""

from __future__ import annotations

import contextlib
import threading
from html import unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from playwright.sync_api import expect

from axe_pages import axe_check
from casework.models import Case
from casework.search import case_search
from form_definitions.services import form_definition_new_draft, form_definition_publish
from portal.map_tiles import tile_png

FIRST_PAGE = {
    "bin_type": "general",
    "collection_date-day": "20",
    "collection_date-month": "11",
    "collection_date-year": "2026",
    "bin_out_by_7am": "true",
}
WHERE = {"address": "1 High Street", "postcode": "RD1 2AB"}
YOU = {"your_name": "Ann", "email": "ann@example.com"}
# Riverside's area box in these tests, and points in and out of it.
AREA = {"map_south": 51.70, "map_west": -1.35, "map_north": 51.80, "map_east": -1.15}
INSIDE = (51.75, -1.26)
OUTSIDE = (53.48, -2.24)


class TileServer(BaseHTTPRequestHandler):
    """A council's tile server: generated PNG tiles at /tiles/{z}/{x}/{y}.png; remembers what was asked."""

    seen: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        TileServer.seen.append(self.path)
        parts = self.path.strip("/").removesuffix(".png").split("/")
        if len(parts) != 4 or parts[0] != "tiles" or not all(p.isdigit() for p in parts[1:]):
            self.send_response(404)
            self.end_headers()
            return
        body = tile_png(int(parts[2]) + int(parts[3]))
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def tile_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), TileServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    TileServer.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def map_form(demo):
    """The missed-bin form asks where the bin was left, as a point on a map (required)."""
    service = demo.service("riverside", "missed-bin")
    draft = form_definition_new_draft(service.form, user=demo.user("riverside-designer"))
    draft.schema["properties"]["spot"] = {
        "type": "object",
        "title": "Where was the bin left",
        "properties": {
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "lng": {"type": "number", "minimum": -180, "maximum": 180},
            "description": {"type": "string", "maxLength": 500},
        },
    }
    draft.schema["required"] += ["spot"]
    draft.ui_schema["pages"][1]["fields"].append("spot")
    draft.ui_schema["fields"]["spot"] = {"widget": "map_location", "hint": "For example, by the gate"}
    draft.save()
    form_definition_publish(draft, user=demo.user("riverside-designer"))
    council = service.council
    for key, value in AREA.items():
        setattr(council, key, value)
    council.save()
    return service


def _submit(spot: dict, *, email: str = "ann@example.com") -> tuple[Client, Case]:
    """One resident through the form, without JavaScript; returns their client and the case."""
    resident = Client()
    assert resident.post("/riverside/missed-bin/apply/bin/", FIRST_PAGE).status_code == 302
    where = resident.post("/riverside/missed-bin/apply/where/", {**WHERE, **spot})
    assert where.status_code == 302, unescape(where.content.decode())
    resident.post("/riverside/missed-bin/apply/you/", {**YOU, "email": email})
    before = set(Case.objects.values_list("pk", flat=True))
    assert resident.post("/riverside/missed-bin/check-answers/", {"submission_token": email}).status_code == 302
    return resident, Case.objects.exclude(pk__in=before).get()


def _point(lat: float, lng: float) -> dict:
    return {"spot-lat": str(lat), "spot-lng": str(lng)}


def _officer_page(demo, case: Case, query: str = "") -> str:
    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    response = officer.get(f"/work/cases/{case.reference}/{query}")
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_without_javascript_the_place_is_described_in_words(demo, map_form):
    resident = Client()
    resident.post("/riverside/missed-bin/apply/bin/", FIRST_PAGE)
    page = unescape(resident.get("/riverside/missed-bin/apply/where/").content.decode())
    assert "data-cf-map hidden" in page  # the map waits for JavaScript
    assert 'data-tiles="/map-tiles/{z}/{x}/{y}.png"' in page  # the platform's own tiles by default
    assert '<label class="govuk-label" for="spot-description">Describe where it is, or give the nearest address' in page

    empty = resident.post("/riverside/missed-bin/apply/where/", WHERE)
    page = unescape(empty.content.decode())
    assert empty.status_code == 400
    assert '<a href="#spot-description">Select a point on the map, or describe where it is</a>' in page

    _client, case = _submit({"spot-description": "  behind the   church hall "})
    assert case.answers["spot"] == {"description": "behind the church hall"}
    officer = _officer_page(demo, case)
    assert "behind the church hall" in officer
    assert "data-cf-map-show" not in officer and "Nearby open cases" not in officer  # no point: no map
    assert case_search(demo.user("riverside-waste"), "church hall") == [case]


def test_a_point_outside_the_area_is_refused_and_nothing_is_saved(demo, map_form):
    resident = Client()
    resident.post("/riverside/missed-bin/apply/bin/", FIRST_PAGE)
    far = resident.post("/riverside/missed-bin/apply/where/", {**WHERE, **_point(*OUTSIDE)})
    assert far.status_code == 400
    assert "Select a point inside the council's area, or describe where it is" in unescape(far.content.decode())
    half = resident.post("/riverside/missed-bin/apply/where/", {**WHERE, "spot-lat": "51.75"})
    assert half.status_code == 400 and "Select a point on the map" in unescape(half.content.decode())
    forged = resident.post("/riverside/missed-bin/apply/where/", {**WHERE, "spot-lat": "north", "spot-lng": "1"})
    assert forged.status_code == 400 and "Select a point on the map" in unescape(forged.content.decode())
    assert not Case.objects.exists()


def test_a_point_reaches_the_case_page_the_api_and_check_answers(demo, map_form):
    resident, case = _submit({**_point(*INSIDE), "spot-description": "by the gate"})
    assert case.answers["spot"] == {"lat": 51.75, "lng": -1.26, "description": "by the gate"}
    page = _officer_page(demo, case)
    assert "51.75000, -1.26000 (by the gate)" in page  # the answer, as check your answers showed it
    assert 'data-cf-map-show data-point="51.750000,-1.260000"' in page
    assert "https://www.openstreetmap.org/?mlat=51.750000&mlon=-1.260000" in page  # the no-JavaScript way
    assert 'name="edit-spot' not in page  # shown, not edited
    api = Client()
    api.force_login(demo.user("riverside-waste"))
    answers = api.get(f"/api/v1/cases/{case.reference}/").json()["answers"]
    assert answers["spot"] == {"lat": 51.75, "lng": -1.26, "description": "by the gate"}


def test_check_answers_shows_the_point(demo, map_form):
    resident = Client()
    resident.post("/riverside/missed-bin/apply/bin/", FIRST_PAGE)
    resident.post("/riverside/missed-bin/apply/where/", {**WHERE, **_point(*INSIDE)})
    resident.post("/riverside/missed-bin/apply/you/", YOU)
    check = unescape(resident.get("/riverside/missed-bin/check-answers/").content.decode())
    assert "51.75000, -1.26000" in check
    back = unescape(resident.get("/riverside/missed-bin/apply/where/").content.decode())
    assert 'name="spot-lat" value="51.75"' in back and "Point selected: 51.750000, -1.260000" in back


def test_nearby_open_cases_and_duplicates_within_a_distance(demo, map_form):
    _c, first = _submit(_point(51.7500, -1.2600), email="a@example.com")
    _c, near = _submit(_point(51.7509, -1.2600), email="b@example.com")  # about 100 m north
    _c, far = _submit(_point(51.7700, -1.2600), email="c@example.com")  # about 2.2 km
    _c, done = _submit(_point(51.7501, -1.2600), email="d@example.com")
    Case.objects.filter(pk=done.pk).update(case_status="closed")
    page = _officer_page(demo, first)
    nearby = page.split('id="nearby-h"')[1].split("</section>")[0]
    assert near.reference in nearby and "100 m away" in nearby
    assert far.reference not in nearby and done.reference not in nearby

    wide = _officer_page(demo, first, "?candidates=1&within=3000")
    candidates = wide.split("Possible duplicates")[1].split("</section>")[0]
    assert f'{near.reference}</a> <span class="muted">Why: 100 m away (within 3000 m)' in candidates
    assert f'{far.reference}</a> <span class="muted">Why: 2224 m away (within 3000 m)' in candidates
    assert done.reference not in candidates
    narrow = _officer_page(demo, first, "?candidates=1&within=50")
    candidates = narrow.split("Possible duplicates")[1].split("</section>")[0]
    assert "m away" not in candidates and "Why: same postcode (RD1 2AB)" in candidates  # the postcode still matches


def test_other_councils_cases_are_never_nearby(demo, map_form):
    _c, mine = _submit(_point(*INSIDE), email="a@example.com")
    Case.objects.filter(pk=mine.pk).update(council=demo.council("hillford"))
    _c, other = _submit(_point(*INSIDE), email="b@example.com")
    page = _officer_page(demo, other)
    assert mine.reference not in page.split('id="nearby-h"')[1].split("</section>")[0]


def test_council_map_settings_are_checked(demo):
    council = demo.council("riverside")
    council.map_tile_url = "https://tiles.example.org/{z}/{x}.png"
    with pytest.raises(ValidationError, match=r"The tile URL needs \{y\}"):
        council.full_clean()
    council.map_tile_url = "javascript:alert(1)/{z}/{x}/{y}"
    with pytest.raises(ValidationError, match="Enter an https:// address"):
        council.full_clean()
    council.map_tile_url = "https://tiles.example.org/{z}/{x}/{y}.png"
    council.map_south, council.map_north = 52.0, 51.0
    with pytest.raises(ValidationError, match="Give all four sides"):
        council.full_clean()
    council.map_west, council.map_east = -1.0, -2.0
    with pytest.raises(ValidationError, match="South must be below north"):
        council.full_clean()
    council.map_south, council.map_north, council.map_west, council.map_east = 51.0, 52.0, -2.0, -1.0
    council.full_clean()


def test_a_council_tile_server_is_allowed_by_the_page_policy_only_where_a_map_is(demo, map_form):
    council = map_form.council
    council.map_tile_url = "https://tiles.example.org/os/{z}/{x}/{y}.png"
    council.save()
    resident = Client()
    resident.post("/riverside/missed-bin/apply/bin/", FIRST_PAGE)
    with_map = resident.get("/riverside/missed-bin/apply/where/")
    assert "img-src 'self' data: https://tiles.example.org" in with_map["Content-Security-Policy"]
    without = resident.get("/riverside/missed-bin/apply/bin/")
    assert "tiles.example.org" not in without["Content-Security-Policy"]


def test_the_platform_serves_plain_tiles(client):
    tile = client.get("/map-tiles/3/4/2.png")
    assert tile.status_code == 200 and tile["Content-Type"] == "image/png"
    assert tile.content.startswith(b"\x89PNG\r\n\x1a\n") and b"IHDR\x00\x00\x01\x00\x00\x00\x01\x00" in tile.content
    assert client.get("/map-tiles/3/8/2.png").status_code == 404  # x beyond the 8 columns of zoom 3
    assert client.get("/map-tiles/20/0/0.png").status_code == 404


def test_welsh_wording(demo):
    service = demo.service("hillford", "missed-bin")
    draft = form_definition_new_draft(service.form, user=demo.user("hillford-designer"))
    draft.schema["properties"]["spot"] = {"type": "object", "title": "Where was the bin left"}
    draft.ui_schema["pages"][1]["fields"].append("spot")
    draft.ui_schema["fields"]["spot"] = {"widget": "map_location"}
    draft.save()
    form_definition_publish(draft, user=demo.user("hillford-designer"))
    resident = Client()
    resident.post("/hillford/missed-bin/apply/bin/?lang=cy", FIRST_PAGE)
    page = unescape(resident.get("/hillford/missed-bin/apply/where/?lang=cy").content.decode())
    assert "Disgrifiwch ble mae, neu rhowch y cyfeiriad agosaf" in page
    assert "Defnyddio canol y map" in page


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_pick_a_point_on_the_map_in_chromium(demo, map_form, tile_server, live_server, chromium):
    """With JavaScript: the map draws the council's tiles, a click sets the point; axe clean before and after."""
    council = map_form.council
    council.map_tile_url = f"{tile_server}/tiles/{{z}}/{{x}}/{{y}}.png"
    council.map_attribution = "Test tiles <b>not bold</b>"
    council.save()
    context = chromium.new_context()
    context.set_default_timeout(5000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/riverside/missed-bin/apply/")
    page.get_by_label("General waste").check()
    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.locator("#bin_out_by_7am").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Address").first.fill("1 High Street")
    page.locator("#postcode").fill("RD1 2AB")
    canvas = page.locator("#spot-map")
    expect(canvas).to_be_visible()
    expect(page.locator("#spot-map img.leaflet-tile-loaded").first).to_be_visible()
    assert any(p.startswith("/tiles/") for p in TileServer.seen)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Test tiles <b>not bold</b>")
    axe_check(chromium, page, javascript=True, what="the map")
    canvas.click()  # the middle of the map, which opens on the council's area box
    expect(page.locator("#spot-chosen")).to_contain_text("Point selected: 51.7")
    lat, lng = float(page.locator("#spot-lat").input_value()), float(page.locator("#spot-lng").input_value())
    assert abs(lat - 51.75) < 0.01 and abs(lng - -1.25) < 0.01
    axe_check(chromium, page, javascript=True, what="a point picked")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your details")).to_be_visible()
    assert problems == []
    context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_description_works_in_chromium(demo, map_form, live_server, chromium):
    context = chromium.new_context(java_script_enabled=False)
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
    expect(page.locator("#spot-map")).to_be_hidden()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary__list li")).to_have_text(
        ["Select a point on the map, or describe where it is"]
    )
    axe_check(chromium, page, javascript=False, what="no place given")
    page.get_by_label("Describe where it is, or give the nearest address").fill("Behind the church hall")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your details")).to_be_visible()
    context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_officer_sees_the_point_on_a_small_map(demo, map_form, tile_server, live_server, chromium):
    council = map_form.council
    council.map_tile_url = f"{tile_server}/tiles/{{z}}/{{x}}/{{y}}.png"
    council.save()
    _c, case = _submit(_point(*INSIDE))
    context = chromium.new_context()
    context.set_default_timeout(5000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("riverside-waste")
    page.get_by_label("Password").fill("councilflow-demo")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/work/cases/{case.reference}/")
    expect(page.locator("[data-cf-map-show] img.leaflet-tile-loaded").first).to_be_visible()
    expect(page.locator("[data-cf-map-show] .leaflet-marker-icon")).to_be_visible()
    expect(page.get_by_text("Where was the bin left: 51.750000, -1.260000")).to_be_visible()
    context.close()
