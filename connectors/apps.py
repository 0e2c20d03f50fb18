from django.apps import AppConfig

from casework.ports import case_personal_data_erased, outbox
from workflows.ports import connector_types


class ConnectorsConfig(AppConfig):
    name = "connectors"
    verbose_name = "Back-office connectors"

    def ready(self) -> None:
        # Imported at ready(), as Django requires for modules that use models (not to dodge a cycle).
        from .erasure import case_deliveries_erase
        from .ports_provided import ConnectorsOutbox, ConnectorTypeNames

        outbox.register(ConnectorsOutbox())
        connector_types.register(ConnectorTypeNames())
        case_personal_data_erased.connect(case_deliveries_erase, dispatch_uid="connectors.case_deliveries_erase")
