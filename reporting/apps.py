from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cwf.accounts import permissions
        from cwf.core.navigation import NavItem, register

        from .models import Assumption

        register(NavItem("Portfolio", "reporting:dashboard", permissions.sees_portfolio))

        # Board packs are not audited: asking for one is a read (see services/board_packs.py),
        # and the pack's own rows record who asked and when.
        auditlog.register(Assumption)
