from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from partnerships.composition import Composition, composition_of, rules_broken_by


def _people(residents: int, others: int, non_voting: int = 0, left: int = 0):
    people = [SimpleNamespace(left_on=None, has_vote=True, is_resident=True)] * residents
    people += [SimpleNamespace(left_on=None, has_vote=True, is_resident=False)] * others
    people += [SimpleNamespace(left_on=None, has_vote=False, is_resident=True)] * non_voting
    people += [SimpleNamespace(left_on="2024-01-01", has_vote=True, is_resident=True)] * left
    return people


def test_figures_count_only_current_voting_members():
    composition = composition_of(_people(5, 3, non_voting=2, left=4))
    assert (composition.members, composition.voting_members) == (10, 8)
    assert composition.resident_voting_members == 5
    assert composition.resident_share_percent == "62.5%"
    assert composition.rules_met


def test_rules_are_named_with_their_thresholds_and_figures():
    composition = composition_of(_people(3, 4))
    voting, share = composition.rules
    assert voting.rule == "At least 8 voting members" and not voting.passed
    assert voting.figure == "7 voting members"
    assert share.rule == "Residents hold at least 51% of the voting places"
    assert share.figure == "3 of 7 voting members are residents (42.9%)"
    assert not share.passed


def test_fifty_percent_is_not_enough():
    assert not composition_of(_people(4, 4)).rules[1].passed
    assert composition_of(_people(5, 4)).rules[1].passed


def test_thresholds_come_from_settings(settings):
    settings.PARTNERSHIP_MIN_VOTING_MEMBERS = 5
    settings.PARTNERSHIP_MIN_RESIDENT_SHARE = "0.75"
    composition = composition_of(_people(4, 2))
    assert composition.rules[0].passed
    assert composition.rules[1].rule == "Residents hold at least 75% of the voting places"
    assert not composition.rules[1].passed


def test_a_partnership_with_no_voters_fails_both_rules():
    composition = Composition(members=0, voting_members=0, resident_voting_members=0)
    assert composition.resident_share is None
    assert [r.passed for r in composition.rules] == [False, False]


def test_a_change_that_improves_a_broken_rule_is_not_blamed():
    before, after = composition_of(_people(3, 3)), composition_of(_people(4, 3))
    assert rules_broken_by(before, after) == []


def test_a_change_that_worsens_a_broken_rule_is_blamed():
    before, after = composition_of(_people(3, 3)), composition_of(_people(3, 4))
    assert [r.key for r in rules_broken_by(before, after)] == ["resident_share"]


@given(residents=st.integers(0, 40), others=st.integers(0, 40))
def test_share_rule_matches_exact_arithmetic(residents, others):
    composition = composition_of(_people(residents, others))
    total = residents + others
    expected = total > 0 and Decimal(residents) / Decimal(total) >= Decimal("0.51")
    assert composition.rules[1].passed == expected
    assert composition.rules[0].passed == (total >= 8)
