"""Mixed populations (issue 17): several nationalities or categories in one flow or stock.

"About 180,000 arrivals in South Sudan, mostly South Sudanese returnees" and Egypt's arrivals "of
several nationalities" are said with `Population.shares`; totals by nationality count each share's
count under its nationality and the rest under `displacement.MIXED`, never under one nationality.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import displacement as d
from displacement import (
    MIXED,
    Count,
    Dataset,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Population,
    Qualifier,
    Share,
    Stock,
    ValidationError,
)
from displacement import PopulationCategory as P
from displacement import strategies as dst
from displacement.io import csv as dcsv
from displacement.io import json as djson

SPRING = Period(date(2023, 4, 15), date(2023, 7, 31))

MOSTLY_RETURNEES = Population(P.MIXED, shares=[Share.mostly(nationality="SSD", category=P.RETURNEES)])
SEVERAL = Population(
    P.REFUGEES,
    shares=[
        Share(nationality="SDN", count=Count(40000)),
        Share(nationality="SYR", count=Count(3000)),
        Share(nationality="SSD", count=Count(2000)),
    ],
)


def arrivals(id: str, destination: str, population: Population, count: Count | None, **more: Any) -> Flow:
    return Flow(
        id,
        origin=Place("SDN"),
        destination=Place(destination),
        movement=Movement.CROSS_BORDER,
        population=population,
        count=count,
        period=more.pop("period", SPRING),
        metric=Metric.ARRIVALS,
        **more,
    )


SOUTH_SUDAN = arrivals("ssd", "SSD", MOSTLY_RETURNEES, Count(180000, qualifier=Qualifier.APPROXIMATE))
EGYPT = arrivals("egy", "EGY", SEVERAL, Count(60000, qualifier=Qualifier.APPROXIMATE))
SUDAN = Dataset(flows=[SOUTH_SUDAN, EGYPT])


def shown(totals: d.Totals) -> dict[Any, str]:
    return {key if len(key) > 1 else key[0]: f"{t.count} {list(t.records)}" for key, t in totals.items()}


# -- the model ---------------------------------------------------------------------------------


def test_a_share_reads_as_a_report_says_it() -> None:
    assert str(Share.mostly(nationality="SSD", category=P.RETURNEES)) == "mostly SSD returnees"
    assert str(Share(nationality="SDN", count=Count(40000))) == "SDN: 40,000 people"
    assert (
        str(Share(nationality="SYR", fraction=1 / 3, qualifier=Qualifier.APPROXIMATE)) == "about a third SYR"
    )
    assert str(Share(category=P.REFUGEES, fraction=0.6)) == "60% refugees"
    assert str(Share(nationality="ERI")) == "ERI"
    assert Share.mostly(nationality="SSD") == Share(
        nationality="SSD", fraction=0.5, qualifier=Qualifier.MORE_THAN
    )
    assert repr(MOSTLY_RETURNEES) == (
        "Population(PopulationCategory.MIXED, shares=(Share(nationality='SSD', "
        "category=PopulationCategory.RETURNEES, fraction=0.5, qualifier=Qualifier.MORE_THAN),))"
    )
    assert MIXED == "mixed"
    assert P.MIXED.value == "mixed"


def test_a_mix_of_nationalities_and_a_population_of_one() -> None:
    assert SEVERAL.mixed_nationality
    assert not MOSTLY_RETURNEES.mixed_nationality or MOSTLY_RETURNEES.nationality is None
    # a population of one nationality may name its parts by category, and repeat its nationality
    one = Population(
        P.MIXED,
        nationality="SSD",
        shares=[Share(category=P.RETURNEES, count=Count(5)), Share(nationality="SSD", category=P.REFUGEES)],
    )
    assert not one.mixed_nationality


def error(make: Callable[[], object]) -> str:
    with pytest.raises(ValidationError) as exc:
        make()
    return str(exc.value)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Share(), "nationality: a share names a nationality, a category or both"),
        (
            lambda: Share(category=P.MIXED),
            "category: a share is one category: 'mixed' is the population's, not a part's",
        ),
        (
            lambda: Share(nationality="SDN", fraction=0),
            "fraction: 0 is not a fraction of the whole (above 0, at most 1)",
        ),
        (
            lambda: Share(nationality="SDN", fraction=1.5),
            "fraction: 1.5 is not a fraction of the whole (above 0, at most 1)",
        ),
        (
            lambda: Share(nationality="SDN", fraction=math.nan),
            "fraction: nan is not a fraction of the whole (above 0, at most 1)",
        ),
        (
            lambda: Share(nationality="SDN", fraction="half"),
            "fraction: expected a fraction of the whole (above 0, at most 1), got 'half' (str)",
        ),
        (
            lambda: Share(nationality="SDN", fraction=True),
            "fraction: expected a fraction of the whole (above 0, at most 1), got True (bool)",
        ),
        (
            lambda: Share(nationality="SDN", fraction=0.4, qualifier=Qualifier.RANGE),
            "qualifier: a share's fraction is one number: give a range as two shares, or qualify it",
        ),
        (
            lambda: Share(nationality="SDN", qualifier=Qualifier.APPROXIMATE),
            "qualifier: qualifies a fraction, but the share has none (approximate)",
        ),
        (
            lambda: Share(nationality="SDN", count=40000),
            "count: expected a Count or None, got 40000 (int)",
        ),
        (
            lambda: Population(P.REFUGEES, shares=[Share(nationality="SDN"), Share(category=P.RETURNEES)]),
            "shares[1].category: is returnees, but the population is refugees: a mix of categories has the "
            "category 'mixed'",
        ),
        (
            lambda: Population(P.REFUGEES, nationality="SSD", shares=[Share(nationality="SDN")]),
            "shares[0].nationality: is SDN, but the population has the nationality SSD: a mix of "
            "nationalities has none of its own",
        ),
        (
            lambda: Population(
                P.REFUGEES, shares=[Share(nationality="SDN"), Share(nationality="SDN", count=Count(3))]
            ),
            "shares[1]: names the same part as shares[0] (SDN, any category): each part once",
        ),
        (
            lambda: Population(
                P.MIXED,
                shares=[Share(category=P.IDPS), Share(category=P.IDPS, fraction=0.2)],
            ),
            "shares[1]: names the same part as shares[0] (any nationality, idps): each part once",
        ),
        (
            lambda: Population(
                P.REFUGEES,
                shares=[
                    Share(nationality="SDN", count=Count(4)),
                    Share(nationality="SYR", count=Count(3, "household")),
                ],
            ),
            "shares[1].count: counts households, but shares[0] counts persons: the parts of a population "
            "count one thing",
        ),
        (
            lambda: Population(
                P.REFUGEES, shares=[Share.mostly(nationality="SDN"), Share(nationality="SYR", fraction=0.5)]
            ),
            "shares[1].fraction: the shares' fractions add up to more than 1: more than the whole (1)",
        ),
        (
            lambda: Population(
                P.REFUGEES,
                shares=[
                    Share(nationality="SDN", fraction=0.7),
                    Share(nationality="SYR", fraction=0.5, qualifier=Qualifier.APPROXIMATE),
                ],
            ),
            "shares[1].fraction: the shares' fractions add up to at least 1.2: more than the whole (1)",
        ),
        (
            lambda: Population(P.REFUGEES, shares=["SDN"]),
            "shares[0]: expected a Share, got 'SDN' (str)",
        ),
        (
            lambda: arrivals(
                "f",
                "EGY",
                Population(
                    P.REFUGEES,
                    shares=[
                        Share(nationality="SDN", count=Count(40000)),
                        Share(nationality="SYR", count=Count(30000, qualifier=Qualifier.MORE_THAN)),
                    ],
                ),
                Count(70000),
            ),
            "population.shares[1].count: shares[0] and shares[1] count more than 70,000 persons, more than the "
            "whole can be (70,000 people)",
        ),
        (
            lambda: arrivals(
                "f",
                "EGY",
                Population(P.REFUGEES, shares=[Share(nationality="SDN", count=Count(50001))]),
                Count(50000),
            ),
            "population.shares[0].count: shares[0] counts at least 50,001 persons, more than the whole can be "
            "(50,000 people)",
        ),
        (
            lambda: arrivals(
                "f",
                "EGY",
                Population(P.REFUGEES, shares=[Share(nationality="SDN", count=Count(4, "household"))]),
                Count(70000),
            ),
            "population.shares[0].count: counts households, but the whole counts persons (70,000 people): the "
            "parts of a whole count what it counts",
        ),
    ],
)
def test_every_check_says_where_and_what(make: Callable[[], object], message: str) -> None:
    assert error(make) == message


def test_what_fits() -> None:
    # the fractions' least sum: "at most" adds nothing; exactly the whole fits
    Population(
        P.REFUGEES,
        shares=[
            Share.mostly(nationality="SDN"),
            Share(nationality="SYR", fraction=0.9, qualifier=Qualifier.AT_MOST),
            Share(nationality="ERI", fraction=0.25, qualifier=Qualifier.LESS_THAN),
        ],
    )
    Population(
        P.MIXED, shares=[Share(category=P.REFUGEES, fraction=0.5), Share(category=P.RETURNEES, fraction=0.5)]
    )
    # counts that fill the whole exactly, a whole given as a range, and an unquantified whole
    exact = Population(
        P.REFUGEES,
        shares=[Share(nationality="SDN", count=Count(40)), Share(nationality="SYR", count=Count(20))],
    )
    assert arrivals("a", "EGY", exact, Count(60)).population is exact
    arrivals("b", "EGY", exact, Count(50, qualifier=Qualifier.RANGE, upper=60))
    arrivals("c", "EGY", exact, None)


# -- totals --------------------------------------------------------------------------------------


def test_mostly_south_sudanese_returnees_is_not_counted_as_south_sudanese() -> None:
    by_nationality = d.Dataset(flows=[SOUTH_SUDAN]).total(by="nationality")
    assert shown(by_nationality) == {MIXED: "about 180,000 people ['ssd']"}
    assert "SSD" not in {k[0] for k in by_nationality}
    assert by_nationality[MIXED].count == Count(180000, qualifier=Qualifier.APPROXIMATE)
    assert shown(d.Dataset(flows=[SOUTH_SUDAN]).total(by="category")) == {
        P.MIXED: "about 180,000 people ['ssd']"
    }


def test_egypts_arrivals_of_several_nationalities() -> None:
    totals = d.Dataset(flows=[EGYPT]).total(by="nationality")
    assert shown(totals) == {
        "SDN": "40,000 people ['egy']",
        "SSD": "2,000 people ['egy']",
        "SYR": "3,000 people ['egy']",
        MIXED: "about 15,000 people ['egy']",
    }
    # the rest is an interval: "about 60,000" less exactly 45,000
    assert totals[MIXED].count == Count(15000, qualifier=Qualifier.APPROXIMATE)
    # by category the mix is all refugees: one group, the whole
    assert shown(d.Dataset(flows=[EGYPT]).total(by="category")) == {P.REFUGEES: "about 60,000 people ['egy']"}


def test_the_sudan_scenario_by_nationality_and_destination() -> None:
    assert shown(SUDAN.total(by="nationality")) == {
        "SDN": "40,000 people ['egy']",
        "SSD": "2,000 people ['egy']",
        "SYR": "3,000 people ['egy']",
        MIXED: "about 195,000 people ['egy', 'ssd']",
    }
    assert shown(SUDAN.total(by=("destination", "nationality"))) == {
        ("EGY", "SDN"): "40,000 people ['egy']",
        ("EGY", "SSD"): "2,000 people ['egy']",
        ("EGY", "SYR"): "3,000 people ['egy']",
        ("EGY", MIXED): "about 15,000 people ['egy']",
        ("SSD", MIXED): "about 180,000 people ['ssd']",
    }
    # grouped by neither, a mix is one record as before
    assert shown(SUDAN.total(by="destination")) == {
        "EGY": "about 60,000 people ['egy']",
        "SSD": "about 180,000 people ['ssd']",
    }


def test_shares_that_cover_the_whole_leave_no_rest() -> None:
    exact = Population(
        P.REFUGEES,
        shares=[Share(nationality="SDN", count=Count(40)), Share(nationality="SYR", count=Count(20))],
    )
    totals = Dataset(flows=[arrivals("a", "EGY", exact, Count(60))]).total(by="nationality")
    assert shown(totals) == {"SDN": "40 people ['a']", "SYR": "20 people ['a']"}


def test_a_mix_of_categories_by_category_and_nationality() -> None:
    pop = Population(
        P.MIXED,
        shares=[
            Share(
                nationality="SSD", category=P.RETURNEES, count=Count(100000, qualifier=Qualifier.MORE_THAN)
            ),
            Share(nationality="SDN", category=P.REFUGEES, count=Count(50000)),
            Share(nationality="ERI", category=P.REFUGEES, count=Count(1000)),
        ],
    )
    flow = arrivals("ssd", "SSD", pop, Count(180000, qualifier=Qualifier.APPROXIMATE))
    ds = Dataset(flows=[flow])
    assert shown(ds.total(by="category")) == {
        P.REFUGEES: "51,000 people ['ssd']",
        P.RETURNEES: "more than 100,000 people ['ssd']",
        P.MIXED: "less than 29,000 people ['ssd']",
    }
    assert shown(ds.total(by=("nationality", "category"))) == {
        ("ERI", P.REFUGEES): "1,000 people ['ssd']",
        ("SDN", P.REFUGEES): "50,000 people ['ssd']",
        ("SSD", P.RETURNEES): "more than 100,000 people ['ssd']",
        (MIXED, P.MIXED): "less than 29,000 people ['ssd']",
    }


def test_a_share_without_a_nationality_keeps_the_populations() -> None:
    pop = Population(
        P.MIXED,
        nationality="SSD",
        shares=[Share(category=P.RETURNEES, count=Count(150000)), Share(category=P.REFUGEES, fraction=0.1)],
    )
    ds = Dataset(flows=[arrivals("ssd", "SSD", pop, Count(180000))])
    assert shown(ds.total(by="nationality")) == {
        "SSD": "180,000 people ['ssd']"
    }  # not a mix of nationalities
    assert shown(ds.total(by="category")) == {
        P.RETURNEES: "150,000 people ['ssd']",
        P.MIXED: "30,000 people ['ssd']",  # the fraction is evidence, never multiplied out
    }


def test_an_unquantified_mix_keeps_its_counted_shares() -> None:
    ds = Dataset(flows=[arrivals("egy", "EGY", SEVERAL, None)])
    totals = ds.total(by="nationality")
    assert shown(totals) == {
        "SDN": "40,000 people ['egy']",
        "SSD": "2,000 people ['egy']",
        "SYR": "3,000 people ['egy']",
        MIXED: "None []",
    }
    assert totals[MIXED].unquantified == ("egy",)


def test_a_mix_and_a_report_of_one_nationality_are_two_facts() -> None:
    """The fact key holds the mix's parts: a report of Sudanese arrivals in Egypt and a report of
    arrivals of several nationalities are not one fact reconciled into one figure."""
    sudanese = arrivals("egy-sdn", "EGY", Population(P.REFUGEES, nationality="SDN"), Count(40000))
    unnamed = arrivals("egy-all", "EGY", Population(P.REFUGEES), Count(60000))
    ds = Dataset(flows=[EGYPT, sudanese, unnamed])
    totals = ds.total(by="destination")
    assert totals["EGY"].records == ("egy", "egy-all", "egy-sdn")
    assert totals["EGY"].set_aside == ()


def test_a_mix_and_a_report_without_parts_are_suspected_duplicates() -> None:
    """Two facts for totals, but the mix may hold the other report's people: a total says so."""
    unnamed = arrivals("egy-all", "EGY", Population(P.REFUGEES), Count(60000))
    ds = Dataset(flows=[EGYPT, unnamed])
    assert ds.suspected_duplicates() == (
        d.SuspectedDuplicates("flows", ("egy", "egy-all"), (d.Framing.MIX,)),
    )
    assert ds.total(by="destination")["EGY"].suspected_duplicates == ("egy", "egy-all")
    assert d.Framing.MIX.words == "a mix of nationalities or categories in one and not the other"
    # the same mix reported twice is one fact, for totals, not a pair of suspects
    again = attrs.evolve(EGYPT, id="egy-2", count=Count(61000))
    assert Dataset(flows=[EGYPT, again]).suspected_duplicates() == ()


