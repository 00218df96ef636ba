from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Assumption

        # Board packs are not audited: asking for one is a read (see services/board_packs.py),
        # and the pack's own rows record who asked and when.
        auditlog.register(Assumption)
