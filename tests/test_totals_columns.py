"""The columns a first `Dataset.total` builds (issue 19): made fast, and equal to the records.

`_tally._build_table` reads each part of the records (count, period, places...) into an object
array and numbers the distinct objects by the pointers the array holds; `_components` sorts the
rows of facts by one key. Both are checked here against the record-by-record view (`_tally._row`)
and the three-key sort they replace, on generated datasets, on a small messy one, and on the
real UNHCR flows. Tests of private names: they pin how the engine works, not the API.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import displacement as d
from displacement import _tally
from displacement import strategies as dst
from displacement.io.account import Load
from records import unshared

ANY_COUNT = st.none() | dst.counts(units=["person", "household", "person / day"], fractions=True)


# -- the references: what the columns hold, record by record, and the sort they replace ---------


def assert_columns_match_records(table: Any) -> None:
    """Every column of *table* is what `_tally._row` (and `FIELDS`) make of each record."""
    records = table.records
    rows = [_tally._row(table, i) for i in range(len(records))]
    assert table.ids.tolist() == [r.id for r in rows]
    assert table.start.tolist() == [r.start for r in rows]
    assert table.end.tolist() == [r.end for r in rows]
    units = sorted({r.unit for r in rows if r.unit is not None})
    unit = np.array([-1 if r.unit is None else units.index(r.unit) for r in rows], np.int64)
    expected = _tally._Intervals.of([r.interval for r in rows], unit, units)
    for name in ("low", "high", "low_excluded", "high_excluded", "approximate", "whole", "quantified"):
        assert getattr(table.counts, name).tolist() == getattr(expected, name).tolist(), name
    assert [table.counts.units[u] if u >= 0 else None for u in table.counts.unit.tolist()] == [
        r.unit for r in rows
    ]
    of = "flows" if table.of == "flows" else "stocks"
    for name, (attr, derive) in _tally.FIELDS[of].items():
        codes, distinct = table.fields[name]
        assert [distinct[c] for c in codes.tolist()] == [derive(getattr(r, attr)) for r in records], name
    # one fact code per fact key, and the codes in the order of the keys' parts
    pairs = set(zip(table.fact.tolist(), [r.fact for r in rows], strict=True))
    assert len(pairs) == len({code for code, _ in pairs}) == len({fact for _, fact in pairs})


def reference_components(table: Any, facts: Any, chosen: Any, stocks: bool) -> tuple[Any, Any]:
    """`_components` as it was: a sort by fact, start, end and id, then the same numbering (of
    dense fact codes, as the table's were)."""
    facts = np.unique(facts, return_inverse=True)[1].reshape(-1)
    keys = (table.id_rank[chosen], table.end[chosen], table.start[chosen], facts[chosen])
    order = chosen[np.lexsort(keys)]
    if not len(order):
        return order, np.zeros(0, np.int64)
    fact = facts[order]
    new = np.ones(len(order), np.bool_)
    new[1:] = fact[1:] != fact[:-1]
    if not stocks:
        shifted = fact * _tally._SPAN + (table.end[order] - _tally._NEG)
        reach = np.maximum.accumulate(shifted) - fact * _tally._SPAN + _tally._NEG
        new[1:] |= table.start[order][1:] > reach[:-1]
    return order, np.cumsum(new) - 1


def assert_components_match(table: Any, chosen: Any) -> None:
    """`_components` orders and numbers *chosen* rows as the three-key sort did, with facts and
    with facts per year (whose codes number the (fact, year) pairs in their order)."""
    stocks = table.of == "stocks"
    by_year = table.fact_by_year
    dense = _tally._combined(table.fact, table.fields["year"][0]) if len(table.fact) else table.fact
    assert np.unique(by_year, return_inverse=True)[1].reshape(-1).tolist() == dense.tolist()
    for facts in (table.fact, by_year):
        order, component = _tally._components(table, facts, chosen, stocks)
        want_order, want_component = reference_components(table, facts, chosen, stocks)
        assert order.tolist() == want_order.tolist()
        assert component.tolist() == want_component.tolist()


def check(ds: d.Dataset) -> None:
    for of in ("flows", "stocks"):
        table = _tally._build_table(ds, of)
        assert_columns_match_records(table)
        everything = np.arange(len(table.records), dtype=np.int64)
        assert_components_match(table, everything)
        assert_components_match(table, everything[::2])  # a selection (where=, during=)


def repeated(ds: d.Dataset, times: int, shuffle: list[int] | None = None) -> d.Dataset:
    """*ds* with each record *times* times under new ids: the copies share every part, in runs
    (a reader's records), or interleaved when *shuffle* orders them."""
    flows = [attrs.evolve(f, id=f"{f.id}-{k}") for f in ds.flows for k in range(times)]
    stocks = [attrs.evolve(s, id=f"{s.id}-{k}") for s in ds.stocks for k in range(times)]
    if shuffle is not None:
        flows = [flows[i % len(flows)] for i in shuffle] if flows else []
        flows = list({f.id: f for f in flows}.values())
    return d.Dataset(sources=ds.sources, actors=ds.actors, events=ds.events, flows=flows, stocks=stocks)


# -- the pieces --------------------------------------------------------------------------------


class TestIdentity:
    def test_addresses_tell_objects_apart_not_values(self) -> None:
        a, b = d.Place("KAZ"), d.Place("KAZ")  # equal, not the same object
        objects = np.fromiter([a, b, a, None, b], object, 5)
        addresses = _tally._addresses(objects)
        assert addresses.tolist() == [id(a), id(b), id(a), id(None), id(b)]
        assert not addresses.flags.writeable

    def test_addresses_keep_their_objects_alive(self) -> None:
        # the only references to the places are the array's, which the addresses keep
        addresses = _tally._addresses(np.fromiter((d.Place(c) for c in ("KAZ", "RUS")), object, 2))
        assert [p.country for p in addresses.base.base] == ["KAZ", "RUS"]  # type: ignore[union-attr]
        assert addresses.tolist() == [id(p) for p in addresses.base.base]  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        ("values", "codes", "distinct"),
        [
            ([], [], []),
            ([5], [0], [5]),
            ([5, 5, 5, 2, 2, 9], [1, 1, 1, 0, 0, 2], [2, 5, 9]),  # runs: one sort per run
            ([3, 1, 2, 1, 3, 4], [2, 0, 1, 0, 2, 3], [1, 2, 3, 4]),  # no runs: every value sorted
            ([7, 7, 3, 7, 7, 7], [1, 1, 0, 1, 1, 1], [3, 7]),  # a value in two runs
        ],
    )
    def test_factorized_numbers_values_in_their_order(
        self, values: list[int], codes: list[int], distinct: list[int]
    ) -> None:
        array = np.array(values, np.intp)
        found, where = _tally._factorized(array)
        assert found.tolist() == codes
        assert array[where].tolist() == distinct

    @given(st.lists(st.integers(0, 5), max_size=40))
    def test_factorized_is_the_sorted_distinct_values(self, values: list[int]) -> None:
        array = np.array(values, np.intp)
        found, where = _tally._factorized(array)
        distinct = sorted(set(values))
        assert found.tolist() == [distinct.index(v) for v in values]
        assert array[where].tolist() == distinct

    def test_parts_are_the_records_parts(self) -> None:
        kaz, rus = d.Place("KAZ"), d.Place("RUS")
        ds = d.examples.kazakhstan_2022()
        first = ds.flows[0]
        origins = [kaz, kaz, kaz, rus, kaz, d.Place("KAZ"), rus, rus]
        flows = [attrs.evolve(first, id=f"f{i}", origin=o) for i, o in enumerate(origins)]
        parts = _tally._Parts(flows, "origin")
        assert [parts.items[r] for r in parts.rows.tolist()] == origins
        assert all(parts.items[r] is o for r, o in zip(parts.rows.tolist(), origins, strict=True))
        assert len(parts.items) == 3  # two equal places that are different objects stay apart


