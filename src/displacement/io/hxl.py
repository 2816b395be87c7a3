"""HXL: flows and stocks as spreadsheets that humanitarian tools understand.

The `Humanitarian Exchange Language <https://hxlstandard.org>`_ (HXL) tags the columns of a plain
CSV file with a second header row of hashtags, so tools such as the HXL Proxy, HDX and libhxl can
find "the origin country" or "the number of refugees" in any spreadsheet. `write_hxl` writes the
flows or stocks of a dataset that way, one record a row; `read_hxl` reads such a file back into
records, with an account of every row as the UNHCR readers give.

>>> import tempfile, pathlib
>>> from displacement import examples
>>> path = pathlib.Path(tempfile.mkdtemp()) / "flows.csv"
>>> write_hxl(examples.kazakhstan_2022(), path, kind="flows")
>>> header, hashtags = path.read_text(encoding="utf-8").splitlines()[:2]
>>> hashtags.split(",")[:6]  # doctest: +NORMALIZE_WHITESPACE
['#meta+id', '#country+code+origin', '#adm1+code+origin', '#adm2+code+origin', '#adm3+code+origin',
 '#adm1+code+v_iso3166_2+origin']
>>> ds = examples.kazakhstan_2022()
>>> read_hxl(path, context=ds).dataset.flows == ds.flows
True

`HXL_COLUMNS` holds the header and hashtag of every column. The hashtags come from the HXL core
dictionary where it has one, with its attributes, in this order (a tool asking for ``#description`` gets the first column that matches, so general columns
come before specific ones):

- ``#meta+id``: the record's id;
- ``#country+code+origin``, ``#adm1+code+origin``, ``#adm2+code+origin``, ``#adm3+code+origin``,
  ``#adm1+code+v_iso3166_2+origin``, ``#loc+name+origin``, ``#geo+lat+origin``,
  ``#geo+lon+origin``, ``#geo+x_accuracy+origin``: where a flow started (ISO 3166-1 alpha-3, OCHA
  p-codes at admin levels 1 to 3, ISO 3166-2 subdivision, named area, coordinates and what they
  stand for: ``point``, ``admin0`` .. ``admin3``), then the same with ``+dest`` for where it went;
  a stock's place has no ``+origin``/``+dest``. The p-codes come before the ISO code, so a tool
  asking for ``#adm1+code`` finds the p-code;
- ``#date+start``, ``#date+end``, ``#date+asof``: a flow's period (ISO 8601 dates); ``#date``:
  the date a stock holds for;
- ``#country+code+nationality``: the population's nationality;
- ``#affected+<category>+ind+total``: the count, in a column per population category and unit
  (``+ind`` individuals, ``+hh`` households; ``+refugees``, ``+idps``, ``+asylum_seekers``...);
- ``#affected+<category>+f+age_0_4+ind``: one cell of a sex and age breakdown (``+f``, ``+m``,
  ``+i`` for other; ``+age_60_`` is 60 and over, no age attribute all or unknown ages), and of
  the cohort's other dimensions: HXL's core ``+incamp`` / ``+noncamp`` for in camps or not, and
  extension attributes where the core dictionary has none, ``+x_urban`` / ``+x_rural`` for the
  settlement and ``+x_disabled`` / ``+x_nondisabled`` for disability. Cohorts read back in the
  order of these columns: by sex, then age, unknown ages last, then settlement, camp, disability;
- ``#cause+code``: ids of the events that caused it; ``#cause+type``: its cause kind
  (``conflict``, ``disaster``, ``other``);
- ``#meta+source``, ``#meta+url``: the sources' publishers and URLs, for people to read;
- ``#meta+source+code``: the attributions, as chains ``upi > kaz-mvd``, several joined by ``|``;
- ``#meta+excerpt``: the sources' own words, one per attribution;
- ``#description``, ``#description+term``, ``#description+population``: anything else, the term
  the source used, and who the people are.

What HXL has no hashtag for uses extension hashtags (``#x_``), as the standard provides:
``#x_movement``, ``#x_metric``, ``#x_category``, ``#x_precision``, ``#x_open_start``,
``#x_qualifier``, ``#x_unit`` (the full unit, such as ``person / day``), ``#x_upper`` (the
upper end of a range) and ``#x_household_size`` (the persons per household a count in persons
was derived with; HXL's core dictionary has no hashtag for it). A file without that column (written
before it existed) reads as counts without a household size.

A flow's route (``via``, a list of places) has no column: HXL has one cell a column, so
`write_hxl` refuses a flow with a route rather than drop it, and for the same reason a record
whose population is a mix (`displacement.Population.shares`). Files written before cause kinds
and cohort dimensions existed (before issue 16) read as records without them.

Files written before places held p-codes (by versions of this module before issue 15) have the ISO
3166-2 subdivision under ``#adm1+code``. `read_hxl` still reads them: when a place has no
``#adm1+code+v_iso3166_2`` column, a cell under its ``#adm1+code`` that has the shape of an ISO
3166-2 code (``RU-DA``: two letters, a hyphen, one to three letters or digits) and is not a p-code
of the gazetteer in use is read as the subdivision. In a file that has the ``+v_iso3166_2``
column, such a cell under ``#adm1+code`` is a problem of its row that names the right column.
A p-code the gazetteer refuses is a problem of its row and column, with the nearest code.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) as a formula, which lets a crafted name or excerpt attack whoever opens the file. Every
text cell written here that starts so is prefixed with an apostrophe, which makes spreadsheets
show it as text; a text that itself starts with an apostrophe gets one more. `read_hxl` removes
one apostrophe only where a writer put it (before one of those characters or another apostrophe),
so text round-trips exactly and a name such as ``'s-Hertogenbosch`` keeps its own. Numbers and
dates are written as such and need no prefix. `displacement.io.csv` follows the same rule.
"""

from __future__ import annotations

import csv
import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, Final

from .. import gazetteer
from .._validate import one_of, show
from ..actor import Actor
from ..count import Count, Qualifier
from ..dataset import RECORD_TYPES, REFERENCES, TABLE_KINDS, Dataset, References, TableKind
from ..errors import DisplacementError, ErrorDetail, ValidationError
from ..event import Event
from ..flow import Cohort, Flow, PopulationCategory, Settlement, Sex, Stock
from ..place import Place
from ..source import Attribution, Source
from ..units import HOUSEHOLD, PERSON
from . import _cells, _fields, _records
from ._table import file_rows
from .account import Load, RowAccount, SkippedRow
from .json import DATE_PATTERN

__all__ = ["HXL_COLUMNS", "Kind", "is_hashtag_row", "read_hxl", "write_hxl"]

Kind = TableKind
"""Which records a file holds: ``"flows"`` or ``"stocks"`` (the same type as `displacement.TableKind`)."""

