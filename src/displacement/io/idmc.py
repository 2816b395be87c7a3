"""IDMC's Internal Displacement Updates (IDU): read the event figures into a `Dataset`.

The Internal Displacement Monitoring Centre (IDMC) publishes its Internal Displacement Updates
(CC BY-IGO) as a table with one row per figure: a report of people newly displaced, within their
country, by one disaster or one episode of conflict and violence, placed at a point. `read_idu`
turns each row into one `Flow` and each event into one `Event`:

======================================================  ======================================================================
column                                                  becomes
======================================================  ======================================================================
``figure``, ``qualifier``                               the flow's `Count`: ``total`` is exact, ``approximately``
                                                        approximate, ``more than`` more than
``iso3``, ``latitude``, ``longitude``                   the flow's origin, ``Place(iso3, lat=, lon=)``; the destination
                                                        is the country (IDMC does not say where people went)
``displacement_start_date``, ``displacement_end_date``  the flow's `Period`, to the day
``id``                                                  the flow's id, ``idmc-idu-<id>``
``event_name``                                          one `Event` per name (``idmc-idu-event-...``), the flow's cause
``displacement_type``                                   the event's kind and the `CauseKind` of the event and its flows:
                                                        ``Disaster`` is ``DISASTER`` (cause ``DISASTER``), ``Conflict``
                                                        (conflict and violence) ``ARMED_CONFLICT`` (cause ``CONFLICT``),
                                                        ``Other`` ``OTHER`` (cause ``OTHER``)
``event_start_date``, ``event_end_date``                the event's period
``category`` ... ``subtype``                            the event's `Hazard`, see `HAZARD_COLUMNS`
``description``                                         the flow's `Flow.term`: the words in parentheses after the figure
                                                        (``in relief camp``, ``evacuated``...), verbatim
``description``, ``link``                               the flow's `Attribution`: IDMC (`idu_source`), who attribute
                                                        the figure to the linked document, with the description as the excerpt
======================================================  ======================================================================

Every flow is of internally displaced people of the country (``IDPS``, nationality ``iso3``),
an internal movement whose metric is ``NEW_DISPLACEMENTS``.

**Terms.** IDMC counts every figure as new displacements, and its description says what the
source counted: ``India: 2 displacements (in relief camp), 07 November - 07 November.`` The words
in parentheses are kept verbatim as the flow's `Flow.term` (a description without them gives no
term); the metric stays ``NEW_DISPLACEMENTS``, as IDMC counts it. What the term reads as is
`Measure.of_term`: ``in relief camp`` and ``sheltered`` are ``SHELTERED``, ``evacuated``
``EVACUATED``, ``relocated`` ``RELOCATED``, ``destroyed housing`` and ``uninhabitable housing``
``HOMES_DESTROYED`` (IDMC counts the people of those homes).

**Points.** The ``centroid`` column repeats the latitude and longitude (it is checked to), and
says nothing about what the point stands for. IDMC's own Helix database records that (the exact
point or the centre of a unit at some admin level), but the IDU table does not, and many of its
points are the centres of states (every Kerala figure is at 10.44581, 76.27562). So the place's
`Place.accuracy` is left unset (unknown), never `Accuracy.POINT`.

**Dates.** IDMC writes a day as the instant it begins in New Zealand: ``2023-11-06T11:00:00.000Z``
is 7 November (the row's description says "07 November"). A timestamp at 11:00 or 12:00 UTC is
read as the next day; one at midnight UTC, or a plain ``YYYY-MM-DD``, as that day; any other
time of day is a row problem (reading the date part alone would put every figure a day early).

**Several figures, one event.** The figures of one event (the 2023 Manipur violence has five)
are flows with the same cause. `Dataset.total` takes two of them to be one fact only when their
places have the same `Place.identity` (the same point) and their periods overlap, as for any
flows; figures at different points add up.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "idu.csv"
>>> _ = path.write_text(
...     "id,iso3,latitude,longitude,displacement_type,qualifier,figure,displacement_start_date,"
...     "displacement_end_date,event_name,description,link\\n"
...     "1,IND,10.44581,76.27562,Disaster,total,2,2023-11-06T11:00:00.000Z,"
...     "2023-11-06T11:00:00.000Z,India: Flood - Kerala - 07/11/2023,2 people in relief camp,\\n"
...     "2,IND,10.44581,76.27562,Disaster,roughly,5,2023-11-06T11:00:00.000Z,"
...     "2023-11-06T11:00:00.000Z,India: Flood - Kerala - 07/11/2023,,\\n"
... )
>>> dataset, account = read_idu(path)
>>> flow = dataset.flows[0]
>>> flow.id, str(flow.count), str(flow.period), flow.causes
('idmc-idu-1', '2 people', '2023-11-07', ('idmc-idu-event-india-flood-kerala-07-11-2023',))
>>> flow.term, flow.cause_kind
(None, CauseKind.DISASTER)
>>> print(account)
idu.csv: 2 rows: 1 made 1 records, 0 had no figure, 1 skipped as malformed
  - line 3.qualifier: 'roughly' is not an IDMC qualifier (total, approximately, more than)
"""

