"""Issue 20: virus scanning of attachments, and no more copies that outlive their purpose.

Files from before scanning existed are "unscanned" (the worker scans them once CLAMAV_ADDRESS is set). Submitted
events lose their copy of the answers (the case holds them), and emailed bodies kept on the timeline lose the
resident's signed tracking link, there and in the search documents built from them.
"""

import re

from django.db import migrations, models

TRACKING_LINK = re.compile(r"https?://\S*?/track/[^\s/]+/?")
KEPT = "[tracking link]"
_WORD = re.compile(r"[\W_]+", re.UNICODE)  # as casework.search.documents.search_words, frozen here


def _words(text):
    return " ".join(w for w in _WORD.split(text.lower()) if w)


def copies_drop(apps, schema_editor):
    CaseEvent = apps.get_model("casework", "CaseEvent")
    CaseSearchDocument = apps.get_model("casework", "CaseSearchDocument")
    changed = []
    for event in CaseEvent.objects.filter(kind="submitted").only("pk", "detail").iterator(chunk_size=2000):
        if isinstance(event.detail, dict) and "answers" in event.detail:
            event.detail = {k: v for k, v in event.detail.items() if k != "answers"}
            changed.append(event)
    links_by_case = {}
    bodies = CaseEvent.objects.filter(
        kind__in=["message_sent", "notification_queued"], detail__body__icontains="/track/"
    )
    for event in bodies.only("pk", "case_id", "detail").iterator(chunk_size=2000):
        body = event.detail.get("body") or ""
        found = TRACKING_LINK.findall(body)
        if found:
            event.detail = {**event.detail, "body": TRACKING_LINK.sub(KEPT, body)}
            changed.append(event)
            links_by_case.setdefault(event.case_id, set()).update(found)
    CaseEvent.objects.bulk_update(changed, ["detail"], batch_size=1000)
    for document in CaseSearchDocument.objects.filter(case_id__in=list(links_by_case)):
        body = document.body
        for link in links_by_case[document.case_id]:
            body = body.replace(_words(link), _words(KEPT))
        if body != document.body:
            CaseSearchDocument.objects.filter(pk=document.pk).update(body=body)


class Migration(migrations.Migration):
    dependencies = [("casework", "0013_event_kinds_links_and_data_protection")]

    operations = [
        # Rows that exist now were never scanned; new rows start pending (the model's default).
        migrations.AddField(
            model_name="attachment",
            name="scan_status",
            field=models.CharField(
                choices=[
                    ("pending", "Being checked for viruses"),
                    ("clean", "Checked: no virus found"),
                    ("infected", "Removed: a virus was found"),
                    ("unscanned", "Not checked (no virus scanner is configured)"),
                ],
                default="unscanned",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="attachment",
            name="scan_status",
            field=models.CharField(
                choices=[
                    ("pending", "Being checked for viruses"),
                    ("clean", "Checked: no virus found"),
                    ("infected", "Removed: a virus was found"),
                    ("unscanned", "Not checked (no virus scanner is configured)"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="attachment",
            name="scan_signature",
            field=models.CharField(blank=True, help_text="What ClamAV found, if anything.", max_length=200),
        ),
        migrations.AddField(
            model_name="attachment",
            name="scanned_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="attachment",
            index=models.Index(
                fields=["scan_status"],
                name="attachment_scan_waiting",
                condition=models.Q(scan_status__in=["pending", "unscanned"]),
            ),
        ),
        migrations.RunPython(copies_drop, migrations.RunPython.noop, elidable=True),
    ]
