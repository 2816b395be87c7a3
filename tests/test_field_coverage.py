"""Every format carries every field of the model, or says here why not (issue 14).

The model's fields are read from the attrs classes (`displacement.io._fields`), as a set of paths
such as ``flows[].population.cohorts[].count.value`` (document keys, ``[]`` for the items of a
list). Each format's own output gives the paths it carries: the keys of a JSON document, the CSV
header (and the JSON inside its list cells), the JSON Schema's properties, the Arrow schema of
`to_arrow`, the hashtag row that `write_hxl` writes; the hypothesis strategies give the paths they
ever draw with a value other than the default. A path neither carried nor listed in the format's
exclusion table (path -> reason) fails its test, so a field added to the model fails here until
every format carries it or the table says why it does not.
"""

from __future__ import annotations

import contextlib
import csv as _csv
import io
import json as _json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample

import displacement as d
from displacement import examples
from displacement import strategies as dst
from displacement.io import _fields
from displacement.io import csv as dcsv
from displacement.io import json as djson
from displacement.io.schema import json_schema

pa = pytest.importorskip("pyarrow")
from displacement.io import hxl  # noqa: E402
from displacement.io.arrow import ENGINE_FIELDS, from_arrow, to_arrow  # noqa: E402 - needs pyarrow
from displacement.io.hxl import read_hxl, write_hxl  # noqa: E402

TABLE_KINDS = ("flows", "stocks")

# -- the model's fields as paths ---------------------------------------------------------------


def _record_type(tp: Any) -> tuple[Any, bool]:
    """The attrs class *tp* stands for (through ``X | None`` and ``tuple[X, ...]``), and whether a list."""
    inner, _ = _fields.optional_of(tp)
    item = _fields.sequence_of(inner)
    if item is not None:
        return (item if attrs.has(item) else None), True
    return (inner if attrs.has(inner) else None), False


def model_paths(
    cls: Any, prefix: str = "", fields: Callable[[Any], Iterable[Any]] = _fields.fields
) -> set[str]:
    """Every leaf field of *cls*, recursively, as ``a.b[].c`` paths of document keys."""
    found: set[str] = set()
    for f in fields(cls):
        path = f"{prefix}{f.key}"
        record, many = _record_type(f.type)
        if record is None:
            found.add(path)
        else:
            found |= model_paths(record, f"{path}[]." if many else f"{path}.", fields)
    return found


def gaps(model: set[str], carried: set[str], excluded: Mapping[str, str]) -> list[str]:
    """The model's paths a format neither carries nor excludes (an excluded path covers its subtree)."""

    def is_excluded(path: str) -> bool:
        return any(path == e or path.startswith((f"{e}.", f"{e}[]")) for e in excluded)

    return sorted(p for p in model if p not in carried and not is_excluded(p))


def stale(model: set[str], carried: set[str], excluded: Mapping[str, str]) -> list[str]:
    """Exclusions that no longer apply: the path is gone from the model, or the format carries it."""
    return sorted(
        e
        for e in excluded
        if e in carried or not any(p == e or p.startswith((f"{e}.", f"{e}[]")) for p in model)
    )


MODEL = model_paths(d.Dataset)


def test_model_paths_reach_nested_records() -> None:
    assert "flows[].population.cohorts[].count.value" in MODEL
    assert "flows[].count.household_size" in MODEL
    assert "events[].figures[].attributions[].attributed_to" in MODEL
    assert "actors[].roles[].title" in MODEL
    assert "stocks[].place.lon" in MODEL
    assert not any(p.endswith((".population", ".count", ".cohorts")) for p in MODEL)  # leaves only


def _column_paths(columns: Iterable[_fields.Column], prefix: str) -> set[str]:
    found: set[str] = set()
    for c in columns:
        if c.items:
            found |= _column_paths(c.items, f"{prefix}{c.key}[].")
        else:
            found.add(f"{prefix}{c.key}")
    return found


