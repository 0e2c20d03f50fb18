from django.apps import AppConfig


class DemodataConfig(AppConfig):
    """Demo partnership and bulk cases (`load_demo`, `seed_cases`): the top layer, since it builds on every other."""

    name = "demodata"
    verbose_name = "Demo data"
