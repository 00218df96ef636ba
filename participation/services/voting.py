"""One person, one vote, proportionately checked (issue 20).

1. `voter_register`: the voter gives an e-mail address and says they live, work or study in the
   neighbourhood (a postcode, checked against the neighbourhood's postcodes when an officer has
   imported them, else taken on their word and labelled so). A signed one-time link goes to the
   address through the outbox. Whatever the address, the page says the same ("check your
   e-mail"), so nobody learns from it whether an address has voted; an address that has voted
   is told so in the e-mail instead.
2. `voter_confirm`: the link (posted from its page, so a mail scanner fetching it confirms
   nothing) proves the address; the view keeps the voter in the session.
3. `vote_cast`: one vote per confirmed address (a OneToOne, so also under a race), at most
   PARTICIPATION_VOTES_PER_DEVICE per device cookie, the chosen projects' total within the
   budget (or a full ranking).

Rate limits (participation.services.guards.within_rate, fail-open): per address hash and per
client network, never global, so a flood from one place throttles that place only."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections import Counter

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cwf.core import outbox
from cwf.core.dates import display_date
from cwf.core.errors import DomainError
from cwf.core.money import format_gbp

from ..models import Budget, Idea, NeighbourhoodPostcode, Vote, VoteChoice, Voter
from .guards import device_hash, email_hash, network_hash, within_rate

SALT = "participation.voter"
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class VotingClosed(DomainError):
    """A vote on a closed budget: the view shows the result with the refusal."""


class Throttled(DomainError):
    """Too many attempts from one address or network: the view answers 429."""


def outbox_key_prefix(budget_id: int) -> str:
    """Every e-mail to a voter carries this key prefix, so retention finds (and deletes) the
    outbox's copies of the addresses with the voters' own."""
    return f"participation:{budget_id}:"


def normalise_postcode(value: str) -> str:
    return re.sub(r"\s+", "", (value or "").upper())


def display_postcode(code: str) -> str:
    return f"{code[:-3]} {code[-3:]}" if len(code) > 3 else code


def voting_open(budget: Budget, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return budget.status == Budget.Status.VOTING and budget.opens_on <= today <= budget.closes_on


def _require_open(budget: Budget) -> None:
    if budget.status == Budget.Status.CLOSED:
        raise VotingClosed("Voting has closed. The result is below.")
    if not voting_open(budget):
        raise DomainError(
            f"Voting is open from {display_date(budget.opens_on)} to "
            f"{display_date(budget.closes_on)}."
        )


def has_postcode_list(partnership_id: int) -> bool:
    return NeighbourhoodPostcode.objects.filter(partnership_id=partnership_id).exists()


def voter_register(
    *, budget_id: int, email: str, postcode: str, connection: str, client_ip: str,
    confirm_url: str,
) -> Voter | None:  # fmt: skip
    """Send the one-time link. Returns the voter (None when the address has already voted: it
    is told so by e-mail). `confirm_url` is the absolute address of the confirm page."""
    email = (email or "").strip()
    if not EMAIL.match(email) or len(email) > 254:
        raise DomainError(
            "Enter an e-mail address in the correct format, like name@example.com",
            field="email",
        )
    if connection not in Voter.Connection.values:
        raise DomainError("Say whether you live, work or study here.", field="connection")
    code = normalise_postcode(postcode)
    if not POSTCODE.match(code):
        raise DomainError("Enter a real postcode, like DH1 3LE.", field="postcode")
    hashed = email_hash(email)
    limits = settings.PARTICIPATION_RATE_LIMITS
    if not within_rate(f"email:{hashed}", **limits["per_address"]):
        raise Throttled("We have sent several links to this address. Wait an hour and try again.")
    if not within_rate(f"net:{network_hash(client_ip)}", **limits["per_network"]):
        raise Throttled("Too many people have asked from this network. Try again in a few minutes.")
    with transaction.atomic():
        budget = Budget.objects.select_related("partnership").get(pk=budget_id)
        _require_open(budget)
        checked = has_postcode_list(budget.partnership_id)
        if (
            checked
            and not NeighbourhoodPostcode.objects.filter(
                partnership_id=budget.partnership_id, postcode=code
            ).exists()
        ):
            raise DomainError(
                f"{display_postcode(code)} is not in the neighbourhood this vote is for. "
                "If you work or study here, give the postcode of where you work or study.",
                field="postcode",
            )
        # One row per address and budget (unique): asking again sends a fresh link.
        voter = Voter.objects.select_for_update().filter(budget=budget, email_hash=hashed).first()
        if voter is not None and hasattr(voter, "vote"):
            outbox.email_queue(
                to=[email],
                subject=f"You have already voted: {budget.title}",
                body=(
                    f"Someone asked to vote in '{budget.title}' with this address, which has "
                    "already voted. Each address votes once, so nothing has changed.\n\n"
                    "If it was not you, you need do nothing."
                ),
                key=f"{outbox_key_prefix(budget.pk)}again:{voter.pk}:{secrets.token_hex(8)}",
            )
            return None
        nonce = secrets.token_hex(16)
        fields = {
            "email": email, "postcode": code, "connection": connection,
            "postcode_checked": checked, "nonce": nonce,
        }  # fmt: skip
        if voter is None:
            try:
                with transaction.atomic():
                    voter = Voter.objects.create(budget=budget, email_hash=hashed, **fields)
            except IntegrityError:  # the same address at the same moment: take that row
                voter = Voter.objects.select_for_update().get(budget=budget, email_hash=hashed)
        for name, value in fields.items():
            setattr(voter, name, value)
        voter.save(update_fields=list(fields))
        token = signing.dumps({"v": voter.pk, "n": nonce}, salt=SALT)
        hours = settings.PARTICIPATION_LINK_HOURS
        outbox.email_queue(
            to=[email],
            subject=f"Confirm your vote: {budget.title}",
            body=(
                f"To vote in '{budget.title}', open this link within {hours} hours:\n\n"
                f"{confirm_url}?t={token}\n\n"
                "The link works once. If you did not ask to vote, ignore this e-mail."
            ),
            secret=True,
            key=f"{outbox_key_prefix(budget.pk)}{voter.pk}:{nonce}",
        )
    return voter


def voter_confirm(*, budget_id: int, token: str) -> Voter:
    """The one-time link: proves the address. Used once (its nonce is then forgotten)."""
    try:
        data = signing.loads(
            token or "", salt=SALT, max_age=settings.PARTICIPATION_LINK_HOURS * 3600
        )
    except signing.SignatureExpired:
        raise DomainError("This link has expired. Ask for a new one.") from None
    except signing.BadSignature:
        raise DomainError("This link is not right. Copy it from the e-mail again.") from None
    with transaction.atomic():
        voter = (
            Voter.objects.select_for_update()
            .select_related("budget")
            .filter(pk=data.get("v"), budget_id=budget_id)
            .first()
        )
        if voter is None or not voter.nonce or voter.nonce != data.get("n"):
            raise DomainError("This link has been used. Ask for a new one if you have not voted.")
        _require_open(voter.budget)
        voter.nonce = ""
        voter.confirmed_at = timezone.now()
        voter.save(update_fields=["nonce", "confirmed_at"])
    return voter


def vote_cast(
    *, budget_id: int, voter_id: int, idea_ids: list[int], ranking: dict[int, int] | None = None,
    client_ip: str, device: str,
) -> Vote:  # fmt: skip
    """The ballot. `idea_ids` for a budget vote; `ranking` ({idea id: rank from 1}) for a
    ranking."""
    with transaction.atomic():
        budget = Budget.objects.select_for_update().get(pk=budget_id)  # one ballot at a time
        _require_open(budget)
        voter = Voter.objects.filter(pk=voter_id, budget=budget, confirmed_at__isnull=False).first()
        if voter is None:
            raise DomainError("Confirm your e-mail address first.")
        if Vote.objects.filter(voter=voter).exists():
            raise DomainError("This e-mail address has already voted. Each address votes once.")
        device_key = device_hash(device)
        if (
            Vote.objects.filter(budget=budget, device=device_key).count()
            >= settings.PARTICIPATION_VOTES_PER_DEVICE
        ):
            raise DomainError(
                f"{settings.PARTICIPATION_VOTES_PER_DEVICE} people have already voted on this "
                "phone or computer. Vote on another."
            )
        ballot = {i.pk: i for i in budget.ideas.filter(status=Idea.Status.SHORTLISTED)}
        choices = _choices(budget, ballot, idea_ids, ranking or {})
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    budget=budget, voter=voter, network=network_hash(client_ip), device=device_key
                )
        except IntegrityError:
            raise DomainError(
                "This e-mail address has already voted. Each address votes once."
            ) from None
        VoteChoice.objects.bulk_create(
            VoteChoice(vote=vote, idea_id=idea_id, rank=rank) for idea_id, rank in choices
        )
    return vote


def _choices(budget, ballot, idea_ids, ranking) -> list[tuple[int, int | None]]:
    if budget.method == Budget.Method.RANKING:
        if not ranking or set(ranking) - set(ballot):
            raise DomainError("Rank at least one project.", field="ideas")
        ranks = sorted(ranking.values())
        if ranks != list(range(1, len(ranks) + 1)):
            raise DomainError(
                "Give each project you rank a different number, from 1 for your first choice.",
                field="ideas",
            )
        return sorted(ranking.items(), key=lambda item: item[1])
    chosen = list(dict.fromkeys(int(i) for i in idea_ids))
    if not chosen:
        raise DomainError("Choose at least one project.", field="ideas")
    if set(chosen) - set(ballot):
        raise DomainError("Choose projects from the list.", field="ideas")
    total = sum(ballot[i].cost for i in chosen)
    if total > budget.amount:
        raise DomainError(
            f"Your projects cost {format_gbp(total)}, more than the {format_gbp(budget.amount)} "
            f"there is. Take {format_gbp(total - budget.amount)} off your choice.",
            field="ideas",
        )
    return [(i, None) for i in chosen]


def suspicious_patterns(*, budget: Budget, minutes: int | None = None) -> tuple[list[dict], int]:
    """Networks from which many votes came within a few minutes: counts per hashed network
    prefix (its first 8 characters), never an address or an e-mail. A burst is at least
    PARTICIPATION_BURST_VOTES votes from one network within `minutes`."""
    minutes = minutes or settings.PARTICIPATION_BURST_MINUTES
    window = dt.timedelta(minutes=minutes)
    by_network: dict[str, list] = {}
    for network, cast_at in Vote.objects.filter(budget=budget).values_list("network", "cast_at"):
        by_network.setdefault(network, []).append(cast_at)
    devices = Counter(Vote.objects.filter(budget=budget).values_list("device", flat=True))
    rows = []
    for network, times in by_network.items():
        times.sort()
        most, start = 0, 0
        for end in range(len(times)):
            while times[end] - times[start] > window:
                start += 1
            most = max(most, end - start + 1)
        if most >= settings.PARTICIPATION_BURST_VOTES:
            rows.append({"network": network[:8], "votes": len(times), "burst": most})
    rows.sort(key=lambda r: (-r["burst"], r["network"]))
    shared = sum(1 for n in devices.values() if n > 1)
    return rows, shared


def confirm_path(budget_id: int) -> str:
    return reverse("take_part:voter_confirm", args=[budget_id])
