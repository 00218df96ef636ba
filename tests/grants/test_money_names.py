"""The allocations API reads each row's money from its annotations by name, without building
the annotations' subqueries per row (docs/performance.md): the names must stay the same."""

from grants.selectors.money import TRANCHE_ANNOTATION_NAMES, allocation_tranche_annotations


def test_the_tranche_annotation_names_are_the_annotations():
    assert set(TRANCHE_ANNOTATION_NAMES) == set(allocation_tranche_annotations())