def test_two_reports_of_one_mix_are_one_fact() -> None:
    earlier = arrivals(
        "egy-1",
        "EGY",
        SEVERAL,
        Count(60000, qualifier=Qualifier.APPROXIMATE),
        period=Period(date(2023, 4, 15), date(2023, 6, 30)),
    )
    later_population = Population(
        P.REFUGEES,
        shares=[
            Share(nationality="SDN", count=Count(50000)),
            Share(nationality="SYR"),
            Share(nationality="SSD"),
        ],
    )
    later = arrivals("egy-2", "EGY", later_population, Count(70000))
    ds = Dataset(flows=[earlier, later])
    totals = ds.total(by="nationality")
    # the later cumulative report supersedes the earlier one; its own shares split it
    assert shown(totals) == {"SDN": "50,000 people ['egy-2']", MIXED: "20,000 people ['egy-2']"}
    assert [s.record for s in totals[MIXED].set_aside] == ["egy-1"]


def test_a_fact_reconciled_over_several_mixed_reports_stays_whole_under_the_mix() -> None:
    a = arrivals("egy-a", "EGY", SEVERAL, Count(60000), attributions=[d.Attribution("s1")])
    other = Population(
        P.REFUGEES,
        shares=[
            Share(nationality="SDN", count=Count(41000)),
            Share(nationality="SYR"),
            Share(nationality="SSD"),
        ],
    )
    b = arrivals("egy-b", "EGY", other, Count(65000), attributions=[d.Attribution("s2")])
    ds = Dataset(
        sources=[d.Source("s1", d.SourceKind.UN_AGENCY), d.Source("s2", d.SourceKind.GOVERNMENT)],
        flows=[a, b],
    )
    totals = ds.total(by="nationality", policy=d.Policy.RANGE)
    assert shown(totals) == {MIXED: "between 60,000 and 65,000 people ['egy-a', 'egy-b']"}


