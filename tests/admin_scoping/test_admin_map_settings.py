"""A council administrator sets the council's map (tiles, attribution, area) in the admin; only their own."""

from __future__ import annotations

import re
from html import unescape

from django.test import Client


def _form_fields(page: str) -> dict[str, str]:
    """The change form's inputs as posted unchanged (text inputs, selects' chosen options, hidden inputs)."""
    values = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        values[name] = unescape(value)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, flags=re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        values[name] = chosen.group(1) if chosen else ""
    return {k: v for k, v in values.items() if k not in ("welsh_enabled", "_save", "_continue", "_addanother")}


def test_the_council_administrator_sets_the_map_and_a_bad_url_is_refused(demo):
    council = demo.council("riverside")
    admin = Client()
    admin.force_login(demo.user("riverside-admin"))
    url = f"/admin/councils/council/{council.pk}/change/"
    page = admin.get(url).content.decode()
    assert "Map tile URL" in page and "Nearby distance (metres)" in page
    posted = {**_form_fields(page), "map_tile_url": "https://tiles.example.org/{z}/{x}.png"}
    refused = admin.post(url, posted)
    assert refused.status_code == 200 and "The tile URL needs {y}" in unescape(refused.content.decode())
    council.refresh_from_db()
    assert council.map_tile_url == "/map-tiles/{z}/{x}/{y}.png"
    posted.update(
        {
            "map_tile_url": "https://tiles.example.org/{z}/{x}/{y}.png",
            "map_south": "51.7",
            "map_west": "-1.35",
            "map_north": "51.8",
            "map_east": "-1.15",
        }
    )
    saved = admin.post(url, posted)
    assert saved.status_code == 302, unescape(saved.content.decode())[:3000]
    council.refresh_from_db()
    assert council.map_tile_url == "https://tiles.example.org/{z}/{x}/{y}.png" and council.map_north == 51.8
    other = demo.council("hillford")
    assert admin.get(f"/admin/councils/council/{other.pk}/change/").status_code in (302, 403, 404)
