"""The bench's people: two officers (four eyes on every allocation), the trustee whose MFA is set
up for the in-process client, and one API token per simulated trustee for the load test."""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cwf.accounts.models import User
from cwf.accounts.role_grants import role_grant
from cwf.accounts.roles import Role
from cwf.accounts.tokens import api_token_create


@dataclass
class People:
    proposer: User
    approver: User
    trustee: User
    trustee_token: str
    officer_token: str
    load_tokens: list[str] = field(default_factory=list)


def people_create(*, load_trustees: int) -> People:
    def user(email: str, role: str) -> User:
        person = User.objects.create_user(email, password=None, full_name=email.split("@")[0])
        role_grant(user=person, role=role, by_system=True)
        return person

    proposer = user("officer.one@bench.invalid", Role.FUND_OFFICER)
    approver = user("officer.two@bench.invalid", Role.FUND_OFFICER)
    trustee = user("trustee@bench.invalid", Role.TRUSTEE)
    # The API refuses a token whose user's role needs MFA and has none (cwf/accounts/tokens.py).
    for person in (trustee, proposer):
        TOTP.activate(person, generate_totp_secret())
    _, token = api_token_create(user=trustee, name="bench")
    _, officer_token = api_token_create(user=proposer, name="bench")
    load_tokens = []
    for i in range(load_trustees):
        load_trustee = user(f"trustee.{i:02d}@bench.invalid", Role.TRUSTEE)
        TOTP.activate(load_trustee, generate_totp_secret())
        load_tokens.append(api_token_create(user=load_trustee, name="load")[1])
    return People(proposer, approver, trustee, token, officer_token, load_tokens)