_LIST: Final = " | "
_CHAIN: Final = " > "
_SEXES: Final = {Sex.FEMALE: "f", Sex.MALE: "m", Sex.OTHER: "i"}
_SEX_NAMES: Final = {Sex.FEMALE: "female", Sex.MALE: "male", Sex.OTHER: "other sex"}
_UNITS: Final = {PERSON: "ind", HOUSEHOLD: "hh"}
_SETTLEMENTS: Final = {Settlement.URBAN: "x_urban", Settlement.RURAL: "x_rural"}
"""A cohort's settlement: HXL's core dictionary has no attribute for it, so extension attributes."""
_IN_CAMP: Final = {True: "incamp", False: "noncamp"}
"""A cohort in camps or not: HXL's core attributes ``+incamp`` and ``+noncamp``."""
_DISABILITY: Final = {True: "x_disabled", False: "x_nondisabled"}
"""A cohort with a disability or without: extension attributes (none in HXL's core dictionary)."""

_CohortKey = tuple[Sex | None, int | None, int | None, Settlement | None, bool | None, bool | None, str]
"""What a cohort column stands for: sex, ages, settlement, in camp, disability, and the unit."""


def _cohort_key(cohort: Cohort) -> _CohortKey:
    return (
        cohort.sex,
        cohort.min_age,
        cohort.max_age,
        cohort.settlement,
        cohort.in_camp,
        cohort.disability,
        cohort.count.unit,
    )


def _cohort_field(category: PopulationCategory, key: _CohortKey) -> str:
    sex, min_age, max_age, settlement, in_camp, disability, unit = key
    return (
        f"cohort:{category.value}:{sex.value if sex else ''}:{min_age}:{max_age}:"
        f"{settlement.value if settlement else ''}:{in_camp}:{disability}:{unit}"
    )


_DATE: Final = re.compile(DATE_PATTERN)
_ISO_SUBDIVISION: Final = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
"""The shape of an ISO 3166-2 code (``RU-DA``), as `Place.subdivision` checks it."""
_AGES: Final = re.compile(r"age_([0-9]{0,3})_([0-9]{0,3})")


# -- columns ----------------------------------------------------------------------------------


def _place(prefix: str, label: str, role: str) -> dict[str, tuple[str, str] | None]:
    """The columns of a place: *prefix* is its field (``origin``), *role* its HXL attribute.

    P-codes take HXL's ``#adm1+code`` .. ``#adm3+code``; an ISO 3166-2 subdivision is marked as
    that vocabulary (``+v_iso3166_2``) and comes after the p-codes: a tool asking for
    ``#adm1+code`` gets the first column that has those attributes, which must be the p-code's.
    """
    plus = f"+{role}" if role else ""
    return {
        f"{prefix}_country": (f"{label} country", f"#country+code{plus}"),
        f"{prefix}_admin1": (f"{label} admin1 p-code", f"#adm1+code{plus}"),
        f"{prefix}_admin2": (f"{label} admin2 p-code", f"#adm2+code{plus}"),
        f"{prefix}_admin3": (f"{label} admin3 p-code", f"#adm3+code{plus}"),
        f"{prefix}_subdivision": (f"{label} subdivision (ISO 3166-2)", f"#adm1+code+v_iso3166_2{plus}"),
        f"{prefix}_name": (f"{label} name", f"#loc+name{plus}"),
        f"{prefix}_lat": (f"{label} latitude", f"#geo+lat{plus}"),
        f"{prefix}_lon": (f"{label} longitude", f"#geo+lon{plus}"),
        f"{prefix}_accuracy": (f"{label} coordinates accuracy", f"#geo+x_accuracy{plus}"),
    }


HXL_COLUMNS: Final[dict[str, tuple[str, str] | None]] = {
    # The one mapping from the model's columns (`_fields.columns`, by flat name) to HXL's:
    # name -> (header, hashtag with attributes), in the order of the file's columns (a kind
    # takes the names its records have). ``None``: laid out by code below, as a column per
    # population category and unit (counts), per cell of a sex and age breakdown (cohorts), or
    # four columns (attributions). A tool asking for #meta+source or #description gets the
    # first column that has those attributes, so general columns come before specific ones.
    "id": ("ID", "#meta+id"),
    **_place("origin", "Origin", "origin"),
    **_place("destination", "Destination", "dest"),
    "movement": ("Movement", "#x_movement"),
    "metric": ("Metric", "#x_metric"),
    "period_start": ("Start date", "#date+start"),
    "period_end": ("End date", "#date+end"),
    "period_precision": ("Date precision", "#x_precision"),
    "period_as_of": ("As of", "#date+asof"),
    "period_open_start": ("Open start", "#x_open_start"),
    **_place("place", "Place", ""),
    "as_of": ("Date", "#date"),
    "as_of_precision": ("Date precision", "#x_precision+asof"),  # HXL has no standard tag for it
    "population_category": ("Population category", "#x_category"),
    "population_nationality": ("Nationality", "#country+code+nationality"),
    "count_qualifier": ("Qualifier", "#x_qualifier"),
    "count_unit": ("Unit", "#x_unit"),
    "count_upper": ("Upper bound", "#x_upper"),
    "count_household_size": ("Household size", "#x_household_size"),
    "count_value": None,  # #affected+<category>+ind+total: a column per category and unit
    "population_cohorts": None,  # #affected+<category>+f+age_0_4+ind: a column per cell
    "causes": ("Causes", "#cause+code"),
    "cause_kind": ("Cause kind", "#cause+type"),
    "attributions": None,  # #meta+source, #meta+url, #meta+source+code, #meta+excerpt
    "description": ("Description", "#description"),
    "term": ("Term", "#description+term"),
    "population_description": ("Population", "#description+population"),
}
"""Each column of a flow or stock as HXL names it: its header and its hashtag, in file order.

The keys are the model's fields flattened into columns, their document keys joined with ``_``
(``origin_country`` is a flow's ``origin.country``); ``None`` marks the columns laid out by
code (counts, cohorts, attributions). A field added to the model needs its entry here: a column
of the model that is neither here nor left out with a reason (in the private
``displacement.io._fields.NOT_CARRIED["hxl"]``) stops this module from importing, with its name.

>>> HXL_COLUMNS["origin_country"]
('Origin country', '#country+code+origin')
"""

_ITEMS: Final[dict[str, tuple[str, ...]]] = {
    # The item fields that the code laying out a list of records carries (the other item fields
    # need a reason in `_fields.NOT_CARRIED`): cohorts by their columns' hashtags, attributions
    # as chains ``source > attributed_to`` and excerpts.
    "population_cohorts": (
        "sex",
        "min_age",
        "max_age",
        "settlement",
        "in_camp",
        "disability",
        "count.value",
        "count.unit",
    ),
    "attributions": ("source", "attributed_to", "excerpt"),
}


