from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships and neighbourhoods"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cwf.accounts import permissions
        from cwf.core.home import register_actions, register_tasks
        from cwf.core.navigation import NavItem, in_partnership, oversees_fund, register_nav_item

        from .home import composition_tasks, partnership_actions

        register_tasks(composition_tasks)
        register_actions(partnership_actions)

        from . import signals  # noqa: F401  (links accepted invitations to member rows)
        from .models import (
            CompositionReview,
            ConflictOfInterest,
            Decision,
            Lto,
            LtoContact,
            Meeting,
            Member,
            Partnership,
            PartnershipLto,
            PartnershipStatusChange,
        )

        for model in (
            Partnership,
            Lto,
            LtoContact,
            PartnershipLto,
            PartnershipStatusChange,
            Member,
            CompositionReview,
            Decision,
            ConflictOfInterest,
        ):
            auditlog.register(model)
        auditlog.register(Meeting, m2m_fields={"attendees"})

        def has_partnerships(user) -> bool:
            return permissions.sees_portfolio(user) or bool(permissions.partnership_ids(user))

        register_nav_item(
            NavItem(
                "Partnerships",
                "partnerships:partnership_list",
                has_partnerships,
                oversees_fund,
                "Partnerships, their members, meetings and LTOs",
            )
        )
        register_nav_item(
            NavItem(
                "Decisions",
                "decisions:decision_log",
                has_partnerships,
                in_partnership,
                "Every decision a partnership has made, with its votes",
            )
        )
        register_nav_item(
            NavItem(
                "LTOs",
                "ltos:lto_list",
                permissions.sees_portfolio,
                None,
                "Locally Trusted Organisations, their contacts and due diligence",
            )
        )

        from . import register_app

        register_app.ready()
