"""Period: ordering, open ends, precision constructors, the day-counting rule."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import Period, Precision, ValidationError


def detail(exc: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str]:
    [d] = exc.value.errors
    return d.path, d.message


def test_end_before_start() -> None:
    with pytest.raises(ValidationError) as exc:
        Period(date(2022, 9, 27), date(2022, 9, 21))
    assert detail(exc) == ("end", "2022-09-21 is before the start 2022-09-27")


@given(st.dates(), st.dates())
def test_order_rule(a: date, b: date) -> None:
    if a <= b:
        assert Period(a, b).days == ((b - a).days + 1,) * 2
    else:
        with pytest.raises(ValidationError):
            Period(a, b)


def test_open_ends() -> None:
    assert Period(date(2022, 2, 24), None).end is None
    assert Period(None, date(2022, 2, 24)).start is None
    assert Period().days is None
    assert Period(date(2022, 2, 24), None).days is None


def test_as_of() -> None:
    p = Period(date(2022, 9, 21), None, as_of=date(2022, 9, 27))
    assert p.as_of == date(2022, 9, 27)
    with pytest.raises(ValidationError) as exc:
        Period(date(2022, 9, 21), None, as_of=date(2022, 9, 20))
    assert detail(exc)[0] == "as_of"


def test_open_start_needs_a_start() -> None:
    with pytest.raises(ValidationError) as exc:
        Period(None, date(2022, 9, 27), open_start=True)
    assert detail(exc)[0] == "open_start"


def test_open_start_must_be_bool() -> None:
    with pytest.raises(ValidationError) as exc:
        Period(date(2022, 9, 21), open_start="yes")  # type: ignore[arg-type]
    assert detail(exc)[0] == "open_start"


def test_day_counting_rule() -> None:
    # Both end days count; an open start makes the first day partial.
    assert Period(date(2022, 9, 21), date(2022, 9, 27)).days == (7, 7)
    assert Period(date(2022, 9, 21), date(2022, 9, 27), open_start=True).days == (6, 7)
    assert Period.day(date(2022, 9, 21)).days == (1, 1)


@pytest.mark.parametrize("field", ["start", "end", "as_of"])
@pytest.mark.parametrize("bad", [datetime(2022, 9, 21, 12), "2022-09-21", 20220921])
def test_dates_only(field: str, bad: object) -> None:
    with pytest.raises(ValidationError) as exc:
        Period(**{field: bad})  # type: ignore[arg-type]
    assert detail(exc)[0] == field


def test_precision_must_be_a_precision() -> None:
    with pytest.raises(ValidationError) as exc:
        Period(date(2022, 1, 1), precision="year")  # type: ignore[arg-type]
    path, message = detail(exc)
    assert path == "precision"
    assert "Precision('year')" in message


def test_month_and_year() -> None:
    assert Period.month(2022, 2) == Period(date(2022, 2, 1), date(2022, 2, 28), precision=Precision.MONTH)
    assert Period.month(2024, 2).end == date(2024, 2, 29)
    assert Period.year(2022) == Period(date(2022, 1, 1), date(2022, 12, 31), precision=Precision.YEAR)
    with pytest.raises(ValidationError):
        Period.month(2022, 13)
    with pytest.raises(ValidationError):
        Period.year(0)


@given(st.dates(), st.sampled_from(list(Precision)))
def test_around_contains_the_day(day: date, precision: Precision) -> None:
    try:
        period = Period.around(day, precision)
    except ValidationError:
        # only the ISO week of 0001-01-01 starts before the first representable date
        assert precision is Precision.WEEK
        return
    assert period.contains(day)
    assert period.precision is precision
    assert period.start is not None
    assert period.end is not None
    length = (period.end - period.start).days + 1
    assert length == {Precision.DAY: 1, Precision.WEEK: 7}.get(precision, length)


@pytest.mark.parametrize("bad", ["2022-09-21", None, datetime(2022, 9, 21), 20220921])
def test_constructors_check_their_day(bad: object) -> None:
    for build in (Period.week, lambda d: Period.around(d, Precision.MONTH)):
        with pytest.raises(ValidationError) as exc:
            build(bad)  # type: ignore[arg-type]
        assert detail(exc)[0] == "day"


def test_week_is_monday_to_sunday() -> None:
    week = Period.week(date(2022, 9, 21))  # a Wednesday
    assert (week.start, week.end) == (date(2022, 9, 19), date(2022, 9, 25))
    assert week.start is not None
    assert week.start.weekday() == 0


def test_overlaps_and_contains() -> None:
    p = Period(date(2022, 9, 21), date(2022, 9, 27))
    assert p.contains(date(2022, 9, 21))
    assert p.contains(date(2022, 9, 27))
    assert not p.contains(date(2022, 9, 28))
    assert p.overlaps(date(2022, 9, 27), None)
    assert not p.overlaps(date(2022, 9, 28), None)
    assert not p.overlaps(None, date(2022, 9, 20))
    assert Period(None, None).overlaps(date(1, 1, 1), date(1, 1, 1))
    assert Period(date(2022, 9, 21), None).overlaps(date(2030, 1, 1), None)


def test_text() -> None:
    assert str(Period.year(2022)) == "2022"
    assert str(Period.month(2022, 1)) == "2022-01"
    assert str(Period(date(2022, 9, 21), date(2022, 9, 27), open_start=True, as_of=date(2022, 9, 27))) == (
        "since 2022-09-21 until 2022-09-27 (as of 2022-09-27)"
    )
    assert str(Period(date(2022, 2, 24), None)) == "2022-02-24 to ..."
    p = Period(date(2022, 9, 21), date(2022, 9, 27), open_start=True)
    assert eval(repr(p), {"Period": Period, "Precision": Precision, "datetime": __import__("datetime")}) == p


def test_value_semantics() -> None:
    one = date(2022, 1, 1)
    assert Period(one, one + timedelta(days=1)) == Period(one, one + timedelta(days=1))
    assert len({Period.year(2022), Period.year(2022)}) == 1
