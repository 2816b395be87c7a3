"""UNHCR Somalia's PRMN displacement table: weekly district-to-district flows, read into a `Dataset`.

The Protection and Return Monitoring Network (PRMN), led by UNHCR Somalia, publishes the
displacements it records inside Somalia (HDX: "Somalia: Internally Displaced Persons (IDPs)",
CC BY). Each row of its table (sheet "OutputsArrivals") is the number of individuals newly
arrived in a district during one week, from a departure district, for one reason, with one
priority need. `read_prmn` turns the rows of one week, corridor and reason into one `Flow`:

===================================  ==============================================================
column                               becomes
===================================  ==============================================================
``Month End``                        with ``Year Week``, the flow's `Period` (below)
``Year Week``                        the week (``201614``: week 14 of 2016)
``Current (Arrival) Region``         the destination's region (admin1), by name
``Current (Arrival) District``       the destination's district (admin2), by name, in that region
``Previous (Departure) Region``      the origin's region
``Previous (Departure) District``    the origin's district, in that region
``Reason``                           the flow's cause: one `Event` per reason (`REASONS`)
``Current (Arrival) Priority Need``  the description, with the people of each need (below)
``Number of Individuals``            the count, exact persons
===================================  ==============================================================

Every flow is of population ``IDPS`` of nationality ``SOM``, movement ``INTERNAL``, metric
``ARRIVALS``.

**Priority needs.** The rows of one week, corridor and reason (however its names are spelt) split its arrivals by their
priority need (food, shelter, water...): they are different people, and the model has no field
that tells such parts apart yet, so a flow per row would be taken by `Dataset.total` for reports
of one fact. So those rows make one flow whose count is their sum, and whose description keeps
the split: ``priority needs: Food 100, Shelter 20`` (``priority need: Food`` for one row). The
account counts every row as loaded; it has fewer records than rows. (The breakdown is the hook for
a structured disaggregation of the model, which is where it will go.)

**Metric.** The table counts people at the district they arrived in (its sheet is named
"OutputsArrivals", its columns "Current (Arrival)"), week by week; one person displaced twice is
counted twice. That is `Metric.ARRIVALS`, not new displacements, which would claim to count
people at the moment they were displaced.

**Period.** ``Year Week`` numbers ISO weeks, but within the calendar year of ``Month End``, and a
week that spans two months is split between them (week ``201617``, 25 April to 1 May 2016, has
rows under April and under May). So a row's period is the part of the ISO week that lies in the
month ``Month End`` closes, at week precision. Week ``00`` is the first days of January before
ISO week 1 (``202100``: 1 to 3 January 2021), and week ``53`` of a year without an ISO week 53
the last days of December after week 52 (``201853``: 31 December 2018). A week that has no day
in that month is a malformed row.

**Places.** Names become p-codes through the gazetteer in use (`displacement.gazetteer.current`):
the region first (`displacement.gazetteer.Gazetteer.find` at admin1), then the district *inside that region*, so the
same name in another region is not taken. A district named as its region (PRMN writes
``Banadir`` as one district; the COD splits region SO22 into 18) is the region: a coarser unit,
which is what the row says. A district the gazetteer does not hold in that region (``Badhan``
and ``Dhahar``, missing from the COD; ``Qardho``, which PRMN puts in Nugaal and the COD in
Bari) is not dropped: the place is the region with the district as a named area,
``Place("SOM", admin1="SO15", name="Badhan")``, and the account lists every such name with its
rows and what the gazetteer has under that name elsewhere (`PrmnAccount.unmatched`). A region
the gazetteer does not know makes the row malformed (with the nearest names): it has no place.

**Causes.** The model has no hazard field on a flow yet: each reason becomes one `Event`, whose
id every flow of that reason lists in `Flow.causes` (``prmn-reason-drought-related``). Drought
and flood are disasters with their hazard; conflict/insecurity an armed conflict; any other
reason an `EventKind.OTHER` event named as the table names it. The events have no dates (a
reason is not dated by the table). This is where a later refinement of hazards will plug in.

Record ids are derived from the rows (``prmn-2016-04-w201614-<hash of the week, corridor and
reason cells>``), so the same file gives the same ids. A row that repeats another (every descriptive cell equal) is
malformed. Every record is attributed to `prmn_source`.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "prmn.csv"
>>> _ = path.write_text(
...     ",".join(COLUMNS) + "\\n"
...     "30/04/2016,201614,Bay,Baidoa,Bay,Baidoa,Drought related,Food,6\\n"
...     "31/01/2021,202100,Sanaag,Badhan,Sanaag,Badhan,Conflict/Insecurity,Water,12\\n"
...     "31/01/2021,202100,Banadir,Banadir,Bay,Qansax Dheere,Flood,Shelter,x\\n"
... )
>>> dataset, account = read_prmn(path)
>>> flow = dataset.flows[0]
>>> flow.origin, flow.period.start, flow.period.end, flow.causes
(Place('SOM', admin1='SO24', admin2='SO2401'), datetime.date(2016, 4, 4), datetime.date(2016, 4, 10), ('prmn-reason-drought-related',))
>>> dataset.flows[1].destination, dataset.flows[1].period.end
(Place('SOM', admin1='SO15', name='Badhan'), datetime.date(2021, 1, 3))
>>> print(account)
prmn.csv: 3 rows: 2 made 2 records, 0 had no figure, 1 skipped as malformed
  - line 4.Number of Individuals: 'x' is not a whole number
  district names not in the gazetteer (kept as named areas in their region):
  - 'Badhan' in Sanaag (SO15): 1 row (as arrival 1, as departure 1), first at line 3
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Mapping
from datetime import date, timedelta
from hashlib import blake2b
from typing import Final

import attrs

from .. import gazetteer
from .._validate import quoted, show
from ..count import MAX_MAGNITUDE, Count
from ..dataset import Dataset
from ..errors import ErrorDetail, ValidationError
from ..event import Event, EventKind
from ..flow import Flow, Metric, Movement, Population, PopulationCategory
from ..period import Period, Precision
from ..place import Place
from ..source import Attribution, Source, SourceKind
from . import _records
from ._table import named_table
from .account import Load, RowAccount, SkippedRow

__all__ = [
    "COLUMNS",
    "PRMN_SOURCE_ID",
    "REASONS",
    "PrmnAccount",
    "UnmatchedName",
    "prmn_source",
    "read_prmn",
]

PRMN_SOURCE_ID: Final = "unhcr-somalia-prmn"
"""Id of the `Source` every PRMN record is attributed to (unless `read_prmn` is given another)."""

COLUMNS: Final = (
    "Month End",
    "Year Week",
    "Current (Arrival) Region",
    "Current (Arrival) District",
    "Previous (Departure) Region",
    "Previous (Departure) District",
    "Reason",
    "Current (Arrival) Priority Need",
    "Number of Individuals",
)
"""The columns of PRMN's table, in its order; `read_prmn` needs every one of them."""