from __future__ import annotations

import math
import os
import re
from datetime import date, timedelta
from hashlib import blake2b
from typing import Final

from .._validate import quoted
from ..count import MAX_MAGNITUDE, Count, Qualifier
from ..dataset import Dataset
from ..errors import DisplacementError, ErrorDetail, ValidationError
from ..event import CauseKind, Event, EventKind
from ..flow import Flow, Metric, Movement, Population, PopulationCategory
from ..hazard import Hazard
from ..period import Period
from ..place import Place
from ..source import Attribution, Source, SourceKind
from . import _records
from ._table import named_table
from .account import Load, RowAccount, SkippedRow

__all__ = ["COLUMNS", "HAZARD_COLUMNS", "IDU_SOURCE_ID", "QUALIFIERS", "idu_source", "read_idu", "term"]

IDU_SOURCE_ID: Final = "idmc-idu"
"""Id of the `Source` every IDU record is attributed to (unless `read_idu` is given another)."""

QUALIFIERS: Final = {
    "total": Qualifier.EXACT,
    "approximately": Qualifier.APPROXIMATE,
    "more than": Qualifier.MORE_THAN,
}
"""IDMC's ``qualifier`` cells and the `Qualifier` each becomes; any other is a row problem."""

_KINDS: Final = {
    "Disaster": (EventKind.DISASTER, CauseKind.DISASTER),
    "Conflict": (EventKind.ARMED_CONFLICT, CauseKind.CONFLICT),
    "Other": (EventKind.OTHER, CauseKind.OTHER),
}
"""IDMC's ``displacement_type``, and the `EventKind` and `CauseKind` of its events and flows."""

HAZARD_COLUMNS: Final = ("category", "subcategory", "type", "subtype")
"""IDMC's hazard classification of a disaster, coarse to fine (``Weather related``,
``Hydrological``, ``Flood``, ``Flood``).

A disaster event's `Event.hazard` is the `Hazard` of the four cells (empty cells are levels not
given); a class IDMC does not have is a row problem, as is a hazard on a conflict or other
event. A disaster row with no hazard cells gives an event with no hazard.
"""

COLUMNS: Final = (
    "id",
    "iso3",
    "latitude",
    "longitude",
    "displacement_type",
    "qualifier",
    "figure",
    "displacement_start_date",
    "displacement_end_date",
    "event_name",
)
"""The columns of IDMC's IDU table that `read_idu` needs; others it knows are optional."""
_OPTIONAL: Final = (
    "centroid",
    "event_start_date",
    "event_end_date",
    *HAZARD_COLUMNS,
    "description",
    "link",
)
_KNOWN: Final = frozenset({"country"})
"""Columns read elsewhere: the country's name, given again by ``iso3``."""

_SHOWN: Final = 60
_SLUG: Final = re.compile(r"[^a-z0-9]+")
_DATE: Final = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z)?")
_NUMBER: Final = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")
_CENTROID: Final = re.compile(r"\[\s*([^,\]]*)\s*,\s*([^,\]]*)\s*\]")
_TERM: Final = re.compile(r"[^:()]*:\s*[\d,.]+\s+displacements?\s*\(([^()]*)\)")
"""IDMC's description: ``India: 2 displacements (in relief camp), 07 November ...``, the term in
parentheses."""


def idu_source() -> Source:
    """IDMC's Internal Displacement Updates, as a `Source` (CC BY-IGO).

    >>> idu_source().licence
    'CC BY-IGO'
    """
    return Source(
        IDU_SOURCE_ID,
        SourceKind.DATASET,
        publisher="Internal Displacement Monitoring Centre (IDMC)",
        title="Internal Displacement Updates (IDU)",
        url="https://www.internal-displacement.org/internal-displacement-updates/",
        licence="CC BY-IGO",
        language="en",
        description="Source: Internal Displacement Monitoring Centre (IDMC), Internal Displacement Updates.",
    )


def _cut(value: str) -> str:
    """A cell cut short for a message, if long."""
    return value if len(value) <= _SHOWN else value[:_SHOWN] + "..."


