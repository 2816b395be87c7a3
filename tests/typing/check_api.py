"""Type-checked, never run: the public API as a user writes it, with what mypy must infer.

``mypy --strict src tests/typing`` runs in CI (.ci/run). Two kinds of line keep the API honest:

- ``assert_type(expr, T)``: what a call returns. A change that loosens a public type to ``Any``
  or changes a return type fails here.
- ``# type: ignore[code]`` on a line that is a mistake a user could make (a string where an enum
  is required, a bare number added to a `Count`...). mypy --strict warns about unused ignores,
  so if the API stops rejecting the mistake, the ignore is unused and CI fails.

The file is laid out like the docs: records, the dataset, counting, units, errors, then each
``displacement.io`` module, the strategies and the command line. It is never run (pytest skips
``tests/typing``), so paths and documents here need not exist.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, assert_type

import attrs
import pint
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import displacement as d
import displacement.io as io_package
from displacement import cli, examples, strategies, units
from displacement import count as count_module
from displacement.figures import parse_count
from displacement.io import arrow, csv, hxl, json, schema, unhcr
from displacement.io.account import Load, RowAccount, SkippedRow

# -- sources and attributions -------------------------------------------------------------------

upi = d.Source(
    "upi",
    d.SourceKind.NEWS_MEDIA,
    publisher="UPI",
    authors=["Darryl Coote"],
    published=datetime(2022, 9, 27, 14, 0),
    accessed=date(2022, 9, 28),
    language="en",
    reliability=d.Reliability.MEDIUM,
)
assert_type(upi, d.Source)
assert_type(upi.kind, d.SourceKind)
assert_type(upi.publisher, str | None)
assert_type(upi.authors, tuple[str, ...])
assert_type(upi.published, date | datetime | None)
assert_type(upi.accessed, date | None)
assert_type(upi.reliability, d.Reliability | None)
assert_type(upi.part_of, str | None)
ministry = d.Source("kaz-mvd", d.SourceKind.GOVERNMENT, actor="mvd")

attribution = d.Attribution("upi", attributed_to=("kaz-mvd",), excerpt="98,000 Russians have crossed")
assert_type(attribution.source, str)
assert_type(attribution.attributed_to, tuple[str, ...])
assert_type(attribution.excerpt, str | None)
assert_type(attribution.chain, tuple[str, ...])
assert_type(attribution.original, str)

d.Source("upi", "news_media")  # type: ignore[arg-type]  # an enum member, not its value
d.Source("upi", d.SourceKind.NEWS_MEDIA, reliability="high")  # type: ignore[arg-type]
d.Source("upi", d.SourceKind.NEWS_MEDIA, accessed="2022-09-28")  # type: ignore[arg-type]
d.Source("upi", d.SourceKind.NEWS_MEDIA, authors=[None])  # type: ignore[list-item]

# -- actors and their roles ---------------------------------------------------------------------

role = d.Role("President of Kazakhstan", start=date(2019, 3, 20))
assert_type(role.title, str)
assert_type(role.start, date | None)
assert_type(role.end, date | None)
tokayev = d.Actor(
    "tokayev",
    d.ActorKind.PERSON,
    "Kassym-Jomart Tokayev",
    aliases=["Tokayev"],
    country="KAZ",
    affiliation="gov-kaz",
    roles=[role],
)
assert_type(tokayev, d.Actor)
assert_type(tokayev.kind, d.ActorKind)
assert_type(tokayev.aliases, tuple[str, ...])
assert_type(tokayev.roles, tuple[d.Role, ...])
assert_type(tokayev.country, str | None)
mvd = d.Actor("mvd", d.ActorKind.GOVERNMENT_BODY, "Interior Ministry of Kazakhstan")

d.Actor("tokayev", d.ActorKind.PERSON, "Tokayev", roles=["President"])  # type: ignore[list-item]
d.Actor("tokayev", "person", "Tokayev")  # type: ignore[arg-type]

# -- places and periods -------------------------------------------------------------------------

place = d.Place("KAZ", subdivision="KZ-61", name="Turkestan region", lat=42.3, lon=69.6)
assert_type(place.country, str)
assert_type(place.subdivision, str | None)
assert_type(place.name, str | None)
assert_type(place.lat, float | None)
assert_type(place.is_special, bool)
assert_type(place.country_name, str)
assert_type(d.Place.lookup("Kazakhstan"), d.Place)
assert_type(d.Place.lookup("kz", name="Turkestan region"), d.Place)
assert_type(d.SPECIAL_CODES, Mapping[str, str])
assert_type(
    place.identity,
    tuple[str, str | None, str | None, str | None, str | None, str | None, float | None, float | None],
)
assert_type(place.within(d.Place("KAZ")), bool)
assert_type(place.level, int)
assert_type(d.Place.lookup("Baidoa", country="SOM", level=2), d.Place)
assert_type(d.Place("SOM", admin2="SO2401").accuracy, d.Accuracy | None)

d.Place(None)  # type: ignore[arg-type]
d.Place("KAZ", lat="42.3", lon="69.6")  # type: ignore[arg-type]

period = d.Period(date(2022, 9, 21), date(2022, 9, 27), open_start=True)
assert_type(period.start, date | None)
assert_type(period.end, date | None)
assert_type(period.precision, d.Precision)
assert_type(period.as_of, date | None)
assert_type(period.open_start, bool)
assert_type(period.days, tuple[int, int] | None)
assert_type(period.contains(date(2022, 9, 22)), bool)
assert_type(period.overlaps(date(2022, 9, 1), None), bool)
assert_type(d.Period(), d.Period)
assert_type(d.Period(date(2022, 9, 21), None, as_of=date(2022, 9, 27)), d.Period)
assert_type(d.Period.day(date(2022, 9, 21)), d.Period)
assert_type(d.Period.week(date(2022, 9, 21)), d.Period)
assert_type(d.Period.month(2022, 9), d.Period)
assert_type(d.Period.year(2022), d.Period)
assert_type(d.Period.around(date(2022, 1, 1), d.Precision.WEEK), d.Period)

d.Period("2022-09-21")  # type: ignore[arg-type]  # dates, not ISO strings
d.Period(date(2022, 9, 21), precision="week")  # type: ignore[arg-type]
d.Period.around(date(2022, 1, 1), "week")  # type: ignore[arg-type]

# -- counts -------------------------------------------------------------------------------------

count = d.Count(98000, qualifier=d.Qualifier.MORE_THAN)
assert_type(count, d.Count)
assert_type(count.magnitude, int | float)
assert_type(count.unit, str)
assert_type(count.counts, str)
assert_type(count.qualifier, d.Qualifier)
assert_type(count.upper_magnitude, int | float | None)
assert_type(count.household_size, int | float | None)
assert_type(count.value, pint.Quantity[Any])
assert_type(count.upper, pint.Quantity[Any] | None)
assert_type(count.bounds, tuple[pint.Quantity[Any], pint.Quantity[Any] | None])
assert_type(count.bound_magnitudes, tuple[int | float, int | float | None])
assert_type(count.to_persons(household_size=4.5), d.Count)
assert_type(d.Count("98000 people"), d.Count)
assert_type(d.Count(200, "families", "range", upper=300), d.Count)
assert_type(d.Count(d.ureg.Quantity(5, "person")), d.Count)
assert_type(d.Count.parse("more than 98,000 people"), d.Count)
assert_type(parse_count("half a million people"), d.Count)

# Counts add and compare as intervals, with each other only.
assert_type(d.Count.parse("more than 98,000") + d.Count.parse("about 5,000"), d.Count)
assert_type(sum([d.Count(10), d.Count(5)], d.Count(0)), d.Count)
assert_type(d.Count(10) < d.Count(20), bool)
assert_type(d.Count(10) >= d.Count(20), bool)
assert_type(round(d.Count(98000 / 6, "person / day"), 2), d.Count)
assert_type(sorted([d.Count(10), d.Count(5)]), list[d.Count])

# A bare number has no unit and no qualifier. (``3 + Count(5)`` still type-checks, because sum()
# needs int + Count; it raises DisplacementError at run time.)
d.Count(5) + 3  # type: ignore[operator]
d.Count(5) + "5 people"  # type: ignore[operator]
less = d.Count(5) < 3  # type: ignore[operator]
d.Count("x").magnitude + "a"  # type: ignore[operator]
d.Count(5, qualifier=d.Qualifier.RANGE, upper=[6])  # type: ignore[arg-type]
d.Count([5])  # type: ignore[arg-type]

# Figures found in running text.
matches = d.find_counts("98,000 Russians crossed since Sept. 21")
assert_type(matches, Iterator[d.CountMatch])
for match in matches:
    assert_type(match.start, int)
    assert_type(match.text, str)
    assert_type(match.count, d.Count)
    assert_type(match.span, tuple[int, int])

# Households become persons only through a size.
sizes = d.HouseholdSizes({"AFG": 7.4, "SYR": 4.9}, default=5.0, source="census estimates")
assert_type(sizes, d.HouseholdSizes)
assert_type(d.HouseholdSizes((("AFG", 7.4),)), d.HouseholdSizes)
assert_type(sizes["AFG"], float)
assert_type(sizes.size(d.Place("AFG")), float)
assert_type(sizes.to_persons(d.Count(200, "households"), "AFG"), d.Count)
assert_type(sizes.sizes, tuple[tuple[str, float], ...])
assert_type(sizes.default, float | None)
size_table: Mapping[str, float] = sizes

d.HouseholdSizes([("AFG", 7.4)])  # type: ignore[arg-type]  # a mapping or a tuple of pairs
d.HouseholdSizes({"AFG": "7.4"})  # type: ignore[dict-item]

# -- populations, events, flows, stocks ---------------------------------------------------------

cohort = d.Cohort(d.Sex.FEMALE, 0, 4, d.Count(1200))
assert_type(cohort.sex, d.Sex | None)
assert_type(cohort.min_age, int | None)
assert_type(cohort.max_age, int | None)
assert_type(cohort.count, d.Count)
population = d.Population(
    d.PopulationCategory.OTHERS, nationality="RUS", description="Russians", cohorts=[cohort]
)
assert_type(population.category, d.PopulationCategory)
assert_type(population.nationality, str | None)
assert_type(population.cohorts, tuple[d.Cohort, ...])

d.Population("refugees")  # type: ignore[arg-type]
d.Population(d.PopulationCategory.REFUGEES, cohorts=[d.Count(5)])  # type: ignore[list-item]
d.Cohort("female", 0, 4, d.Count(1200))  # type: ignore[arg-type]

decree = d.Event(
    "decree",
    d.EventKind.MOBILIZATION,
    "Partial mobilization",
    period=d.Period.day(date(2022, 9, 21)),
    places=[d.Place("RUS")],
    participants=[d.Participation("putin", "announced")],
    figures=[d.Figure("protesters arrested", d.Count.parse("more than 2,000"))],
    attributions=[attribution],
)
assert_type(decree.kind, d.EventKind)
assert_type(decree.period, d.Period)
assert_type(decree.places, tuple[d.Place, ...])
assert_type(decree.participants, tuple[d.Participation, ...])
assert_type(decree.participants[0].role, str)
assert_type(decree.figures, tuple[d.Figure, ...])
assert_type(decree.figures[0].count, d.Count | None)
assert_type(decree.causes, tuple[str, ...])
assert_type(decree.hazard, d.Hazard | None)
assert_type(decree.cause_kind, d.CauseKind | None)
assert_type(decree.figures[0].measure, d.Measure | None)
assert_type(decree.figures[0].term, str | None)
assert_type(d.Hazard.parse("flood").levels, tuple[str, ...])
assert_type(d.Measure.of_term("killed"), d.Measure | None)

d.Event("decree", d.EventKind.MOBILIZATION, "Decree", period=period, places=d.Place("RUS"))  # type: ignore[arg-type]
d.Event("decree", d.EventKind.MOBILIZATION, "Decree", period=date(2022, 9, 21))  # type: ignore[arg-type]
d.Event("decree", d.EventKind.MOBILIZATION, "Decree", period=period, participants=["putin"])  # type: ignore[list-item]

flow = d.Flow(
    "f1",
    origin=d.Place("RUS"),
    destination=place,
    movement=d.Movement.CROSS_BORDER,
    population=population,
    count=count,
    period=period,
    metric=d.Metric.CROSSINGS,
    causes=["decree"],
    attributions=[attribution],
    term="have crossed into",
)
assert_type(flow, d.Flow)
assert_type(flow.origin, d.Place)
assert_type(flow.movement, d.Movement)
assert_type(flow.metric, d.Metric)
assert_type(flow.population, d.Population)
assert_type(flow.via, tuple[d.Place, ...])
assert_type(flow.cause_kind, d.CauseKind | None)
assert_type(flow.population.cohorts[0].dimensions, tuple[str, ...])
assert_type(flow.count, d.Count | None)
assert_type(flow.period, d.Period)
assert_type(flow.causes, tuple[str, ...])
assert_type(flow.attributions, tuple[d.Attribution, ...])
assert_type(flow.term, str | None)
assert_type(flow.rate("day"), d.Count)
assert_type(flow.rate("week", as_of=date(2022, 9, 30)), d.Count)
assert_type(attrs.evolve(flow, count=None), d.Flow)
unquantified = d.Flow(
    "f2",
    origin=d.Place("RUS"),
    destination=d.Place("GEO"),
    movement=d.Movement.CROSS_BORDER,
    population=population,
    count=None,  # reported without a number: None, never 0
    period=period,
    metric=d.Metric.CROSSINGS,
)
if flow.count is not None:
    assert_type(flow.count.magnitude, int | float)

magnitude = flow.count.magnitude  # type: ignore[union-attr]  # unquantified flows have no count
flow.id = "f2"  # type: ignore[misc]  # records are frozen
attrs.evolve(flow, movement="internal")  # type: ignore[arg-type]
d.Flow(
    "f3",
    origin=d.Place("RUS"),
    destination=d.Place("KAZ"),
    movement="cross_border",  # type: ignore[arg-type]  # a Movement, not its value
    population=population,
    count=count,
    period=period,
    metric=d.Metric.CROSSINGS,
)
d.Flow(
    "f3",
    origin="RUS",  # type: ignore[arg-type]  # a Place, not a country code
    destination=d.Place("KAZ"),
    movement=d.Movement.CROSS_BORDER,
    population=population,
    count=98000,  # type: ignore[arg-type]  # a Count (or None), not a number
    period=period,
    metric=d.Metric.CROSSINGS,
    attributions=["upi"],  # type: ignore[list-item]  # Attribution records, not source ids
    causes=[decree],  # type: ignore[list-item]  # event ids, not events
)
d.Flow(  # type: ignore[call-arg]  # metric is required: arrivals and crossings never add up
    "f3",
    origin=d.Place("RUS"),
    destination=d.Place("KAZ"),
    movement=d.Movement.CROSS_BORDER,
    population=population,
    count=count,
    period=period,
)

stock = d.Stock(
    "s1",
    place=d.Place("KAZ"),
    population=d.Population(d.PopulationCategory.REFUGEES),
    count=d.Count(5000, qualifier="approximate"),
    as_of=date(2022, 12, 31),
    attributions=[d.Attribution("upi")],
)
assert_type(stock.place, d.Place)
assert_type(stock.count, d.Count | None)
assert_type(stock.as_of, date)

d.Stock(  # type: ignore[call-arg]  # as_of is required
    "s2", place=d.Place("KAZ"), population=population, count=None
)
d.Stock(
    "s2",
    place=d.Place("KAZ"),
    population=population,
    count=None,
    as_of="2022-12-31",  # type: ignore[arg-type]
)

# -- the dataset --------------------------------------------------------------------------------

ds = d.Dataset(
    sources=[upi, ministry],
    actors=[tokayev, mvd],
    events=[decree],
    flows=[flow, unquantified],
    stocks=(stock,),
)
assert_type(ds.sources, tuple[d.Source, ...])
assert_type(ds.actors, tuple[d.Actor, ...])
assert_type(ds.events, tuple[d.Event, ...])
assert_type(ds.flows, tuple[d.Flow, ...])
assert_type(ds.stocks, tuple[d.Stock, ...])
assert_type("f1" in ds, bool)
assert_type(ds.get("f1"), d.Source | d.Actor | d.Event | d.Flow | d.Stock | None)
record: d.Record | None = ds.get("f1")
if isinstance(record, d.Flow):
    assert_type(record.metric, d.Metric)
assert_type(ds.resolve(flow.attributions[0]), tuple[d.Source | d.Actor, ...])
assert_type(ds.flows_where(origin="RUS", start=date(2022, 9, 1)), tuple[d.Flow, ...])
assert_type(ds.flows_where(origin=d.Place("RUS"), within=True), tuple[d.Flow, ...])
assert_type(ds.stocks_where(place=d.Place("RUS"), within=True), tuple[d.Stock, ...])
assert_type(
    ds.flows_where(destination=d.Place("KAZ"), cause="decree", metric=d.Metric.CROSSINGS),
    tuple[d.Flow, ...],
)
assert_type(ds.flows_where(category=d.PopulationCategory.OTHERS, end=date(2022, 10, 1)), tuple[d.Flow, ...])
assert_type(ds.stocks_where(place="KAZ", category=d.PopulationCategory.REFUGEES), tuple[d.Stock, ...])
assert_type(ds.increments(), tuple[d.Flow, ...])
assert_type(
    ds.increments(where=lambda r: r.origin.country == "RUS", policy=d.Policy.MAXIMUM), tuple[d.Flow, ...]
)

d.Dataset(flows=flow)  # type: ignore[arg-type]  # a list of flows, not one
d.Dataset(flows=[stock])  # type: ignore[list-item]
d.Dataset(sources=["upi"])  # type: ignore[list-item]
record_id = ds.get("f1").id  # type: ignore[union-attr]  # get gives None for an unknown id
ds.flows_where(metric="crossings")  # type: ignore[arg-type]
ds.flows = ()  # type: ignore[misc]

# Totals: reconciled groups, each an interval count with the records behind it.
totals = ds.total(by="origin")
assert_type(totals, d.Totals)
assert_type(totals.by, tuple[str, ...])
assert_type(totals.policy, d.Policy)
assert_type(totals["RUS"], d.Total)
assert_type(totals["RUS", "KAZ"], d.Total)
assert_type(len(totals), int)
for key, group in totals.items():
    assert_type(key, tuple[Any, ...])
    assert_type(group, d.Total)
total = totals["RUS"]
assert_type(total.key, tuple[Any, ...])
assert_type(total.count, d.Count | None)
assert_type(total.records, tuple[str, ...])
assert_type(total.unquantified, tuple[str, ...])
assert_type(total.set_aside, tuple[d.SetAside, ...])
assert_type(total.household_sizes, tuple[tuple[str, float], ...])
assert_type(total.set_aside[0].record, str)
assert_type(total.set_aside[0].reason, d.Reason)
assert_type(total.set_aside[0].kept, str | None)
assert_type(
    ds.total(
        "stocks",
        by=["place", "year"],
        during=d.Period.year(2022),
        where=lambda r: r.count is not None,
        policy=d.Policy.RANGE,
        household_sizes=sizes,
    ),
    d.Totals,
)
by_group: Mapping[tuple[Any, ...], d.Total] = totals

ds.total("flow")  # type: ignore[arg-type]  # "flows" or "stocks"

# -- the kinds of record: one registry -----------------------------------------------------------

assert_type(d.RECORD_KINDS, tuple[d.RecordKind, ...])
assert_type(d.TABLE_KINDS, tuple[d.TableKind, ...])
record_kind: d.RecordKind = d.TABLE_KINDS[0]  # every table kind is a record kind
assert_type(getattr(ds, d.RECORD_KINDS[0]), Any)
ds.total(of=d.TABLE_KINDS[1])
bad_kind: d.TableKind = "events"  # type: ignore[assignment]
ds.total(policy="latest")  # type: ignore[arg-type]
ds.total(household_sizes={"AFG": 7.4})  # type: ignore[arg-type]
ds.total(during=date(2022, 9, 21))  # type: ignore[arg-type]

# The built-in examples.
assert_type(examples.kazakhstan_2022(), d.Dataset)
assert_type(examples.EXAMPLES, dict[str, Callable[[], d.Dataset]])
assert_type(d.examples.EXAMPLES["kazakhstan-2022"](), d.Dataset)
assert_type(d.__version__, str)

# -- units --------------------------------------------------------------------------------------

assert_type(d.ureg, pint.UnitRegistry[Any])
assert_type(units.ureg, pint.UnitRegistry[Any])
assert_type(units.use_registry(None), pint.UnitRegistry[Any])
my_registry = d.define_units(pint.UnitRegistry())
assert_type(my_registry, pint.UnitRegistry[Any])
assert_type(d.use_registry(my_registry), pint.UnitRegistry[Any])
assert_type(d.Count(my_registry.Quantity(3, "household")), d.Count)

d.use_registry("default")  # type: ignore[arg-type]

# -- errors -------------------------------------------------------------------------------------


def _takes_value_error(error: ValueError) -> None: ...


_takes_value_error(d.DisplacementError("any"))  # one family, and every member is a ValueError
_takes_value_error(d.ValidationError([d.ErrorDetail("count", "-5 is negative", -5)]))
_takes_value_error(d.UnitError("households need a size"))
_takes_value_error(d.DocumentError("truncated", line=3, column=7))
_takes_value_error(d.ParseError("no number", "lots of people"))

try:
    d.Count(-5)
except d.ValidationError as error:
    assert_type(error.errors, list[d.ErrorDetail])
    assert_type(error.errors[0].path, str)
    assert_type(error.errors[0].message, str)
    assert_type(error.errors[0].value, Any)
    assert_type(error.errors[0].describe(), str)
    assert_type(error.errors[0].within("flows[3]"), d.ErrorDetail)
    assert_type(error.title, str | None)
    assert_type(error.within("flows[3]"), d.ValidationError)
except d.DocumentError as error:
    assert_type(error.message, str)
    assert_type(error.line, int | None)
    assert_type(error.column, int | None)
except d.ParseError as error:
    assert_type(error.text, str | None)
except d.DisplacementError as error:
    assert_type(error, d.DisplacementError)
assert_type(d.ValidationError.single("count", "-5 is negative", -5), d.ValidationError)
warning_class: type[Warning] = d.PrecisionWarning

d.ValidationError("-5 is negative")  # type: ignore[arg-type]  # details, not a message
d.ValidationError(["-5 is negative"])  # type: ignore[list-item]

# -- displacement.io.json -----------------------------------------------------------------------

text = json.dumps(ds)
assert_type(text, str)
assert_type(json.dumps(flow, indent=None), str)
assert_type(json.loads(text), d.Dataset)
assert_type(json.loads(text.encode(), ignore_unknown=True), d.Dataset)
assert_type(json.loads(text, d.Flow), d.Flow)
assert_type(json.loads('{"value": 5}', d.Count), d.Count)
assert_type(json.loads(text, progress=lambda done, total: None), d.Dataset)
assert_type(json.load("data.json"), d.Dataset)
assert_type(json.load(Path("data.json")), d.Dataset)
assert_type(json.load(io.StringIO(text)), d.Dataset)
assert_type(json.load(io.BytesIO(b"{}"), d.Place), d.Place)
assert_type(json.load("stock.json", cls=d.Stock), d.Stock)
document = json.unstructure(ds)
assert_type(document, dict[str, Any])
assert_type(json.unstructure(flow), dict[str, Any])
assert_type(json.unstructure(ds.flows), list[dict[str, Any]])
assert_type(json.unstructure([flow, stock]), list[dict[str, Any]])
flow_list: list[d.Flow] = [flow]
assert_type(json.unstructure(flow_list), list[dict[str, Any]])
assert_type(json.structure(document), d.Dataset)
assert_type(json.structure({"country": "KAZ"}, d.Place), d.Place)
assert_type(json.structure([], tuple[d.Flow, ...]), tuple[d.Flow, ...])
assert_type(json.dump(ds, "data.json"), None)
assert_type(json.dump(flow, io.StringIO(), indent=None), None)
schema_version: str = json.SCHEMA_VERSION
family_version: str = io_package.SCHEMA_VERSION
assert_type(io_package.SUPPORTED_VERSIONS, tuple[str, str, str])
assert_type(json.SUPPORTED_VERSIONS, tuple[str, str, str])

json.unstructure(42)  # type: ignore[call-overload]  # only datasets and records
json.loads(document)  # type: ignore[call-overload]  # text; structure() takes parsed values
json.loads(text, "Flow")  # type: ignore[call-overload]
json.load(42)  # type: ignore[call-overload]

# -- displacement.io.schema ---------------------------------------------------------------------

assert_type(schema.json_schema(), dict[str, Any])
assert_type(schema.json_schema(d.Flow), dict[str, Any])
assert_type(schema.DIALECT, str)

# -- displacement.io.csv ------------------------------------------------------------------------

assert_type(csv.dump(ds, "flows.csv", kind="flows"), None)
assert_type(csv.dump(ds, io.StringIO(), kind="stocks"), None)
assert_type(csv.dump(ds.actors, io.StringIO()), None)  # the kind from the records
assert_type(csv.dump_dir(ds, "out"), list[Path])
assert_type(csv.load("flows.csv"), Load)
assert_type(csv.load(io.StringIO("id\n"), "flows", ignore_unknown=True).dataset, d.Dataset)
assert_type(csv.load_dir(Path("out")).account, RowAccount)
assert_type(csv.columns("flows"), list[str])
assert_type(csv.KINDS, tuple[d.RecordKind, ...])  # the same tuple as d.RECORD_KINDS
csv_kinds: tuple[str, ...] = csv.KINDS  # still a tuple of strings, as before

csv.dump(flow, "flows.csv", kind="flows")  # type: ignore[arg-type]  # a dataset or records
csv.dump(ds, "flows.csv", "flows")  # type: ignore[call-arg]  # kind= by keyword now
csv.dump(ds, "flows.csv", kind="flow")  # type: ignore[arg-type]

# -- displacement.io.hxl ------------------------------------------------------------------------

assert_type(hxl.write_hxl(ds, "flows.hxl.csv", kind="flows"), None)
assert_type(hxl.write_hxl([stock], Path("stocks.hxl.csv")), None)
hxl_load = hxl.read_hxl("flows.hxl.csv", context=ds)
assert_type(hxl_load, Load)
assert_type(hxl_load.dataset, d.Dataset)
assert_type(hxl_load.account, RowAccount)
assert_type(hxl.read_hxl("stocks.hxl.csv", "stocks", strict=True), Load)

hxl.write_hxl(ds, "flows.hxl.csv", kind="flow")  # type: ignore[arg-type]
hxl.write_hxl(ds, "flows", "flows.hxl.csv")  # type: ignore[call-arg, arg-type]  # the old order
hxl_kind: hxl.Kind = d.TABLE_KINDS[0]  # hxl.Kind is d.TableKind
hxl.read_hxl("flows.hxl.csv", context=[upi])  # type: ignore[arg-type]

# -- displacement.io.unhcr: readers and their row accounts ---------------------------------------

loaded, account = unhcr.read_flows("flows.csv")
assert_type(loaded, d.Dataset)
assert_type(account, RowAccount)
assert_type(account.source, str)
assert_type(account.rows, int)
assert_type(account.loaded, int)
assert_type(account.blank, int)
assert_type(account.records, int)
assert_type(account.zeros_skipped, int)
assert_type(account.lines_above, int)
assert_type(account.ignored_columns, tuple[str, ...])
assert_type(account.balanced, bool)
assert_type(account.errors, list[d.ErrorDetail])
assert_type(account.raise_for_problems(), None)
assert_type(account.skipped, tuple[SkippedRow, ...])
skipped = account.skipped[0]
assert_type(skipped.row, int)
assert_type(skipped.line, int | None)
assert_type(skipped.errors, tuple[d.ErrorDetail, ...])
assert_type(unhcr.read_flows(Path("flows.csv"), strict=True, source=upi), Load)
assert_type(unhcr.read_solutions("solutions.csv"), Load)
assert_type(unhcr.read_population("population.csv", skip_zeros=True), Load)
assert_type(unhcr.read_idmc("idmc.csv"), Load)
assert_type(unhcr.read_demographics([{"year": 2022, "coo_iso": "AFG"}]), Load)
assert_type(unhcr.read_flows({"items": []}), Load)
assert_type(unhcr.unhcr_source(), d.Source)
assert_type(unhcr.idmc_source(), d.Source)
unhcr_id: str = unhcr.UNHCR_SOURCE_ID

unhcr.read_flows(b"flows.csv")  # type: ignore[arg-type]
unhcr.read_population("population.csv", source="unhcr")  # type: ignore[arg-type]

# -- displacement.io.arrow: pyarrow is untyped, so its tables are Any; the records are not --------

table = arrow.to_arrow(ds, kind="flows")
assert_type(table, Any)
assert_type(arrow.to_arrow(ds.stocks), Any)
assert_type(arrow.from_arrow(table, "flows", context=ds), Load)
assert_type(arrow.from_arrow(table).dataset.stocks, tuple[d.Stock, ...])
assert_type(arrow.write_parquet(ds.flows, "flows.parquet", compression="zstd"), None)
assert_type(arrow.write_parquet(ds, "flows.parquet", kind="flows"), None)
assert_type(arrow.read_parquet("flows.parquet", "flows", context=ds), Load)
assert_type(arrow.read_parquet(Path("stocks.parquet"), "stocks").account, RowAccount)
columns_version: str = arrow.SCHEMA_VERSION
arrow_kind: arrow.Kind = "stocks"
table_kind: d.TableKind = arrow_kind  # arrow.Kind is d.TableKind

arrow.to_arrow(ds, kind="flow")  # type: ignore[arg-type]
arrow.to_arrow(ds, "flows")  # type: ignore[call-arg]  # kind= by keyword now
arrow.write_parquet(ds, "flows", "flows.parquet")  # type: ignore[call-arg, arg-type]  # the old order
arrow.from_arrow(table, "flow")  # type: ignore[arg-type]
arrow.read_parquet("flows.parquet", kind="events")  # type: ignore[arg-type]

# -- displacement.strategies: hypothesis strategies for users' own tests ---------------------------

assert_type(strategies.ids("flow"), SearchStrategy[str])
assert_type(strategies.places(["KAZ", "RUS"], special=False), SearchStrategy[d.Place])
assert_type(strategies.periods([d.Precision.DAY], open_ends=False), SearchStrategy[d.Period])
assert_type(strategies.counts(["person"], [d.Qualifier.EXACT], max_value=1000), SearchStrategy[d.Count])
assert_type(strategies.cohorts(), SearchStrategy[d.Cohort])
assert_type(strategies.populations([d.PopulationCategory.REFUGEES]), SearchStrategy[d.Population])
assert_type(strategies.attributions(["source-0"]), SearchStrategy[d.Attribution])
assert_type(strategies.roles(), SearchStrategy[d.Role])
assert_type(strategies.sources(), SearchStrategy[d.Source])
assert_type(strategies.actors(), SearchStrategy[d.Actor])
assert_type(strategies.events(), SearchStrategy[d.Event])
assert_type(strategies.participations(["actor-0"]), SearchStrategy[d.Participation])
assert_type(strategies.figures(), SearchStrategy[d.Figure])
assert_type(strategies.flows(), SearchStrategy[d.Flow])
assert_type(strategies.flows(counts=strategies.counts() | st.none()), SearchStrategy[d.Flow])
assert_type(strategies.stocks(counts=st.none()), SearchStrategy[d.Stock])
assert_type(strategies.datasets(max_flows=3), SearchStrategy[d.Dataset])
assert_type(strategies.register(), None)
assert_type(st.from_type(d.Flow), SearchStrategy[d.Flow])


@given(strategies.flows(), strategies.datasets())
def check_with_strategies(flow: d.Flow, dataset: d.Dataset) -> None:
    assert_type(flow.count, d.Count | None)


stock_strategy: SearchStrategy[d.Stock] = strategies.flows()  # type: ignore[assignment]
strategies.flows(counts=strategies.periods())  # type: ignore[arg-type]

# -- the command line ---------------------------------------------------------------------------

assert_type(cli.main(["validate", "data.json"]), int)
assert_type(cli.summary(ds, title="Kazakhstan"), str)
assert_type(cli.tables(ds), str)

# -- the limits of a count ----------------------------------------------------------------------
largest: int = count_module.MAX_MAGNITUDE
assert_type(units.TIME_UNITS, tuple[str, str, str, str, str, str, str, str])
