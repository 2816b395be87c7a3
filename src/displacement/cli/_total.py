"""``displacement total FILE``: the totals of `Dataset.total`, with their bounds and their records.

Every option is read here into what `Dataset.total` takes (``--during 2022`` into a `Period`,
``--household-size AFG=7.4`` into `HouseholdSizes`, ``--where metric=arrivals`` into a *where*
predicate), and a bad value is a `UsageError`: one line, exit status 2. So is a total the data
make impossible (flows of two metrics in one group), in the words of the command
(``--by ...,metric``), not of the function (``by=``).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from enum import Enum
from typing import IO, Any

import pycountry

from .. import gazetteer
from .._spelling import closest
from ..count import Count
from ..dataset import TOTAL_KINDS, Dataset, TotalKind
from ..errors import DisplacementError, UnitError, ValidationError
from ..event import CauseKind, EventKind, Figure, Measure
from ..flow import Metric, Movement, PopulationCategory
from ..hazard import Hazard
from ..households import HouseholdSizes
from ..period import Period
from ..place import Place
from ..totals import Policy, Total, Totals, shown_key
from ._files import FILE_HELP, UsageError, add_reading_options, one_line, read, working
from ._show import table

__all__ = ["FORMATS", "WHERE_FIELDS", "add_total_parser", "run_total"]

FORMATS = ("text", "json", "csv")
"""What ``--format`` takes: an aligned table for people, JSON or CSV for machines."""

_LONGEST = 64
"""No code, field or enum value is longer: a longer value is refused without a search for a
near one, and shown cut short."""

NOT_KNOWN = "(not known)"
"""How the text table shows a group key of ``None`` (a place not known at that level...)."""


def _shown(text: str) -> str:
    """*text* quoted for a message, cut short: a message never echoes a huge argument whole."""
    return repr(text) if len(text) <= 40 else f"{text[:40]!r}... ({len(text):,} characters)"


# -- the options: each read into what `Dataset.total` takes ---------------------------------------


def _of(text: str) -> TotalKind:
    for kind in TOTAL_KINDS:
        if text == kind:
            return kind
    raise UsageError(f"--of: expected {', '.join(TOTAL_KINDS[:-1])} or {TOTAL_KINDS[-1]}, got {_shown(text)}")


def _by(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """The fields of ``--by`` (repeated, or comma-separated); `Dataset.total` judges them."""
    if not values:
        return None
    fields: list[str] = []
    for value in values:
        parts = [p.strip() for p in value.split(",")]
        if not all(parts):
            raise UsageError(f"--by: expected FIELD[,FIELD...], got {_shown(value)} (an empty field name)")
        for part in parts:
            if part in fields:
                raise UsageError(f"--by: {_shown(part)} is named twice")
            fields.append(part)
    return tuple(fields)


def _policy(text: str) -> Policy:
    key = text.strip().lower().replace("-", "_")
    for policy in Policy:
        if key == policy.value:
            return policy
    names = ", ".join(p.value for p in Policy)
    raise UsageError(f"--policy: expected one of {names}, got {_shown(text)}")


_DURING = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DURING_EXPECTED = (
    "expected a year (2022), a month (2022-03), a day (2022-03-05) or a range START..END "
    "(2022-01..2022-06, 2022.., ..2022-06-30)"
)


class _NotADay(ValueError):
    """Text of the shape of ``--during`` that names no span (``2022-02-30``, ``..``)."""


def _span(text: str) -> Period:
    """The year, month or day *text* names (``2022``, ``2022-03``, ``2022-03-05``)."""
    found = _DURING.fullmatch(text)
    if found is None:
        raise _NotADay
    year, month, day = (None if g is None else int(g) for g in found.groups())
    assert year is not None
    if month is None:
        return Period.year(year)
    if day is None:
        return Period.month(year, month)
    try:
        return Period.day(date(year, month, day))
    except ValueError as exc:  # the shape of a day, but not one of the calendar
        raise UsageError(f"--during: {text} is not a day of the calendar ({exc})") from None


def _during(text: str | None) -> Period | None:
    """``--during``: a year, month or day, or a range from the start of one to the end of another,
    either end open (``2022..``)."""
    if text is None:
        return None
    try:
        if ".." not in text:
            return _span(text)
        first, _, last = text.partition("..")
        if not first and not last:
            raise _NotADay
        start = _span(first).start if first else None
        end = _span(last).end if last else None
        return Period(start, end)
    except _NotADay:
        raise UsageError(f"--during: {_DURING_EXPECTED}, got {_shown(text)}") from None
    except ValidationError as exc:  # a month 13, an end before the start
        found = exc.errors[0]
        message = f"the end {found.message}" if found.path == "end" else found.message
        raise UsageError(f"--during {_shown(text)}: {message}") from None


def _size(text: str, where: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise UsageError(
            f"--household-size: expected people per household (4.5) or COUNTRY=N (AFG=7.4), got {_shown(where)}"
        ) from None


def _household_sizes(values: Sequence[str] | None) -> HouseholdSizes | None:
    """``--household-size``: ``N`` (the default for every country) and ``CODE=N`` (one country)."""
    if not values:
        return None
    default: float | None = None
    sizes: dict[str, float] = {}
    given: dict[str, str] = {"default": "--household-size"}  # where each size came from, for errors
    for value in values:
        code, equals, number = value.partition("=")
        if not equals:
            if default is not None:
                raise UsageError(
                    f"--household-size: a default size is given twice ({given['default']} and {_shown(value)})"
                )
            default = _size(value, value)
            given["default"] = _shown(value)
            continue
        code = code.strip()
        if code in sizes:
            raise UsageError(f"--household-size: {_shown(code)} is given twice")
        sizes[code] = _size(number, value)
        given[f"sizes[{code!r}]"] = _shown(value)
    try:
        return HouseholdSizes(sizes, default=default, source="the command line (--household-size)")
    except ValidationError as exc:
        found = exc.errors[0]
        raise UsageError(
            f"--household-size {given.get(found.path, '')}: {found.message}".replace(" :", ":")
        ) from None


# -- --where: conditions on plain fields of the records ------------------------------------------

Test = Callable[[Any], bool]
"""A condition on one record (for figures: one `_Figured`, a figure with its event)."""


class _Figured:
    """A figure of an event, with the event: what a condition on figures looks at."""

    __slots__ = ("event", "figure")

    def __init__(self, event: Any, figure: Figure) -> None:
        self.event = event
        self.figure = figure


def _choose(field: str, text: str, choices: Iterable[str]) -> str:
    """The choice *text* names (case and ``-`` for ``_`` do not matter), else a `UsageError`
    naming the choices, with the nearest one when there is one."""
    names = list(choices)
    key = text.strip().lower().replace("-", "_")
    if key in names:
        return key
    near = closest(key, names, unique=True) if len(key) <= _LONGEST else None
    hint = f" (did you mean {near!r}?)" if near is not None else ""
    raise UsageError(f"--where {field}={_shown(text)}: no such {field}{hint}; choose from {', '.join(names)}")


def _enum(field: str, cls: type[Enum], get: Callable[[Any], Any]) -> Callable[[str], Test]:
    def read(text: str) -> Test:
        wanted = cls(_choose(field, text, [str(m.value) for m in cls]))
        return lambda record: get(record) is wanted

    return read


def _country(field: str, text: str) -> str:
    """A country code (ISO 3166-1 alpha-3, or one of the special codes the model accepts)."""
    try:
        return Place(text).country
    except ValidationError as exc:
        raise UsageError(f"--where {field}={_shown(text)}: {exc.errors[0].message}") from None


def _place(field: str, text: str) -> Place:
    """The place a code names: a country code, an ISO 3166-2 code or a p-code of the gazetteer."""
    if len(text) > _LONGEST:
        raise UsageError(f"--where {field}={_shown(text)}: not a country code, ISO 3166-2 code or p-code")
    try:
        if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", text):  # an ISO 3166-2 subdivision: KZ-61
            country = pycountry.countries.get(alpha_2=text[:2])
            if country is None:
                raise UsageError(
                    f"--where {field}={_shown(text)}: {text[:2]!r} is no country's alpha-2 code, "
                    "so this is no ISO 3166-2 code"
                )
            return Place(str(country.alpha_3), subdivision=text)
        unit = gazetteer.current().get(text)
        if unit is not None:  # a p-code: the place fills in its parents
            level, code = unit.level, unit.code
            return Place(
                unit.country,
                admin1=code if level == 1 else None,
                admin2=code if level == 2 else None,
                admin3=code if level == 3 else None,
            )
        if len(text) != 3:
            near = closest(text, [u.code for u in gazetteer.current()], unique=True)
            hint = f" (did you mean {near!r}?)" if near is not None else ""
            raise UsageError(
                f"--where {field}={_shown(text)}: not a country code, an ISO 3166-2 code or a p-code "
                f"of the gazetteer{hint}"
            )
        return Place(text)
    except ValidationError as exc:
        raise UsageError(f"--where {field}={_shown(text)}: {exc.errors[0].message}") from None


def _places(field: str, get: Callable[[Any], Place]) -> Callable[[str], Test]:
    def read(text: str) -> Test:
        place = _place(field, text)
        return lambda record: get(record).within(place)  # the library's one containment rule

    return read


def _years(get: Callable[[Any], int | None]) -> Callable[[str], Test]:
    def read(text: str) -> Test:
        if not re.fullmatch(r"\d{4}", text.strip()):
            raise UsageError(f"--where year={_shown(text)}: expected a year such as 2022")
        year = int(text)
        return lambda record: get(record) == year

    return read


def _countries(field: str, get: Callable[[Any], str | None]) -> Callable[[str], Test]:
    def read(text: str) -> Test:
        code = _country(field, text)
        return lambda record: get(record) == code

    return read


def _hazards(text: str) -> Test:
    try:
        wanted = Hazard.parse(text)
    except ValidationError as exc:
        message = exc.errors[0].message.replace(" (words of your own go in Hazard(detail=...))", "")
        raise UsageError(f"--where hazard={_shown(text)}: {message}") from None
    return lambda item: item.event.hazard is not None and item.event.hazard.within(wanted)


def _events(text: str) -> Test:
    return lambda item: item.event.id == text


_POPULATION: dict[str, Callable[[str], Test]] = {
    "category": _enum("category", PopulationCategory, lambda r: r.population.category),
    "nationality": _countries("nationality", lambda r: r.population.nationality),
}

WHERE_FIELDS: dict[str, dict[str, Callable[[str], Test]]] = {
    "flows": {
        "origin": _places("origin", lambda f: f.origin),
        "destination": _places("destination", lambda f: f.destination),
        "movement": _enum("movement", Movement, lambda f: f.movement),
        "metric": _enum("metric", Metric, lambda f: f.metric),
        **_POPULATION,
        "year": _years(lambda f: f.period.calendar_year),
    },
    "stocks": {
        "place": _places("place", lambda s: s.place),
        **_POPULATION,
        "year": _years(lambda s: s.as_of.year),
    },
    "figures": {
        "measure": _enum("measure", Measure, lambda i: i.figure.measure),
        "event": _events,
        "kind": _enum("kind", EventKind, lambda i: i.event.kind),
        "cause_kind": _enum("cause_kind", CauseKind, lambda i: i.event.cause_kind),
        "hazard": _hazards,
        "year": _years(lambda i: i.event.period.calendar_year),
    },
}
"""What ``--where FIELD=VALUE`` may filter on, for each ``--of``: field -> a reader of the value
into a test of one record (a flow, a stock, or a figure with its event)."""


def _conditions(values: Sequence[str] | None, of: TotalKind) -> list[tuple[str, list[str], list[Test]]]:
    """``--where`` read into (field, values, tests): a record passes when, for every field, one
    of its tests holds."""
    found: list[tuple[str, list[str], list[Test]]] = []
    fields = WHERE_FIELDS[of]
    for value in values or ():
        field, equals, wanted = value.partition("=")
        field = field.strip()
        if not equals or not field:
            raise UsageError(f"--where: expected FIELD=VALUE (metric=arrivals), got {_shown(value)}")
        if field not in fields:
            near = closest(field, fields, unique=True) if len(field) <= _LONGEST else None
            hint = f" (did you mean {near!r}?)" if near is not None else ""
            raise UsageError(
                f"--where: {of} have no field {_shown(field)} to filter on{hint}; choose from {', '.join(fields)}"
            )
        parts = [p.strip() for p in wanted.split(",")]
        if not all(parts):
            raise UsageError(
                f"--where {field}=: expected a value, or values A,B (either), got {_shown(wanted)}"
            )
        found.append((field, parts, [fields[field](p) for p in parts]))
    return found


def _predicate(
    conditions: list[tuple[str, list[str], list[Test]]], of: TotalKind, dataset: Dataset
) -> Callable[[Any], bool] | None:
    """The *where* of `Dataset.total`: every condition holds (one of its values, each)."""
    if not conditions:
        return None
    if of == "figures":
        known = {e.id for e in dataset.events}
        for field, values, _ in conditions:
            missing = [v for v in values if field == "event" and v not in known]
            if missing:
                raise UsageError(f"--where event={_shown(missing[0])}: the file has no event with that id")
    tests = [t for _, _, t in conditions]

    def holds(record: Any) -> bool:
        return all(any(test(record) for test in either) for either in tests)

    if of != "figures":
        return holds
    events = {id(f): e for e in dataset.events for f in e.figures}  # `total` gives the figure alone
    return lambda figure: holds(_Figured(events[id(figure)], figure))


# -- the total, and what the library says when it cannot make it ----------------------------------

_ADD_OR_CHOOSE = re.compile(r"add '(\w+)' to by=, or choose one with where=")


def _totals(dataset: Dataset, args: argparse.Namespace, options: dict[str, Any]) -> Totals:
    try:
        return dataset.total(**options)
    except ValidationError as exc:
        if exc.errors and exc.errors[0].path == "by":
            raise UsageError(f"--by: {exc.errors[0].message}") from None
        raise UsageError(f"{args.file}: cannot total: {one_line(exc)}") from None
    except UnitError as exc:
        text = one_line(exc).replace(
            "convert with to_persons(...) or HouseholdSizes first",
            "give --household-size N (every country) or --household-size COUNTRY=N",
        )
        if text.startswith("no household size for"):
            text += ": add --household-size COUNTRY=N, or a default --household-size N"
        raise UsageError(f"{args.file}: cannot total: {text}") from None
    except DisplacementError as exc:
        text = one_line(exc)
        found = _ADD_OR_CHOOSE.search(text)
        if found:
            field = found.group(1)
            by = ",".join((*(options["by"] or ()), field)) if options["by"] else f"...,{field}"
            text = text.replace(found.group(0), f"add --by {by}, or choose one with --where {field}=...")
        raise UsageError(f"{args.file}: cannot total: {text}") from None


# -- showing the totals -------------------------------------------------------------------------


def _key_text(value: Any) -> str | None:
    """A group key's value as text: an enum by its value, an age band ``0-17``, None as None."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return shown_key(value)