@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_the_column_description_covers_every_field(kind: str) -> None:
    """`_fields.columns`, which Arrow's layout comes from, has a column for every field of a flow
    or stock, and `NOT_CARRIED` names only columns that exist."""
    cls = d.Flow if kind == "flows" else d.Stock
    described = _column_paths(_fields.columns(cls), f"{kind}[].")
    assert described == {p for p in MODEL if p.startswith(f"{kind}[].")}
    assert "flows[].count.household_size" in described or kind == "stocks"
    flow_or_stock = _column_paths(_fields.columns(d.Flow), "") | _column_paths(_fields.columns(d.Stock), "")
    for fmt, keys in _fields.NOT_CARRIED.items():
        for k in keys:  # a column of flows or stocks, or a list of records (``via``) and its items
            assert any(p == k or p.startswith(f"{k}[].") for p in flow_or_stock), (fmt, k)
    names = [c.name for c in _fields.columns(cls)]
    assert len(names) == len(set(names))  # flat names do not collide


# -- records with every optional field set ---------------------------------------------------

DAY = date(2022, 9, 21)


def _attribution() -> d.Attribution:
    return d.Attribution("src-1", attributed_to=["src-0", "act-0"], excerpt="have crossed")


def _population(*, exact: bool) -> d.Population:
    counts = (
        [d.Count(100, "person")]
        if exact
        else [d.Count(100, "person", d.Qualifier.RANGE, upper=200, household_size=4.5)]
    )
    # HXL has no column for the parts of a mix (issue 17): the exact population is not one
    shares = (
        []
        if exact
        else [
            d.Share(
                nationality="RUS",
                category=d.PopulationCategory.REFUGEES,
                count=d.Count(500, "person", d.Qualifier.RANGE, upper=600, household_size=4.5),
                fraction=0.5,
                qualifier=d.Qualifier.AT_LEAST,
            )
        ]
    )
    return d.Population(
        d.PopulationCategory.REFUGEES if exact else d.PopulationCategory.MIXED,
        nationality="RUS",
        description="Russian men",
        cohorts=[
            d.Cohort(d.Sex.MALE, 18, 65, c, settlement=d.Settlement.URBAN, in_camp=True, disability=False)
            for c in counts
        ],
        shares=shares,
    )


def _place(country: str = "RUS") -> d.Place:
    # Dagestan's p-code (RU003002, in RU003) and a code below it: Russia's admin3 codes are not
    # listed, and their length is unknown, so any code that begins with its admin2 code is accepted.
    return d.Place(
        country,
        subdivision="RU-DA",
        admin3="RU003002001",
        name="Makhachkala",
        lat=42.98,
        lon=47.5,
        accuracy=d.Accuracy.POINT,
    )


# Almaty city (KAZ004) and its Almaly district (KAZ004002); the admin3 code below it is made up.
ALMATY = d.Place(
    "KAZ",
    subdivision="KZ-75",
    admin3="KAZ004002001",
    name="Almaty",
    lat=43.2,
    lon=76.9,
    accuracy=d.Accuracy.ADMIN2,
)


