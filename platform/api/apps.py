from django.apps import AppConfig

from casework.ports import case_event_observer_register


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        # Imported at ready(), as Django requires for modules that use models (not to dodge a cycle).
        from .webhook_counts import webhook_counts_signals_connect
        from .webhooks import WebhookObserver

        webhook_counts_signals_connect()

        case_event_observer_register(WebhookObserver())
