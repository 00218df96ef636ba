from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cwf.core"
    label = "core"
    verbose_name = "Platform"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .portfolio_version import install

        # After every app's migrations: the portfolio version's triggers on the watched tables.
        post_migrate.connect(install, dispatch_uid="cwf.core.portfolio_version")
