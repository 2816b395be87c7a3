"""The engine behind totals (issue 14): one column structure of intervals, the fact key and the
group fields written once, and the dataset's kept columns reached through `dataset.derived`.

Tests of private names of `displacement._tally`: they pin how the engine works, not the API.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import displacement as d
from displacement import _tally, totals
from displacement._intervals import Interval, interval_of
from displacement.dataset import Dataset, derived
from displacement.strategies import counts as count_strategy

Q = d.Qualifier


def intervals(values: list[Interval | None], unit: list[int], units: list[str]) -> Any:
    return _tally._Intervals.of(values, np.array(unit, np.int64), units)


class TestIntervalColumns:
    def test_columns_of_intervals_and_of_no_number(self) -> None:
        cols = intervals(
            [(98000, True, None, False, False), (0.5, False, 2, True, True), None], [0, 1, -1], ["a", "b"]
        )
        assert cols.low.tolist() == [98000.0, 0.5, 0.0]
        assert cols.high.tolist() == [float("inf"), 2.0, float("inf")]
        assert cols.low_excluded.tolist() == [True, False, False]
        assert cols.high_excluded.tolist() == [False, True, False]
        assert cols.approximate.tolist() == [False, True, False]
        assert cols.whole.tolist() == [True, False, True]
        assert cols.quantified.tolist() == [True, True, False]
        assert cols.unit.tolist() == [0, 1, -1]

    def test_take_and_joined_keep_every_column_and_the_longer_unit_list(self) -> None:
        first = intervals([(1, False, 1, False, False), (2, True, None, False, False)], [0, 0], ["person"])
        more = intervals([(3, False, 4, False, True)], [1], ["person", "person / day"])
        both = first.take(np.array([1, 0], np.int64)).joined(more)
        assert both.low.tolist() == [2.0, 1.0, 3.0]
        assert both.low_excluded.tolist() == [True, False, False]
        assert both.approximate.tolist() == [False, False, True]
        assert both.unit.tolist() == [0, 0, 1]
        assert both.units == ["person", "person / day"]

    def test_sums_follow_the_rule_of_count_addition(self) -> None:
        # group 0: more than 98,000 + about 5,000; group 1: 10 + at most 5 + 2 to 4;
        # group 2: 3 + a report with no number (no upper bound); group 3: nothing with a number
        cols = intervals(
            [
                (98000, True, None, False, False),
                (5000, False, 5000, False, True),
                (10, False, 10, False, False),
                (0, False, 5, False, False),
                (2, False, 4, False, False),
                (3, False, 3, False, False),
                None,
                None,
            ],
            [0, 0, 0, 0, 0, 0, -1, -1],
            ["person"],
        )
        sums, unit_max = cols.sums(np.array([0, 0, 1, 1, 1, 2, 2, 3], np.int64), 4)
        assert sums.low.tolist() == [103000.0, 12.0, 3.0, 0.0]
        assert sums.high.tolist() == [float("inf"), 19.0, float("inf"), float("inf")]
        assert sums.low_excluded.tolist() == [True, False, False, False]
        assert sums.approximate.tolist() == [True, False, False, False]
        assert sums.quantified.tolist() == [True, True, True, False]
        assert sums.whole.tolist() == [True, True, True, True]
        assert sums.unit.tolist() == unit_max.tolist() == [0, 0, 0, 0]

    @given(st.lists(count_strategy(units=("person",), fractions=True), min_size=1, max_size=6))
    def test_a_group_sums_to_what_count_addition_gives(self, counts: list[d.Count]) -> None:
        cols = intervals([interval_of(c) for c in counts], [0] * len(counts), ["person"])
        facts = _tally._Facts(np.arange(len(counts)), cols, len(counts), [])
        sums = _tally._Sums.build(facts, np.zeros(len(counts), np.int64), 1)
        assert sums.to_recompute() == []  # far below 2**53, in one unit: the float sums are the total
        expected = sum(counts, d.Count(0))  # an exact 0 first: one count too is stated by count_of
        total = sums.count(0)
        assert total == expected
        assert total is not None
        assert total.bound_magnitudes == expected.bound_magnitudes


class TestOneDefinition:
    def test_the_fields_to_group_by_are_the_engines(self) -> None:
        with pytest.raises(d.ValidationError) as caught:
            d.examples.kazakhstan_2022().total("stocks", by="metric")
        assert (
            "(choose from place, place.subdivision, place.admin1, place.admin2, place.admin3, category, "
            "nationality, year, sex, age, settlement, in_camp, disability)"
        ) in str(caught.value)
        assert tuple(_tally.FIELDS["flows"]) == (
            "origin",
            "origin.subdivision",
            "origin.admin1",
            "origin.admin2",
            "origin.admin3",
            "destination",
            "destination.subdivision",
            "destination.admin1",
            "destination.admin2",
            "destination.admin3",
            "movement",
            "metric",
            "category",
            "nationality",
            "year",
        )

    def test_a_rows_fact_key_is_the_values_of_the_fact_parts(self) -> None:
        ds = d.examples.kazakhstan_2022()
        table = _tally._build_table(ds, "flows")
        f = ds.flows[0]
        row = _tally._row(table, 0)
        pop = f.population
        assert row.fact == (
            f.origin.identity,
            f.destination.identity,
            pop.category,
            pop.nationality,
            (),  # the parts of a mix (issue 17): none
            f.movement,
            f.metric,
            frozenset(f.causes),
        )
        assert row.index == 0

    def test_totals_holds_the_results_and_the_engine_the_numpy(self) -> None:
        source = Path(totals.__file__).read_text(encoding="utf-8")
        imported = {
            alias.name
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        } | {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
        assert "numpy" not in imported
        assert not hasattr(totals, "_Table")
        assert hasattr(_tally, "_Table")


class TestDerived:
    def test_built_once_per_key_and_kept(self) -> None:
        ds = Dataset()
        calls: list[Dataset] = []

        def build(dataset: Dataset) -> list[int]:
            calls.append(dataset)
            return [len(calls)]

        first = derived(ds, ("x", 1), build)
        assert derived(ds, ("x", 1), build) is first
        assert derived(ds, ("x", 2), build) == [2]
        assert calls == [ds, ds]
        assert derived(Dataset(), ("x", 1), build) == [3]  # each dataset keeps its own

    def test_totals_keep_their_columns_there(self) -> None:
        ds = d.examples.kazakhstan_2022()
        ds.total(by="origin")

        def never(dataset: Dataset) -> object:
            raise AssertionError("the columns were built again")

        table = derived(ds, ("table", "flows"), never)
        assert isinstance(table, _tally._Table)
        assert len(table.ids) == len(ds.flows)
        ds.total(by="destination")
        assert derived(ds, ("table", "flows"), never) is table


class TestCombined:
    """`_combined` numbers the distinct combinations of its columns densely, in their order."""

    def test_codes_are_dense_and_in_lexicographic_order(self) -> None:
        a = np.array([2, 0, 2, 1, 0], np.int64)
        b = np.array([0, 5, 0, 3, 1], np.int64)
        same = np.zeros(5, np.int64)  # a column of one value (no record names a cause)
        code = _tally._combined(a, same, b)
        pairs = sorted(set(zip(a.tolist(), b.tolist(), strict=True)))
        assert code.tolist() == [pairs.index(p) for p in zip(a.tolist(), b.tolist(), strict=True)]

    def test_many_wide_columns_do_not_overflow(self) -> None:
        rng = np.random.default_rng(0)
        columns = [rng.integers(0, 2**20, 1_000).astype(np.int64) for _ in range(6)]  # 2**120 combinations
        code = _tally._combined(*columns)
        rows = list(zip(*(c.tolist() for c in columns), strict=True))
        order = sorted(set(rows))
        assert code.tolist() == [order.index(r) for r in rows]
