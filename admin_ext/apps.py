from django.apps import AppConfig


class AdminExtConfig(AppConfig):
    name = "admin_ext"
    verbose_name = "Service design admin"

    def ready(self) -> None:
        from django.contrib import admin

        from .json_widgets import admin_json_limits_apply

        admin_json_limits_apply(admin.site)  # after autodiscover: covers viewflow's admin pages too
