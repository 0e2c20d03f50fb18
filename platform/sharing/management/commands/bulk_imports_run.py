"""Run waiting spreadsheet imports to the end (for the worker or cron; the admin page also advances them)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sharing.models import BulkImportJob
from sharing.services.bulk import bulk_import_job_run


class Command(BaseCommand):
    help = "Check and import every waiting bulk spreadsheet import."

    def handle(self, *args, **options) -> None:
        waiting = BulkImportJob.objects.exclude(status__in=[BulkImportJob.Status.DONE, BulkImportJob.Status.FAILED])
        for job in waiting.order_by("created_at"):
            job = bulk_import_job_run(job)
            self.stdout.write(
                f"{job.file_name}: {job.get_status_display()} ({job.processed_rows}/{job.total_rows} rows, {len(job.errors)} errors)"
            )