REASONS: Mapping[str, tuple[EventKind, str | None]] = {
    "Drought related": (EventKind.DISASTER, "drought"),
    "Flood": (EventKind.DISASTER, "flood"),
    "Conflict/Insecurity": (EventKind.ARMED_CONFLICT, None),
    "Other": (EventKind.OTHER, None),
}
"""PRMN's reasons -> the kind of the `Event` each becomes, and its hazard. Another reason
becomes an `EventKind.OTHER` event named as the table names it."""

_SHOWN: Final = 40
"""Characters of a bad cell a message quotes."""
_SLUG = re.compile(r"[^a-z0-9]+")
_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\Z")
_WEEK = re.compile(r"([0-9]{4})([0-9]{2})\Z")


def prmn_source() -> Source:
    """UNHCR Somalia's Protection and Return Monitoring Network, as a `Source` (CC BY).

    >>> prmn_source().publisher
    'UNHCR Somalia, Protection and Return Monitoring Network (PRMN)'
    """
    return Source(
        PRMN_SOURCE_ID,
        SourceKind.DATASET,
        publisher="UNHCR Somalia, Protection and Return Monitoring Network (PRMN)",
        title="Somalia: Internally Displaced Persons (IDPs), PRMN displacement dataset",
        url="https://data.humdata.org/dataset/somalia-internally-displaced-persons-idps",
        licence="CC BY",
        language="en",
        description="Source: UNHCR Somalia, Protection and Return Monitoring Network (PRMN), via HDX.",
    )


