"""A stock's as-of date with a precision (issue 17): "in July" is not an exact day.

`Stock.as_of_precision` says how precisely `Stock.as_of` is known; `Stock.as_of_period` is the
span. Queries, totals, reconciliation and duplicate detection compare the span; every format
carries the precision, and files written before it existed read as day-precise.
"""

from __future__ import annotations

import io
import json as _json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import find, given

from displacement import (
    Count,
    Dataset,
    Period,
    Place,
    Policy,
    Population,
    PopulationCategory,
    Precision,
    Reason,
    SetAside,
    Stock,
    ValidationError,
    strategies,
)
from displacement.io import csv, json

REFUGEES = Population(PopulationCategory.REFUGEES, nationality="SDN")


def stock(
    id: str,
    as_of: date | Period,
    count: int = 100,
    *,
    precision: Precision = Precision.DAY,
    place: str = "TCD",
    population: Population = REFUGEES,
) -> Stock:
    return Stock(
        id,
        place=Place(place),
        population=population,
        count=Count(count),
        as_of=as_of,
        as_of_precision=precision,
    )


# -- the model ---------------------------------------------------------------------------------


def test_a_stock_is_day_precise_by_default() -> None:
    s = stock("s", date(2023, 7, 15))
    assert s.as_of_precision is Precision.DAY
    assert s.as_of_period == Period.day(date(2023, 7, 15))
    assert "as_of_precision" not in repr(s)


@pytest.mark.parametrize(
    ("precision", "span"),
    [
        (Precision.WEEK, (date(2023, 7, 10), date(2023, 7, 16))),
        (Precision.MONTH, (date(2023, 7, 1), date(2023, 7, 31))),
        (Precision.YEAR, (date(2023, 1, 1), date(2023, 12, 31))),
    ],
)
def test_the_date_stays_as_given_and_the_period_is_its_span(
    precision: Precision, span: tuple[date, date]
) -> None:
    s = stock("s", date(2023, 7, 15), precision=precision)
    assert s.as_of == date(2023, 7, 15)  # kept as the source gave it, not moved to the first day
    assert (s.as_of_period.start, s.as_of_period.end, s.as_of_period.precision) == (*span, precision)
    assert repr(s).endswith(f"as_of=datetime.date(2023, 7, 15), as_of_precision=Precision.{precision.name})")