def test_stocks_split_too() -> None:
    stock = Stock(
        "camp",
        place=Place("TCD"),
        population=SEVERAL,
        count=Count(50000, qualifier=Qualifier.AT_LEAST),
        as_of=date(2023, 7, 31),
    )
    assert shown(Dataset(stocks=[stock]).total("stocks", by="nationality")) == {
        "SDN": "40,000 people ['camp']",
        "SSD": "2,000 people ['camp']",
        "SYR": "3,000 people ['camp']",
        MIXED: "at least 5,000 people ['camp']",
    }


def test_households_are_converted_in_the_shares_too() -> None:
    pop = Population(P.REFUGEES, shares=[Share(nationality="SDN", count=Count(100, "household"))])
    flow = arrivals("egy", "EGY", pop, Count(300, "household"))
    totals = Dataset(flows=[flow]).total(by="nationality", household_sizes=d.HouseholdSizes({}, default=5))
    assert shown(totals) == {"SDN": "500 people ['egy']", MIXED: "1,000 people ['egy']"}


def test_with_a_cohort_dimension_a_mix_is_not_split() -> None:
    pop = attrs.evolve(SEVERAL, cohorts=[d.Cohort(d.Sex.FEMALE, None, None, Count(30000))])
    ds = Dataset(flows=[arrivals("egy", "EGY", pop, Count(60000))])
    assert shown(ds.total(by=("nationality", "sex"))) == {
        (MIXED, d.Sex.FEMALE): "30,000 people ['egy']",
        (MIXED, None): "30,000 people ['egy']",
    }