@attrs.frozen
class UnmatchedName:
    """A district name the gazetteer does not hold in its region, and the rows that use it."""

    district: str
    """The name as the table writes it."""
    region: str
    """The region the table puts it in, as written."""
    admin1: str
    """The p-code of that region: the flows' place is this region with *district* as a named area."""
    rows: int
    """Rows that name it, as arrival or departure district or both."""
    as_arrival: int
    """Rows that name it as the arrival district."""
    as_departure: int
    """Rows that name it as the departure district."""
    lines: tuple[int, ...]
    """The lines of those rows, in file order."""
    elsewhere: tuple[str, ...] = ()
    """Units of that name the gazetteer has in other regions (``SO1606 Qardho in SO16 Bari``):
    a hint that the table and the gazetteer place the district differently."""

    def describe(self) -> str:
        """One line for a person: the name, its region, its rows and where it is elsewhere."""
        plural = "row" if self.rows == 1 else "rows"
        text = (
            f"{quoted(self.district, _SHOWN)} in {self.region} ({self.admin1}): {self.rows:,} {plural} "
            f"(as arrival {self.as_arrival:,}, as departure {self.as_departure:,}), "
            f"first at line {self.lines[0]}"
        )
        if self.elsewhere:
            text += "; the gazetteer has " + ", ".join(self.elsewhere)
        return text


@attrs.frozen
class PrmnAccount(RowAccount):
    """A `RowAccount` that also lists the district names left unresolved (`unmatched`)."""

    unmatched: tuple[UnmatchedName, ...] = ()
    """Every district name the gazetteer does not hold in its region, with its rows; their flows
    are loaded, at the region with the name as a named area."""
    resolved: int = 0
    """District cells (arrival and departure, two per loaded row) that resolved to a unit."""
    cells: int = 0
    """District cells read (two per loaded row): ``resolved`` of them resolved."""

    def __str__(self) -> str:
        text = super().__str__()
        if not self.unmatched:
            return text
        lines = [text, "  district names not in the gazetteer (kept as named areas in their region):"]
        lines.extend(f"  - {u.describe()}" for u in self.unmatched)
        return "\n".join(lines)


@attrs.define
class _Name:
    """The rows of one unmatched (region, district) pair, collected while reading."""

    admin1: str
    elsewhere: tuple[str, ...]
    lines: list[int] = attrs.Factory(list)
    as_arrival: int = 0
    as_departure: int = 0


