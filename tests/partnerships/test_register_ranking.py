"""The computed flag, eligibility and the "least first" priority order, under their settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnerships.models import Neighbourhood
from partnerships.services.register_imports import import_cni_file, import_imd_file
from partnerships.services.register_ranking import register_rerank

from .register_files import cni_file, imd_ward_file, register_of, ward

pytestmark = pytest.mark.django_db


def codes(**filters) -> set[str]:
    return set(Neighbourhood.objects.filter(**filters).values_list("code", flat=True))


def priority_order() -> list[str]:
    return list(
        Neighbourhood.objects.filter(priority_rank__isnull=False)
        .order_by("priority_rank")
        .values_list("code", flat=True)
    )


def test_the_threshold_decile_is_a_setting(tmp_path, settings):
    register_of(tmp_path, 20)
    assert codes(doubly_disadvantaged=True) == {ward(1), ward(2)}
    settings.NEIGHBOURHOOD_THRESHOLD_DECILE = 2
    counts = register_rerank()
    assert codes(doubly_disadvantaged=True) == {ward(n) for n in range(1, 5)}
    assert (counts.computed, counts.threshold_decile) == (4, 2)


def test_eligible_neighbourhoods_come_first_and_the_rule_is_a_setting(tmp_path, settings):
    # Ward 20 is the least deprived, but it is on the official list.
    register_of(tmp_path, 20, flagged={ward(20)})
    assert priority_order()[:3] == [ward(1), ward(2), ward(3)]
    settings.NEIGHBOURHOOD_ELIGIBILITY_FLAG = "official"
    counts = register_rerank()
    assert priority_order()[:3] == [ward(20), ward(1), ward(2)]
    assert (counts.official, counts.computed, counts.overlap, counts.eligible) == (1, 2, 0, 1)


def test_equal_combined_need_goes_to_the_higher_community_need_then_to_the_code(tmp_path):
    # IMD ranks: a=1, b=2, c=3, d=4.  CNI ranks: a=4, b=3, c=2, d=1.  Every sum is 5.
    a, b, c, d = ward(11), ward(12), ward(13), ward(14)
    import_imd_file(path=imd_ward_file(tmp_path, {a: 40.0, b: 30.0, c: 20.0, d: 10.0}))
    import_cni_file(path=cni_file(tmp_path, {a: 1.0, b: 2.0, c: 3.0, d: 4.0}))
    assert priority_order() == [d, c, b, a]


def test_equal_ranks_on_both_fall_back_to_the_code(tmp_path):
    a, b = ward(21), ward(22)
    import_imd_file(path=imd_ward_file(tmp_path, {b: 5.0, a: 5.0}))
    import_cni_file(path=cni_file(tmp_path, {b: 9.0, a: 9.0}))
    assert priority_order() == [a, b]
    assert (
        Neighbourhood.objects.get(code=a).imd_rank
        == Neighbourhood.objects.get(code=b).imd_rank
        == 1
    )


def test_only_neighbourhoods_with_both_ranks_get_a_priority(tmp_path):
    import_imd_file(path=imd_ward_file(tmp_path, {ward(1): 5.0, ward(2): 4.0}))
    import_cni_file(path=cni_file(tmp_path, {ward(1): 9.0, ward(3): 8.0}))
    assert priority_order() == [ward(1)]


def test_reranking_twice_changes_nothing(tmp_path, django_assert_max_num_queries):
    register_of(tmp_path, 20)
    before = list(
        Neighbourhood.objects.values_list("code", "priority_rank", "doubly_disadvantaged")
    )
    with django_assert_max_num_queries(3):
        register_rerank()
    assert (
        list(Neighbourhood.objects.values_list("code", "priority_rank", "doubly_disadvantaged"))
        == before
    )


@pytest.mark.parametrize(
    "name, value",
    [("NEIGHBOURHOOD_THRESHOLD_DECILE", 11), ("NEIGHBOURHOOD_ELIGIBILITY_FLAG", "any")],
)
def test_bad_eligibility_settings_are_refused(settings, name, value):
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured):
        register_rerank()