def _cell(value: str) -> str:
    """A cell for a message: quoted, and cut short (with its length) if long."""
    return quoted(value, _SHOWN)


def _day(text: str, where: str, errors: list[ErrorDetail]) -> date | None:
    """The day an IDMC date cell stands for (see the module's docstring), or ``None`` with a problem."""
    text = text.strip()
    found = _DATE.fullmatch(text)
    problem = None
    if found is None:
        problem = f"{_cell(text)} is not a date (YYYY-MM-DD or an IDMC timestamp)"
    else:
        try:
            day = date.fromisoformat(found.group(1))
        except ValueError:
            problem = f"{_cell(text)} is not a date"
        else:
            time = found.group(2, 3, 4)
            if time[0] is None or time in (("00", "00", "00"),):
                return day
            if time in (("11", "00", "00"), ("12", "00", "00")):  # midnight in New Zealand
                try:
                    return day + timedelta(days=1)
                except OverflowError:
                    problem = f"{_cell(text)} is past the last date Python holds"
            else:
                problem = (
                    f"{_cell(text)} is not the start of a day (IDMC gives a day as midnight UTC, or "
                    "midnight in New Zealand: 11:00 or 12:00 UTC)"
                )
    errors.append(ErrorDetail(where, problem, text))
    return None


def _coordinate(text: str, where: str, errors: list[ErrorDetail]) -> float | None:
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        errors.append(ErrorDetail(where, f"{_cell(text)} is not a number", text))
        return None
    return float(text)


def _hazard_cells(cells: dict[str, str]) -> tuple[str | None, ...]:
    """IDMC's hazard classes of a row (`HAZARD_COLUMNS`), ``None`` for an empty cell."""
    return tuple(cells.get(c, "").strip() or None for c in HAZARD_COLUMNS)


def term(description: str) -> str | None:
    """IDMC's term in a figure's description: the words in parentheses after the figure.

    >>> term("India: 2 displacements (in relief camp), 07 November - 07 November.")
    'in relief camp'
    >>> term("India: 175 displacements, 17 May - 17 June.") is None
    True
    """
    found = _TERM.match(description)
    return (found.group(1).strip() or None) if found else None


def _event_id(name: str, ids: dict[str, str]) -> str:
    """``idmc-idu-event-<slug of the name>``; a hash is added when two names give one slug."""
    slug = _SLUG.sub("-", name.lower()).strip("-")[:80] or "event"
    event_id = f"idmc-idu-event-{slug}"
    if ids.get(event_id, name) != name:
        event_id += "-" + blake2b(name.encode(), digest_size=3).hexdigest()
    ids[event_id] = name
    return event_id


def _link_id(url: str) -> str:
    return "idmc-idu-link-" + blake2b(url.encode(), digest_size=6).hexdigest()


def read_idu(data: str | os.PathLike[str], *, strict: bool = False, source: Source | None = None) -> Load:
    """Read an IDMC Internal Displacement Updates table (CSV) into flows and their events.

    Each row with a figure becomes one `Flow` (see the module's docstring for what each column
    becomes); a row with an empty ``figure`` reports no number and is blank. Each event name
    becomes one `Event`; the rows of one event must agree on its type, dates and hazard. Each
    ``link`` becomes a `Source` (kind ``OTHER``: the table does not say whether it is a
    government report or a news article) that IDMC's attribution names.

    A malformed row (an unknown qualifier, a bad date or number, a point outside the world, an id
    given twice) is skipped and listed with its line in the account; ``strict=True`` raises a
    `ValidationError` listing them instead. *source* replaces `idu_source` as the source the
    records are attributed to. Columns the reader does not use (``displacement_date``, ``year``,
    ``created_at``, ``old_id``, ``combined_type``...) are listed in the account's
    `~displacement.io.account.RowAccount.ignored_columns`.
    """
    table, header, ignored = named_table(data, COLUMNS, optional=_OPTIONAL, known=tuple(_KNOWN))
    name = table.source
    read = {*COLUMNS, *_OPTIONAL, *_KNOWN}

    sources: dict[str, Source] = {}
    main = _records.source(source, idu_source)
    population_of: dict[str, Population] = {}
    events: dict[str, tuple[Event, int]] = {}  # event name -> (event, line of its first row)
    event_ids: dict[str, str] = {}
    seen: dict[str, int] = {}
    flows: list[Flow] = []
    skipped: list[SkippedRow] = []
    rows = loaded = blank = 0
    for number, line, cells, problem in table.rows():
        rows += 1
        where = f"line {line}"
        if cells is None:
            skipped.append(SkippedRow(number, line, (ErrorDetail(where, problem or "unreadable row", None),)))
            continue
        row = {h: c for h, c in zip(header, cells, strict=True) if h in read}
        errors: list[ErrorDetail] = []
        made = _row(row, where, errors, main, sources, population_of, events, event_ids, line)
        row_id = row["id"].strip()
        if not errors and row_id in seen:
            errors.append(
                ErrorDetail(f"{where}.id", f"repeats the id {_cell(row_id)} of line {seen[row_id]}", row_id)
            )
        if errors:
            skipped.append(SkippedRow(number, line, tuple(errors)))
            continue
        seen[row_id] = line
        if made is None:
            blank += 1
            continue
        flow, event, link = made
        if event.name not in events:
            events[event.name] = (event, line)
        if link is not None:
            sources.setdefault(link.id, link)
        flows.append(flow)
        loaded += 1
    account = RowAccount(
        name,
        rows=rows,
        loaded=loaded,
        blank=blank,
        records=len(flows),
        skipped=tuple(skipped),
        ignored_columns=ignored,
    )
    if strict:
        account.raise_for_problems()
    used = {cause for flow in flows for cause in flow.causes}
    dataset = Dataset(
        sources=[main, *sources.values()],
        events=[event for event, _ in events.values() if event.id in used],
        flows=flows,
    )
    return Load(dataset, account)


