"""HouseholdSizes: the size rule and its messages are Count's (issue 14)."""

from __future__ import annotations

import pytest

from displacement import Count, HouseholdSizes, ValidationError
from displacement.count import size_problem, too_large


def test_a_size_too_large_gets_the_one_message() -> None:
    with pytest.raises(ValidationError) as exc:
        HouseholdSizes({"KAZ": 2**53})
    [detail] = exc.value.errors
    assert detail.message == too_large(2**53)
    with pytest.raises(ValidationError) as exc:
        HouseholdSizes({}, default=10**400)
    [detail] = exc.value.errors
    assert (
        detail.message
        == too_large(10**400)
        == (
            "a number of about 400 digits is above 9,007,199,254,740,991 (2**53 - 1), "
            "the largest number a count holds exactly"
        )
    )


@pytest.mark.parametrize("size", [0, -1, float("nan"), True, "5", 2**53])
def test_sizes_follow_the_rule_of_counts(size: object) -> None:
    """A size HouseholdSizes refuses is one Count refuses, with the same words."""
    problem = size_problem(size)
    assert problem is not None
    with pytest.raises(ValidationError) as sizes:
        HouseholdSizes({"KAZ": size})  # type: ignore[dict-item]
    with pytest.raises(ValidationError) as count:
        Count(10, household_size=size)  # type: ignore[arg-type]
    assert [d.message for d in sizes.value.errors] == [d.message for d in count.value.errors] == [problem]


def test_a_good_size_has_no_problem() -> None:
    assert size_problem(4.5) is None
    assert HouseholdSizes({"KAZ": 4.5})["KAZ"] == 4.5
