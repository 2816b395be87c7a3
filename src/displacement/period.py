"""When: `Period`, a span of dates with how precisely they are known.

Either end may be open (``None``: unknown or still going on). Both end days are *included*: a
period from 21 to 27 September covers 7 days. A period whose count runs "since" a moment inside
its first day (an announcement on 21 September) has ``open_start=True``: its first day is only
partly covered, so it lasts between 6 and 7 days, and rates derived from it say so.

>>> Period.month(2022, 1)
Period(datetime.date(2022, 1, 1), datetime.date(2022, 1, 31), precision=Precision.MONTH)
>>> Period(date(2022, 9, 21), date(2022, 9, 27), open_start=True).days
(6, 7)
>>> Period(date(2022, 9, 27), date(2022, 9, 21))
Traceback (most recent call last):
...
displacement.errors.ValidationError: end: 2022-09-21 is before the start 2022-09-27
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from . import _validate as v
from ._repr import Choice
from .errors import ValidationError

__all__ = ["Period", "Precision"]


class Precision(Choice):
    """How precisely a period's dates are known."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


def _check_bool(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bool):
        raise v.fail(attribute, f"expected True or False, got {v.show(value)}", value)


def _check_day(day: Any, name: str = "day") -> None:
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValidationError.single(name, f"expected a date, got {v.show(day)}", day)


def _check_whole(value: Any, name: str) -> None:
    """A year or a month is an int (not a bool, whose True would be year 1 or January)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError.single(name, f"expected a whole number, got {v.show(value)}", value)


def _short(number: int) -> str:
    """An int for a message, without thousands of digits."""
    return (
        f"{number}" if abs(number) < 10**20 else f"<an int of about {number.bit_length() * 3 // 10} digits>"
    )


@attrs.frozen(repr=False)
class Period:
    """A span from *start* to *end* (both included; ``None`` means open).

    *precision* says how precisely the dates are known (a year-precision period from a report
    saying "earlier this year"). *as_of* is the date a cumulative figure is reported as of.
    *open_start* marks a start at a moment inside the start day ("since the announcement"),
    which makes that day count only partly.
    """

    start: date | None = attrs.field(default=None, validator=v.date_value(date))
    """First day covered, or ``None`` when the start is unknown or unbounded."""
    end: date | None = attrs.field(default=None, validator=v.date_value(date))
    """Last day covered, or ``None`` when the period is ongoing or its end unknown."""
    precision: Precision = attrs.field(default=Precision.DAY, kw_only=True, validator=v.enum(Precision))
    """How precisely `start` and `end` are known."""
    as_of: date | None = attrs.field(default=None, kw_only=True, validator=v.date_value(date))
    """The date a cumulative figure over this period is reported as of."""
    open_start: bool = attrs.field(default=False, kw_only=True, validator=_check_bool)
    """True when the period starts at a moment inside `start` ("since the announcement")."""

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValidationError.single(
                "end", f"{self.end.isoformat()} is before the start {self.start.isoformat()}", self.end
            )
        if self.start is not None and self.as_of is not None and self.as_of < self.start:
            raise ValidationError.single(
                "as_of", f"{self.as_of.isoformat()} is before the start {self.start.isoformat()}", self.as_of
            )
        if self.open_start and self.start is None:
            raise ValidationError.single("open_start", "an open start needs a start date", True)

    # -- constructors -------------------------------------------------------------------------

    @classmethod
    def day(cls, day: date) -> Period:
        """The single day *day*."""
        return cls(day, day)

    @classmethod
    def week(cls, day: date) -> Period:
        """The ISO week (Monday to Sunday) that contains *day*."""
        _check_day(day)
        try:
            monday = day - timedelta(days=day.weekday())
            return cls(monday, monday + timedelta(days=6), precision=Precision.WEEK)
        except OverflowError:
            raise ValidationError.single(
                "day", f"the week of {day.isoformat()} is out of range", day
            ) from None

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month *month* of *year*."""
        _check_whole(year, "year")
        _check_whole(month, "month")
        if not (date.min.year <= year <= date.max.year and 1 <= month <= 12):
            raise ValidationError.single(
                "month",
                f"no month {_short(year)}-{_short(month)} (years run from {date.min.year} to "
                f"{date.max.year}, months from 1 to 12)",
                (year, month),
            )
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), precision=Precision.MONTH)

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year *year*."""
        _check_whole(year, "year")
        if not date.min.year <= year <= date.max.year:
            raise ValidationError.single(
                "year", f"no year {_short(year)} (years run from {date.min.year} to {date.max.year})", year
            )
        return cls(date(year, 1, 1), date(year, 12, 31), precision=Precision.YEAR)

    @classmethod
    def around(cls, day: date, precision: Precision) -> Period:
        """The day, ISO week, month or year that contains *day*, as *precision* says."""
        _check_day(day)
        if precision is Precision.DAY:
            return cls.day(day)
        if precision is Precision.WEEK:
            return cls.week(day)
        if precision is Precision.MONTH:
            return cls.month(day.year, day.month)
        if precision is Precision.YEAR:
            return cls.year(day.year)
        raise ValidationError.single("precision", f"expected a Precision, got {v.show(precision)}", precision)

    # -- questions ----------------------------------------------------------------------------

    @property
    def days(self) -> tuple[int, int] | None:
        """``(fewest, most)`` days the period covers, or ``None`` when an end is open.

        Both end days count: 21 to 27 September is 7 days. With `open_start` the first day is
        partly covered, so the answer is a range (6, 7).
        """
        if self.start is None or self.end is None:
            return None
        whole = (self.end - self.start).days + 1
        return (whole - 1, whole) if self.open_start else (whole, whole)

    @property
    def calendar_year(self) -> int | None:
        """The year the period lies within, or ``None``: its start and its end (or, with an open
        end, its as-of date) fall in one calendar year. Totals ``by="year"`` group by it.

        >>> Period.month(2022, 3).calendar_year
        2022
        >>> print(Period(date(2021, 12, 1), date(2022, 1, 31)).calendar_year)
        None
        """
        first = self.start
        last = self.end if self.end is not None else self.as_of
        return first.year if first is not None and last is not None and first.year == last.year else None

    def contains(self, day: date) -> bool:
        """True when *day* lies within the period (open ends are unbounded)."""
        _check_day(day)
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, start: date | None = None, end: date | None = None) -> bool:
        """True when the period shares at least one day with *start*..*end* (None: unbounded)."""
        if start is not None:
            _check_day(start, "start")
        if end is not None:
            _check_day(end, "end")
        if end is not None and self.start is not None and self.start > end:
            return False
        return not (start is not None and self.end is not None and self.end < start)

    def __repr__(self) -> str:
        parts = [repr(self.start), repr(self.end)]
        if self.precision is not Precision.DAY:
            parts.append(f"precision=Precision.{self.precision.name}")
        if self.as_of is not None:
            parts.append(f"as_of={self.as_of!r}")
        if self.open_start:
            parts.append("open_start=True")
        return f"Period({', '.join(parts)})"

    def __str__(self) -> str:
        def show(day: date | None) -> str:
            if day is None:
                return "..."
            if self.precision is Precision.YEAR:
                return f"{day.year}"
            if self.precision is Precision.MONTH:
                return f"{day.year}-{day.month:02d}"
            return day.isoformat()

        first, last = show(self.start), show(self.end)
        if self.open_start:
            text = f"since {first}" + (f" until {last}" if self.end is not None else "")
        else:
            text = first if first == last else f"{first} to {last}"
        if self.as_of is not None:
            text += f" (as of {self.as_of.isoformat()})"
        return text