class _Reader:
    """Parses the cells of one file, sharing equal values across rows."""

    def __init__(self, names: gazetteer.Gazetteer) -> None:
        self.gazetteer = names
        self.regions: dict[str, Place | str] = {}
        self.places: dict[tuple[str, str], tuple[Place, bool]] = {}
        self.periods: dict[tuple[str, str], Period | tuple[str, str]] = {}
        self.counts: dict[str, Count | str] = {}
        self.events: dict[str, Event] = {}
        self.unmatched: dict[tuple[str, str], _Name] = {}

    def period(self, month_end: str, year_week: str) -> Period | tuple[str, str]:
        """The part of the week in the month, or (column, problem)."""
        key = (month_end, year_week)
        found = self.periods.get(key)
        if found is None:
            found = self.periods[key] = _period(month_end, year_week)
        return found

    def count(self, cell: str) -> Count | str:
        found = self.counts.get(cell)
        if found is None:
            text = cell.strip()
            if not text:
                found = "missing number"
            elif not (text.isascii() and text.isdigit()) or len(text) > 15:
                found = f"{quoted(cell, _SHOWN)} is not a whole number"
            elif int(text) > MAX_MAGNITUDE:
                found = f"{quoted(cell, _SHOWN)} is too large for a count"
            else:
                found = Count(int(text))
            self.counts[cell] = found
        return found

    def region(self, name: str) -> Place | str:
        found = self.regions.get(name)
        if found is None:
            if not name.strip():
                found = "missing region"
            else:
                try:
                    unit = self.gazetteer.find(name.strip(), country="SOM", level=1)
                except ValidationError as exc:
                    found = exc.errors[0].message
                else:
                    found = Place("SOM", admin1=unit.code)
            self.regions[name] = found
        return found

    def place(self, region: Place, region_name: str, district: str) -> tuple[Place, bool]:
        """The place of a district of *region*, and whether the name resolved to a unit."""
        key = (region_name, district)
        found = self.places.get(key)
        if found is None:
            found = self.places[key] = self._place(region, region_name, district.strip())
        return found

    def _place(self, region: Place, region_name: str, name: str) -> tuple[Place, bool]:
        admin1 = region.admin1
        assert admin1 is not None
        if not name:
            return region, True
        g = self.gazetteer
        if any(u.code == admin1 for u in g.candidates(name, country="SOM", level=1)):
            return region, True  # "Banadir": the district is the region (a coarser unit)
        found = g.candidates(name, country="SOM", level=2, within=admin1)
        if len(found) == 1:
            return Place("SOM", admin2=found[0].code), True
        others = [u for u in g.candidates(name, country="SOM") if u not in found]
        elsewhere = tuple(
            f"{u.code} {u.name}"
            + (f" in {u.parent} {g[u.parent].name}" if u.parent is not None and u.parent in g else "")
            for u in [*found, *others][:5]
        )
        self.unmatched[(region_name, name)] = _Name(admin1, elsewhere)
        return Place("SOM", admin1=admin1, name=name), False

    def note(self, region_name: str, district: str, line: int, arrival: bool) -> None:
        """Count one unresolved district cell of the row at *line*."""
        entry = self.unmatched[(region_name, district.strip())]
        if not entry.lines or entry.lines[-1] != line:
            entry.lines.append(line)
        if arrival:
            entry.as_arrival += 1
        else:
            entry.as_departure += 1

    def event(self, reason: str) -> Event:
        found = self.events.get(reason)
        if found is None:
            kind, hazard = REASONS.get(reason, (EventKind.OTHER, None))
            slug = _SLUG.sub("-", reason.lower()).strip("-") or "reason"
            found = self.events[reason] = Event(
                f"prmn-reason-{slug}",
                kind,
                reason,
                period=Period(),
                hazard=hazard,
                description="A reason for displacement as UNHCR Somalia's PRMN records it.",
            )
        return found


@attrs.define
class _Group:
    """The rows of one week, corridor and reason: one flow, whatever their priority needs."""

    origin: Place
    destination: Place
    period: Period
    causes: tuple[str, ...]
    cells: str
    """The descriptive cells of its first row but the need: the flow's id is made from them."""
    needs: list[tuple[str, int]] = attrs.Factory(list)


def _needs(needs: list[tuple[str, int]]) -> str:
    """The priority-need breakdown of a flow, in file order: ``priority needs: Food 6, Water 2``
    (``priority need: Food`` for a flow of one row)."""
    if len(needs) == 1:
        return f"priority need: {needs[0][0] or '(none given)'}"
    return "priority needs: " + ", ".join(f"{need or '(none given)'} {number:,}" for need, number in needs)


