from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships and neighbourhoods"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Lto, LtoContact, Partnership, PartnershipLto

        for model in (Partnership, Lto, LtoContact, PartnershipLto):
            auditlog.register(model)

        from . import register_app

        register_app.ready()