def test_a_whole_period_gives_the_date_and_its_precision() -> None:
    assert stock("m", Period.month(2023, 7)) == stock("m", date(2023, 7, 1), precision=Precision.MONTH)
    assert stock("y", Period.year(2023)) == stock("y", date(2023, 1, 1), precision=Precision.YEAR)
    assert stock("w", Period.week(date(2023, 7, 13))) == stock(
        "w", date(2023, 7, 10), precision=Precision.WEEK
    )
    assert stock("d", Period.day(date(2023, 7, 13))) == stock("d", date(2023, 7, 13))
    # the same precision given twice is no conflict
    assert stock("m", Period.month(2023, 7), precision=Precision.MONTH).as_of_precision is Precision.MONTH


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"as_of": Period(date(2023, 7, 1), date(2023, 7, 9))},
            "as_of: a stock's date is one whole day, ISO week, month or year; "
            "the period 2023-07-01 to 2023-07-09 is not",
        ),
        (
            {"as_of": Period(date(2023, 7, 1), date(2023, 7, 31))},  # a month's days, but day-precise
            "as_of: a stock's date is one whole day, ISO week, month or year; "
            "the period 2023-07-01 to 2023-07-31 is not",
        ),
        (
            {"as_of": Period(date(2023, 7, 1), None)},
            "as_of: a stock's date is one whole day, ISO week, month or year; the period 2023-07-01 to ... is not",
        ),
        (
            {"as_of": Period.month(2023, 7), "as_of_precision": Precision.YEAR},
            "as_of_precision: year differs from the month of as_of (2023-07)",
        ),
        (
            {"as_of": date.max, "as_of_precision": Precision.WEEK},
            "as_of_precision: no week around 9999-12-31 (the week of 9999-12-31 is out of range)",
        ),
        (
            {"as_of": date(2023, 7, 1), "as_of_precision": "month"},
            "as_of_precision: expected a Precision (DAY, WEEK, MONTH, YEAR), got 'month' (str) "
            "(use Precision('month'))",
        ),
        ({"as_of": "2023-07"}, "as_of: expected a date, got '2023-07' (str)"),
    ],
)
def test_a_bad_date_or_precision_is_refused_naming_the_field(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        Stock("s", place=Place("TCD"), population=REFUGEES, count=None, **kwargs)  # type: ignore[arg-type]
    assert str(info.value) == message


@given(strategies.stocks())
def test_drawn_stocks_have_a_span_that_holds_their_date(s: Stock) -> None:
    assert s.as_of_period.precision is s.as_of_precision
    assert s.as_of_period.contains(s.as_of)
    assert json.loads(json.dumps(s), Stock) == s


@pytest.mark.parametrize("precision", list(Precision))
def test_stocks_draw_every_precision(precision: Precision) -> None:
    assert find(strategies.stocks(), lambda s: s.as_of_precision is precision).as_of_precision is precision


# -- queries -----------------------------------------------------------------------------------

JULY = stock("july", date(2023, 7, 20), precision=Precision.MONTH)
DAY_15 = stock("day-15", date(2023, 7, 15))
YEAR = stock("year", date(2023, 6, 30), precision=Precision.YEAR)


def test_stocks_where_matches_a_span_that_overlaps_the_stocks_date() -> None:
    ds = Dataset(stocks=[JULY, DAY_15, YEAR])
    ids = lambda **kw: [s.id for s in ds.stocks_where(**kw)]  # noqa: E731
    # "July" (given as the 20th) may hold on 1 to 10 July: its day alone would not match
    assert ids(start=date(2023, 7, 1), end=date(2023, 7, 10)) == ["july", "year"]
    assert ids(start=date(2023, 7, 25)) == ["july", "year"]
    assert ids(end=date(2023, 6, 30)) == ["year"]
    assert ids(start=date(2023, 8, 1)) == ["year"]
    assert ids(start=date(2024, 1, 1)) == []
    assert ids(start=date(2023, 7, 15), end=date(2023, 7, 15)) == ["july", "day-15", "year"]


# -- totals ------------------------------------------------------------------------------------


def test_a_total_during_a_span_sets_aside_a_stock_whose_date_lies_only_partly_within() -> None:
    ds = Dataset(stocks=[JULY])
    first_half = ds.total("stocks", by=(), during=Period(date(2023, 7, 1), date(2023, 7, 20)))
    assert first_half[()].count is None
    assert first_half[()].set_aside == (SetAside("july", Reason.PARTLY_OUTSIDE),)
    whole = ds.total("stocks", by=(), during=Period.month(2023, 7))
    assert (whole[()].count, whole[()].records) == (Count(100), ("july",))
    third_quarter = ds.total("stocks", by=(), during=Period(date(2023, 7, 1), date(2023, 9, 30)))
    assert third_quarter[()].records == ("july",)


def total(*stocks: Stock, policy: Policy = Policy.LATEST) -> tuple[object, ...]:
    t = Dataset(stocks=stocks).total("stocks", by=(), policy=policy)[()]
    return t.count, t.records, t.set_aside


def test_latest_a_day_within_a_month_wins_over_the_month() -> None:
    """ "July" may be 1 July: it is not taken to be later than 15 July, nor earlier (not superseded)."""
    assert total(JULY, stock("day-15", date(2023, 7, 15), 90)) == (
        Count(90),
        ("day-15",),
        (SetAside("july", Reason.SAME_FACT, "day-15"),),
    )
    # the day the month was given on (the 20th) does not make it later than the 15th
    assert total(stock("july-31", date(2023, 7, 31), precision=Precision.MONTH), DAY_15)[1] == ("day-15",)


def test_latest_a_month_supersedes_a_day_before_it() -> None:
    assert total(JULY, stock("june-30", date(2023, 6, 30), 90)) == (
        Count(100),
        ("july",),
        (SetAside("june-30", Reason.SUPERSEDED, "july"),),
    )


def test_latest_the_first_day_of_the_month_wins_over_the_month() -> None:
    """Equal first days: the more precise date wins."""
    first = stock("july-1", date(2023, 7, 1), 90)
    assert total(JULY, first)[1:] == (("july-1",), (SetAside("july", Reason.SAME_FACT, "july-1"),))


def test_a_year_end_figure_wins_over_a_year_precise_figure() -> None:
    year_end = stock("dec-31", date(2023, 12, 31), 90)
    assert total(YEAR, year_end)[1:] == (("dec-31",), (SetAside("year", Reason.SAME_FACT, "dec-31"),))
    # a figure of the next year supersedes the year's
    next_year = stock("jan-2024", date(2024, 1, 1), 80)
    assert total(YEAR, next_year)[1:] == (("jan-2024",), (SetAside("year", Reason.SUPERSEDED, "jan-2024"),))


def test_other_policies_choose_among_stocks_whose_dates_may_be_the_latest() -> None:
    """Not superseded, "July" stays a candidate: the maximum takes it over 15 July."""
    assert total(JULY, stock("day-15", date(2023, 7, 15), 90), policy=Policy.MAXIMUM) == (
        Count(100),
        ("july",),
        (SetAside("day-15", Reason.SAME_FACT, "july"),),
    )
    assert total(JULY, stock("day-15", date(2023, 7, 15), 90), policy=Policy.RANGE)[:2] == (
        Count(90, qualifier="range", upper=100),
        ("day-15", "july"),
    )


def test_day_precise_stocks_reconcile_as_before() -> None:
    assert total(stock("a", date(2023, 7, 1), 90), DAY_15) == (
        Count(100),
        ("day-15",),
        (SetAside("a", Reason.SUPERSEDED, "day-15"),),
    )


# -- suspected duplicates ----------------------------------------------------------------------


def test_a_year_precise_stock_is_near_every_stock_of_its_year() -> None:
    others = Population(PopulationCategory.ASYLUM_SEEKERS, nationality="SDN")
    october = stock("oct", date(2023, 10, 15), population=others)
    year = stock("year", date(2023, 1, 1), precision=Precision.YEAR)
    found = Dataset(stocks=[year, october]).suspected_duplicates()
    assert [(g.kind, g.records) for g in found] == [("stocks", ("oct", "year"))]
    # the same day without a precision is 287 days away: not the same time
    day = stock("year", date(2023, 1, 1))
    assert Dataset(stocks=[day, october]).suspected_duplicates() == ()
    # a year-precise stock of the year before is not near
    before = stock("year", date(2022, 1, 1), precision=Precision.YEAR)
    assert Dataset(stocks=[before, october]).suspected_duplicates() == ()


# -- formats -----------------------------------------------------------------------------------

STOCKS = (
    stock("d", date(2023, 7, 15)),
    stock("w", date(2023, 7, 13), precision=Precision.WEEK),
    stock("m", date(2023, 7, 20), precision=Precision.MONTH),
    stock("y", date(2023, 6, 30), precision=Precision.YEAR),
)


def test_json_round_trip_and_the_key() -> None:
    ds = Dataset(stocks=STOCKS)
    document = json.unstructure(ds)
    assert document["schema_version"] == "1.2"
    assert [s.get("as_of_precision") for s in document["stocks"]] == [None, "week", "month", "year"]
    assert json.loads(json.dumps(ds)) == ds


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_older_json_documents_read_as_day_precise(version: str) -> None:
    document = json.unstructure(Dataset(stocks=STOCKS[:1]))
    document["schema_version"] = version
    assert "as_of_precision" not in document["stocks"][0]
    assert json.structure(document, Dataset).stocks[0].as_of_precision is Precision.DAY


def test_json_names_a_bad_precision_with_its_path() -> None:
    document = json.unstructure(Dataset(stocks=STOCKS[:1]))
    document["stocks"][0]["as_of_precision"] = "fortnight"
    with pytest.raises(ValidationError) as info:
        json.loads(_json.dumps(document))
    assert [(e.path, e.message) for e in info.value.errors] == [
        (
            "stocks[0].as_of_precision",
            "expected one of 'day', 'week', 'month', 'year', got the string 'fortnight'",
        )
    ]


def test_the_json_schema_accepts_the_precision_and_refuses_others() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from displacement.io import schema

    validator = jsonschema.Draft202012Validator(schema.json_schema())
    document = json.unstructure(Dataset(stocks=STOCKS))
    assert list(validator.iter_errors(document)) == []
    document["stocks"][0]["as_of_precision"] = "fortnight"
    assert [e.json_path for e in validator.iter_errors(document)] == ["$.stocks[0].as_of_precision"]


def test_csv_round_trip_and_the_column() -> None:
    out = io.StringIO()
    csv.dump(list(STOCKS), out, kind="stocks")
    header = out.getvalue().splitlines()[0].split(",")
    assert "as_of_precision" in header
    column = header.index("as_of_precision")
    assert [line.split(",")[column] for line in out.getvalue().splitlines()[1:]] == [
        "",  # the default, as every default is written in CSV
        "week",
        "month",
        "year",
    ]
    assert csv.load(io.StringIO(out.getvalue()), "stocks").dataset.stocks == STOCKS


def test_a_csv_file_without_the_column_reads_as_day_precise() -> None:
    out = io.StringIO()
    csv.dump(list(STOCKS[:1]), out, kind="stocks")
    rows = [line.split(",") for line in out.getvalue().splitlines()]
    column = rows[0].index("as_of_precision")
    text = "\n".join(",".join(r[:column] + r[column + 1 :]) for r in rows) + "\n"
    assert csv.load(io.StringIO(text), "stocks").dataset.stocks == STOCKS[:1]


def test_arrow_round_trip_and_old_tables() -> None:
    arrow = pytest.importorskip("displacement.io.arrow", exc_type=ImportError)
    table = arrow.to_arrow(list(STOCKS))
    assert table.column("as_of_precision").to_pylist() == ["day", "week", "month", "year"]
    assert arrow.from_arrow(table).dataset.stocks == STOCKS
    old = table.drop_columns(["as_of_precision"])
    assert [s.as_of_precision for s in arrow.from_arrow(old).dataset.stocks] == [Precision.DAY] * 4


def test_hxl_round_trip_and_files_without_the_column(tmp_path: Path) -> None:
    from displacement.io.hxl import read_hxl, write_hxl

    path = tmp_path / "stocks.csv"
    write_hxl(list(STOCKS), path, kind="stocks")
    header, tags, *rows = (line.split(",") for line in path.read_text(encoding="utf-8").splitlines())
    column = tags.index("#x_precision+asof")
    assert (header[column], [r[column] for r in rows]) == ("Date precision", ["day", "week", "month", "year"])
    assert read_hxl(path).dataset.stocks == STOCKS
    # a file from elsewhere with only a #date: its dates are days
    without = [r[:column] + r[column + 1 :] for r in (header, tags, *rows)]
    path.write_text("\n".join(",".join(r) for r in without) + "\n", encoding="utf-8")
    assert [s.as_of_precision for s in read_hxl(path).dataset.stocks] == [Precision.DAY] * 4
