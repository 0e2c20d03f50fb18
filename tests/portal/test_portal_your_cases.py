"""All your cases: an email gets a magic link through the outbox; the link lists that email's cases here."""

from __future__ import annotations

import re

from django.test import Client

from connectors.models import Delivery


def test_magic_link_lists_the_residents_cases_at_that_council_only(demo, submit_missed_bin):
    mine = [submit_missed_bin(demo.service("riverside", "missed-bin")) for _ in range(2)]
    submit_missed_bin(demo.service("riverside", "missed-bin"), email="someone@example.com")
    elsewhere = submit_missed_bin(demo.service("hillford", "missed-bin"))
    client = Client()
    assert client.get("/riverside/your-cases/").status_code == 200
    bad = client.post("/riverside/your-cases/", {"email": "not an email"})
    assert bad.status_code == 400 and "Enter an email address in the correct format" in bad.content.decode()

    sent = client.post("/riverside/your-cases/", {"email": "ANN@example.com"})
    assert "Check your email" in sent.content.decode()
    email = Delivery.objects.get(purpose="your-cases")
    assert email.payload["to"] == ["ANN@example.com"] and email.council.slug == "riverside"
    link = re.search(r"http://\S+", email.payload["body"]).group(0)
    listing = client.get(link.split("8000", 1)[1] if "8000" in link else link).content.decode()
    for case in mine:
        assert case.reference in listing
    assert elsewhere.reference not in listing and listing.count("/track/") == 2

    unknown = client.post("/riverside/your-cases/", {"email": "nobody@example.com"})
    assert "Check your email" in unknown.content.decode()  # the same answer: nothing is revealed
    assert Delivery.objects.filter(purpose="your-cases").count() == 1


def test_magic_links_expire_cannot_be_altered_and_are_rate_limited(demo, submit_missed_bin, settings):
    submit_missed_bin(demo.service("riverside", "missed-bin"))
    client = Client()
    client.post("/riverside/your-cases/", {"email": "ann@example.com"})
    path = re.search(r"/riverside/your-cases/\S+", Delivery.objects.get(purpose="your-cases").payload["body"]).group(0)
    assert client.get(path).status_code == 200
    assert client.get(path.replace("/riverside/", "/hillford/")).status_code == 404
    assert "not valid" in client.get(path[:-3] + "xyz/").content.decode()
    settings.RESIDENT_CASES_LINK_MAX_AGE_SECONDS = -1
    expired = client.get(path)
    assert expired.status_code == 404 and "This link has expired" in expired.content.decode()

    settings.PORTAL_RATE_LIMITS = {"link_ip": 100, "link_email": 3}
    statuses = [client.post("/riverside/your-cases/", {"email": "ann@example.com"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # the first request above counted too
    assert client.post("/riverside/your-cases/", {"email": "other@example.com"}).status_code == 200