def _row(
    row: dict[str, str],
    where: str,
    errors: list[ErrorDetail],
    main: Source,
    sources: dict[str, Source],
    population_of: dict[str, Population],
    events: dict[str, tuple[Event, int]],
    event_ids: dict[str, str],
    line: int,
) -> tuple[Flow, Event, Source | None] | None:
    """The flow, event and linked source of one row; ``None`` for a row with no figure (or problems)."""
    row_id = row["id"].strip()
    if not row_id:
        errors.append(ErrorDetail(f"{where}.id", "missing id", ""))
    figure_text = row["figure"].strip()
    qualifier_text = row["qualifier"].strip()
    qualifier = QUALIFIERS.get(qualifier_text.lower())
    if qualifier is None:
        known = ", ".join(QUALIFIERS)
        errors.append(
            ErrorDetail(
                f"{where}.qualifier",
                f"{_cell(qualifier_text)} is not an IDMC qualifier ({known})",
                qualifier_text,
            )
        )
    figure: int | None = None
    if figure_text:
        if not figure_text.isdigit() or not figure_text.isascii():
            errors.append(
                ErrorDetail(f"{where}.figure", f"{_cell(figure_text)} is not a whole number", figure_text)
            )
        elif (
            len(figure_text.lstrip("0")) > len(str(MAX_MAGNITUDE))
            or int(figure_text.lstrip("0") or "0") > MAX_MAGNITUDE
        ):
            errors.append(
                ErrorDetail(f"{where}.figure", f"{_cell(figure_text)} is too large a count", figure_text)
            )
        else:
            figure = int(figure_text.lstrip("0") or "0")
    country = row["iso3"].strip()
    lat_text, lon_text = row["latitude"].strip(), row["longitude"].strip()
    lat = _coordinate(lat_text, f"{where}.latitude", errors) if lat_text else None
    lon = _coordinate(lon_text, f"{where}.longitude", errors) if lon_text else None
    centroid = row.get("centroid", "").strip()
    if centroid and lat is not None and lon is not None:
        found = _CENTROID.fullmatch(centroid)
        points = (found.group(1), found.group(2)) if found else None
        if (
            points is None
            or not all(_NUMBER.fullmatch(p) for p in points)
            or not (math.isclose(float(points[0]), lat) and math.isclose(float(points[1]), lon))
        ):
            errors.append(
                ErrorDetail(
                    f"{where}.centroid",
                    f"{_cell(centroid)} is not the latitude and longitude of the row "
                    f"([{_cut(lat_text)}, {_cut(lon_text)}])",
                    centroid,
                )
            )
    start = _day(row["displacement_start_date"], f"{where}.displacement_start_date", errors)
    end = _day(row["displacement_end_date"], f"{where}.displacement_end_date", errors)
    kind_text = row["displacement_type"].strip()
    kinds = _KINDS.get(kind_text)
    if kinds is None:
        errors.append(
            ErrorDetail(
                f"{where}.displacement_type",
                f"{_cell(kind_text)} is not an IDMC displacement type ({', '.join(_KINDS)})",
                kind_text,
            )
        )
    event_name = row["event_name"].strip()
    if not event_name:
        errors.append(ErrorDetail(f"{where}.event_name", "missing event name", ""))
    event_start = event_end = None
    if row.get("event_start_date", "").strip():
        event_start = _day(row["event_start_date"], f"{where}.event_start_date", errors)
    if row.get("event_end_date", "").strip():
        event_end = _day(row["event_end_date"], f"{where}.event_end_date", errors)
    link = row.get("link", "").strip()
    description = row.get("description", "").strip() or None
    if errors:
        return None
    try:
        place = Place(country, lat=lat, lon=lon)
        parts: list[ErrorDetail] = []
        try:
            period = Period(start, end)
        except ValidationError as exc:
            parts.extend(
                ErrorDetail(f"{where}.displacement_{_end(e.path)}_date", e.message, e.value)
                for e in exc.errors
            )
        assert kinds is not None
        kind, cause_kind = kinds
        cells = _hazard_cells(row)
        hazard: Hazard | None = None
        if any(cells):
            given = " > ".join(c for c in cells if c)
            if kind is not EventKind.DISASTER:
                parts.append(
                    ErrorDetail(
                        f"{where}.{HAZARD_COLUMNS[0]}",
                        f"a {kind_text} event has no hazard, got {_cell(given)}",
                        given,
                    )
                )
            else:
                try:
                    hazard = Hazard(**dict(zip(HAZARD_COLUMNS, cells, strict=True)))
                except ValidationError as exc:
                    parts.extend(_located(exc, where))
        try:
            event_period = Period(event_start or start, event_end or end)
        except ValidationError as exc:
            parts.extend(
                ErrorDetail(f"{where}.event_{_end(e.path)}_date", e.message, e.value) for e in exc.errors
            )
        if parts:
            errors.extend(parts)
            return None
        event = Event(
            _event_id(event_name, event_ids) if event_name not in events else events[event_name][0].id,
            kind,
            event_name,
            period=event_period,
            places=[Place(country)],
            attributions=[Attribution(main.id)],
            hazard=hazard,
            cause_kind=cause_kind,
        )
    except ValidationError as exc:
        errors.extend(_located(exc, where))
        return None
    first = events.get(event_name)
    if first is not None and first[0] != event:
        differ = [
            field
            for field, mine, theirs in (
                ("displacement_type", event.kind, first[0].kind),
                ("event dates", event.period, first[0].period),
                ("hazard", event.hazard, first[0].hazard),
            )
            if mine != theirs
        ]
        errors.append(
            ErrorDetail(
                f"{where}.event_name",
                f"the event {_cell(event_name)} has another {', '.join(differ) or 'description'} in line {first[1]}",
                event_name,
            )
        )
        return None
    if figure is None:
        return None
    linked: Source | None = None
    if link:
        link_id = _link_id(link)
        linked = sources.get(link_id)
        if linked is None:
            try:
                linked = Source(link_id, SourceKind.OTHER, url=link)
            except ValidationError as exc:
                errors.append(ErrorDetail(f"{where}.link", exc.errors[0].message, link))
                return None
    assert qualifier is not None  # else the row has a problem
    population = population_of.get(country)
    if population is None:
        population = population_of[country] = Population(PopulationCategory.IDPS, nationality=country)
    try:
        flow = Flow(
            f"idmc-idu-{row_id}",
            origin=place,
            destination=Place(country),
            movement=Movement.INTERNAL,
            population=population,
            count=Count(figure, qualifier=qualifier),
            period=period,
            metric=Metric.NEW_DISPLACEMENTS,
            causes=[event.id],
            term=term(description) if description else None,
            cause_kind=cause_kind,
            attributions=[
                Attribution(main.id, attributed_to=[linked.id] if linked else [], excerpt=description)
            ],
        )
    except ValidationError as exc:
        errors.extend(_located(exc, where))
        return None
    return flow, event, linked


def _end(field: str) -> str:
    """Which end of a period a `Period` error is about: ``start`` or ``end`` (``start`` if neither)."""
    return field if field in ("start", "end") else "start"


_FIELD_COLUMNS: Final = {"country": "iso3", "lat": "latitude", "lon": "longitude"}


def _located(exc: DisplacementError, where: str) -> list[ErrorDetail]:
    """The errors of a model class, with paths that name the row and its column."""
    if isinstance(exc, ValidationError):
        return [
            ErrorDetail(f"{where}.{_FIELD_COLUMNS.get(e.path, e.path) or 'row'}", e.message, e.value)
            for e in exc.errors
        ]
    return [ErrorDetail(where, str(exc), None)]