@settings(max_examples=60, deadline=None)
@given(st.lists(dst.flows(), max_size=6), st.sampled_from(["nationality", "category"]))
def test_splitting_a_mix_never_contradicts_the_whole(flows: list[Flow], by: str) -> None:
    """The groups a total by nationality (or category) splits the flows into add up to an
    interval that meets the total grouped by metric alone: the shares and the rest are the whole."""
    flows = [attrs.evolve(f, id=f"f{i}", attributions=(), causes=()) for i, f in enumerate(flows)]
    ds = Dataset(flows=[f for f in flows if f.count is not None and f.count.unit == "person"])
    split = ds.total(by=("metric", by))
    for (metric,), whole in ds.total(by="metric").items():
        parts = [t.count for key, t in split.items() if key[0] == metric]
        assert whole.count is not None
        assert all(p is not None for p in parts)
        low = sum(p.bound_magnitudes[0] for p in parts if p is not None)
        highs = [p.bound_magnitudes[1] for p in parts if p is not None]
        whole_low, whole_high = whole.count.bound_magnitudes
        assert whole_high is None or low <= whole_high * (1 + 1e-9) + 1e-6
        if all(h is not None for h in highs):
            assert sum(h for h in highs if h is not None) * (1 + 1e-9) + 1e-6 >= whole_low


