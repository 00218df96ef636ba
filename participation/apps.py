from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Participation"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Budget, Consultation, Idea

        # Voters and their ballots are not audited: an audit entry would copy the address
        # that retention deletes, and the choices that no one may read.
        for model in (Budget, Idea, Consultation):
            auditlog.register(model)