def full_dataset(*, exact_cohorts: bool = False) -> d.Dataset:
    """One record of every kind with every optional field set to something other than its default.

    *exact_cohorts* keeps cohort counts exact and without a household size, and the flow without
    a route (``via``), as HXL needs.
    """
    count = d.Count(98000, "person", d.Qualifier.RANGE, upper=99000, household_size=4.5)
    period = d.Period(
        DAY, date(2022, 9, 30), precision=d.Precision.MONTH, as_of=date(2022, 10, 1), open_start=True
    )
    return d.Dataset(
        sources=[
            d.Source("src-0", d.SourceKind.NEWS_MEDIA),
            d.Source(
                "src-1",
                d.SourceKind.GOVERNMENT,
                publisher="UPI",
                title="Russians cross",
                authors=["A. Writer"],
                url="https://www.upi.com/",
                published=datetime(2022, 9, 27, 12, tzinfo=UTC),
                accessed=date(2022, 10, 2),
                language="en",
                reliability=d.Reliability.HIGH,
                actor="act-0",
                part_of="src-0",
                section="World",
                licence="CC-BY-4.0",
                description="a wire story",
            ),
        ],
        actors=[
            d.Actor("act-0", d.ActorKind.GOVERNMENT_BODY, "Ministry"),
            d.Actor(
                "act-1",
                d.ActorKind.PERSON,
                "Minister",
                aliases=["M."],
                country="KAZ",
                affiliation="act-0",
                roles=[d.Role("minister", start=date(2020, 1, 1), end=date(2023, 1, 1))],
                description="the minister",
            ),
        ],
        events=[
            d.Event(
                "ev-0", d.EventKind.OTHER, "Mobilisation", period=d.Period(), cause_kind=d.CauseKind.CONFLICT
            ),
            d.Event(
                "ev-1",
                d.EventKind.DISASTER,
                "Flood",
                period=period,
                places=[_place()],
                participants=[d.Participation("act-1", "spoke")],
                causes=["ev-0"],
                figures=[
                    d.Figure(
                        "people fled",
                        count,
                        attributions=[_attribution()],
                        measure=d.Measure.EVACUATED,
                        term="fled",
                    )
                ],
                attributions=[_attribution()],
                hazard=d.Hazard(type="Flood", subtype="Flood", detail="snowmelt"),
                description="a flood",
            ),
        ],
        flows=[
            d.Flow(
                "f-1",
                origin=_place(),
                destination=ALMATY,
                movement=d.Movement.EVACUATION,
                population=_population(exact=exact_cohorts),
                count=count,
                period=period,
                metric=d.Metric.DEPARTURES,
                causes=["ev-1"],
                via=[] if exact_cohorts else [_place()],
                cause_kind=d.CauseKind.DISASTER,
                attributions=[_attribution()],
                term="fled",
                description="by road",
            )
        ],
        stocks=[
            d.Stock(
                "s-1",
                place=ALMATY,
                population=_population(exact=exact_cohorts),
                count=count,
                as_of=DAY,
                causes=["ev-1"],
                attributions=[_attribution()],
                term="stay",
                description="in towns",
                cause_kind=d.CauseKind.CONFLICT,
                as_of_precision=d.Precision.MONTH,
            )
        ],
    )


def _is_default(value: Any, field: _fields.Field) -> bool:
    if field.required:
        return False
    return bool(value == field.default and type(value) is type(field.default))


def set_paths(obj: Any, prefix: str = "") -> Iterator[str]:
    """The leaf paths of *obj* that hold something other than their default."""
    for f in _fields.fields(type(obj)):
        value = getattr(obj, f.name)
        path = f"{prefix}{f.key}"
        record, many = _record_type(f.type)
        if record is None:
            if not _is_default(value, f):
                yield path
        elif many:
            for item in value:
                yield from set_paths(item, f"{path}[].")
        elif value is not None:
            yield from set_paths(value, f"{path}.")


def test_the_full_dataset_sets_every_field() -> None:
    """The records below must set every field, or a format could drop one unseen."""
    assert gaps(MODEL, set(set_paths(full_dataset())), {}) == []
    hxl = set(set_paths(full_dataset(exact_cohorts=True)))
    assert gaps(MODEL, hxl, {}) == sorted(
        [
            "flows[].population.cohorts[].count.household_size",
            "flows[].population.cohorts[].count.qualifier",
            "flows[].population.cohorts[].count.upper",
            "stocks[].population.cohorts[].count.household_size",
            "stocks[].population.cohorts[].count.qualifier",
            "stocks[].population.cohorts[].count.upper",
            *(f"flows[].via[].{f.key}" for f in _fields.fields(d.Place)),
            *(f"{kind}[].population.shares[].{p}" for kind in TABLE_KINDS for p in _SHARE_PATHS),
        ]
    )  # exact counts, as HXL needs: the default qualifier, no upper end, no household size; no
    # route, no mix


_SHARE_PATHS = (
    "nationality",
    "category",
    *(f"count.{f.key}" for f in _fields.fields(d.Count)),
    "fraction",
    "qualifier",
)


# -- the paths each format carries -------------------------------------------------------------


def document_paths(doc: Any, prefix: str = "") -> set[str]:
    """The key paths of a JSON value (``a.b[].c``)."""
    found: set[str] = set()
    if isinstance(doc, dict):
        for key, value in doc.items():
            found |= document_paths(value, f"{prefix}.{key}" if prefix else key) or {
                f"{prefix}.{key}" if prefix else key
            }
    elif isinstance(doc, list) and doc and isinstance(doc[0], dict | list):
        for item in doc:
            found |= document_paths(item, f"{prefix}[]")
    return found