# -- formats -------------------------------------------------------------------------------------

EVERY_KIND_OF_SHARE = Population(
    P.MIXED,
    shares=[
        Share.mostly(nationality="SSD", category=P.RETURNEES),
        Share(nationality="SDN", category=P.REFUGEES, count=Count(40000, qualifier=Qualifier.AT_LEAST)),
        Share(nationality="SYR", category=P.REFUGEES, fraction=1 / 3, qualifier=Qualifier.APPROXIMATE),
        Share(
            nationality="ERI",
            category=P.REFUGEES,
            count=Count(1000, upper=2000, qualifier=Qualifier.RANGE),
            fraction=0.01,
        ),
        Share(category=P.ASYLUM_SEEKERS),
    ],
)
MIXES = Dataset(
    flows=[
        SOUTH_SUDAN,
        EGYPT,
        arrivals("all", "SSD", EVERY_KIND_OF_SHARE, Count(180000, qualifier=Qualifier.APPROXIMATE)),
    ],
    stocks=[
        Stock("camp", place=Place("TCD"), population=EVERY_KIND_OF_SHARE, count=None, as_of=date(2023, 7, 31))
    ],
)


def test_json_round_trip_and_layout() -> None:
    assert djson.loads(djson.dumps(MIXES)) == MIXES
    assert djson.unstructure(SOUTH_SUDAN.population) == {
        "category": "mixed",
        "shares": [
            {"nationality": "SSD", "category": "returnees", "fraction": 0.5, "qualifier": "more_than"}
        ],
    }


