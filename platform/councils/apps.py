from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = "Councils and teams"

    def ready(self) -> None:
        # Imported at ready(), as Django requires for modules that use models (not to dodge a cycle).
        from . import signals  # noqa: F401  (grants guardian permissions when memberships change)
        from .teams import teams_signals_connect

        teams_signals_connect()
