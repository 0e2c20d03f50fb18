from django.apps import AppConfig
from django.core import checks


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Workflow definitions"

    def ready(self) -> None:
        # Imported at ready(): the adapter imports viewflow's models, which need the app registry.
        from .engine_adapter import engine_adapter_check

        checks.register(engine_adapter_check)
        from .business_calendar import council_calendar_signals_connect

        council_calendar_signals_connect()