def _period(month_end: str, year_week: str) -> Period | tuple[str, str]:
    """The days of week *year_week* inside the month *month_end* closes; or (column, problem)."""
    day = _DAY.match(month_end.strip())
    if day is None:
        return "Month End", f"{quoted(month_end, _SHOWN)} is not a date written dd/mm/yyyy"
    d, m, y = (int(part) for part in day.groups())
    if not (1 <= m <= 12 and y >= 1 and 1 <= d <= calendar.monthrange(y, m)[1]):
        return "Month End", f"{quoted(month_end, _SHOWN)} is not a date"
    if d != calendar.monthrange(y, m)[1]:
        return "Month End", f"{quoted(month_end, _SHOWN)} is not the last day of its month"
    week = _WEEK.match(year_week.strip())
    if week is None:
        return "Year Week", f"{quoted(year_week, _SHOWN)} is not a year and week (yyyyww)"
    year, number = int(week[1]), int(week[2])
    first, last = date(y, m, 1), date(y, m, d)
    if year != y:
        return "Year Week", f"{year_week.strip()} is not a week of {y}, the year of Month End {month_end}"
    if number > 53:
        return "Year Week", f"{year_week.strip()} has no week {number}"
    try:
        start, end = _week(year, number)
    except (OverflowError, ValueError):  # weeks at the ends of the calendar (year 1, year 9999)
        return "Year Week", f"{year_week.strip()} is out of range"
    start, end = max(start, first), min(end, last)
    if end < start:
        return "Year Week", f"week {year_week.strip()} has no day in the month that ends {month_end.strip()}"
    return Period(start, end, precision=Precision.WEEK)


def _week(year: int, number: int) -> tuple[date, date]:
    """The days of week *number* of *year* as PRMN numbers them, within the calendar year."""
    if number == 0:  # the days of January before ISO week 1
        start = date(year, 1, 1)
        end = date.fromisocalendar(year, 1, 1) - timedelta(days=1)
    else:
        iso_weeks = date(year, 12, 28).isocalendar()[1]
        if number > iso_weeks:  # the days of December after the last ISO week
            start = date.fromisocalendar(year, iso_weeks, 7) + timedelta(days=1)
            end = date(year, 12, 31)
        else:
            start = date.fromisocalendar(year, number, 1)
            end = start + timedelta(days=6)
    return max(start, date(year, 1, 1)), min(end, date(year, 12, 31))