class _Column:
    """One column: its header, hashtag, and how to get and set its value on a record's row.

    *field* names it in paths and in the reader: the model's key (``origin.country``) for a
    column of the description, whose `_fields.Column` is *column*.
    """

    __slots__ = ("attributes", "column", "field", "hashtag", "header", "tag", "text")

    def __init__(
        self, header: str, tag: str, field: str, *, text: bool = True, column: _fields.Column | None = None
    ) -> None:
        self.header = header
        self.tag = tag
        hashtag, *attributes = tag.split("+")
        self.hashtag = hashtag
        self.attributes = frozenset(attributes)
        self.field = field
        self.text = text
        self.column = column


_ATTRIBUTIONS: Final = (
    _Column("Sources", "#meta+source", "source names"),
    _Column("Source URLs", "#meta+url", "source urls"),
    _Column("Attributions", "#meta+source+code", "attributions"),
    _Column("Excerpts", "#meta+excerpt", "excerpts"),
)
"""The columns of the attributions: the sources' publishers and URLs for people to read, then
the chains and the excerpts that read back."""


def _is_number(tp: Any) -> bool:
    return tp in (int, float) or tp == int | float


def _layout(cls: Any) -> list[_Column | str]:
    """The columns of *cls* (`Flow`, `Stock`) in file order: a `_Column` for each plain column,
    the flat name of a column that code lays out (``count_value``...).

    Raises `TypeError` naming every column of *cls* that `HXL_COLUMNS` lacks without a reason
    in `_fields.NOT_CARRIED`, so that a field added to the model cannot be dropped unseen.
    """
    own = {c.name: c for c in _fields.columns(cls)}
    missing = []
    for c in own.values():
        if c.why_not("hxl") is not None:
            continue  # not carried at all, its items with it
        if c.name not in HXL_COLUMNS:
            missing.append(c.key)
        carried = _ITEMS.get(c.name, ())
        missing += [
            f"{c.key}[].{i.key}"
            for i in c.items
            if i.key not in carried and i.why_not("hxl", f"{c.key}[].") is None
        ]
    if missing:
        raise TypeError(
            f"{cls.__name__} has columns that HXL output neither carries nor leaves out with a reason: "
            f"{', '.join(missing)}; give each a header and hashtag in displacement.io.hxl.HXL_COLUMNS "
            "(or a reason in _fields.NOT_CARRIED['hxl'])"
        )
    layout: list[_Column | str] = []
    for name, entry in HXL_COLUMNS.items():
        column = own.get(name)
        if column is None:
            continue
        if entry is None:
            layout.append(name)
            continue
        tp = column.type
        text = not (_is_number(tp) or tp is date)
        layout.append(_Column(*entry, column.key, text=text, column=column))
    return layout


_TYPES: Final[dict[str, Any]] = dict(RECORD_TYPES)
_BY_CODE: Final = ("count_value", "population_cohorts", "attributions")
"""The columns whose layout is code of their own, marked ``None`` in `HXL_COLUMNS`."""


def _check_mapping() -> None:
    """`HXL_COLUMNS` names only columns of flows and stocks, and marks exactly `_BY_CODE`."""
    unknown = HXL_COLUMNS.keys() - {c.name for kind in TABLE_KINDS for c in _fields.columns(_TYPES[kind])}
    if unknown:  # an entry left behind when a field went away or was renamed
        raise TypeError(
            f"displacement.io.hxl.HXL_COLUMNS names columns that flows and stocks lack: {sorted(unknown)}"
        )
    by_code = [name for name, entry in HXL_COLUMNS.items() if entry is None]
    if sorted(by_code) != sorted(_BY_CODE):
        raise TypeError(
            f"displacement.io.hxl.HXL_COLUMNS leaves {by_code} to code, which lays out {list(_BY_CODE)}"
        )


_check_mapping()
_LAYOUTS: Final[dict[str, list[_Column | str]]] = {kind: _layout(_TYPES[kind]) for kind in TABLE_KINDS}


def _words(category: PopulationCategory) -> str:
    return category.value.replace("_", " ").capitalize().replace("Idps", "IDPs").replace(" idps", " IDPs")


def _count_column(category: PopulationCategory, unit: str) -> _Column:
    noun = "individuals" if unit == PERSON else "households"
    return _Column(
        f"{_words(category)} ({noun})",
        f"#affected+{category.value}+{_UNITS[unit]}+total",
        f"count:{category.value}:{unit}",
        text=False,
    )


_SEX_ORDER: Final = {None: 0, Sex.FEMALE: 1, Sex.MALE: 2, Sex.OTHER: 3}


_FLAG_ORDER: Final = {None: 0, True: 1, False: 2}


def _cohort_order(key: _CohortKey) -> tuple[Any, ...]:
    """Cohort columns (and the cohorts read back) go by sex, then age, unknown ages last, then
    settlement, in camp or not, disability."""
    sex, min_age, max_age, settlement, in_camp, disability, unit = key
    return (
        _SEX_ORDER[sex],
        min_age is None,
        min_age or 0,
        max_age is None,
        max_age or 0,
        0 if settlement is None else 1 + list(Settlement).index(settlement),
        _FLAG_ORDER[in_camp],
        _FLAG_ORDER[disability],
        unit != PERSON,
    )


def _age(min_age: int | None, max_age: int | None) -> str | None:
    if min_age is None and max_age is None:
        return None
    return f"age_{'' if min_age is None else min_age}_{'' if max_age is None else max_age}"


def _cohort_column(category: PopulationCategory, key: _CohortKey) -> _Column:
    sex, min_age, max_age, settlement, in_camp, disability, unit = key
    attributes = [category.value]
    words = [_words(category), "all sexes" if sex is None else _SEX_NAMES[sex]]
    if sex is not None:
        attributes.append(_SEXES[sex])
    age = _age(min_age, max_age)
    if age is not None:
        attributes.append(age)
        words.append(f"{min_age}+" if max_age is None else f"{'0' if min_age is None else min_age}-{max_age}")
    else:
        words.append("all or unknown ages")
    if settlement is not None:
        attributes.append(_SETTLEMENTS[settlement])
        words.append(settlement.value)
    if in_camp is not None:
        attributes.append(_IN_CAMP[in_camp])
        words.append("in camps" if in_camp else "not in camps")
    if disability is not None:
        attributes.append(_DISABILITY[disability])
        words.append("with disabilities" if disability else "without disabilities")
    attributes.append(_UNITS[unit])
    noun = "individuals" if unit == PERSON else "households"
    return _Column(
        f"{', '.join(words)} ({noun})",
        "#affected+" + "+".join(attributes),
        _cohort_field(category, key),
        text=False,
    )


# -- writing ----------------------------------------------------------------------------------


