"""Properties of the library held over data from its own public strategies (displacement.strategies).

The ``ci`` hypothesis profile (HYPOTHESIS_PROFILE=ci, set by .ci/run) runs these more thoroughly.
"""

from __future__ import annotations

import random
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import displacement as d
import displacement.examples
from displacement import strategies as dst
from displacement.io import json
from displacement.io.schema import json_schema
from records import unshared

VALIDATOR = jsonschema.Draft202012Validator(json_schema())
ANY_COUNT = dst.counts(units=["person", "household", "person / day", "household / month"], fractions=True)


@given(dst.datasets())
def test_generated_documents_round_trip_and_match_the_schema(ds: d.Dataset) -> None:
    text = json.dumps(ds)
    assert json.loads(text) == ds
    VALIDATOR.validate(__import__("json").loads(text))


@given(ANY_COUNT)
def test_str_of_a_count_parses_back(count: d.Count) -> None:
    assert d.Count.parse(str(count)) == count


def true_value(draw: st.DrawFn, count: d.Count) -> float:
    """A value the true number could have, given what the count says."""
    low, high = count.bound_magnitudes
    q = count.qualifier
    if q in (d.Qualifier.EXACT, d.Qualifier.APPROXIMATE):
        return low  # an estimate stands for itself in the algebra (docs/counting.md)
    if q is d.Qualifier.MORE_THAN:
        return low + draw(st.integers(1, 10**6))
    if q is d.Qualifier.AT_LEAST:
        return low + draw(st.integers(0, 10**6))
    assert high is not None
    if q is d.Qualifier.LESS_THAN:
        assume(high >= 1)
        return draw(st.integers(0, max(0, int(high) - 1))) if high > 0 else 0
    return draw(st.floats(low, high))


@given(st.data(), st.lists(dst.counts(units=["person"]), min_size=1, max_size=6))
def test_interval_sums_contain_every_possible_true_total(data: st.DataObject, counts: list[d.Count]) -> None:
    total = sum(counts[1:], counts[0])
    truth = sum(true_value(data.draw, c) for c in counts)
    low, high = total.bound_magnitudes
    assert low <= truth + 1e-6 * max(1, truth)
    assert high is None or truth <= high + 1e-6 * max(1, high)
    # addition does not care about order
    shuffled = counts[:]
    random.Random(len(counts)).shuffle(shuffled)
    assert sum(shuffled[1:], shuffled[0]).bound_magnitudes == pytest.approx(total.bound_magnitudes)


def totals_or_error(ds: d.Dataset, **kwargs: Any) -> Any:
    try:
        totals = ds.total(**kwargs)
    except d.DisplacementError as exc:
        return (type(exc), str(exc))
    return {key: (t.count, t.records, t.unquantified, t.set_aside) for key, t in totals.items()}


@given(dst.datasets(min_flows=1, max_flows=8, counts=st.none() | dst.counts(units=["person"])), st.randoms())
def test_totals_do_not_depend_on_record_order(ds: d.Dataset, rng: random.Random) -> None:
    flows = list(ds.flows)
    rng.shuffle(flows)
    shuffled = d.Dataset(
        sources=ds.sources, actors=ds.actors, events=ds.events, flows=flows, stocks=ds.stocks
    )
    for policy in d.Policy:
        assert totals_or_error(shuffled, by=("origin", "metric"), policy=policy) == totals_or_error(
            ds, by=("origin", "metric"), policy=policy
        )


@given(dst.datasets(min_flows=1, max_flows=8, counts=st.none() | dst.counts(units=["person"])))
def test_reconciliation_is_idempotent(ds: d.Dataset) -> None:
    for policy in (d.Policy.LATEST, d.Policy.MAXIMUM, d.Policy.MOST_RELIABLE):
        try:
            first = ds.total(by=("origin", "metric"), policy=policy)
        except d.DisplacementError:
            continue
        kept = {r for t in first.values() for r in (*t.records, *t.unquantified)}
        again = ds.total(by=("origin", "metric"), policy=policy, where=lambda r, kept=kept: r.id in kept)
        for key, t in first.items():
            assert again[key].count == t.count
            assert again[key].records == t.records
            assert again[key].set_aside == () or all(
                s.reason is d.Reason.UNQUANTIFIED for s in again[key].set_aside
            )