def json_paths() -> set[str]:
    return document_paths(_json.loads(djson.dumps(full_dataset())))


def csv_paths() -> set[str]:
    """The CSV header of every kind; a list column's cells hold JSON, whose keys count too."""
    found: set[str] = set()
    ds = full_dataset()
    for kind in dcsv.KINDS:
        out = io.StringIO()
        dcsv.dump(ds, out, kind=kind)
        header, *rows = list(_csv.reader(io.StringIO(out.getvalue())))
        assert header == dcsv.columns(kind)
        for column in header:
            inner = set()
            for row in rows:
                cell = row[header.index(column)]
                if cell.startswith("["):
                    inner |= document_paths(_json.loads(cell), f"{kind}[].{column}")
            found |= inner or {f"{kind}[].{column}"}
    return found


def schema_paths() -> set[str]:
    schema = json_schema(d.Dataset)
    defs = schema["$defs"]

    def walk(node: dict[str, Any], prefix: str, depth: int = 0) -> set[str]:
        assert depth < 20, prefix
        if "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[1]]
        for branch in node.get("anyOf", ()):
            if "$ref" in branch or branch.get("type") in ("object", "array"):
                return walk(branch, prefix, depth + 1)
        if node.get("type") == "array" and "items" in node:
            items = node["items"]
            if "$ref" in items or items.get("type") == "object":
                return walk(items, f"{prefix}[]", depth + 1)
        if node.get("type") == "object" and "properties" in node:
            found: set[str] = set()
            for key, sub in node["properties"].items():
                found |= walk(sub, f"{prefix}.{key}" if prefix else key, depth + 1)
            return found
        return {prefix}

    return walk(schema, "")


def arrow_name(path: str) -> str:
    """The Arrow column a model path maps to: ``_`` joins nested fields, ``[]`` enters a list of structs."""
    return "[].".join(part.replace(".", "_") for part in path.split("[]."))


