from django.apps import AppConfig

from connectors.worker_jobs import worker_job_register


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Operations (health, readiness, metrics)"

    def ready(self) -> None:
        from .heartbeat import worker_heartbeat_write  # models: importable only once the app registry is ready
        from .metrics import metrics_collector_register
        from .request_logging import request_logging_connect

        worker_job_register("heartbeat", worker_heartbeat_write)  # every worker pass (run_worker or Celery sweep)
        metrics_collector_register()
        request_logging_connect()
