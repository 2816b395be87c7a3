"""The limits of a count (issue 13): which units a count may have, how large its numbers may be,
and that no input, however odd, ends in a bare exception from Count, units, HouseholdSizes or Period."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import (
    Count,
    DisplacementError,
    HouseholdSizes,
    Period,
    Qualifier,
    UnitError,
    ValidationError,
)
from displacement.count import MAX_MAGNITUDE
from displacement.units import TIME_UNITS, base_unit, canonical_unit, per_time

ACCEPTED = (
    "is not a count unit: a count unit is person (or people, persons, individual, individuals) or "
    "household (or households, hh, family, families), optionally per second, minute, hour, day, week, "
    "fortnight, month or year for a rate (such as 'person / day'), without prefixes or factors"
)


class TestUnits:
    @pytest.mark.parametrize(
        "unit",
        [
            "kiloperson",
            "kilohousehold",
            "megapeople",
            "kpeople",
            "kilopersons",
            "millihouseholds",
            "person / kiloday",
            "person / ms",
            "percent * person",
            "person / decade",  # pint's decade is a logarithmic, dimensionless unit
            "person / day / day",
            "person ** 2",
            "person * household",
            "metre",
            "day",
            "",
            "persns",
            "2 person",
        ],
    )
    def test_anything_but_the_named_units_is_refused_with_the_accepted_list(self, unit: str) -> None:
        with pytest.raises(UnitError) as exc:
            canonical_unit(unit)
        assert str(exc.value) == f"{unit!r} {ACCEPTED}"
        with pytest.raises(UnitError) as exc:
            base_unit(unit)
        assert str(exc.value) == f"{unit!r} {ACCEPTED}"
        with pytest.raises(ValidationError) as verr:
            Count(98, unit=unit)
        [detail] = verr.value.errors
        assert (detail.path, detail.message) == ("unit", f"{unit!r} {ACCEPTED}")

    def test_a_prefixed_unit_is_refused_however_it_comes(self) -> None:
        # it used to print "98 people per kiloperson / person", and rate() called it a rate
        with pytest.raises(ValidationError, match=r"^value: 'kilopeople' is not a count unit"):
            Count("98 kilopeople")
        from displacement import ureg

        with pytest.raises(ValidationError, match=r"^value: 'kiloperson' is not a count unit"):
            Count(ureg.Quantity(98, "kiloperson"))

    @pytest.mark.parametrize(
        ("unit", "canonical", "words"),
        [
            ("person", "person", "98 people"),
            ("People", "person", "98 people"),
            ("persons", "person", "98 people"),
            ("individuals", "person", "98 people"),
            ("households", "household", "98 households"),
            ("hh", "household", "98 households"),
            ("families", "household", "98 households"),
            ("person/d", "person / day", "98 people per day"),
            ("persons / days", "person / day", "98 people per day"),
            ("people / week", "person / week", "98 people per week"),
            ("person/s", "person / second", "98 people per second"),
            ("person / min", "person / minute", "98 people per minute"),
            ("person / h", "person / hour", "98 people per hour"),
            ("household / fortnight", "household / fortnight", "98 households per fortnight"),
            ("household / months", "household / month", "98 households per month"),
            ("person / yr", "person / year", "98 people per year"),
            ("1 / day * person", "person / day", "98 people per day"),
        ],
    )
    def test_the_named_units_their_aliases_and_abbreviations(
        self, unit: str, canonical: str, words: str
    ) -> None:
        assert canonical_unit(unit) == canonical
        count = Count(98, unit)
        assert count.unit == canonical
        assert str(count) == words
        assert count.counts == base_unit(unit) == canonical.split(" ")[0]

    def test_every_time_unit_makes_a_rate(self) -> None:
        for time in TIME_UNITS:
            assert canonical_unit(f"person / {time}") == f"person / {time}"
            assert per_time(f"household / {time}") == time
        assert per_time("person") is None

    def test_base_unit_of_a_metre_is_an_error_not_household(self) -> None:
        assert base_unit("person / week") == "person"
        assert base_unit("household") == "household"
        with pytest.raises(UnitError, match=r"^'metre' is not a count unit"):
            base_unit("metre")

    def test_a_unit_that_is_not_a_string_or_is_very_long(self) -> None:
        with pytest.raises(UnitError, match=r"^a unit must be a string, got 5 \(int\)$"):
            canonical_unit(5)  # type: ignore[arg-type]
        with pytest.raises(UnitError) as exc:
            base_unit("person" * 20_000)
        assert len(str(exc.value)) < 500


class TestLargestCount:
    def test_the_maximum_is_the_largest_integer_every_float64_and_json_reader_holds(self) -> None:
        assert MAX_MAGNITUDE == 2**53 - 1 == 9_007_199_254_740_991
        assert float(MAX_MAGNITUDE) == MAX_MAGNITUDE
        assert str(Count(MAX_MAGNITUDE)) == "9,007,199,254,740,991 people"

    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (2**53, "9,007,199,254,740,992"),
            (1e16, "1e+16"),
            (10**400, "a number of about 400 digits"),
            (10**5000, "a number of about 5000 digits"),
        ],
        ids=["2**53", "1e16", "10**400", "10**5000"],
    )
    def test_above_it_is_refused(self, value: int | float, shown: str) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(value)
        assert str(exc.value) == (
            f"value: {shown} is above 9,007,199,254,740,991 (2**53 - 1), the largest number a count holds exactly"
        )
        with pytest.raises(ValidationError, match=r"^upper: .* is above 9,007,199,254,740,991"):
            Count(1, qualifier=Qualifier.RANGE, upper=value)

    def test_a_huge_number_in_text_is_refused_briefly(self) -> None:
        # int() of 4,300 digits and more raised Python's bare ValueError
        with pytest.raises(ValidationError) as exc:
            Count("9" * 5000 + " people")
        assert str(exc.value) == (
            "value: a number written with 5,000 characters is above 9,007,199,254,740,991 (2**53 - 1), "
            "the largest number a count holds exactly"
        )
        with pytest.raises(ValidationError, match=r"^value: 1e999 is above"):
            Count("1e999 people")

    def test_integer_arithmetic_stays_exact_up_to_the_maximum(self) -> None:
        total = Count(MAX_MAGNITUDE - 2) + Count(2)
        assert total == Count(MAX_MAGNITUDE)
        assert type(total.magnitude) is int

    def test_a_sum_or_conversion_beyond_the_maximum_is_refused(self) -> None:
        # Count(10**400) + Count(1.5) raised a bare OverflowError
        with pytest.raises(ValidationError, match=r"^value: 9,007,199,254,740,992 is above"):
            Count(MAX_MAGNITUDE) + Count(1)
        with pytest.raises(ValidationError, match=r"^value: 9,007,199,254,740,992.0 is above"):
            Count(MAX_MAGNITUDE) + Count(1.5)
        with pytest.raises(ValidationError, match=r"^value: .* is above"):
            Count(MAX_MAGNITUDE, "person / year") + Count(1, "person / second")
        with pytest.raises(ValidationError, match=r"^value: 45,035,996,273,704,955 is above"):
            Count(MAX_MAGNITUDE, "household").to_persons(5)
        with pytest.raises(ValidationError, match=r"^upper: 9,007,199,254,740,992 is above"):
            Count(1, qualifier=Qualifier.RANGE, upper=MAX_MAGNITUDE) + Count(1)

    @pytest.mark.parametrize("size", [1e308, 10**400, 2**53], ids=["1e308", "10**400", "2**53"])
    def test_household_sizes_have_the_same_limit(self, size: float) -> None:
        with pytest.raises(UnitError, match=r"^household size: .* is above 9,007,199,254,740,991"):
            Count(5, "household").to_persons(size)
        with pytest.raises(ValidationError, match=r"^household_size: .* is above 9,007,199,254,740,991"):
            Count(5, household_size=size)
        with pytest.raises(ValidationError, match=r"^sizes\['AFG'\]: .* is above 9,007,199,254,740,991"):
            HouseholdSizes({"AFG": size})
        with pytest.raises(ValidationError, match=r"^default: .* is above 9,007,199,254,740,991"):
            HouseholdSizes({}, default=size)


class TestOddFloats:
    @pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
    def test_nan_and_infinity_are_refused(self, bad: float) -> None:
        with pytest.raises(ValidationError, match=r"^value: .* is not a finite number$"):
            Count(bad)

    def test_negative_zero_is_zero(self) -> None:
        count = Count(-0.0)
        assert math.copysign(1, count.magnitude) == 1
        assert repr(count) == "Count(0.0)"
        assert str(count) == "0 people"

    def test_subnormal_numbers_are_counts_with_a_bounded_text(self) -> None:
        count = Count(5e-324, "person / day")
        assert count.magnitude == 5e-324
        text = str(count)
        assert text.startswith("0.000")
        assert text.endswith("5 people per day")
        assert len(text) < 400

    def test_round_with_odd_digits(self) -> None:
        # round(15, -10**30) in Python builds 10**(10**30): it never returns
        assert round(Count(15), -(10**30)) == Count(0)
        assert round(Count(1.25), 10**30) == Count(1.25)
        with pytest.raises(
            DisplacementError, match=r"^round\(\) needs a whole number of digits, got '2' \(str\)$"
        ):
            round(Count(1.5), "2")  # type: ignore[call-overload]


class TestMessagesAreBounded:
    def test_long_values_are_not_echoed_whole(self) -> None:
        for make in (
            lambda: Count("x" * 100_000),
            lambda: Count(1, qualifier="x" * 100_000),
            lambda: Count(1, qualifier=Qualifier.RANGE, upper="x" * 100_000),
            lambda: Count(-(10**5000)),
            lambda: HouseholdSizes({"AFG": -(10**5000)}),
            lambda: HouseholdSizes({"AFG": 4}).size("x" * 100_000),
        ):
            with pytest.raises(DisplacementError) as exc:
                make()
            assert len(str(exc.value)) < 500

    def test_converting_something_that_is_not_a_count(self) -> None:
        with pytest.raises(UnitError, match=r"^expected a Count to convert to persons, got 5 \(int\)$"):
            HouseholdSizes({"AFG": 4}).to_persons(5, "AFG")  # type: ignore[arg-type]


class TestPeriodEdges:
    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (
                lambda: Period.year(10**30),
                "year: no year <an int of about 30 digits> (years run from 1 to 9999)",
            ),
            (lambda: Period.year(10_000), "year: no year 10000 (years run from 1 to 9999)"),
            (lambda: Period.year(True), "year: expected a whole number, got True (bool)"),
            (
                lambda: Period.month(2022, 10**30),
                "month: no month 2022-<an int of about 30 digits> (years run from 1 to 9999, months from 1 to 12)",
            ),
            (
                lambda: Period.month(2022, 13),
                "month: no month 2022-13 (years run from 1 to 9999, months from 1 to 12)",
            ),
            (
                lambda: Period.month(2022.0, 1),  # type: ignore[arg-type]
                "year: expected a whole number, got 2022.0 (float)",
            ),
            (lambda: Period.week(date.max), "day: the week of 9999-12-31 is out of range"),
            (
                lambda: Period(date(2022, 1, 1)).contains("2022-01-02"),  # type: ignore[arg-type]
                "day: expected a date, got '2022-01-02' (str)",
            ),
            (
                lambda: Period(date(2022, 1, 1)).contains(datetime(2022, 1, 2)),
                "day: expected a date, got datetime.datetime(2022, 1, 2, 0, 0) (datetime)",
            ),
            (
                lambda: Period(date(2022, 1, 1)).overlaps(None, 5),  # type: ignore[arg-type]
                "end: expected a date, got 5 (int)",
            ),
        ],
    )
    def test_out_of_range_and_wrong_types_are_validation_errors(self, make: object, message: str) -> None:
        with pytest.raises(ValidationError) as exc:
            make()  # type: ignore[operator]
        assert str(exc.value) == message

    def test_the_whole_calendar(self) -> None:
        assert Period.year(9999).end == date.max
        assert Period.month(1, 1).start == date.min
        assert Period(date.min, date.max, open_start=True).days == (3_652_058, 3_652_059)


# -- no bare exception from any operation on any input -----------------------------------------

ODD_NUMBERS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([MAX_MAGNITUDE, MAX_MAGNITUDE + 1, 2**64, 10**400, 10**5000, -(10**5000)]),
    st.floats(),  # every float: nan, infinities, subnormals, -0.0
    st.sampled_from([True, None, "98000", "1e999 person", "9" * 5000, [1]]),
)
ODD_UNITS = st.sampled_from(
    [
        *("person", "household", "person / day", "household / week", "person / second", "person / year"),
        *("kiloperson", "metre", "", "person / kiloday", 5, "x" * 10_000),
    ]
)


def _quietly(make: object) -> object:
    """Run *make*: a result, or None for a `DisplacementError`; any other exception fails the test."""
    try:
        return make()  # type: ignore[operator]
    except DisplacementError:
        return None


@given(
    ODD_NUMBERS, ODD_UNITS, st.sampled_from(list(Qualifier)), ODD_NUMBERS, ODD_NUMBERS, ODD_UNITS, ODD_NUMBERS
)
def test_no_operation_on_a_count_raises_a_bare_exception(
    value: object,
    unit: object,
    qualifier: Qualifier,
    upper: object,
    other: object,
    other_unit: object,
    size: object,
) -> None:
    a = _quietly(lambda: Count(value, unit, qualifier, upper if qualifier is Qualifier.RANGE else None))  # type: ignore[arg-type]
    b = _quietly(lambda: Count(other, other_unit))  # type: ignore[arg-type]
    _quietly(lambda: Count(value, household_size=size))  # type: ignore[arg-type]
    _quietly(lambda: HouseholdSizes({"AFG": size}, default=value))  # type: ignore[arg-type, dict-item]
    for count in (a, b):
        if isinstance(count, Count):
            assert str(count)
            assert repr(count)
            assert count.bounds[0] is not None
            _quietly(lambda c=count: c.to_persons(size))
            _quietly(lambda c=count: round(c, size))  # type: ignore[call-overload]
    if isinstance(a, Count) and isinstance(b, Count):
        _quietly(lambda: a + b)
        _quietly(lambda: a < b)
        _quietly(lambda: a <= b)
        _quietly(lambda: a > b)
        _quietly(lambda: a >= b)
