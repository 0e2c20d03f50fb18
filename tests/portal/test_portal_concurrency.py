"""Residents submitting at the same moment: every submission gets its own reference, with no gaps (PostgreSQL)."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection

from casework.models import Case, Channel
from casework.services.submission import case_submit

ANSWERS = {
    "bin_type": "general",
    "collection_date": "2026-11-20",
    "address": "1 Mill Lane",
    "postcode": "RD1 2AB",
    "your_name": "Ann",
    "email": "ann@example.com",
}


@pytest.mark.postgres
def test_simultaneous_submissions_get_distinct_gapless_references(transactional_db, demo):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks)")
    service = demo.service("hillford", "missed-bin")
    start_together = threading.Barrier(6)
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            start_together.wait()
            case_submit(service=service, answers=ANSWERS, channel=Channel.WEB, submission_token=uuid.uuid4().hex)
        except BaseException as exc:  # reported to the main thread below, not swallowed
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    numbers = sorted(
        int(ref.rsplit("-", 1)[1])
        for ref in Case.objects.filter(council__slug="hillford").values_list("reference", flat=True)
    )
    assert numbers == list(range(1, 7))
