from django.apps import AppConfig


class FormDefinitionsConfig(AppConfig):
    name = "form_definitions"
    verbose_name = "Form definitions"