# -- the columns against the records -------------------------------------------------------------


def messy() -> d.Dataset:
    """Flows and stocks that share parts in runs and out of order, equal parts that are separate
    objects, open periods, reports with no number, households and rates, reports of one fact,
    and two reports of one fact and one period (a tie, ordered by id)."""
    kaz, rus, kaz_again = d.Place("KAZ"), d.Place("RUS"), d.Place("KAZ")
    ala = d.Place("KAZ", name="Almaty")
    y2022 = d.Period(date(2022, 1, 1), date(2022, 12, 31))
    q1 = d.Period(date(2022, 1, 1), date(2022, 3, 31))
    open_start = d.Period(end=date(2022, 6, 30))
    open_end = d.Period(date(2022, 3, 1), as_of=date(2022, 5, 1), open_start=False)
    refugees = d.Population(d.PopulationCategory.REFUGEES)
    idps = d.Population(d.PopulationCategory.IDPS, nationality="KAZ")
    base = d.examples.kazakhstan_2022().flows[0]
    counts: list[d.Count | None] = [
        d.Count(100),
        d.Count(100),
        d.Count(98_000, qualifier=d.Qualifier.MORE_THAN),
        None,
        d.Count(5, "household"),
        d.Count(12, "person / day"),
        d.Count(1, qualifier=d.Qualifier.RANGE, upper=3),
        d.Count(7, qualifier=d.Qualifier.APPROXIMATE),
    ]
    specs = [
        (rus, kaz, y2022, refugees, 0),
        (rus, kaz, y2022, refugees, 1),  # the same fact and period: a tie
        (rus, kaz, q1, refugees, 2),
        (rus, kaz_again, q1, refugees, 3),  # an equal destination, another object
        (kaz, rus, open_start, idps, 4),
        (rus, ala, open_end, refugees, 5),
        (kaz, rus, y2022, refugees, 6),
        (rus, kaz, open_end, refugees, 7),
        (rus, kaz, y2022, refugees, 0),
    ]
    flows = [
        attrs.evolve(base, id=f"f{i:02d}", origin=o, destination=t, period=p, population=pop, count=counts[c])
        for i, (o, t, p, pop, c) in enumerate(specs)
    ]
    stock = d.Stock(
        "s-a",
        place=kaz,
        population=refugees,
        count=d.Count(10),
        as_of=date(2022, 5, 1),
        attributions=base.attributions,
    )
    stocks = [
        stock,
        attrs.evolve(stock, id="s-b", as_of_precision=d.Precision.MONTH, count=None),
        attrs.evolve(stock, id="s-c", place=ala, count=d.Count(3, qualifier=d.Qualifier.AT_MOST)),
        attrs.evolve(stock, id="s-d"),  # the same fact and day as s-a: a tie
    ]
    ds = d.examples.kazakhstan_2022()
    return d.Dataset(sources=ds.sources, actors=ds.actors, events=ds.events, flows=flows, stocks=stocks)