def test_documents_of_earlier_versions_still_load() -> None:
    for version in ("1.0", "1.1"):
        document = djson.unstructure(Dataset(flows=[attrs.evolve(EGYPT, population=Population(P.REFUGEES))]))
        document["schema_version"] = version
        assert djson.structure(document).flows[0].population.shares == ()


def test_json_errors_name_the_share() -> None:
    document = djson.unstructure(Dataset(flows=[EGYPT]))
    document["flows"][0]["population"]["shares"][0]["category"] = "mixed"
    document["flows"][0]["population"]["shares"][1]["fraction"] = 2
    assert error(lambda: djson.structure(document)) == (
        "2 validation errors:\n"
        "  - flows[0].population.shares[0].category: a share is one category: 'mixed' is the population's, "
        "not a part's\n"
        "  - flows[0].population.shares[1].fraction: 2 is not a fraction of the whole (above 0, at most 1)"
    )


def test_csv_round_trip() -> None:
    for kind in ("flows", "stocks"):
        out = io.StringIO()
        dcsv.dump(MIXES, out, kind=kind)
        assert "population.shares" in out.getvalue().splitlines()[0].split(",")
        loaded = dcsv.load(io.StringIO(out.getvalue()), kind=kind).dataset
        assert getattr(loaded, kind) == getattr(MIXES, kind)


