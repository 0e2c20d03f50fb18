from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (keeps task queues in step with viewflow)