def arrow_columns(schema: Any, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for field in schema:
        tp = field.type
        if pa.types.is_list(tp) and pa.types.is_struct(tp.value_type):
            found |= arrow_columns(list(tp.value_type), f"{prefix}{field.name}[].")
        else:
            found.add(f"{prefix}{field.name}")
    return found


ARROW_ONLY = {
    # Columns of Arrow's own, not fields of the model.
    "count_float": "whether the count's numbers were ints or floats, which float64 columns lose",
    "population_cohorts[].count_float": "the same for a cohort's count",
    "population_shares[].count_float": "the same for a share's count",
}


def arrow_paths() -> set[str]:
    ds = full_dataset()
    found: set[str] = set()
    for kind in TABLE_KINDS:
        columns = arrow_columns(to_arrow(ds, kind=kind).schema)
        model = {p.removeprefix(f"{kind}[].") for p in MODEL if p.startswith(f"{kind}[].")}
        unknown = columns - {arrow_name(p) for p in model} - ARROW_ONLY.keys() - set(ENGINE_FIELDS.names)
        assert not unknown, f"Arrow columns that map to no field of the model: {sorted(unknown)}"
        found |= {f"{kind}[].{p}" for p in model if arrow_name(p) in columns}
    return found


_COHORT_FIELDS = (
    "sex",
    "min_age",
    "max_age",
    "settlement",
    "in_camp",
    "disability",
    "count.value",
    "count.unit",
)
_KEYS = {c.name: c.key for kind in TABLE_KINDS for c in _fields.columns(d.RECORD_TYPES[kind])}
HXL_TAGS: dict[str, tuple[str, ...]] = {
    # HXL's names for the model's (hashtag -> paths under flows[] or stocks[]): the one mapping in
    # hxl.py for the plain columns, then the columns that hxl.py lays out by code.
    **{entry[1]: (_KEYS[name],) for name, entry in hxl.HXL_COLUMNS.items() if entry is not None},
    "#meta+source": (),  # the sources' publishers, for people to read: not a field of the record
    "#meta+url": (),  # the sources' URLs, likewise
    "#meta+source+code": ("attributions[].source", "attributions[].attributed_to"),  # chains a > b
    "#meta+excerpt": ("attributions[].excerpt",),
}
_HXL_COUNT = re.compile(r"#affected\+[a-z_]+\+(ind|hh)\+total")
_HXL_COHORT = re.compile(
    r"#affected\+[a-z_]+(\+[fmi])?(\+age_[0-9]*_[0-9]*)?(\+x_urban|\+x_rural)?(\+incamp|\+noncamp)?"
    r"(\+x_disabled|\+x_nondisabled)?\+(ind|hh)"
)


def hxl_tag_paths(tag: str) -> tuple[str, ...]:
    if tag in HXL_TAGS:
        return HXL_TAGS[tag]
    if _HXL_COUNT.fullmatch(tag):
        return ("count.value",)  # the unit's base in +ind/+hh, the whole unit in #x_unit
    match = _HXL_COHORT.fullmatch(tag)
    if match:
        sex, age, settlement, in_camp, disability, _ = match.groups()
        given = {"sex": sex, "min_age": age, "max_age": age, "settlement": settlement}
        given |= {"in_camp": in_camp, "disability": disability}
        return tuple(f"population.cohorts[].{f}" for f in _COHORT_FIELDS if given.get(f, True))
    raise AssertionError(f"write_hxl wrote the hashtag {tag!r}, which this test does not map to the model")


def hxl_paths(tmp_path: Path) -> set[str]:
    ds = full_dataset(exact_cohorts=True)
    found: set[str] = set()
    for kind in TABLE_KINDS:
        path = tmp_path / f"{kind}.csv"
        write_hxl(ds, path, kind=kind)
        with open(path, encoding="utf-8", newline="") as f:
            _, hashtags, *_ = _csv.reader(f)
        found |= {f"{kind}[].{p}" for tag in hashtags for p in hxl_tag_paths(tag)}
    return found


def test_hxl_tags_read_the_mapping_of_hxl_py() -> None:
    """The hashtags of the plain columns come from `hxl.HXL_COLUMNS`, not from a copy here."""
    assert HXL_TAGS["#country+code+dest"] == ("destination.country",)
    assert HXL_TAGS["#date"] == ("as_of",)
    assert HXL_TAGS["#x_household_size"] == ("count.household_size",)
    assert len(HXL_TAGS) == sum(e is not None for e in hxl.HXL_COLUMNS.values()) + 4  # one tag a column


def test_a_column_without_a_hashtag_stops_hxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """A field added to the model that `hxl.HXL_COLUMNS` does not map, and that
    `_fields.NOT_CARRIED["hxl"]` gives no reason for, is an error naming it when hxl.py lays out
    its columns (at import, for Flow and Stock), not a column silently left out."""
    grown = attrs.make_class(
        "GrownFlow",
        {"headcount_note": attrs.field(type=str | None, default=None, kw_only=True)},
        bases=(d.Flow,),
    )
    with pytest.raises(TypeError) as info:
        hxl._layout(grown)
    assert str(info.value) == (
        "GrownFlow has columns that HXL output neither carries nor leaves out with a reason: headcount_note; "
        "give each a header and hashtag in displacement.io.hxl.HXL_COLUMNS "
        "(or a reason in _fields.NOT_CARRIED['hxl'])"
    )
    monkeypatch.setitem(_fields.NOT_CARRIED["hxl"], "headcount_note", "a note for people, not tools")
    assert [c.field for c in hxl._layout(grown) if isinstance(c, hxl._Column)] == [
        c.field for c in hxl._layout(d.Flow) if isinstance(c, hxl._Column)
    ]
    monkeypatch.setitem(hxl.HXL_COLUMNS, "headcount_note", ("Headcount note", "#description+note"))
    monkeypatch.delitem(_fields.NOT_CARRIED["hxl"], "headcount_note")
    tags = [c.tag for c in hxl._layout(grown) if isinstance(c, hxl._Column)]
    assert tags[-1] == "#description+note"


# -- what each format leaves out, and why ----------------------------------------------------

_TABLES_ONLY = {
    # Arrow and HXL hold one table of flows or stocks; the records they point to travel as JSON or CSV.
    "sources[]": "a table of flows or stocks: sources travel as JSON or CSV",
    "actors[]": "a table of flows or stocks: actors travel as JSON or CSV",
    "events[]": "a table of flows or stocks: events travel as JSON or CSV",
}


def _not_carried(fmt: str) -> dict[str, str]:
    """What the description (`_fields.NOT_CARRIED`) says *fmt* leaves out of a flow or a stock."""
    return {
        f"{kind}[].{key}": why
        for kind in TABLE_KINDS
        for key, why in _fields.NOT_CARRIED[fmt].items()
        if any(p == f"{kind}[].{key}" or p.startswith(f"{kind}[].{key}[]") for p in MODEL)  # via: flows only
    }


EXCLUDED: dict[str, dict[str, str]] = {
    "json": {},
    "csv": {},
    "schema": {},
    "arrow": {**_TABLES_ONLY, **_not_carried("arrow")},
    "hxl": {**_TABLES_ONLY, **_not_carried("hxl")},
}

CARRIED: dict[str, Callable[[Path], set[str]]] = {
    "json": lambda _: json_paths(),
    "csv": lambda _: csv_paths(),
    "schema": lambda _: schema_paths(),
    "arrow": lambda _: arrow_paths(),
    "hxl": hxl_paths,
}


@pytest.mark.parametrize("fmt", sorted(CARRIED))
def test_every_field_is_carried_or_excluded_with_a_reason(fmt: str, tmp_path: Path) -> None:
    carried = CARRIED[fmt](tmp_path)
    assert gaps(MODEL, carried, EXCLUDED[fmt]) == [], f"{fmt} drops fields of the model"
    assert stale(MODEL, carried, EXCLUDED[fmt]) == [], f"{fmt}: exclusions that no longer apply"
    assert all(reason.strip() for reason in EXCLUDED[fmt].values())


@pytest.mark.parametrize("fmt", sorted(CARRIED))
def test_a_new_field_fails_the_check(fmt: str, tmp_path: Path) -> None:
    """The check is not vacuous: a field the model gains and the format lacks is reported."""
    carried = CARRIED[fmt](tmp_path)
    excluded = EXCLUDED[fmt]
    grown = {
        *MODEL,
        "flows[].headcount_note",
        "stocks[].population.cohorts[].count.margin",
        "flows[].attributions[].page",
    }
    assert gaps(grown, carried, excluded) == [
        "flows[].attributions[].page",
        "flows[].headcount_note",
        "stocks[].population.cohorts[].count.margin",
    ]


def test_a_field_added_to_a_class_reaches_the_model_paths() -> None:
    """`model_paths` reads the classes: a subclass with one more field has one more path, which
    no format carries."""
    grown = attrs.make_class(
        "GrownFlow",
        {"headcount_note": attrs.field(type=str | None, default=None, kw_only=True)},
        bases=(d.Flow,),
    )
    grown_cohort = attrs.make_class(
        "GrownCohort", {"margin": attrs.field(type=int | None, default=None, kw_only=True)}, bases=(d.Cohort,)
    )
    assert model_paths(grown) - model_paths(d.Flow) == {"headcount_note"}
    assert model_paths(grown_cohort) - model_paths(d.Cohort) == {"margin"}

    def nested(cls: Any) -> tuple[_fields.Field, ...]:
        found = _fields.fields(cls)
        if cls is d.Population:  # as if Population held GrownCohort items
            return tuple(
                attrs.evolve(f, type=tuple[grown_cohort, ...]) if f.key == "cohorts" else f for f in found
            )
        return _fields.fields(grown_cohort) if cls is grown_cohort else found

    assert model_paths(d.Flow, "flows[].", nested) - model_paths(d.Flow, "flows[].") == {
        "flows[].population.cohorts[].margin"
    }
    carried = json_paths()
    assert gaps({*MODEL, *(f"flows[].{p}" for p in model_paths(grown))}, carried, {}) == [
        "flows[].headcount_note"
    ]


# -- the hypothesis strategies ---------------------------------------------------------------

_FIND = settings(
    database=None,
    derandomize=True,
    max_examples=2000,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def drawn_paths(strategy: Any, wanted: set[str]) -> set[str]:
    """The paths of *wanted* that *strategy* sets to something other than the default, in up to
    2,000 draws (stopping once all are seen)."""
    seen: set[str] = set()

    def note(value: Any) -> bool:
        seen.update(set_paths(value))
        return wanted <= seen

    with contextlib.suppress(NoSuchExample):  # not all seen: the test names what is missing
        find(strategy, note, settings=_FIND)
    return seen & wanted


STRATEGY_EXCLUDED: dict[str, str] = {}  # every field is drawn: strategies derive them from the model


def test_datasets_strategy_draws_every_field() -> None:
    """`strategies.datasets` (and so every strategy it draws from: flows, stocks, sources, actors,
    events, figures, counts...) sets every field of the model to a value other than its default."""
    wanted = set(gaps(MODEL, set(), STRATEGY_EXCLUDED))  # stops drawing once all are seen
    drawn = drawn_paths(dst.datasets(), wanted)
    assert gaps(MODEL, drawn, STRATEGY_EXCLUDED) == []
    assert stale(MODEL, drawn, STRATEGY_EXCLUDED) == []


# -- round trips -----------------------------------------------------------------------------


DATASETS = {
    "kazakhstan": examples.kazakhstan_2022,
    "full": full_dataset,
    "full-exact-cohorts": lambda: full_dataset(exact_cohorts=True),
}


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_json_and_csv_round_trips_keep_every_field(name: str, tmp_path: Path) -> None:
    ds = DATASETS[name]()
    assert djson.loads(djson.dumps(ds)) == ds
    dcsv.dump_dir(ds, tmp_path)
    assert dcsv.load_dir(tmp_path).dataset == ds


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_arrow_round_trip_keeps_every_carried_field(name: str, kind: str) -> None:
    ds = DATASETS[name]()
    expected = getattr(ds, kind)
    back = from_arrow(to_arrow(expected, kind=kind), kind, context=ds).dataset  # type: ignore[arg-type]
    assert getattr(back, kind) == expected


@pytest.mark.parametrize("name", ["kazakhstan", "full-exact-cohorts"])
@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_hxl_round_trip_keeps_every_carried_field(name: str, kind: str, tmp_path: Path) -> None:
    ds = DATASETS[name]()
    path = tmp_path / f"{kind}.csv"
    write_hxl(ds, path, kind=kind)  # type: ignore[arg-type]
    back = read_hxl(path, context=ds).dataset
    assert getattr(back, kind) == getattr(ds, kind)


def test_arrow_and_hxl_carry_household_sizes(tmp_path: Path) -> None:
    """Arrow and HXL refused a count's household size (they had no column for it): now they
    carry it, a record's count and (Arrow) a cohort's, and give it back."""
    ds = full_dataset()
    assert ds.flows[0].count == d.Count(98000, "person", d.Qualifier.RANGE, upper=99000, household_size=4.5)
    table = to_arrow(ds, kind="flows")
    assert table.column("count_household_size").to_pylist() == [4.5]
    assert table.column("population_cohorts").to_pylist()[0][0]["count_household_size"] == 4.5
    assert from_arrow(table, "flows", context=ds).dataset.flows[0].count.household_size == 4.5  # type: ignore[union-attr]
    exact = full_dataset(exact_cohorts=True)
    write_hxl(exact, tmp_path / "flows.csv", kind="flows")
    back = read_hxl(tmp_path / "flows.csv", context=exact).dataset.flows[0]
    assert back.count is not None
    assert back.count.household_size == 4.5


def test_hxl_refuses_a_cohort_household_size(tmp_path: Path) -> None:
    """A cohort is one number column in HXL: a household size on it is refused, not dropped."""
    ds = full_dataset(exact_cohorts=True)
    flow = ds.flows[0]
    cohort = attrs.evolve(flow.population.cohorts[0], count=d.Count(100, "person", household_size=4.5))
    flow = attrs.evolve(flow, population=attrs.evolve(flow.population, cohorts=[cohort]))
    with pytest.raises(d.DisplacementError) as info:
        write_hxl([flow], tmp_path / "flows.csv", kind="flows")
    assert str(info.value) == (
        "flows[0].population.cohorts[0]: HXL output carries exact cohort counts of people or households "
        "only, without a household size, not Count(100, household_size=4.5)"
    )
    assert not (tmp_path / "flows.csv").exists()
