from django.apps import AppConfig

from casework.ports import case_event_observer_register


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Performance reporting"

    def ready(self) -> None:
        # Imported at ready(), as Django requires for modules that use models (not to dodge a cycle).
        from .services.projection import ProjectionObserver

        case_event_observer_register(ProjectionObserver)