def _number(value: int | float | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else repr(value)


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _joined(items: Sequence[str], separator: str, path: str) -> str:
    for item in items:
        if separator.strip() in item:
            raise DisplacementError(
                f"{path}: {item!r} contains {separator.strip()!r}, which HXL output uses to separate "
                "several values in one cell"
            )
    return separator.join(items)


def write_hxl(
    data: Dataset | Iterable[Flow | Stock],
    target: str | os.PathLike[str],
    *,
    kind: Kind | None = None,
) -> None:
    """Write the flows or stocks (*kind*) of *data* to *target* as HXL-tagged CSV (UTF-8).

    *kind* may be left out when the data says it: records of one type, or a dataset with flows
    or stocks but not both. The first row holds column names, the second HXL hashtags, then one
    row per record. Count columns exist for each population category and unit found, cohort
    columns for each cell of a sex and age breakdown found. Given a `Dataset`, the sources'
    publishers and URLs are written next to the attributions for readers; given bare records,
    those two columns stay empty.

    Cohort counts must be exact counts of people or households (the table has no room for their
    qualifiers); ids, causes and source ids must not contain ``|`` or ``>``, which separate
    values in a cell; a flow has no route (``via``: no column holds a list of places), and no
    population is a mix (``population.shares``, a list of parts, has no column either). Anything
    else raises `DisplacementError` rather than being lost.
    """
    kind, records, dataset = _records.select(data, kind, TABLE_KINDS)

    count_keys: dict[tuple[PopulationCategory, str], None] = {}
    cohort_keys: dict[tuple[PopulationCategory, _CohortKey], None] = {}
    seen_cohorts: dict[int, set[Any]] = {}
    for i, r in enumerate(records):
        category = r.population.category
        if r.count is not None:
            count_keys[category, r.count.counts] = None
        if isinstance(r, Flow) and r.via:
            raise DisplacementError(
                f"{kind}[{i}].via: HXL output has no column for a route (a list of places, one cell a "
                "column); write the flows as JSON, CSV or Arrow to keep it"
            )
        if r.population.shares:
            raise DisplacementError(
                f"{kind}[{i}].population.shares: HXL output has no column for the parts of a mixed "
                f"population (a list of shares, one cell a column); write the {kind} as JSON, CSV or Arrow "
                "to keep them"
            )
        for j, cohort in enumerate(r.population.cohorts):
            c = cohort.count
            if c.qualifier is not Qualifier.EXACT or c.unit not in _UNITS or c.household_size is not None:
                raise DisplacementError(
                    f"{kind}[{i}].population.cohorts[{j}]: HXL output carries exact cohort counts of people or "
                    f"households only, without a household size, not {c!r}"
                )
            key = (category, _cohort_key(cohort))
            if key in seen_cohorts.get(i, ()):
                raise DisplacementError(
                    f"{kind}[{i}].population.cohorts[{j}]: a second cohort of the same sex, ages, settlement, "
                    "camp, disability and unit; HXL output has one column for each"
                )
            seen_cohorts.setdefault(i, set()).add(key)
            cohort_keys[key] = None
    categories = list(PopulationCategory)
    count_columns = [
        _count_column(category, unit)
        for category, unit in sorted(count_keys, key=lambda k: (categories.index(k[0]), k[1] != PERSON))
    ]
    cohort_columns = [
        _cohort_column(category, key)
        for category, key in sorted(cohort_keys, key=lambda k: (categories.index(k[0]), _cohort_order(k[1])))
    ]
    columns: list[_Column] = []
    for entry in _LAYOUTS[kind]:
        if isinstance(entry, _Column):
            columns.append(entry)
        elif entry == "count_value":
            columns += count_columns
        elif entry == "population_cohorts":
            columns += cohort_columns
        else:  # attributions (_BY_CODE)
            columns += _ATTRIBUTIONS
    positions = {c.field: i for i, c in enumerate(columns)}

    # Every cell is made before the file is opened, so a record that cannot be written leaves no
    # half-written file behind. The plain columns are made a column at a time from the field
    # description; the rest, and every problem (in the order of the records, then the columns),
    # a record at a time.
    n = len(records)
    parts: dict[tuple[str, ...], list[Any]] = {(): list(records)}

    def objects(attributes: tuple[str, ...]) -> list[Any]:
        """The values at *attributes* (``("count",)``) of every record, ``None`` below a ``None``."""
        if attributes not in parts:
            above, name = objects(attributes[:-1]), attributes[-1]
            parts[attributes] = [None if o is None else getattr(o, name) for o in above]
        return parts[attributes]

    table: list[list[str]] = []
    lists: list[int] = []  # the positions of list columns (causes), checked a record at a time
    for column in columns:
        c = column.column
        if c is None:
            table.append([""] * n)
            continue
        if _fields.sequence_of(c.type) is not None:
            lists.append(len(table))
        table.append(_plain_cells(objects(c.attributes), c.type))
    limit = csv.field_size_limit()
    # A cell is written only if it reads back (UTF-8 text, not longer than the csv module reads),
    # which only a long or non-ASCII cell needs checking for.
    suspects: dict[int, list[int]] = {}
    for j, cells in enumerate(table):
        for i, cell in enumerate(cells):
            if cell is not None and (len(cell) > limit or not cell.isascii()):
                suspects.setdefault(i, []).append(j)
    first = positions["source names"]  # then the sources' URLs, the chains, the excerpts
    for i, r in enumerate(records):
        path = f"{kind}[{i}]"
        category = r.population.category.value
        if r.count is not None:
            table[positions[f"count:{category}:{r.count.counts}"]][i] = _number(r.count.magnitude)
        for cohort in r.population.cohorts:
            field = _cohort_field(r.population.category, _cohort_key(cohort))
            table[positions[field]][i] = _number(cohort.count.magnitude)
        for j in lists:
            if table[j][i] is None:  # an item holds the separator: say which
                column = columns[j]
                assert column.column is not None
                _joined(_get(r, column.column.attributes), _LIST, f"{path}.{column.field}")
        checked = suspects.get(i, [])
        if r.attributions:
            for j, cell in enumerate(_attribution_cells(r, path, dataset), first):
                table[j][i] = cell = _cells.guard(cell) if cell else cell
                if len(cell) > limit or not cell.isascii():
                    checked = sorted({*checked, j})
        for j in checked:
            _cells.writable(table[j][i], f"{path}.{columns[j].field}", limit)
    with open(os.fspath(target), "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow([c.header for c in columns])
        out.writerow([c.tag for c in columns])
        out.writerows(zip(*table, strict=True) if table else ())


def _get(obj: Any, attributes: tuple[str, ...]) -> Any:
    for a in attributes:
        obj = getattr(obj, a)
    return obj


def _plain_cells(values: list[Any], tp: Any) -> list[Any]:
    """The cells of a column of *values* of type *tp*; text cells get the formula guard.

    A list whose items hold the separator gives ``None``, for the writer to raise on in order.
    """
    if tp is date:
        return ["" if v is None else v.isoformat() for v in values]
    if _is_number(tp):
        return [_number(v) for v in values]
    if tp is bool:
        return ["" if v is None else "true" if v else "false" for v in values]
    if _fields.is_enum(tp):
        return ["" if v is None else v.value for v in values]
    if _fields.sequence_of(tp) is str:
        cells: list[Any] = []
        for v in values:
            cell = _LIST.join(v)  # good when its only separators are the ones put between items
            bad = v and cell.count(_LIST.strip()) != len(v) - 1
            cells.append(None if bad else _cells.guard(cell) if cell else cell)
        return cells
    if tp is str:
        return [_cells.guard(v) if v else "" for v in values]
    raise TypeError(f"HXL output has no cell for values of {tp!r}")  # pragma: no cover - a new type


def _attribution_cells(r: Any, path: str, dataset: Dataset | None) -> tuple[str, str, str, str]:
    """The sources' publishers and URLs (given a dataset), the chains and the excerpts of *r*."""
    chains = []
    for j, a in enumerate(r.attributions):
        for link in a.chain:
            _joined([link], _LIST, f"{path}.attributions[{j}]")
        chains.append(_joined(a.chain, _CHAIN, f"{path}.attributions[{j}]"))
    excerpts = [a.excerpt or "" for a in r.attributions]
    if any(_LIST in e for e in excerpts):
        raise DisplacementError(
            f"{path}.attributions: an excerpt contains {_LIST.strip()!r}, which HXL output uses to separate "
            "the excerpts of several attributions"
        )
    names = urls = ""
    if dataset is not None:
        sources = [dataset.get(a.source) for a in r.attributions]
        names = _LIST.join((s.publisher or s.title or s.id) if isinstance(s, Source) else "" for s in sources)
        found = [(s.url or "") if isinstance(s, Source) else "" for s in sources]
        urls = _LIST.join(found) if any(found) else ""
    return names, urls, _LIST.join(chains), _LIST.join(excerpts) if any(excerpts) else ""


# -- reading ----------------------------------------------------------------------------------

_HASHTAG_SCAN: Final = 25
"""HXL looks for the hashtag row among the first 25 rows."""


def _parse_tag(cell: str) -> tuple[str, frozenset[str]] | None:
    text = cell.strip().lower().replace(" ", "")
    if not text.startswith("#") or len(text) < 2:
        return None
    hashtag, *attributes = text.split("+")
    return hashtag, frozenset(attributes)


def is_hashtag_row(cells: Sequence[str]) -> bool:
    """Whether *cells* are an HXL hashtag row: every filled cell a hashtag with attributes
    (``#affected+idps``), and at least one filled.

    >>> is_hashtag_row(["#country+code+origin", "", "#affected+refugees"])
    True
    >>> is_hashtag_row(["origin", "#affected"])
    False
    """
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(_parse_tag(c) is not None for c in filled)


class _Row:
    """The cells of one data row, read field by field; problems go to `errors` with their column."""

    def __init__(self, reader: _Reader, cells: Sequence[str], where: str) -> None:
        self.reader = reader
        self.cells = cells
        self.where = where
        self.errors: list[ErrorDetail] = []

    def at(self, field: str) -> str:
        """The path of a field's column in this row (``line 4.#country+code+origin``)."""
        position = self.reader.fields.get(field)
        return self.column(position) if position is not None else self.where

    def column(self, position: int) -> str:
        return f"{self.where}.{self.reader.tags[position]}"

    def raw(self, position: int | None) -> str:
        if position is None or position >= len(self.cells):
            return ""
        return self.cells[position]

    def text(self, field: str) -> str | None:
        """A text cell with its formula guard removed; ``None`` when empty."""
        value = _cells.unguard(self.raw(self.reader.fields.get(field)))
        return value or None

    def code(self, field: str) -> str | None:
        return self.raw(self.reader.fields.get(field)).strip() or None

    def number(self, position: int | None) -> int | float | None:
        text = self.raw(position).strip()
        if not text:
            return None
        try:
            return _cells.number(text)  # the rule of displacement.io.csv: ASCII digits, JSON's grammar
        except DisplacementError as exc:
            assert position is not None
            self.errors.append(ErrorDetail(self.column(position), str(exc), text))
            return None

    def day(self, field: str) -> date | None:
        text = self.code(field)
        if text is None:
            return None
        if _DATE.fullmatch(text):  # date.fromisoformat alone also takes 20221001 and 2022-W40-1
            try:
                return date.fromisoformat(text)
            except ValueError as exc:
                self.errors.append(ErrorDetail(self.at(field), f"{text!r} is not a date ({exc})", text))
                return None
        self.errors.append(
            ErrorDetail(self.at(field), f"{_cells.shown(text)} is not an ISO date (YYYY-MM-DD)", text)
        )
        return None

    def choice(self, field: str, cls: Any, default: Any = None, *, optional: bool = False) -> Any:
        """The member of the enum *cls* in the cell; an empty cell is *default*, and a problem
        unless the field has a default or may be ``None`` (*optional*: a place's accuracy)."""
        value = self.code(field)
        if value is None:
            if default is None and not optional:
                self.errors.append(ErrorDetail(self.at(field), "missing value", ""))
            return default
        try:
            return cls(value)
        except ValueError:
            names = ", ".join(m.value for m in cls)
            self.errors.append(
                ErrorDetail(self.at(field), f"{_cells.shown(value)} is not a {cls.__name__} ({names})", value)
            )
            return None

    def flag(self, field: str) -> bool:
        text = (self.code(field) or "").lower()
        if text in ("", "false"):
            return False
        if text == "true":
            return True
        self.errors.append(ErrorDetail(self.at(field), f"{_cells.shown(text)} is not true or false", text))
        return False

    def build(self, prefix: str, default: str, make: Any, *args: Any, **kwargs: Any) -> Any:
        """``make(*args, **kwargs)``, or ``None`` with its problems placed on the right columns.

        A problem at ``country`` of a place built with *prefix* ``origin`` lands on the
        ``origin.country`` column; one with no column of its own lands on *default*'s.
        """
        try:
            return make(*args, **kwargs)
        except ValidationError as exc:
            for e in exc.errors:
                head = e.path.split(".")[0].split("[")[0]
                field = f"{prefix}.{head}" if prefix else head
                if field in self.reader.fields and e.path == head:
                    self.errors.append(ErrorDetail(self.at(field), e.message, e.value))
                else:
                    self.errors.append(ErrorDetail(self.at(default), e.describe(), e.value))
        return None


def _cohort(key: _CohortKey, value: int | float) -> Cohort:
    sex, min_age, max_age, settlement, in_camp, disability, unit = key
    return Cohort(
        sex,
        min_age,
        max_age,
        Count(value, unit),
        settlement=settlement,
        in_camp=in_camp,
        disability=disability,
    )


def _field(column: _fields.Column) -> _fields.Field:
    """The field of *column*'s record class that the column holds."""
    return next(f for f in _fields.fields(column.owner) if f.name == column.attributes[-1])


def _reader_of(c: _Column) -> Callable[[_Row], Any]:
    """How the plain column *c* is read from a row, as its type says; problems go to the row."""
    column = c.column
    assert column is not None
    tp, field = column.type, c.field
    if tp is str:  # a code (``+code``) loses the spaces around it, a text its formula guard
        return (lambda row: row.code(field)) if "code" in c.attributes else (lambda row: row.text(field))
    if _is_number(tp):
        return lambda row: row.number(row.reader.fields.get(field))
    if tp is date:
        if column.nullable:
            return lambda row: row.day(field)

        def required(row: _Row) -> date | None:
            value = row.day(field)
            if value is None and not row.errors:
                row.errors.append(ErrorDetail(row.at(field), "missing date", ""))
            return value

        return required
    if tp is bool:
        return lambda row: row.flag(field)
    if _fields.is_enum(tp):
        declared = _field(column)
        default = None if declared.required else declared.default
        optional = column.nullable  # None is a value of the field: an empty cell is no problem
        return lambda row: row.choice(field, tp, default, optional=optional)
    if _fields.sequence_of(tp) is str:

        def items(row: _Row) -> tuple[str, ...]:
            text = row.text(field)
            return tuple(text.split(_LIST)) if text else ()

        return items
    raise TypeError(f"HXL input has no reader for values of {tp!r}")  # pragma: no cover - a new type


def _required(cls: Any, column: _fields.Column) -> bool:
    """True when no *cls* goes without *column*'s value: it and every field around it required."""
    if column.nullable:
        return False
    for name in column.attributes:
        field = next(f for f in _fields.fields(cls) if f.name == name)
        if not field.required:
            return False
        cls, _ = _fields.optional_of(field.type)
    return True


class _Reader:
    """Maps the hashtag row to fields, and turns each data row into a record."""

    def __init__(
        self,
        kind: Kind,
        cells: Sequence[str],
        tags: list[tuple[str, frozenset[str]] | None],
        context: Dataset | None,
        where: str,
        references: References = "strict",
    ) -> None:
        self.kind = kind
        self.context = context
        self.open = references == "open"
        """With open references, only an id the context holds as a record of another kind is wrong."""
        self.cls = _TYPES[kind]
        plain = [c for c in _LAYOUTS[kind] if isinstance(c, _Column)]
        known = {(c.hashtag, c.attributes): c for c in [*plain, *_ATTRIBUTIONS]}
        self.fields: dict[str, int] = {}
        self.counts: list[tuple[int, PopulationCategory, str]] = []
        self.cohorts: list[tuple[int, PopulationCategory, _CohortKey]] = []
        self.ignored: list[str] = []
        self.tags: list[str] = []
        read: dict[tuple[str, frozenset[str]], int] = {}  # each tag this reader reads, and its column
        for position, tag in enumerate(tags):
            self.tags.append(_cells.clipped(cells[position].strip()))
            if tag is None:
                continue
            column = known.get(tag)
            if tag in read and (column is not None or _count_tag(tag) or _cohort_tag(tag)):
                # Two columns for one field: reading either would drop the other without a word.
                raise ValidationError.single(
                    f"{where}.{self.tags[-1]}",
                    f"appears twice in the hashtag row (columns {read[tag] + 1} and {position + 1})",
                    self.tags[-1],
                )
            read.setdefault(tag, position)
            if column is not None:
                self.fields[column.field] = position
                continue
            count = _count_tag(tag)
            if count is not None:
                self.counts.append((position, *count))
                continue
            cohort = _cohort_tag(tag)
            if cohort is not None:
                self.cohorts.append((position, *cohort))
            else:
                self.ignored.append(self.tags[-1])
        # The columns a record cannot do without (its field and every field around it required):
        # those of every kind (id, population category) first, then the kind's own.
        shared = set.intersection(*({c.key for c in _fields.columns(_TYPES[k])} for k in TABLE_KINDS))
        required = sorted(
            (c for c in plain if c.column is not None and _required(self.cls, c.column)),
            key=lambda c: c.field not in shared,
        )
        missing = [c.tag for c in required if c.field not in self.fields]
        if missing:
            raise ValidationError.single(
                "hashtags", f"has no {', '.join(missing)} column for {kind}", [c.field for c in required]
            )
        # The columns of each field of the record, and the count's own columns besides its value.
        self.own: dict[str, list[_Column]] = {}
        for c in plain:
            assert c.column is not None
            self.own.setdefault(c.column.attributes[0], []).append(c)
        self.count_fields = [c.field for c in self.own.get("count", [])]
        # A file of the layout before p-codes (no +v_iso3166_2 column) has a place's ISO 3166-2
        # code under its #adm1+code: both fields read that column, and `_subdivision` keeps one.
        self.legacy: set[str] = set()
        for key, own in self.own.items():
            if own[0].column is not None and own[0].column.owner is Place:
                admin1, subdivision = f"{key}.admin1", f"{key}.subdivision"
                if admin1 in self.fields and subdivision not in self.fields:
                    self.fields[subdivision] = self.fields[admin1]
                    self.legacy.add(key)
        # How each field is read, in the record's field order: a leaf from its cell, a part
        # (Place, Period) from its columns, the attributions by code. Count and population first.
        self.plan: list[tuple[str, Callable[[_Row], Any]]] = []
        self.parts: dict[str, tuple[Any, str, list[tuple[str, Callable[[_Row], Any]]]]] = {}
        self.positions: dict[str, list[int | None]] = {}
        self.made: dict[tuple[str, tuple[str, ...]], Any] = {}  # parts built, by their cells
        for f in _fields.fields(self.cls):
            own = self.own.get(f.name, [])
            if own:
                assert own[0].column is not None
                self.positions[f.key] = [self.fields.get(c.field) for c in own]
                self.parts[f.key] = (
                    own[0].column.owner,
                    own[0].field,
                    [(c.field.rsplit(".", 1)[-1], _reader_of(c)) for c in own],
                )
            if f.key in ("count", "population"):
                continue
            if f.key == "attributions":
                self.plan.append((f.key, self._attributions))
            elif not own:  # not carried (`_fields.NOT_CARRIED`, a flow's via): its default
                continue
            elif own[0].field == f.key:  # a leaf
                self.plan.append((f.key, _reader_of(own[0])))
            else:
                self.plan.append((f.key, functools.partial(self._part, key=f.key, given={})))

    def record(self, row: _Row) -> Flow | Stock | None:
        """The record of a row, or ``None`` with the row's problems in ``row.errors``.

        The population (with its cohorts) and the count come first, as code lays out their
        columns; every other field is read from its columns as the field description says.
        """
        category = row.choice("population.category", PopulationCategory)
        values: dict[str, Any] = {"count": self._count(row, category), "population": None}
        cohorts = self._cohorts(row, category)
        if category is not None:
            values["population"] = self._part(row, "population", {"category": category, "cohorts": cohorts})
        for key, read in self.plan:
            values[key] = read(row)
        if row.errors:
            return None
        record = row.build("", "id", self.cls, **values)
        return record if isinstance(record, Flow | Stock) else None

    def _part(self, row: _Row, key: str, given: dict[str, Any]) -> Any:
        """The record at the field *key* (``origin``), from its columns, with *given* values.

        Without *given*, a part is built once for each distinct set of cells (records are
        immutable, and the same places and periods come back row after row).
        """
        owner, default, readers = self.parts[key]
        if not given:
            cells = tuple(row.raw(p) for p in self.positions[key])
            made = self.made.get((key, cells))
            if made is not None:
                return made
        errors = len(row.errors)
        values = dict(given)
        for name, read in readers:
            if name not in values:
                values[name] = read(row)
        if owner is Place:
            self._subdivision(row, key, values)
            if len(row.errors) > errors:
                return None
        made = row.build(key, default, owner, **values)
        if not given and made is not None and len(row.errors) == errors:
            self.made[key, cells] = made
        return made

    def _subdivision(self, row: _Row, key: str, values: dict[str, Any]) -> None:
        """An ISO 3166-2 code under the ``#adm1+code`` of the place at *key* (``origin``): the
        subdivision, in a file written before the ``+v_iso3166_2`` column existed; else a problem
        that names that column. A code of the gazetteer in use is a p-code, whatever its shape."""
        code = values.get("admin1")
        iso = (
            isinstance(code, str)
            and bool(_ISO_SUBDIVISION.fullmatch(code))
            and code not in gazetteer.current()
        )
        if key in self.legacy:  # one cell read as both: keep the one its shape says
            values["admin1" if iso else "subdivision"] = None
            return
        if not iso:
            return
        column = self.tags[self.fields[f"{key}.admin1"]]
        target = next(c.tag for c in self.own[key] if c.field == f"{key}.subdivision")
        row.errors.append(
            ErrorDetail(
                row.at(f"{key}.admin1"),
                f"{code!r} under {column} looks like an ISO 3166-2 code: its column is now {target} "
                f"({column} holds OCHA p-codes)",
                code,
            )
        )

    def _cohorts(self, row: _Row, category: PopulationCategory | None) -> list[Cohort]:
        cohorts = []
        for position, cohort_category, key in self.cohorts:
            value = row.number(position)
            if value is None:
                continue
            if cohort_category is not category:
                row.errors.append(
                    ErrorDetail(
                        row.column(position),
                        f"a {cohort_category.value} cohort in a row of {category}",
                        value,
                    )
                )
                continue
            cohort = row.build("", "population.category", _cohort, key, value)
            if cohort is not None:
                cohorts.append(cohort)
        return cohorts

    def _count(self, row: _Row, category: PopulationCategory | None) -> Count | None:
        found = [(position, c, unit, row.number(position)) for position, c, unit in self.counts]
        given = [f for f in found if f[3] is not None]
        if not given:
            for field in self.count_fields:
                if row.code(field):
                    row.errors.append(ErrorDetail(row.at(field), "given without a count", row.code(field)))
            return None
        if len(given) > 1:
            tags = ", ".join(self.tags[f[0]] for f in given)
            row.errors.append(
                ErrorDetail(row.where, f"has counts in several columns ({tags}); a record has one", None)
            )
            return None
        position, column_category, unit, value = given[0]
        assert value is not None
        if category is not None and column_category is not category:
            row.errors.append(
                ErrorDetail(
                    row.column(position),
                    f"a count of {column_category.value} in a row of {category.value}",
                    value,
                )
            )
            return None
        stated = row.code("count.unit")  # else the unit its column counts
        # The count's other columns (qualifier, upper, household_size...) as the description says.
        others = {name: read(row) for name, read in self.parts["count"][2] if name not in ("value", "unit")}
        others["qualifier"] = others.get("qualifier") or Qualifier.EXACT  # a bad one is a problem already
        try:  # Count checks the stated unit (an unknown one is a ValidationError, not pint's error)
            count = Count(value, stated or unit, **others)
        except ValidationError as exc:
            for e in exc.errors:
                column = f"count.{e.path}"
                path = row.at(column) if column in self.count_fields else row.column(position)
                row.errors.append(ErrorDetail(path, e.message, e.value))
            return None
        if count.counts != unit:
            row.errors.append(
                ErrorDetail(
                    row.at("count.unit"),
                    f"{_cells.shown(count.unit)} does not count {unit}s, as its column says",
                    stated,
                )
            )
            return None
        return count

    def _attributions(self, row: _Row) -> tuple[Attribution, ...]:
        text = row.text("attributions")
        if text is None:
            return ()
        chains = text.split(_LIST)
        excerpt_text = row.text("excerpts")
        excerpts = excerpt_text.split(_LIST) if excerpt_text is not None else [""] * len(chains)
        if len(excerpts) != len(chains):
            row.errors.append(
                ErrorDetail(
                    row.at("excerpts"),
                    f"has {len(excerpts)} excerpts for {len(chains)} attributions",
                    excerpt_text,
                )
            )
            return ()
        out = []
        for chain, excerpt in zip(chains, excerpts, strict=True):
            links = chain.split(_CHAIN)
            made = row.build(
                "", "attributions", Attribution, links[0], attributed_to=links[1:], excerpt=excerpt or None
            )
            if made is not None:
                out.append(made)
        return tuple(out)

    def references(self, record: Flow | Stock, row: _Row) -> None:
        """Add a problem for every id the record refers to that the context lacks (with open
        references: that the context holds as a record of another kind)."""
        context = self.context or Dataset()
        for cause in record.causes:
            found = context.get(cause)
            if not isinstance(found, Event) and not (self.open and found is None):
                row.errors.append(
                    ErrorDetail(
                        row.at("causes"), f"cause {_cells.shown(cause)} is not an event of the context", cause
                    )
                )
        for a in record.attributions:
            for j, link in enumerate(a.chain):
                target = context.get(link)
                if self.open and target is None:
                    continue  # an open reference
                if j == 0 and not isinstance(target, Source):
                    row.errors.append(
                        ErrorDetail(
                            row.at("attributions"),
                            f"{_cells.shown(link)} is not a source of the context",
                            link,
                        )
                    )
                elif j > 0 and not isinstance(target, Source | Actor):
                    row.errors.append(
                        ErrorDetail(
                            row.at("attributions"),
                            f"{_cells.shown(link)} is not a source or actor of the context",
                            link,
                        )
                    )


def _count_tag(tag: tuple[str, frozenset[str]]) -> tuple[PopulationCategory, str] | None:
    """``#affected+<category>+ind+total``: a record's count column."""
    parts = _affected(tag)
    if parts is None or parts[2] != {"total"}:
        return None
    return parts[0], parts[1]


def _cohort_tag(tag: tuple[str, frozenset[str]]) -> tuple[PopulationCategory, _CohortKey] | None:
    """``#affected+<category>[+f|+m|+i][+age_<min>_<max>][+x_urban|+x_rural][+incamp|+noncamp]
    [+x_disabled|+x_nondisabled]+ind``: a cohort column."""
    parts = _affected(tag)
    if parts is None:
        return None
    category, unit, rest = parts
    sexes = {v: k for k, v in _SEXES.items()}
    sex = [sexes[a] for a in rest if a in sexes]
    ages = [a for a in rest if a.startswith("age_")]
    settlement = [k for k, a in _SETTLEMENTS.items() if a in rest]
    in_camp = [k for k, a in _IN_CAMP.items() if a in rest]
    disability = [k for k, a in _DISABILITY.items() if a in rest]
    found = (sex, ages, settlement, in_camp, disability)
    if any(len(f) > 1 for f in found) or len(rest) != sum(len(f) for f in found):
        return None
    min_age: int | None = None
    max_age: int | None = None
    if ages:
        bounds = _AGES.fullmatch(ages[0])  # ASCII digits: str.isdigit also takes "²", which int() refuses
        if bounds is None or bounds.groups() == ("", ""):
            return None
        min_age = int(bounds[1]) if bounds[1] else None
        max_age = int(bounds[2]) if bounds[2] else None
    return category, (
        sex[0] if sex else None,
        min_age,
        max_age,
        settlement[0] if settlement else None,
        in_camp[0] if in_camp else None,
        disability[0] if disability else None,
        unit,
    )


def _affected(tag: tuple[str, frozenset[str]]) -> tuple[PopulationCategory, str, frozenset[str]] | None:
    hashtag, attributes = tag
    if hashtag != "#affected":
        return None
    categories = [c for c in PopulationCategory if c.value in attributes]
    units = [u for u, short in _UNITS.items() if short in attributes]
    if len(categories) != 1 or len(units) != 1:
        return None
    return categories[0], units[0], attributes - {categories[0].value, _UNITS[units[0]]}


def _rows(path: str, source: str) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """``(line, cells, problem)`` for every row of the file, blank lines too (`_table.file_rows`)."""
    return file_rows(path, source)


def read_hxl(
    path: str | os.PathLike[str],
    kind: Kind | None = None,
    *,
    context: Dataset | None = None,
    strict: bool = False,
    references: References = "strict",
) -> Load:
    """Read flows or stocks from an HXL-tagged CSV file written by `write_hxl`.

    The hashtag row is found among the first 25 rows, as HXL tools do; columns are matched by
    hashtag and attributes in any order and case, and columns this reader does not know are
    listed in the account's ``ignored_columns``. *kind* is inferred from the hashtags
    (``#country+code+origin`` means flows) when not given.

    The file names sources, actors and events only by id: pass the dataset that holds them as
    *context*. The loaded dataset holds the context's sources, actors and events and the records
    read. A row whose cells are malformed, that has more or fewer cells than the hashtag row or
    that the csv module cannot read (a quote never closed), or that refers to an id the context
    lacks, is skipped and listed in the account with its line (``strict=True`` raises instead).
    With ``references="open"`` a file made elsewhere reads without a context: the ids of sources,
    actors and events that neither the file nor the context holds are kept as open references
    (`Dataset.open_references`); an id the context holds must still be of the right kind.
    The account also counts the lines above the hashtag row (``lines_above``), and lists a
    column without a hashtag among the columns not read when it holds anything.
    """
    if context is not None and not isinstance(context, Dataset):
        raise ValidationError.single("context", f"expected a Dataset, got {show(context)}", context)
    references = one_of("references", references, REFERENCES)
    name = os.path.basename(os.fspath(path)) or os.fspath(path)
    rows = _rows(os.fspath(path), name)
    tags: list[tuple[str, frozenset[str]] | None] | None = None
    tag_cells: list[str] = []
    tag_line = 0
    for _ in range(_HASHTAG_SCAN):
        first = next(rows, None)
        if first is None:
            break
        line, cells, problem = first
        if cells is None:
            raise ValidationError.single(name, f"line {line} {problem}", None)
        if is_hashtag_row(cells):
            tag_cells, tag_line = cells, line
            tags = [_parse_tag(c) for c in tag_cells]
            break
    if tags is None:
        raise ValidationError.single(name, f"has no HXL hashtag row in its first {_HASHTAG_SCAN} rows", None)
    present = {t for t in tags if t is not None}
    if kind is None:
        kind = "flows" if ("#country", frozenset({"code", "origin"})) in present else "stocks"
    else:
        kind = one_of("kind", kind, TABLE_KINDS)
    reader = _Reader(kind, tag_cells, tags, context, f"line {tag_line}", references)
    width = len(tag_cells)
    untagged = [p for p, t in enumerate(tags) if t is None]
    unread: set[int] = set()  # untagged columns that hold something: listed, not dropped silently
    records: list[Any] = []
    skipped: list[SkippedRow] = []
    seen: dict[str, int] = {}
    number = blank = 0
    for line, cells, problem in rows:
        if cells == []:
            continue  # a blank line is not a row
        number += 1
        if cells is not None and not any(c.strip() for c in cells):
            blank += 1  # nothing in it, whatever its width
            continue
        if cells is not None:
            problem = _cells.width_problem(cells, width)
        if problem is not None:
            skipped.append(SkippedRow(number, line, (ErrorDetail(f"line {line}", problem, None),)))
            continue
        assert cells is not None
        if untagged:
            unread.update(p for p in untagged if cells[p].strip())
        row = _Row(reader, cells, f"line {line}")
        record = reader.record(row)
        if record is not None and not row.errors:
            reader.references(record, row)
            earlier = seen.get(record.id)
            if earlier is not None:
                row.errors.append(
                    ErrorDetail(
                        row.at("id"), f"repeats the id {_cells.shown(record.id)} of line {earlier}", record.id
                    )
                )
        if row.errors or record is None:
            skipped.append(SkippedRow(number, line, tuple(row.errors)))
            continue
        seen[record.id] = line
        records.append(record)
    account = RowAccount(
        name,
        rows=number,
        loaded=len(records),
        blank=blank,
        records=len(records),
        skipped=tuple(skipped),
        ignored_columns=(*reader.ignored, *(f"column {p + 1} (no hashtag)" for p in sorted(unread))),
        lines_above=tag_line - 1,
    )
    if strict:
        account.raise_for_problems()
    # References were checked row by row; what is left is an id of the file that the context also uses.
    return Load(_records.dataset(context, kind, records, name, references), account)