class TestColumnsMatchRecords:
    def test_a_messy_dataset(self) -> None:
        ds = messy()
        check(ds)
        check(unshared(ds))
        check(repeated(ds, 3))
        check(repeated(ds, 3, shuffle=[5, 1, 20, 3, 3, 0, 11, 7]))

    def test_an_empty_dataset(self) -> None:
        check(d.Dataset())

    @settings(max_examples=max(10, settings().max_examples // 4))  # 25, or 125 under the ci profile
    @given(dst.datasets(max_flows=8, max_stocks=4, counts=ANY_COUNT), st.integers(1, 3), st.randoms())
    def test_generated_datasets(self, ds: d.Dataset, times: int, rnd: Any) -> None:
        check(ds)
        copies = repeated(ds, times)
        check(copies)
        order = list(range(len(copies.flows)))
        rnd.shuffle(order)
        check(repeated(ds, times, shuffle=order))

    def test_the_totals_of_shared_and_separate_parts_agree(self) -> None:
        ds = repeated(messy(), 2)
        by = ("origin", "destination", "year", "metric")
        assert ds.total(by=by) == unshared(ds).total(by=by)
        assert ds.total(of="stocks", by="place") == unshared(ds).total(of="stocks", by="place")

    def test_a_total_that_names_no_records_makes_no_ids(self) -> None:
        # no two reports of one fact and period (no tie to order by id); a new dataset, no columns yet
        example = d.examples.kazakhstan_2022()
        ds = attrs.evolve(example, flows=list(example.flows))
        ds.total(by=("origin", "destination", "year", "metric"))
        table = _tally._table(ds, "flows")
        assert table._ids is None  # 100,000 ids are not part of a first total (3 ms for UNHCR's flows)
        assert table.ids.tolist() == [f.id for f in ds.flows]
        whole = messy()
        whole.total(by=("origin", "destination", "year", "metric"))
        assert _tally._table(whole, "flows")._ids is not None  # f00 and f01 tie: ordered by id


def test_the_real_unhcr_flows(unhcr_flows: Load) -> None:
    ds = unhcr_flows.dataset
    table = _tally._build_table(ds, "flows")
    assert_columns_match_records(table)
    everything = np.arange(len(table.records), dtype=np.int64)
    assert_components_match(table, everything)
    assert_components_match(table, everything[everything % 3 != 0])
