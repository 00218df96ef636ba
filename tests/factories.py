"""Factories for the kernel. Each app's tests add their own in tests/<app>/factories.py.
Scenario data that moves money or status is built through services, not with factories."""

import factory
from allauth.mfa.models import Authenticator

from cwf.accounts.models import User
from cwf.accounts.role_grants import role_grant
from cwf.accounts.roles import GLOBAL_ROLES, Role
from partnerships.models import Partnership

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")


def user_with_role(role: str, partnership: Partnership | None = None, **kwargs) -> User:
    """A person with a role in force (a fund-wide one as if already confirmed by a second
    person: tests/accounts/test_four_eyes.py is about that confirmation)."""
    user = UserFactory(**kwargs)
    role_grant(
        user=user,
        role=role,
        partnership_id=None if role in GLOBAL_ROLES else partnership.pk,
        by_system=True,
    )
    return user


def prove_address(user: User) -> User:
    """Marks the account's address as proved, as signing up from an invitation or following a
    confirmation link does (cwf/accounts/emails.py)."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def give_totp(user: User) -> Authenticator:
    """Marks MFA as set up, for tests that are not about the MFA flow itself. Giving it twice
    keeps the first (a person has one authenticator app)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, generate_totp_secret()).instance


__all__ = [
    "TEST_PASSWORD",
    "PartnershipFactory",
    "Role",
    "UserFactory",
    "give_totp",
    "prove_address",
    "user_with_role",
]