def _count_text(t: Total) -> str:
    if t.count is not None:
        return str(t.count)
    return "unquantified" if t.unquantified else "nothing added"


def _bounds(count: Count | None) -> tuple[int | float | None, int | float | None]:
    if count is None:
        return None, None
    return count.bound_magnitudes


def _number(n: int | float | None) -> str:
    if n is None:
        return ""
    if isinstance(n, float) and n.is_integer():
        n = int(n)
    return f"{n:,}"


def _record(by: Sequence[str], t: Total) -> dict[str, Any]:
    """One total as the JSON report gives it."""
    lower, upper = _bounds(t.count)
    row: dict[str, Any] = {field: _key_text(value) for field, value in zip(by, t.key, strict=True)}
    row.update(
        count=_count_text(t),
        lower=lower,
        upper=upper,
        unit=None if t.count is None else t.count.unit,
        records=list(t.records),
        unquantified=list(t.unquantified),
        set_aside=[
            {"record": s.record, "reason": s.reason.value, "kept": s.kept, "message": str(s)}
            for s in t.set_aside
        ],
        suspected_duplicates=list(t.suspected_duplicates),
        counted_once=t.counted_once,
        household_sizes=[{"record": r, "size": size} for r, size in t.household_sizes],
        below_breakdown=list(t.below_breakdown),
    )
    return row


