from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cwf.core"
    label = "core"
    verbose_name = "Platform"