def test_arrow_round_trip_and_tables_from_before() -> None:
    pa = pytest.importorskip("pyarrow")
    from displacement.io import arrow

    for kind in ("flows", "stocks"):
        table = arrow.to_arrow(MIXES, kind=kind)
        assert arrow.from_arrow(table).dataset == Dataset(**{kind: getattr(MIXES, kind)})
        # a table written before shares existed has no such column: no record is a mix
        old = table.drop_columns(["population_shares"])
        assert all(not r.population.shares for r in getattr(arrow.from_arrow(old).dataset, kind))
    table = arrow.to_arrow(MIXES, kind="flows")
    shares = table.column("population_shares").to_pylist()
    assert shares[0] == [
        {
            "nationality": "SSD",
            "category": "returnees",
            "count_value": None,
            "count_float": None,
            "count_unit": None,
            "count_qualifier": None,
            "count_upper": None,
            "count_household_size": None,
            "fraction": 0.5,
            "qualifier": "more_than",
        }
    ]
    bad = [[{**shares[0][0], "count_unit": "person"}], shares[1], shares[2]]
    at = table.schema.get_field_index("population_shares")
    broken = table.set_column(at, "population_shares", pa.array(bad, table.schema.field(at).type))
    assert error(lambda: arrow.from_arrow(broken)) == (
        "invalid flows table (1 problem):\n"
        "  - rows[0].population.shares[0].count: has a unit, qualifier or upper bound but no value"
    )


def test_hxl_refuses_a_mix_rather_than_drop_its_parts(tmp_path: Path) -> None:
    from displacement.io import hxl

    target = tmp_path / "flows.csv"
    with pytest.raises(d.DisplacementError) as exc:
        hxl.write_hxl(Dataset(flows=[SOUTH_SUDAN]), target)
    assert str(exc.value) == (
        "flows[0].population.shares: HXL output has no column for the parts of a mixed population (a list of "
        "shares, one cell a column); write the flows as JSON, CSV or Arrow to keep them"
    )
    stock = Stock("camp", place=Place("TCD"), population=SEVERAL, count=None, as_of=date(2023, 7, 31))
    with pytest.raises(d.DisplacementError, match=r"^stocks\[0\]\.population\.shares: HXL output"):
        hxl.write_hxl([stock], target)
    # a population of the category "mixed" without shares says nothing HXL cannot carry
    plain = attrs.evolve(SOUTH_SUDAN, population=Population(P.MIXED))
    hxl.write_hxl([plain], target)
    assert hxl.read_hxl(target, context=Dataset()).dataset.flows == (plain,)


@settings(max_examples=40, deadline=None)
@given(dst.populations(whole=Count(1000)))
def test_drawn_populations_round_trip_through_json(population: Population) -> None:
    assert djson.structure(djson.unstructure(population), Population) == population
