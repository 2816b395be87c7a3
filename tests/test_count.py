"""Count: construction, validation rules, bounds, households and units."""

from __future__ import annotations

import math
import pickle
from fractions import Fraction

import attrs
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import Count, Qualifier, UnitError, ValidationError, ureg
from displacement.count import MAX_MAGNITUDE

NON_RANGE = [q for q in Qualifier if q is not Qualifier.RANGE]


def problem(exc: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    [detail] = exc.value.errors
    return detail.path, detail.message


class TestConstruction:
    def test_number_defaults_to_exact_persons(self) -> None:
        c = Count(98000)
        assert (c.magnitude, c.unit, c.qualifier, c.upper_magnitude) == (
            98000,
            "person",
            Qualifier.EXACT,
            None,
        )
        assert c.value == ureg.Quantity(98000, "person")
        assert c.value._REGISTRY is ureg

    @pytest.mark.parametrize(
        ("text", "magnitude", "unit"),
        [
            ("98000 person", 98000, "person"),
            ("98000 people", 98000, "person"),
            ("  12.5 households ", 12.5, "household"),
            ("200 families", 200, "household"),
            ("3e3 individuals", 3000.0, "person"),
            ("7", 7, "person"),
        ],
    )
    def test_string(self, text: str, magnitude: float, unit: str) -> None:
        c = Count(text)
        assert (c.magnitude, c.unit) == (magnitude, unit)
        assert type(c.magnitude) is type(magnitude)

    def test_quantity_of_the_shared_registry(self) -> None:
        assert Count(ureg.Quantity(5, "household")) == Count(5, "household")

    def test_quantity_of_another_registry(self) -> None:
        other = pint.UnitRegistry()
        other.define("person = [population]")
        c = Count(other.Quantity(40, "person"))
        assert c == Count(40)
        assert c.value._REGISTRY is ureg

    def test_qualifier_given_as_string(self) -> None:
        assert Count(5, qualifier="more_than").qualifier is Qualifier.MORE_THAN
        assert Count(5, qualifier="at least").qualifier is Qualifier.AT_LEAST

    def test_range(self) -> None:
        c = Count(200, "household", Qualifier.RANGE, upper=300)
        assert c.upper == ureg.Quantity(300, "household")
        assert Count(1, qualifier=Qualifier.RANGE, upper="2 person").upper_magnitude == 2

    def test_rate_units(self) -> None:
        assert Count(5, "persons / week").unit == "person / week"
        assert Count(5, "household/day").unit == "household / day"

    def test_equality_and_hash_by_value(self) -> None:
        assert Count(5) == Count(5.0) == Count("5 people")
        assert hash(Count(5)) == hash(Count(5.0))
        assert Count(5) != Count(5, "household")
        assert Count(5) != Count(5, qualifier=Qualifier.APPROXIMATE)

    def test_immutable(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            Count(5).magnitude = 6  # type: ignore[misc]

    def test_evolve_goes_through_validation(self) -> None:
        c = Count(5, qualifier=Qualifier.MORE_THAN)
        assert attrs.evolve(c, value=6) == Count(6, qualifier=Qualifier.MORE_THAN)
        with pytest.raises(ValidationError):
            attrs.evolve(c, value=-1)

    def test_repr_round_trips(self) -> None:
        for c in [
            Count(5),
            Count(2.5, "household", Qualifier.RANGE, upper=4),
            Count(9, qualifier=Qualifier.AT_MOST),
        ]:
            assert eval(repr(c), {"Count": Count, "Qualifier": Qualifier}) == c

    def test_pickle(self) -> None:
        c = Count(200, "household", Qualifier.RANGE, upper=300)
        assert pickle.loads(pickle.dumps(c)) == c


class TestValidation:
    @pytest.mark.parametrize("bad", [-1, -0.5, -98000])
    def test_negative(self, bad: float) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(bad)
        assert problem(exc) == ("value", f"{bad!r} is negative")

    @pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
    def test_not_finite(self, bad: float) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(bad)
        assert problem(exc)[0] == "value"
        assert "not a finite number" in problem(exc)[1]

    @pytest.mark.parametrize("bad", [True, None, [5], {"value": 5}, b"5", object()])
    def test_wrong_type(self, bad: object) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(bad)  # type: ignore[arg-type]
        assert problem(exc)[0] == "value"
        assert exc.value.errors[0].value is bad

    @pytest.mark.parametrize("unit", ["metre", "second", "dimensionless", "kg / day", "person * day"])
    def test_wrong_dimension(self, unit: str) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(5, unit)
        path, message = problem(exc)
        assert path == "unit"
        assert "is not a count unit" in message

    def test_wrong_dimension_in_a_quantity(self) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(ureg.Quantity(5, "metre"))
        assert problem(exc)[0] == "value"

    def test_unknown_unit(self) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(5, "persns")
        assert problem(exc)[0] == "unit"
        assert problem(exc)[1].startswith("'persns' is not a count unit: a count unit is person")

    @pytest.mark.parametrize("text", ["98,000 people", "lots", "", "five people", "5 5"])
    def test_unparsable_string(self, text: str) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(text)
        assert problem(exc)[0] == "value"

    def test_negative_string(self) -> None:
        with pytest.raises(ValidationError, match="-5 is negative"):
            Count("-5 people")

    def test_quantity_magnitude_must_be_int_or_float(self) -> None:
        with pytest.raises(ValidationError, match="int or float magnitude"):
            Count(ureg.Quantity(Fraction(1, 3), "person"))

    def test_unit_given_twice_must_agree(self) -> None:
        assert Count("5 people", "person") == Count(5)
        with pytest.raises(ValidationError) as exc:
            Count("5 people", "household")
        assert problem(exc)[0] == "unit"

    def test_range_needs_upper(self) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(5, qualifier=Qualifier.RANGE)
        assert problem(exc) == ("upper", "a range needs an upper bound")

    @pytest.mark.parametrize("upper", [5, 4, 0])
    def test_range_upper_above_value(self, upper: int) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(5, qualifier=Qualifier.RANGE, upper=upper)
        assert problem(exc)[0] == "upper"

    @pytest.mark.parametrize("qualifier", NON_RANGE)
    def test_only_range_has_upper(self, qualifier: Qualifier) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(5, qualifier=qualifier, upper=10)
        assert problem(exc)[0] == "upper"

    def test_upper_validated_like_value(self) -> None:
        for bad in (math.nan, math.inf, True):
            with pytest.raises(ValidationError) as exc:
                Count(5, qualifier=Qualifier.RANGE, upper=bad)
            assert problem(exc)[0] == "upper"

    def test_upper_unit_must_match(self) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(5, qualifier=Qualifier.RANGE, upper="10 households")
        assert problem(exc)[0] == "upper"

    def test_bad_qualifier(self) -> None:
        with pytest.raises(ValidationError) as exc:
            Count(5, qualifier="roughly")
        assert problem(exc)[0] == "qualifier"
        with pytest.raises(ValidationError):
            Count(5, qualifier=3)  # type: ignore[arg-type]

    def test_errors_are_value_errors(self) -> None:
        with pytest.raises(ValueError, match="negative"):
            Count(-1)

    @given(
        st.one_of(
            st.integers(max_value=-1), st.floats(max_value=-1e-300, allow_nan=False, allow_infinity=False)
        )
    )
    def test_any_negative_number_is_refused(self, bad: float) -> None:
        with pytest.raises(ValidationError, match="negative"):
            Count(bad)

    @given(
        st.one_of(
            st.integers(min_value=0, max_value=MAX_MAGNITUDE),
            st.floats(min_value=0, max_value=MAX_MAGNITUDE, allow_nan=False),
        )
    )
    def test_any_non_negative_number_up_to_the_maximum_is_accepted(self, good: float) -> None:
        assert Count(good).magnitude == good

    @given(
        st.one_of(
            st.integers(min_value=MAX_MAGNITUDE + 1),
            st.floats(min_value=MAX_MAGNITUDE + 1, allow_nan=False, allow_infinity=False),
        )
    )
    def test_any_number_above_the_maximum_is_refused(self, bad: float) -> None:
        with pytest.raises(
            ValidationError, match=r"^value: .* is above 9,007,199,254,740,991 \(2\*\*53 - 1\)"
        ):
            Count(bad)


class TestBounds:
    @pytest.mark.parametrize(
        ("qualifier", "expected"),
        [
            (Qualifier.EXACT, (10, 10)),
            (Qualifier.APPROXIMATE, (10, 10)),
            (Qualifier.AT_LEAST, (10, None)),
            (Qualifier.MORE_THAN, (10, None)),
            (Qualifier.AT_MOST, (0, 10)),
            (Qualifier.LESS_THAN, (0, 10)),
        ],
    )
    def test_bounds(self, qualifier: Qualifier, expected: tuple[int, int | None]) -> None:
        c = Count(10, qualifier=qualifier)
        assert c.bound_magnitudes == expected
        low, high = c.bounds
        assert low == ureg.Quantity(expected[0], "person")
        assert high == (None if expected[1] is None else ureg.Quantity(expected[1], "person"))

    def test_range_bounds(self) -> None:
        assert Count(10, qualifier=Qualifier.RANGE, upper=20).bound_magnitudes == (10, 20)


class TestHouseholds:
    def test_different_dimensions(self) -> None:
        with pytest.raises(pint.DimensionalityError):
            _ = Count(5).value + Count(5, "household").value

    def test_persons_and_metres_do_not_mix(self) -> None:
        with pytest.raises(pint.DimensionalityError):
            _ = Count(5).value + ureg.Quantity(1, "metre")

    def test_to_persons(self) -> None:
        assert Count(200, "household").to_persons(household_size=4.5) == Count(900.0, household_size=4.5)
        assert Count(200, "household", Qualifier.RANGE, upper=300).to_persons(5) == Count(
            1000, qualifier=Qualifier.RANGE, upper=1500, household_size=5
        )
        assert Count(10, "household", Qualifier.MORE_THAN).to_persons(3).qualifier is Qualifier.MORE_THAN

    def test_to_persons_with_a_quantity(self) -> None:
        size = ureg.Quantity(4, "person / household")
        assert Count(2, "household").to_persons(size) == Count(8, household_size=4)

    def test_to_persons_of_a_rate(self) -> None:
        assert Count(2, "household / day").to_persons(4).unit == "person / day"

    def test_persons_stay_persons(self) -> None:
        c = Count(7)
        assert c.to_persons() is c
        assert c.to_persons(household_size=5) is c

    def test_households_need_a_size(self) -> None:
        with pytest.raises(UnitError, match="household size"):
            Count(200, "household").to_persons()

    @pytest.mark.parametrize("size", [0, -2, math.nan, math.inf, True, "5"])
    def test_bad_household_size(self, size: object) -> None:
        with pytest.raises(UnitError, match="household size"):
            Count(200, "household").to_persons(size)  # type: ignore[arg-type]

    def test_household_size_of_wrong_unit(self) -> None:
        with pytest.raises(UnitError, match="person / household"):
            Count(2, "household").to_persons(ureg.Quantity(4, "metre"))

    def test_pint_context_needs_a_size(self) -> None:
        q = ureg.Quantity(200, "household")
        assert q.to("person", "household_size", size=4.5).magnitude == 900
        assert ureg.Quantity(900, "person").to("household", "household_size", size=4.5).magnitude == 200
        with pytest.raises(UnitError):
            q.to("person", "household_size")
        with pytest.raises(pint.DimensionalityError):
            q.to("person")


class TestText:
    @pytest.mark.parametrize(
        ("count", "text"),
        [
            (Count(98000), "98,000 people"),
            (Count(1), "1 person"),
            (Count(1, "household"), "1 household"),
            (Count(98000, qualifier=Qualifier.MORE_THAN), "more than 98,000 people"),
            (Count(5000, qualifier=Qualifier.APPROXIMATE), "about 5,000 people"),
            (Count(20, "household", Qualifier.AT_LEAST), "at least 20 households"),
            (Count(3, qualifier=Qualifier.AT_MOST), "at most 3 people"),
            (Count(3, qualifier=Qualifier.LESS_THAN), "less than 3 people"),
            (Count(2, qualifier=Qualifier.RANGE, upper=3.5), "between 2 and 3.5 people"),
            (Count(14000.0, "person / day"), "14,000 people per day"),
        ],
    )
    def test_str(self, count: Count, text: str) -> None:
        assert str(count) == text


def test_huge_integers_are_refused_not_crashes() -> None:
    with pytest.raises(
        ValidationError, match=r"^value: a number of about 400 digits is above 9,007,199,254,740,991"
    ):
        Count(10**400)
    with pytest.raises(UnitError, match=r"^household size: a number of about 400 digits is above"):
        Count(5, "household").to_persons(10**400)
    from displacement import Place

    with pytest.raises(ValidationError, match="outside"):
        Place("KAZ", lat=10**400, lon=0)


def test_less_than_zero_is_refused() -> None:
    # "less than 0 people" counts nobody; accepting it made interval sums depend on their order
    with pytest.raises(ValidationError, match=r"^value: less than 0 is no number of people"):
        Count(0, qualifier="less than")
    assert Count(0, qualifier="at most") == Count(0, qualifier=Qualifier.AT_MOST)
    assert (Count(0) + Count(1, qualifier="less than")) + Count(1, qualifier="at most") == Count(0) + (
        Count(1, qualifier="less than") + Count(1, qualifier="at most")
    )


class TestIssue14:
    """Count's constructor stays hand-written, with its defaults declared on the fields (issue 14)."""

    def test_the_fields_declare_the_init_defaults(self) -> None:
        fields = attrs.fields(Count)
        assert fields.unit.default is None  # the value's unit, else person
        assert fields.qualifier.default is Qualifier.EXACT
        assert fields.upper_magnitude.default is None
        assert fields.household_size.default is None

    def test_generic_attrs_tooling_builds_a_count(self) -> None:
        """A plain cattrs converter (aliases, attrs defaults) builds counts with no special case."""
        import cattrs

        converter = cattrs.Converter(use_alias=True)
        for number in (int | float, int | float | None):
            converter.register_structure_hook(number, lambda value, _: value)
        assert converter.structure({"value": 5}, Count) == Count(5)
        assert converter.structure(
            {"value": 200, "unit": "families", "qualifier": "range", "upper": 300}, Count
        ) == Count(200, "household", Qualifier.RANGE, upper=300)

    def test_too_large_is_the_one_message(self) -> None:
        from displacement.count import too_large

        limit = "is above 9,007,199,254,740,991 (2**53 - 1), the largest number a count holds exactly"
        assert too_large(2**53) == f"9,007,199,254,740,992 {limit}"
        assert too_large(1e300) == f"1e+300 {limit}"
        assert too_large(10**400) == f"a number of about 400 digits {limit}"
        assert too_large("'9007199254740993.0'") == f"'9007199254740993.0' {limit}"  # as the caller shows it
        assert too_large("9" * 5000) == f"a number written with 5,000 characters {limit}"
        with pytest.raises(ValidationError) as exc:
            Count(2**53)
        assert problem(exc) == ("value", too_large(2**53))

    def test_a_long_string_is_shown_as_every_message_shows_one(self) -> None:
        with pytest.raises(ValidationError) as exc:
            Count("x" * 1000)
        assert problem(exc)[1].startswith(f"'{'x' * 80}'... (1,000 characters) is not a number")
