from django.apps import AppConfig

from connectors.ports import slot_bindings


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = "Partnership sharing"

    def ready(self) -> None:
        # Imported at ready(), as Django requires for modules that use models (not to dodge a cycle).
        from . import selectors

        slot_bindings.register(selectors)  # connectors resolves an imported service's slots through it
