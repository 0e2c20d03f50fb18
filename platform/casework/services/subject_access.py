"""Subject access: everything the council holds about one customer, as a ZIP with a readable summary.

The ZIP holds `summary.html` (open it in a browser), `data.json` (the same, for machines) and `files/` (each
attachment under its case's reference). Internal notes are not included: they are the council's working
records, not the resident's timeline; the officer decides on them (and on exemptions) case by case.
The export is recorded as a DataProtectionRecord before the file is handed over.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from form_definitions.fields import answer_display, form_fields

from ..models import Case, Customer, DataProtectionRecord
from .erasure import CUSTOMER_FIELDS, customer_cases, customer_records


@dataclass(frozen=True)
class SubjectAccessExport:
    filename: str
    content: bytes
    case_count: int
    file_count: int


def customer_subject_access_export(user: AbstractBaseUser, customer: Customer) -> SubjectAccessExport:
    """Build the ZIP and log the export (who, when, which cases) in one step."""
    cases = list(customer_cases(customer))
    records = [
        {field: getattr(record, field) for field in ("pk", *CUSTOMER_FIELDS)} for record in customer_records(customer)
    ]
    entries = [_case_entry(case) for case in cases]
    generated = timezone.now()
    buffer = io.BytesIO()
    file_count = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for case, entry in zip(cases, entries, strict=True):
            for attachment in case.attachments.all():
                name = f"files/{case.reference}/{attachment.pk}-{_safe_name(attachment.original_name)}"
                with attachment.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
                entry["files"].append({"name": attachment.original_name, "path": name, "size": attachment.size})
                file_count += 1
        context = {
            "council": customer.council,
            "records": records,
            "cases": entries,
            "generated": generated,
            "officer": getattr(user, "get_full_name", lambda: "")() or user.get_username(),
        }
        archive.writestr("summary.html", render_to_string("casework/data_protection/summary.html", context))
        archive.writestr("data.json", json.dumps({**context, "council": customer.council.name}, default=str, indent=2))
    with transaction.atomic():
        DataProtectionRecord.objects.create(
            council_id=customer.council_id,
            kind=DataProtectionRecord.Kind.SUBJECT_ACCESS,
            actor_id=user.pk,
            customer_id_ref=customer.pk,
            case_references=[case.reference for case in cases],
        )
    return SubjectAccessExport(
        filename=f"subject-access-{customer.council.code}-{customer.pk}-{generated:%Y%m%d}.zip",
        content=buffer.getvalue(),
        case_count=len(cases),
        file_count=file_count,
    )


def _case_entry(case: Case) -> dict:
    fields = form_fields(case.form_version.schema, case.form_version.ui_schema)
    timeline = case.events.filter(resident_visible=True).order_by("at", "pk")
    return {
        "reference": case.reference,
        "service": case.service.name,
        "channel": case.get_channel_display(),
        "status": case.get_case_status_display(),
        "submitted_at": case.submitted_at,
        "closed_at": case.closed_at,
        "personal_data_removed_at": case.personal_data_removed_at,
        "answers": [
            {"question": f.label, "answer": answer_display(f, case.answers[f.name])}
            for f in fields
            if f.name in case.answers
        ],
        "satisfaction_comment": case.satisfaction_comment,
        "timeline": [
            {
                "at": event.at,
                "what": event.summary,
                **({"message": event.detail["body"]} if event.detail.get("body") else {}),
            }
            for event in timeline
        ],
        "files": [],
    }


def _safe_name(name: str) -> str:
    """A file name safe inside a ZIP on any system (no folders, no control characters)."""
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(" .")
    return cleaned[:120] or "file"
