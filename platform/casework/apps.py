from django.apps import AppConfig

from workflows.ports import case_hooks


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        # Imported at ready(), as Django requires for modules that use models (not to dodge a cycle).
        from . import signals  # noqa: F401  (keeps task queues in step with viewflow)
        from .engine_hooks import CaseworkEngineHooks

        case_hooks.register(CaseworkEngineHooks())