@given(dst.datasets(max_flows=4, max_stocks=4))
def test_flows_and_stocks_never_share_a_total(ds: d.Dataset) -> None:
    for of, records in (("flows", ds.flows), ("stocks", ds.stocks)):
        ids = {r.id for r in records}
        try:
            totals = ds.total(of, by="category")
        except d.DisplacementError:
            continue
        for t in totals.values():
            assert set(t.records) | set(t.unquantified) <= ids


@given(dst.datasets(max_flows=6, max_stocks=6, counts=st.none() | ANY_COUNT))
def test_arrow_round_trip_is_exact(ds: d.Dataset) -> None:
    arrow = pytest.importorskip("displacement.io.arrow", reason="the arrow extra is not installed")
    assert arrow.from_arrow(arrow.to_arrow(ds, kind="flows"), "flows", context=ds).dataset.flows == ds.flows
    assert (
        arrow.from_arrow(arrow.to_arrow(ds, kind="stocks"), "stocks", context=ds).dataset.stocks == ds.stocks
    )


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=20,
    )
)
def test_any_json_value_loads_to_a_dataset_or_a_displacement_error(value: Any) -> None:
    text = __import__("json").dumps(value)
    try:
        loaded = json.loads(text)
    except d.DisplacementError:
        return
    assert isinstance(loaded, d.Dataset)


# -- the columns totals run on: built from distinct shared parts, equal to the record-by-record view


def _check_table(ds: d.Dataset, of: str) -> None:
    from displacement import _tally

    table = _tally._build_table(ds, of)
    records = ds.flows if of == "flows" else ds.stocks
    rows = [_tally._row(table, i) for i in range(len(records))]
    assert table.ids.tolist() == [r.id for r in rows]
    assert table.start.tolist() == [r.start for r in rows]
    assert table.end.tolist() == [r.end for r in rows]
    counts = table.counts
    assert counts.quantified.tolist() == [r.interval is not None for r in rows]
    for i, r in enumerate(rows):
        unit = counts.units[counts.unit[i]] if counts.unit[i] >= 0 else None
        assert unit == r.unit
        if r.interval is not None:
            low, low_out, high, high_out, approximate = r.interval
            assert (counts.low[i], counts.low_excluded[i]) == (low, low_out)
            assert counts.high_excluded[i] == high_out
            assert counts.high[i] == (float("inf") if high is None else high)
            assert counts.approximate[i] == approximate
        for name, (codes, distinct) in table.fields.items():
            assert distinct[codes[i]] == r.fields[name]
        for j, other in enumerate(rows):  # one fact code per fact, in the order of the facts
            assert (table.fact[i] == table.fact[j]) == (r.fact == other.fact)
    assert sorted(table.fields) == sorted(_tally.FIELDS[of])


@given(dst.datasets(max_flows=12, max_stocks=8, counts=st.none() | ANY_COUNT))
def test_total_columns_match_the_records(ds: d.Dataset) -> None:
    for of in ("flows", "stocks"):
        _check_table(ds, of)


def test_total_columns_of_shared_and_separate_parts_agree() -> None:
    from displacement import _tally

    ds = d.examples.kazakhstan_2022()
    kaz, rus = d.Place("KAZ"), d.Place("RUS")
    first = ds.flows[0]
    shared = [
        attrs.evolve(first, id=f"s{i}", count=d.Count(i), origin=rus, destination=kaz) for i in range(5)
    ]
    ds = d.Dataset(sources=ds.sources, actors=ds.actors, events=ds.events, flows=[*ds.flows, *shared])
    for of in ("flows", "stocks"):
        _check_table(ds, of)
        _check_table(unshared(ds), of)
    a, b = _tally._build_table(ds, "flows"), _tally._build_table(unshared(ds), "flows")
    assert a.fact.tolist() == b.fact.tolist()
    assert a.fields["origin"][0].tolist() == b.fields["origin"][0].tolist()
