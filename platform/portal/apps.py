from django.apps import AppConfig

from casework.ports import resident_links

from . import links


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Resident portal"

    def ready(self) -> None:
        resident_links.register(links)  # casework's emails carry the portal's signed tracking links
