"""Big Local's rules for who sits on a partnership, and the figures that show whether it meets
them. The thresholds are settings (PARTNERSHIP_MIN_VOTING_MEMBERS, PARTNERSHIP_MIN_RESIDENT_SHARE),
read each time so that a change to them applies at once.

Which changes are blocked (the policy, decided here and tested in tests/partnerships):
- While a partnership is forming, a change that breaks a rule is allowed, with a warning: people
  join and leave while it finds its feet, and endorsement is refused until the rules pass.
- Once it is endorsed (and while delivering or closing), a change that breaks a rule, or makes a
  broken rule worse, is refused with the rule named: the fund endorsed a resident-led partnership
  and it must stay one. A change that improves the figures is always allowed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings


def min_voting_members() -> int:
    return int(settings.PARTNERSHIP_MIN_VOTING_MEMBERS)


def min_resident_share() -> Decimal:
    return Decimal(str(settings.PARTNERSHIP_MIN_RESIDENT_SHARE))


def _percent(share: Decimal) -> str:
    value = (share * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value.normalize():f}%"


@dataclass(frozen=True)
class RuleResult:
    key: str
    rule: str  # the rule in words, naming its threshold
    passed: bool
    figure: str  # the current figure in words
    value: Decimal  # the figure as a number, to tell whether a change made it worse


@dataclass(frozen=True)
class Composition:
    members: int  # everyone on the partnership now
    voting_members: int
    resident_voting_members: int

    @property
    def resident_share(self) -> Decimal | None:
        """Residents' share of the voting places, or None when nobody can vote."""
        if not self.voting_members:
            return None
        return Decimal(self.resident_voting_members) / Decimal(self.voting_members)

    @property
    def resident_share_percent(self) -> str:
        share = self.resident_share
        return "no voting members" if share is None else _percent(share)

    @property
    def rules(self) -> list[RuleResult]:
        needed = min_voting_members()
        share = min_resident_share()
        actual_share = self.resident_share or Decimal(0)
        return [
            RuleResult(
                key="voting_members",
                rule=f"At least {needed} voting members",
                passed=self.voting_members >= needed,
                figure=f"{self.voting_members} voting member{'s' * (self.voting_members != 1)}",
                value=Decimal(self.voting_members),
            ),
            RuleResult(
                key="resident_share",
                rule=f"Residents hold at least {_percent(share)} of the voting places",
                passed=self.voting_members > 0 and actual_share >= share,
                figure=(
                    f"{self.resident_voting_members} of {self.voting_members} voting members "
                    f"are residents ({self.resident_share_percent})"
                ),
                value=actual_share,
            ),
        ]

    @property
    def rules_met(self) -> bool:
        return all(rule.passed for rule in self.rules)

    @property
    def failing_rules(self) -> list[RuleResult]:
        return [rule for rule in self.rules if not rule.passed]


def composition_of(members: Iterable) -> Composition:
    """The figures for a set of Member rows (or anything with left_on, has_vote, is_resident)."""
    active = [m for m in members if m.left_on is None]
    voting = [m for m in active if m.has_vote]
    return Composition(
        members=len(active),
        voting_members=len(voting),
        resident_voting_members=sum(1 for m in voting if m.is_resident),
    )


def rules_broken_by(before: Composition, after: Composition) -> list[RuleResult]:
    """Rules a change breaks, or leaves broken and worse than before."""
    old = {rule.key: rule for rule in before.rules}
    return [
        rule
        for rule in after.rules
        if not rule.passed and (old[rule.key].passed or rule.value < old[rule.key].value)
    ]


def describe(rules: Iterable[RuleResult]) -> str:
    return "; ".join(f"the rule “{r.rule.lower()}” (now {r.figure})" for r in rules)


def composition_for(*, partnership_id: int) -> Composition:
    """The figures for one partnership now, from the database (one query)."""
    from .models import Member

    rows = Member.objects.filter(partnership_id=partnership_id, left_on__isnull=True).only(
        "left_on", "has_vote", "is_resident"
    )
    return composition_of(rows)


def composition_from_annotations(partnership) -> Composition:
    """The figures for a partnership from partnership_overview_list's annotations (no query)."""
    return Composition(
        members=partnership.member_count,
        voting_members=partnership.voting_members,
        resident_voting_members=partnership.resident_voting_members,
    )
