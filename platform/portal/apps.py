from django.apps import AppConfig

from casework.ports import resident_links
from connectors.worker_jobs import worker_job_register

from . import links


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Resident portal"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks; needs the app registry ready)
        from .staging import upload_purge  # models: importable only once the app registry is ready

        resident_links.register(links)  # casework's emails carry the portal's signed tracking links
        worker_job_register("purged", upload_purge)  # staged files of abandoned drafts (DRAFT_MAX_AGE_HOURS)
