"""Large spreadsheet imports as a job that advances one chunk at a time, so a page can show progress.

Phase 1 checks every row (a dry run per chunk, rolled back) and refuses the whole file, with row-level
errors, if any row is wrong: nothing is imported. Phase 2 imports chunk by chunk, committing each and
counting progress. `bulk_import_job_step` is called by the admin's progress poll and by
`manage.py bulk_imports_run` (or the worker), under a row lock so two callers never run one chunk twice.
"""

from __future__ import annotations

import tablib
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from import_export.formats.base_formats import CSV, XLSX

from councils.models import Council

from ..models import BulkImportJob
from ..resources import LookupRowResource, MembershipResource, ServiceSlaResource, TeamResource

RESOURCES = {
    "teams": TeamResource,
    "memberships": MembershipResource,
    "sla": ServiceSlaResource,
    "lookups": LookupRowResource,
}
KIND_LABELS = {"teams": "Teams", "memberships": "Users and roles", "sla": "SLA table", "lookups": "Lookup list rows"}
CHUNK_ROWS = 200
MAX_REPORTED_ERRORS = 200


class BulkFileUnreadable(ValueError):
    """The upload is not a CSV or XLSX file this importer can read."""


def bulk_dataset_read(file_name: str, content: bytes) -> tablib.Dataset:
    try:
        if file_name.lower().endswith(".xlsx"):
            return XLSX().create_dataset(content)
        if file_name.lower().endswith(".csv"):
            return CSV(encoding="utf-8-sig").create_dataset(content)
    except Exception as exc:  # tablib/openpyxl raise many types for a damaged file; report it, do not swallow it
        raise BulkFileUnreadable(f"{file_name} could not be read: {exc}") from exc
    raise BulkFileUnreadable(f"{file_name}: upload a .csv or .xlsx file")


def bulk_import_job_create(
    *, council: Council, kind: str, file_name: str, content: bytes, actor: AbstractBaseUser
) -> BulkImportJob:
    if kind not in RESOURCES:
        raise ValueError(f"unknown import kind {kind!r}")
    dataset = bulk_dataset_read(file_name, content)
    return BulkImportJob.objects.create(
        council=council, kind=kind, file_name=file_name, content=content, total_rows=dataset.height, created_by=actor
    )


def bulk_import_job_step(job: BulkImportJob, *, chunk_rows: int = CHUNK_ROWS) -> BulkImportJob:
    """Check or import the next chunk of rows; returns the job with its progress."""
    with transaction.atomic():
        job = BulkImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status in (BulkImportJob.Status.DONE, BulkImportJob.Status.FAILED):
            return job
        dataset = bulk_dataset_read(job.file_name, bytes(job.content))
        resource = RESOURCES[job.kind](user=job.created_by)
        checking = job.status == BulkImportJob.Status.PENDING or job.status == BulkImportJob.Status.CHECKING
        start = job.processed_rows
        chunk = _rows(dataset, start, chunk_rows)
        if checking:
            result = resource.import_data(chunk, dry_run=True, use_transactions=True, raise_errors=False)
            job.errors = [*job.errors, *_errors(result, offset=start)][:MAX_REPORTED_ERRORS]
            job.processed_rows = start + chunk.height
            job.status = BulkImportJob.Status.CHECKING
            if job.processed_rows >= job.total_rows:
                job.status = BulkImportJob.Status.FAILED if job.errors else BulkImportJob.Status.RUNNING
                job.processed_rows = 0 if not job.errors else job.processed_rows
        else:
            result = resource.import_data(chunk, dry_run=False, use_transactions=True, raise_errors=False)
            errors = _errors(result, offset=start)
            if errors:  # a row that passed the check failed now (a concurrent change): stop here, say where
                job.errors = errors
                job.status = BulkImportJob.Status.FAILED
                transaction.set_rollback(True)
                BulkImportJob.objects.filter(pk=job.pk).update(status=job.status, errors=job.errors)
                return job
            job.processed_rows = start + chunk.height
            if job.processed_rows >= job.total_rows:
                job.status = BulkImportJob.Status.DONE
        job.save(update_fields=["status", "processed_rows", "errors"])
    return job


def bulk_import_job_run(job: BulkImportJob, *, chunk_rows: int = CHUNK_ROWS) -> BulkImportJob:
    while job.status not in (BulkImportJob.Status.DONE, BulkImportJob.Status.FAILED):
        job = bulk_import_job_step(job, chunk_rows=chunk_rows)
    return job


def bulk_import_job_progress(job: BulkImportJob) -> dict:
    """What the progress bar shows: phase, rows done of total, percent, and any row errors."""
    phase_done = job.processed_rows if job.total_rows else 0
    if job.status in (BulkImportJob.Status.PENDING, BulkImportJob.Status.CHECKING):
        percent = 50 * phase_done // max(job.total_rows, 1)
    elif job.status == BulkImportJob.Status.RUNNING:
        percent = 50 + 50 * phase_done // max(job.total_rows, 1)
    else:
        percent = 100
    return {
        "status": job.status,
        "label": job.get_status_display(),
        "processed": job.processed_rows,
        "total": job.total_rows,
        "percent": percent,
        "errors": job.errors,
        "finished": job.status in (BulkImportJob.Status.DONE, BulkImportJob.Status.FAILED),
    }


def _rows(dataset: tablib.Dataset, start: int, count: int) -> tablib.Dataset:
    chunk = tablib.Dataset(headers=dataset.headers)
    for row in dataset[start : start + count]:
        chunk.append(row)
    return chunk


def _errors(result, *, offset: int) -> list[dict]:
    """Row-level errors with the spreadsheet row number (header is row 1)."""
    errors = []
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            errors += [{"row": offset + invalid.number + 1, "field": field, "message": m} for m in messages]
    for number, row_errors in result.row_errors():
        errors += [{"row": offset + number + 1, "field": "", "message": str(e.error)} for e in row_errors]
    for error in result.base_errors:
        errors.append({"row": None, "field": "", "message": str(error.error)})
    return errors
