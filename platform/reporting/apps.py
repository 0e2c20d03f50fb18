from django.apps import AppConfig

from casework.ports import case_event_observer_register, upload_infected
from connectors.worker_jobs import worker_job_register


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Performance reporting"

    def ready(self) -> None:
        # Imported at ready(), as Django requires for modules that use models (not to dodge a cycle).
        from .services.log_auto import log_causes_worker_job
        from .services.projection import ProjectionObserver
        from .services.projection_fold import projection_fold_all

        case_event_observer_register(ProjectionObserver)
        worker_job_register("log items raised or cleared", log_causes_worker_job)
        worker_job_register("submissions folded into the reporting rollups", projection_fold_all)
        upload_infected.connect(_infected_upload_log, dispatch_uid="reporting-infected-upload")


def _infected_upload_log(sender, *, council_id: int, file_name: str, detail: str = "", reference: str = "", **kwargs):
    from .services.log_auto import log_infected_upload_record

    log_infected_upload_record(council_id=council_id, file_name=file_name, detail=detail, reference=reference)
