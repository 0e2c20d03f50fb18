"""A resident's file reaches disk only when a draft takes it, and leaves with its draft or its case."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings as conf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from casework.models import Attachment, Case
from connectors.management.commands.run_worker import worker_pass
from portal.models import SavedForm, StagedUpload

FLY = "/riverside/fly-tipping"
MEGABYTE_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    + b"\x00" * (1024 * 1024 - 33)
)


def _files_on_disk() -> list[Path]:
    return [p for p in Path(conf.MEDIA_ROOT).rglob("*") if p.is_file()]


def _photo(name: str = "sofa.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MEGABYTE_PNG, content_type="image/png")


def _whole_form(**changes) -> dict:
    post = {
        "location": "Lay-by on Mill Lane",
        "waste_types": ["Furniture"],
        "size": "van",
        "on_private_land": "false",
        "seen_dumping": "false",
        "your_name": "Ann",
        "email": "ann@example.com",
    }
    post.update(changes)
    return {k: v for k, v in post.items() if v is not None}


def _draft_with_photo(client: Client, name: str) -> None:
    assert client.post(f"{FLY}/apply/where/", {"location": "Mill Lane"}).status_code == 302
    assert client.post(f"{FLY}/apply/photo/", {"photo": _photo(name)}).status_code == 302


def test_forty_invalid_posts_with_a_megabyte_file_leave_nothing_on_disk_also_when_rate_limited(demo, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "submit_ip": 30, "submit_email": 100}
    statuses = [
        Client().post(f"{FLY}/apply/", _whole_form(location=None, photo=_photo())).status_code for _ in range(40)
    ]
    assert statuses.count(400) == 30 and statuses.count(429) == 10
    assert _files_on_disk() == [] and not StagedUpload.objects.exists() and not Case.objects.exists()


def test_a_refused_post_stores_no_file_on_the_page_path_either(demo, settings):
    client = Client()
    settings.PORTAL_RATE_LIMITS = {"upload_ip": 0}
    refused = client.post(f"{FLY}/apply/photo/", {"photo": _photo()})
    assert refused.status_code == 429 and "too many attempts" in refused.content.decode()
    settings.PORTAL_RATE_LIMITS = {"submit_ip": 0}
    assert Client().post(f"{FLY}/apply/", _whole_form(photo=_photo())).status_code == 429
    assert _files_on_disk() == [] and not StagedUpload.objects.exists()


def test_an_accepted_whole_form_keeps_exactly_the_cases_file(demo, settings):
    sent = Client().post(f"{FLY}/apply/", _whole_form(photo=_photo()))
    assert sent.status_code == 302 and "/track/" in sent["Location"]
    attachment = Attachment.objects.get()
    assert _files_on_disk() == [Path(settings.MEDIA_ROOT) / attachment.file.name]
    assert not StagedUpload.objects.exists()  # the case owns it now: no purge can touch it


def test_a_replaced_file_is_removed_at_once_and_the_sent_draft_leaves_only_its_attachment(demo):
    client = Client()
    _draft_with_photo(client, "first.png")
    assert client.post(f"{FLY}/apply/photo/", {"photo": _photo("second.png")}).status_code == 302
    assert len(_files_on_disk()) == 1 and StagedUpload.objects.count() == 1
    client.post(f"{FLY}/apply/what/", {"waste_types": ["Tyres"], "size": "van"})
    client.post(f"{FLY}/apply/land/", {"on_private_land": "false", "seen_dumping": "false"})
    client.post(f"{FLY}/apply/you/", {"your_name": "Ann", "email": "ann@example.com"})
    token = client.get(f"{FLY}/check-answers/").context["submission_token"]
    assert client.post(f"{FLY}/check-answers/", {"submission_token": token}).status_code == 302
    assert Attachment.objects.get().original_name == "second.png"
    assert len(_files_on_disk()) == 1 and not StagedUpload.objects.exists()


def test_the_worker_purges_abandoned_drafts_files_after_the_configured_age_and_keeps_the_rest(demo, settings):
    settings.DRAFT_MAX_AGE_HOURS = 2
    abandoned, saved, recent = Client(), Client(), Client()
    _draft_with_photo(abandoned, "abandoned.png")
    _draft_with_photo(saved, "saved.png")
    assert saved.post(f"{FLY}/apply/photo/", {"photo": _photo("saved.png"), "save_for_later": "1"}).status_code == 302
    assert saved.post(f"{FLY}/save/", {"email": "ann@example.com"}).status_code == 200
    _draft_with_photo(recent, "recent.png")
    assert SavedForm.objects.count() == 1 and len(_files_on_disk()) == 3

    three_hours_ago = timezone.now() - timedelta(hours=3)
    StagedUpload.objects.exclude(path__in=_paths_of(recent)).update(touched_at=three_hours_ago)
    done = worker_pass()  # the worker's own pass, as `run_worker` runs it
    assert done["purged"] == 1
    left = {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in _files_on_disk()}
    assert left == set(_paths_of(saved)) | set(_paths_of(recent))

    SavedForm.objects.update(expires_at=timezone.now() - timedelta(minutes=1))  # the saved form ran out
    assert worker_pass()["purged"] == 1
    assert {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in _files_on_disk()} == set(_paths_of(recent))


def test_a_draft_whose_file_was_purged_asks_for_it_again(demo, settings):
    settings.DRAFT_MAX_AGE_HOURS = 1
    client = Client()
    _draft_with_photo(client, "late.png")
    client.post(f"{FLY}/apply/what/", {"waste_types": ["Tyres"], "size": "van"})
    client.post(f"{FLY}/apply/land/", {"on_private_land": "false", "seen_dumping": "false"})
    client.post(f"{FLY}/apply/you/", {"your_name": "Ann", "email": "ann@example.com"})
    StagedUpload.objects.update(touched_at=timezone.now() - timedelta(hours=2))
    assert worker_pass()["purged"] == 1
    token = client.get(f"{FLY}/check-answers/").context["submission_token"]
    sent = client.post(f"{FLY}/check-answers/", {"submission_token": token})
    assert sent.status_code == 302 and "/track/" not in sent["Location"]
    assert "late.png" not in client.get(f"{FLY}/check-answers/").content.decode()


def test_deleting_a_case_deletes_its_files(demo, django_capture_on_commit_callbacks):
    Client().post(f"{FLY}/apply/", _whole_form(photo=_photo()))
    assert len(_files_on_disk()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        Case.objects.get().delete()
    assert _files_on_disk() == [] and not Attachment.objects.exists()


def _paths_of(client: Client) -> list[str]:
    drafts = [value for key, value in client.session.items() if key.startswith("portal:draft:")]
    return [meta["path"] for draft in drafts for meta in draft["uploads"].values()]
