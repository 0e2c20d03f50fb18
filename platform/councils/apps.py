from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = "Councils and teams"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (grants guardian permissions when memberships change)