def _csv(totals: Totals, explain: bool, out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    header = [*totals.by, "count", "lower", "upper", "unit", "records", "unquantified", "set_aside"]
    header.append("suspected_duplicates")
    if explain:
        header += [
            "record_ids",
            "unquantified_ids",
            "set_aside_ids",
            "set_aside_reasons",
            "suspected_duplicate_ids",
            "household_sizes",
            "below_breakdown_ids",
        ]
    writer.writerow(header)
    for t in totals.values():
        lower, upper = _bounds(t.count)
        row: list[Any] = [_key_text(k) or "" for k in t.key]
        row += [_count_text(t), "" if lower is None else lower, "" if upper is None else upper]
        row += [
            "" if t.count is None else t.count.unit,
            len(t.records),
            len(t.unquantified),
            len(t.set_aside),
        ]
        row.append(len(t.suspected_duplicates))
        if explain:
            row += [
                ";".join(t.records),
                ";".join(t.unquantified),
                ";".join(s.record for s in t.set_aside),
                ";".join(str(s) for s in t.set_aside),
                ";".join(t.suspected_duplicates),
                ";".join(f"{r}={size:g}" for r, size in t.household_sizes),
                ";".join(t.below_breakdown),
            ]
        writer.writerow(row)


def _explained(t: Total) -> list[str]:
    """The lines under a total with ``--explain``: what it added, and what not and why."""

    def ids(label: str, found: Sequence[str]) -> list[str]:
        return [f"  {label} ({len(found)}): {', '.join(found)}"] if found else []

    key = ", ".join(_key_text(k) or NOT_KNOWN for k in t.key) or "all"
    lines = [f"{key}: {_count_text(t)}"]
    lines += ids("added", t.records)
    lines += ids("no number", t.unquantified)
    if t.set_aside:
        lines.append(f"  set aside ({len(t.set_aside)}):")
        lines += [f"    {s}" for s in t.set_aside]
    if t.household_sizes:
        sizes = ", ".join(f"{r} at {size:g}" for r, size in t.household_sizes)
        lines.append(f"  households to people ({len(t.household_sizes)}): {sizes} people per household")
    lines += ids("below their breakdown (their parts add to more)", t.below_breakdown)
    once = ", counted once" if t.counted_once else ""
    lines += ids(f"may count the same people{once}", t.suspected_duplicates)
    return lines


def _text(totals: Totals, of: str, explain: bool, out: IO[str]) -> None:
    if not totals:
        print(f"no {of} to total", file=out)
        return
    rows = []
    for t in totals.values():
        lower, upper = _bounds(t.count)
        rows.append(
            [
                *(_key_text(k) or NOT_KNOWN for k in t.key),
                _count_text(t),
                _number(lower),
                _number(upper),
                f"{len(t.records):,}",
                f"{len(t.unquantified):,}",
                f"{len(t.set_aside):,}",
                f"{len(t.suspected_duplicates):,}",
            ]
        )
    header = [*totals.by, "count", "lower", "upper", "records", "unquantified", "set aside", "duplicates"]
    for line in table(header, rows):
        print(line, file=out)
    aside = sum(len(t.set_aside) for t in totals.values())
    unquantified = sum(len(t.unquantified) for t in totals.values())
    duplicates = sum(len(t.suspected_duplicates) for t in totals.values())
    n = len(totals)
    closing = (
        f"{n:,} total{'s' * (n != 1)} of {of} (policy: {totals.policy.value}); "
        f"{unquantified:,} unquantified, {aside:,} set aside, {duplicates:,} may count the same people"
    )
    if explain:
        print(closing, file=out)
        for t in totals.values():
            print("", file=out)
            for line in _explained(t):
                print(line, file=out)
        return
    print(closing + ("; --explain lists them" if aside or unquantified or duplicates else ""), file=out)


# -- the command ----------------------------------------------------------------------------------


def add_total_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``displacement total`` to the command's subparsers."""
    total = commands.add_parser(
        "total",
        help="print totals without double counting: bounds, records used, records set aside and why",
        description=(
            "Total the flows, stocks or event figures of FILE by group, as Dataset.total does: reports "
            "of one fact are reconciled first, qualifiers become bounds, and each total says which "
            "records it added and which it set aside and why. See docs/counting.md."
        ),
    )
    total.add_argument("file", metavar="FILE", help=FILE_HELP)
    total.add_argument(
        "--of", default="flows", metavar="{flows,stocks,figures}", help="what to total (default: flows)"
    )
    total.add_argument(
        "--by",
        action="append",
        metavar="FIELD[,FIELD...]",
        help=(
            "group by these fields (repeatable): origin, destination, origin.admin1 ..., movement, metric, "
            "category, nationality, year, sex, age ... for flows; place, category, nationality, year ... "
            "for stocks; measure, event, kind, cause_kind, hazard, year for figures "
            "(default: origin,destination; place; measure)"
        ),
    )
    total.add_argument(
        "--policy",
        metavar="{latest,most_reliable,maximum,range}",
        help="how reports of one fact are reconciled (default: latest)",
    )
    total.add_argument(
        "--during",
        metavar="START..END",
        help="only records within this span: 2022, 2022-03, 2022-03-05, 2022-01..2022-06, 2022.., ..2022-06-30",
    )
    total.add_argument(
        "--household-size",
        action="append",
        metavar="N|COUNTRY=N",
        help="people per household, to turn households into people: N for every country, AFG=7.4 for one (repeatable)",
    )
    total.add_argument(
        "--where",
        action="append",
        metavar="FIELD=VALUE",
        help=(
            "only records whose FIELD is VALUE (A,B: either; repeatable, all must hold); a place field takes "
            "a country code, an ISO 3166-2 code or a p-code the place lies within"
        ),
    )
    total.add_argument(
        "--duplicates-once",
        action="store_true",
        help="count each group of records that may count the same people as one fact",
    )
    total.add_argument(
        "--explain",
        action="store_true",
        help="list under each total the records added, unquantified, set aside (and why), and suspected duplicates",
    )
    total.add_argument(
        "--format", default="text", metavar="{text,json,csv}", help="output format (default: text)"
    )
    add_reading_options(total)


def run_total(args: argparse.Namespace, out: IO[str]) -> int:
    """``displacement total``: read the options, then the file, then print its totals to *out*."""
    of = _of(args.of)
    if args.format not in FORMATS:
        raise UsageError(f"--format: expected text, json or csv, got {_shown(args.format)}")
    options: dict[str, Any] = {
        "of": of,
        "by": _by(args.by),
        "during": _during(args.during),
        "policy": None if args.policy is None else _policy(args.policy),
        "household_sizes": _household_sizes(args.household_size),
        "duplicates_once": args.duplicates_once,
    }
    conditions = _conditions(args.where, of)  # every option is checked before the file is read
    dataset = read(args.file, args)
    options["where"] = _predicate(conditions, of, dataset)
    with working("totalling"):
        totals = _totals(dataset, args, options)
    if args.format == "json":
        report = [_record(totals.by, t) for t in totals.values()]
        print(json.dumps(report, indent=2, ensure_ascii=False), file=out)
    elif args.format == "csv":
        _csv(totals, args.explain, out)
    else:
        _text(totals, of, args.explain, out)
    return 0