def read_prmn(
    data: str | os.PathLike[str],
    *,
    strict: bool = False,
    source: Source | None = None,
    names: gazetteer.Gazetteer | None = None,
) -> Load:
    """Read PRMN's displacement table (CSV, the columns of `COLUMNS`) into `Flow` records.

    Returns a `Load` whose account is a `PrmnAccount`: every row loaded or skipped with its line
    and problems, and every district name left unresolved with its rows. *strict* raises a
    `ValidationError` listing the malformed rows instead (unresolved names are not malformed).
    *source* replaces `prmn_source` as the source every record is attributed to. *names* is the
    gazetteer to resolve names with (default: `displacement.gazetteer.current`); add spellings
    with `displacement.gazetteer.Gazetteer.with_aliases`.
    """
    table, header, ignored = named_table(data, COLUMNS)
    name = table.source
    positions = [header.index(c) for c in COLUMNS]
    the_source = _records.source(source, prmn_source)
    attributions = (Attribution(the_source.id),)
    population = Population(PopulationCategory.IDPS, nationality="SOM")
    if names is not None and not isinstance(names, gazetteer.Gazetteer):
        raise ValidationError.single("names", f"expected a Gazetteer, got {show(names)}", names)
    reader = _Reader(names if names is not None else gazetteer.current())
    groups: dict[tuple[Period, Place, Place, str], _Group] = {}
    skipped: list[SkippedRow] = []
    seen: dict[str, int] = {}
    rows = loaded = resolved = 0
    for number, line, cells, problem in table.rows():
        rows += 1
        where = f"line {line}"
        if cells is None:
            skipped.append(SkippedRow(number, line, (ErrorDetail(where, problem or "unreadable row", None),)))
            continue
        row = [cells[p] for p in positions]
        errors: list[ErrorDetail] = []
        period = reader.period(row[0], row[1])
        if isinstance(period, tuple):
            errors.append(
                ErrorDetail(f"{where}.{period[0]}", period[1], row[0 if period[0] == "Month End" else 1])
            )
        regions = [reader.region(row[2]), reader.region(row[4])]
        for region, column in zip(regions, (COLUMNS[2], COLUMNS[4]), strict=True):
            if isinstance(region, str):
                errors.append(ErrorDetail(f"{where}.{column}", region, row[COLUMNS.index(column)]))
        count = reader.count(row[8])
        if isinstance(count, str):
            errors.append(ErrorDetail(f"{where}.{COLUMNS[8]}", count, row[8]))
        key = "\x1f".join(cell.strip() for cell in row[:8])
        if not errors:
            first = seen.get(key)
            if first is not None:
                errors.append(
                    ErrorDetail(where, f"repeats line {first} (every descriptive cell is equal)", None)
                )
        if errors:
            skipped.append(SkippedRow(number, line, tuple(errors)))
            continue
        seen[key] = line
        loaded += 1
        assert isinstance(period, Period)
        assert isinstance(count, Count)
        arrival_region, departure_region = regions
        assert isinstance(arrival_region, Place)
        assert isinstance(departure_region, Place)
        destination, arrival_known = reader.place(arrival_region, row[2], row[3])
        origin, departure_known = reader.place(departure_region, row[4], row[5])
        resolved += arrival_known + departure_known
        if not arrival_known:
            reader.note(row[2], row[3], line, arrival=True)
        if not departure_known:
            reader.note(row[4], row[5], line, arrival=False)
        reason = row[6].strip()
        # grouped by what the cells mean, not how they are spelt (Lasqoray and Laasqoray are SO1503)
        group = (period, origin, destination, reason)
        entry = groups.get(group)
        if entry is None:
            causes = (reader.event(reason).id,) if reason else ()
            spelt = "\x1f".join(cell.strip() for cell in row[:7])
            entry = groups[group] = _Group(origin, destination, period, causes, spelt)
        entry.needs.append((row[7].strip(), int(count.magnitude)))
    flows: list[Flow] = []
    for entry in groups.values():
        total = sum(n for _, n in entry.needs)
        if total > MAX_MAGNITUDE:
            raise ValidationError.single(
                name, f"the rows of {quoted(entry.cells, _SHOWN)} add up to more than a count holds", total
            )
        digest = blake2b(entry.cells.encode(), digest_size=5).hexdigest()
        period = entry.period
        assert period.end is not None
        flows.append(
            Flow(
                f"prmn-{period.end:%Y-%m}-w{entry.cells.split(chr(31))[1]}-{digest}",
                origin=entry.origin,
                destination=entry.destination,
                movement=Movement.INTERNAL,
                population=population,
                count=Count(total),
                period=period,
                metric=Metric.ARRIVALS,
                causes=entry.causes,
                attributions=attributions,
                description=_needs(entry.needs),
            )
        )
    unmatched = tuple(
        UnmatchedName(
            district,
            region,
            entry.admin1,
            rows=len(entry.lines),
            as_arrival=entry.as_arrival,
            as_departure=entry.as_departure,
            lines=tuple(entry.lines),
            elsewhere=entry.elsewhere,
        )
        for (region, district), entry in reader.unmatched.items()
        if entry.lines
    )
    account = PrmnAccount(
        name,
        rows=rows,
        loaded=loaded,
        blank=0,
        records=len(flows),
        skipped=tuple(skipped),
        ignored_columns=ignored,
        unmatched=unmatched,
        resolved=resolved,
        cells=2 * loaded,
    )
    if strict:
        account.raise_for_problems()
    events = sorted(reader.events.values(), key=lambda e: e.id)
    try:
        dataset = Dataset(sources=[the_source], events=events, flows=flows)
    except ValidationError as exc:
        raise ValidationError(exc.errors, title=f"{name}: the records do not form a dataset") from None
    return Load(dataset, account)
