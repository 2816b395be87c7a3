"""A set of records that refer to each other by id: `Dataset`.

A dataset holds sources, actors, events, flows and stocks. On construction it checks that every
id is unique across all of them and that every reference (a cause, an attribution, a
participant, an affiliation) resolves, and reports *every* problem it finds at once:

>>> from displacement import examples
>>> ds = examples.kazakhstan_2022()
>>> [f.id for f in ds.flows_where(origin="RUS", cause="mobilization-decree")]
['f1-rus-kaz', 'f2-rus-geo', 'f3-rus-fin', 'f4-rus-mng']
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, TypeVar, cast

import attrs

from . import _validate as v
from .actor import Actor
from .errors import ErrorDetail, ValidationError
from .event import Event
from .flow import Flow, Metric, PopulationCategory, Stock
from .period import Precision
from .place import Place
from .source import Attribution, Source

if TYPE_CHECKING:
    from .duplicates import SuspectedDuplicates
    from .households import HouseholdSizes
    from .period import Period
    from .totals import Policy, Series, Totals

__all__ = [
    "RECORD_KINDS",
    "RECORD_TYPES",
    "REFERENCES",
    "TABLE_KINDS",
    "TOTAL_KINDS",
    "Dataset",
    "Record",
    "RecordKind",
    "References",
    "TableKind",
    "TotalKind",
]

Record: TypeAlias = Source | Actor | Event | Flow | Stock
"""Any record a dataset holds by id."""

RecordKind: TypeAlias = Literal["sources", "actors", "events", "flows", "stocks"]
"""The name of a kind of record: a field of `Dataset`, a key of a JSON document, a CSV file."""

RECORD_KINDS: Final[tuple[RecordKind, ...]] = ("sources", "actors", "events", "flows", "stocks")
"""Every kind of record, in the order of `Dataset`'s fields (and of documents, files and summaries).

This is the one list of record kinds: CSV files, the JSON reader, the command line and the
formats that hold only flows or stocks (`TABLE_KINDS`) all read it.
"""

RECORD_TYPES: Final[Mapping[str, type[Any]]] = MappingProxyType(
    {"sources": Source, "actors": Actor, "events": Event, "flows": Flow, "stocks": Stock}
)
"""The class of each kind of record (``RECORD_TYPES["flows"] is Flow``), read-only, in `RECORD_KINDS`
order: the one place the formats and the strategies look a kind's class up."""

References: TypeAlias = Literal["strict", "open"]
"""How a `Dataset` treats a reference to an id it does not hold (``Dataset(..., references=...)``).

``"strict"`` (the default): every reference must resolve, or the dataset is invalid.
``"open"``: a reference to an id the dataset does not hold is kept, as an *open reference*
(`Dataset.open_references` lists them), so that a partial file (one record kind's CSV, an HXL
file made elsewhere, a JSON document of flows only) can be read. A reference to a record of the
wrong kind, a duplicate id and a loop stay errors either way.
"""

REFERENCES: Final[tuple[References, ...]] = ("strict", "open")
"""The values of `References`, strict (the default) first."""

TableKind: TypeAlias = Literal["flows", "stocks"]
"""The records that count people, one table of them a kind: ``Dataset.total(of=...)``, Arrow, HXL."""

TABLE_KINDS: Final[tuple[TableKind, ...]] = ("flows", "stocks")
"""The kinds of record a table of counts holds (Arrow, Parquet, HXL)."""

TotalKind: TypeAlias = Literal["flows", "stocks", "figures"]
"""What a total adds up (``Dataset.total(of=...)``): flows, stocks, or the figures of events,
which are no table of counts (not a `TableKind`)."""

TOTAL_KINDS: Final[tuple[TotalKind, ...]] = ("flows", "stocks", "figures")
"""Every kind of record `Dataset.total` adds up."""


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _loop(ids: list[str]) -> str:
    """A loop of ids for a message: a long loop shows its first and last links, each id cut short."""
    shown = [i if len(i) <= 40 else i[:40] + "…" for i in ids]
    if len(shown) > 8:
        shown = [*shown[:4], f"… ({len(ids) - 6:,} more)", *shown[-2:]]
    return " -> ".join(shown)


def _where(place: str | Place | None, candidate: Place, within: bool = False) -> bool:
    if place is None:
        return True
    if isinstance(place, Place):
        # `Place.identity`, as totals tell facts apart; or `Place.within`, as they find breakdowns
        return candidate.within(place) if within else candidate == place
    return candidate.country == place


def _attributions(
    path: str, attributions: Iterable[Attribution]
) -> Iterator[tuple[str, str, tuple[type, ...]]]:
    for i, a in enumerate(attributions):
        yield f"{path}attributions[{i}].source", a.source, (Source,)
        for j, link in enumerate(a.attributed_to):
            yield f"{path}attributions[{i}].attributed_to[{j}]", link, (Source, Actor)


def references(record: Record) -> Iterator[tuple[str, str, tuple[type, ...]]]:
    """Every id *record* refers to: its path in the record, the id, and the kinds it may name.

    The one list of references: `Dataset` checks each resolves, and `Dataset.subset` follows them.
    Not in ``__all__``: a helper of the package, like `derived`.

    >>> from displacement import examples
    >>> flow = examples.kazakhstan_2022().get("f1-rus-kaz")
    >>> [(path, ref) for path, ref, _ in references(flow)][:2]
    [('causes[0]', 'mobilization-decree'), ('attributions[0].source', 'upi-2022-09-27')]
    """
    if isinstance(record, Source):
        if record.actor is not None:
            yield "actor", record.actor, (Actor,)
        if record.part_of is not None:
            yield "part_of", record.part_of, (Source,)
    elif isinstance(record, Actor):
        if record.affiliation is not None:
            yield "affiliation", record.affiliation, (Actor,)
    else:
        for i, cause in enumerate(record.causes):
            yield f"causes[{i}]", cause, (Event,)
        if isinstance(record, Event):
            for j, p in enumerate(record.participants):
                yield f"participants[{j}].actor", p.actor, (Actor,)
            for j, figure in enumerate(record.figures):
                yield from _attributions(f"figures[{j}].", figure.attributions)
        yield from _attributions("", record.attributions)


@attrs.frozen(repr=False)
class Dataset:
    """Sources, actors, events, flows and stocks that refer to each other by id.

    Every id is unique across the whole dataset; every referenced id exists and is of the right
    kind. A failing dataset raises one `ValidationError` listing every problem with its path
    (``flows[3].causes[0]``).
    """

    sources: tuple[Source, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_sources, validator=v.instances(Source)
    )
    """Documents and datasets that report the records."""
    actors: tuple[Actor, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_actors, validator=v.instances(Actor)
    )
    """People and organizations that act or speak."""
    events: tuple[Event, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_events, validator=v.instances(Event)
    )
    """Things that happened."""
    flows: tuple[Flow, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_flows, validator=v.instances(Flow)
    )
    """Movements of people."""
    stocks: tuple[Stock, ...] = attrs.field(
        default=(), kw_only=True, converter=v.to_stocks, validator=v.instances(Stock)
    )
    """People present at places."""
    references: References = attrs.field(
        default="strict",
        kw_only=True,
        eq=False,
        validator=lambda _, __, value: v.one_of("references", value, REFERENCES),
        metadata={"document": False},
    )
    """``"strict"`` (the default) or ``"open"``: whether a reference to an id the dataset does not
    hold is an error or an open reference (see `References` and `open_references`). How the
    dataset was read, not what it holds: two datasets with the same records are equal whatever
    their *references*, and documents do not carry it."""
    _index: dict[str, Record] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _derived: dict[Hashable, Any] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        records = [r for kind in RECORD_KINDS for r in getattr(self, kind)]
        index: dict[str, Record] = {r.id: r for r in records}
        errors: list[ErrorDetail] = [] if len(index) == len(records) else self._duplicate_errors(index)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_derived", {})  # what `derived` keeps (the records never change)
        # Flows and stocks are most of a large dataset and mostly share their references: check
        # those quickly first, and walk them record by record (with paths) only to report problems.
        quick = not errors and self._records_refer_well()  # with duplicate ids, walk everything
        found = self._reference_errors(records=not quick)
        if self.references == "open":  # only a record of the wrong kind is an error
            found = (e for e in found if e.value in self._index)
        errors.extend(found)
        errors.extend(self._cycle_errors())
        if errors:
            raise ValidationError(errors, title=f"invalid dataset ({len(errors)} problems)")

    def _duplicate_errors(self, index: dict[str, Record]) -> list[ErrorDetail]:
        """Every id used twice (the index keeps the first record with each id)."""
        errors: list[ErrorDetail] = []
        index.clear()
        where: dict[str, str] = {}
        for kind in RECORD_KINDS:
            for i, record in enumerate(getattr(self, kind)):
                path = f"{kind}[{i}]"
                if record.id in index:
                    errors.append(
                        ErrorDetail(
                            f"{path}.id",
                            f"duplicate id {v.quoted(record.id)} (also {where[record.id]})",
                            record.id,
                        )
                    )
                    continue
                index[record.id] = record
                where[record.id] = path
        return errors

    # -- integrity ----------------------------------------------------------------------------

    def _ref(self, path: str, ref: str | None, *kinds: type[Any]) -> Iterator[ErrorDetail]:
        if ref is None:
            return
        target = self._index.get(ref)
        names = " or ".join(_a(k.__name__.lower()) for k in kinds)
        if target is None:
            yield ErrorDetail(
                path, f"refers to {v.quoted(ref)}, which is not in the dataset (expected {names})", ref
            )
        elif not isinstance(target, kinds):
            yield ErrorDetail(
                path, f"refers to {v.quoted(ref)}, {_a(type(target).__name__.lower())}, not {names}", ref
            )

    def _records_refer_well(self) -> bool:
        """True if every cause and attribution of every flow and stock resolves to the right kind.

        Checked against sets of ids (ids are unique here); records read from one table share
        their tuples of causes and attributions, so each distinct tuple is checked once. In an
        open dataset an id the dataset does not hold passes too: only a record of the wrong kind
        fails.
        """
        events = {e.id for e in self.events}
        sources = {s.id for s in self.sources}
        speakers = sources | {a.id for a in self.actors}
        held = self._index if self.references == "open" else None

        def fit(ids: Iterable[str], good: set[str]) -> bool:
            if held is None:
                return good.issuperset(ids)
            return all(i in good or i not in held for i in ids)

        good: set[int] = set()  # ids of tuples found good; the records keep them alive
        for records in (self.flows, self.stocks):
            for r in records:
                causes = r.causes
                if causes and id(causes) not in good:
                    if not fit(causes, events):
                        return False
                    good.add(id(causes))
                attributions = r.attributions
                if attributions and id(attributions) not in good:
                    for a in attributions:
                        if not fit((a.source,), sources) or not fit(a.attributed_to, speakers):
                            return False
                    good.add(id(attributions))
        return True

    def _reference_errors(self, *, records: bool = True) -> Iterator[ErrorDetail]:
        """Every reference that does not resolve; flows' and stocks' only if *records*."""
        for kind in RECORD_KINDS if records else ("sources", "actors", "events"):
            for i, record in enumerate(getattr(self, kind)):
                for path, ref, kinds in references(record):
                    yield from self._ref(f"{kind}[{i}].{path}", ref, *kinds)

    def _cycle_errors(self) -> Iterator[ErrorDetail]:
        """Causes, affiliations and part-of links must not loop back on themselves."""
        links: list[tuple[str, str, dict[str, tuple[str, ...]]]] = [
            ("events", "causes", {e.id: e.causes for e in self.events}),
            ("actors", "affiliation", {a.id: (a.affiliation,) for a in self.actors if a.affiliation}),
            ("sources", "part_of", {s.id: (s.part_of,) for s in self.sources if s.part_of}),
        ]
        for kind, field, graph in links:
            state: dict[str, int] = {}  # 1: on the current path, 2: done
            positions = {r.id: i for i, r in enumerate(getattr(self, kind))}
            for root in graph:
                if root in state:
                    continue
                stack: list[tuple[str, Iterator[str]]] = [(root, iter(graph.get(root, ())))]
                state[root] = 1
                while stack:
                    node, children = stack[-1]
                    child = next(children, None)
                    if child is None:
                        state[node] = 2
                        stack.pop()
                    elif state.get(child) == 1:
                        loop = [n for n, _ in stack[[n for n, _ in stack].index(child) :]] + [child]
                        yield ErrorDetail(
                            f"{kind}[{positions[node]}].{field}",
                            f"forms a loop: {_loop(loop)}",
                            child,
                        )
                    elif child not in state and child in graph:
                        state[child] = 1
                        stack.append((child, iter(graph[child])))

    # -- lookups and queries ------------------------------------------------------------------

    def get(self, id: str) -> Record | None:
        """The record with *id*, or ``None``."""
        return self._index.get(id)

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and id in self._index

    def resolve(self, attribution: Attribution) -> tuple[Source | Actor, ...]:
        """The records of an attribution's chain, from the source we read to the original speaker.

        Raises `ValidationError` at ``attribution`` when a link is not a source or actor of the
        dataset: in an open dataset, a link it does not hold (an open reference) has no record to
        return; use `get` link by link to take the chain as far as it goes.
        """
        records: list[Source | Actor] = []
        for link in attribution.chain:
            record = self._index.get(link)
            if not isinstance(record, Source | Actor):
                opened = record is None and self.references == "open"
                where = "of the dataset: an open reference" if opened else "here"
                raise ValidationError.single(
                    "attribution", f"{v.quoted(link)} is not a source or actor {where}", link
                )
            records.append(record)
        return tuple(records)

    @property
    def open_references(self) -> tuple[ErrorDetail, ...]:
        """The references to ids the dataset does not hold, in dataset order: empty unless
        ``references="open"``.

        Each is an `ErrorDetail` with the reference's path, a message that says what kind of
        record it expects, and the id as its value. Found on first use and kept.

        >>> from displacement import examples
        >>> flows = examples.kazakhstan_2022().flows[:1]
        >>> for ref in Dataset(flows=flows, references="open").open_references:
        ...     print(ref.path, ref.value)
        flows[0].causes[0] mobilization-decree
        flows[0].attributions[0].source upi-2022-09-27
        flows[0].attributions[0].attributed_to[0] kaz-interior-ministry-report
        >>> examples.kazakhstan_2022().open_references  # strict: every reference resolves
        ()
        """
        if self.references == "strict":
            return ()
        return derived(
            self,
            "open_references",
            lambda d: tuple(e for e in d._reference_errors() if e.value not in d._index),
        )

    def flows_where(
        self,
        *,
        origin: str | Place | None = None,
        destination: str | Place | None = None,
        start: date | None = None,
        end: date | None = None,
        cause: str | None = None,
        metric: Metric | None = None,
        category: PopulationCategory | None = None,
        within: bool = False,
    ) -> tuple[Flow, ...]:
        """Flows matching every given criterion, in dataset order.

        *origin* and *destination* take a country code (any place in that country matches) or a
        `Place` (places of the same `Place.identity` match: country, subdivision, p-codes, name
        and coordinates, as `total` tells facts apart). With *within*, a `Place` also matches the
        places that lie within it (`Place.within`): the districts of a region, a named area or a
        point in a country. *start*/*end* keep flows whose period overlaps that span.
        *cause* keeps flows directly caused by that event id.

        >>> from displacement import examples
        >>> ds = examples.somalia_prmn_2022()
        >>> bay = Place("SOM", admin1="SO24")  # the region; the flows arrive in its district Baidoa
        >>> len(ds.flows_where(destination=bay)), len(ds.flows_where(destination=bay, within=True))
        (0, 12)
        """
        return tuple(
            f
            for f in self.flows
            if _where(origin, f.origin, within)
            and _where(destination, f.destination, within)
            and ((start is None and end is None) or f.period.overlaps(start, end))
            and (cause is None or cause in f.causes)
            and (metric is None or f.metric is metric)
            and (category is None or f.population.category is category)
        )

    def stocks_where(
        self,
        *,
        place: str | Place | None = None,
        start: date | None = None,
        end: date | None = None,
        category: PopulationCategory | None = None,
        within: bool = False,
    ) -> tuple[Stock, ...]:
        """Stocks matching every given criterion: place (with *within*, also the places within
        it, as in `flows_where`), a date that may lie within *start*..*end*, category.

        A stock's date is its `Stock.as_of_period`: a stock known only to the month ("in July")
        matches a span that overlaps its month, as `flows_where` keeps flows whose period
        overlaps. (`total` with *during* is stricter: it sets aside what lies only partly within.)
        """
        return tuple(
            s
            for s in self.stocks
            if _where(place, s.place, within)
            and (
                (start is None or s.as_of >= start) and (end is None or s.as_of <= end)
                if s.as_of_precision is Precision.DAY
                else s.as_of_period.overlaps(start, end)
            )
            and (category is None or s.population.category is category)
        )

    # -- totals -------------------------------------------------------------------------------

    def total(
        self,
        of: TotalKind = "flows",
        *,
        by: str | Sequence[str] | None = None,
        during: Period | None = None,
        where: Callable[[Any], bool] | None = None,
        policy: Policy | None = None,
        household_sizes: HouseholdSizes | None = None,
        duplicates_once: bool = False,
    ) -> Totals:
        """Totals of flows, stocks or event figures per group, reconciled first so nothing is counted twice.

        *by* names the fields to group by: for flows ``origin``, ``destination``, ``movement``,
        ``metric``, ``category``, ``nationality`` and ``year`` (of a period within one year), for
        stocks ``place``, ``category``, ``nationality`` and ``year`` (by default ``origin`` and
        ``destination`` for flows, ``place`` for stocks). Flows and stocks also break down by the
        dimensions of their cohorts, ``sex``, ``age``, ``settlement``, ``in_camp`` and
        ``disability``: each record's cells of exactly those dimensions count under their own
        key, and what its cells do not cover (or the whole record, without such a breakdown)
        under ``None``. Figures of events (``of="figures"``) group by ``measure`` (the default),
        ``event``, ``kind``, ``cause_kind``, ``hazard`` and ``year``; figures of one event with
        the same measure are reports of one fact, and a figure without a measure is set aside
        (`Reason.UNMEASURED`). A place groups by its
        country, or by its code at one level: ``origin.subdivision``, ``origin.admin1`` to
        ``origin.admin3`` (and so for ``destination`` and ``place``), where a finer place counts
        under its parents' codes and a coarser one under ``None`` (not known at that level).
        *during* keeps records whose period lies within it (records only partly within are set
        aside, never apportioned); *where* is a predicate on the record. Reports of one fact are
        reconciled by *policy* (default `Policy.LATEST`); *household_sizes* turns households into
        persons. A record whose place lies within the place of another record of its group is a
        breakdown of that figure, set aside (`Reason.BREAKDOWN`), never added to it. Records
        that may count the same people (`suspected_duplicates`) are added and marked; with
        *duplicates_once*, each such group in a total counts as one fact: at least its largest
        figure, at most their sum.

        >>> from displacement import examples
        >>> totals = examples.kazakhstan_2022().total(by="origin")
        >>> print(totals["RUS"])
        RUS: at least 98,000 people (1 record, 3 unquantified)

        See docs/counting.md for the rules.
        """
        from .totals import Policy, total

        return total(
            self,
            of,
            by=by,
            during=during,
            where=where,
            policy=Policy.LATEST if policy is None else policy,
            household_sizes=household_sizes,
            duplicates_once=duplicates_once,
        )

    def suspected_duplicates(self) -> tuple[SuspectedDuplicates, ...]:
        """Groups of flows (or of stocks) that may count the same people under different framings.

        The same corridor or place (a place and its subdivision too), overlapping periods, and a
        different population category, a nationality or causes given in one and not the other,
        or the same original source through different reporters: records a total would add.
        Each group says why. See docs/duplicates.md for the rules.

        >>> from displacement import examples
        >>> examples.kazakhstan_2022().suspected_duplicates()
        ()
        """
        from .duplicates import suspected_duplicates

        return derived(self, "suspected_duplicates", lambda d: suspected_duplicates(d.flows, d.stocks))

    def series(
        self, *, where: Callable[[Any], bool] | None = None, policy: Policy | None = None
    ) -> tuple[Series, ...]:
        """The cumulative series of this dataset's flows, each a `Series` of reports in date order.

        Flows of one fact (corridor, population, movement, metric, causes) with the same start
        form a series; reports of one date are reconciled by *policy* first (`Policy.LATEST` by
        default; not `Policy.RANGE`). A flow alone in its series is a series of one report. Each
        series holds its reports and the `increments` between them. The series of the example:

        >>> from displacement import examples
        >>> kaz = examples.kazakhstan_2022().series(where=lambda f: f.destination.country == "KAZ")
        >>> [(str(r.count), r.period.as_of.isoformat()) for s in kaz for r in s.reports]
        [('98,000 people', '2022-09-27')]
        >>> kaz[0].start, kaz[0].open_start
        (datetime.date(2022, 9, 21), True)
        """
        from .totals import Policy, series

        return series(self, where=where, policy=Policy.LATEST if policy is None else policy)

    def increments(
        self, *, where: Callable[[Any], bool] | None = None, policy: Policy | None = None
    ) -> tuple[Flow, ...]:
        """Turn each cumulative series of flows into flows per interval between its reports.

        Flows of one fact (corridor, population, movement, metric, causes) with the same start form a
        series; each report after the first becomes a flow of the growth since the previous
        one, from the day after it to the report's date, with an interval count ("more than
        200,000" after "98,000" is "more than 102,000"). Reports of one date are reconciled by
        *policy* first. Other flows come back unchanged.
        """
        from .totals import Policy, increments

        return increments(self, where=where, policy=Policy.LATEST if policy is None else policy)

    # -- parts and unions ---------------------------------------------------------------------

    def subset(self, records: Record | str | Iterable[Record | str]) -> Dataset:
        """A dataset of *records* (records of this dataset or their ids) and all they refer to.

        Events, sources and actors that the records refer to come too, transitively (a cause's
        cause, an actor's affiliation, the source a source is part of), so the subset is a valid
        dataset and its totals are one call. Each kind keeps this dataset's order. A record or id
        not in this dataset is a `ValidationError` naming it.

        >>> from displacement import examples
        >>> ds = examples.kazakhstan_2022()
        >>> print(ds.subset(ds.flows_where(destination="KAZ")).total())
        RUS, KAZ: 98,000 people (1 record)
        """
        from .subsets import subset

        return subset(self, records)

    def merge(self, *others: Dataset, references: References | None = None) -> Dataset:
        """The union of this dataset's records and those of *others*, checked as any dataset.

        The same record in several datasets is kept once (where it first appears); two different
        records with the same id are a `ValidationError` naming both and what differs. Each kind
        holds this dataset's records, then the new ones of each other dataset in turn. References
        may resolve across the datasets. The union is open when one of the datasets is (or as
        *references* says): see `displacement.subsets.merge`.

        >>> from displacement import examples
        >>> ds = examples.kazakhstan_2022()
        >>> ds.subset(["f1-rus-kaz"]).merge(ds.subset(["f2-rus-geo"])) == ds.subset(["f1-rus-kaz", "f2-rus-geo"])
        True
        """
        from .subsets import merge

        return merge(self, *others, references=references)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{len(getattr(self, kind))} {kind}" for kind in RECORD_KINDS)
        opened = ", references='open'" if self.references == "open" else ""
        return f"<Dataset: {sizes}{opened}>"


_T = TypeVar("_T")


def derived(dataset: Dataset, key: Hashable, build: Callable[[Dataset], _T]) -> _T:
    """What ``build(dataset)`` makes of *dataset*'s records, made on first use and kept with it.

    For the analysis modules: the columns that `Dataset.total` runs on are built once per dataset,
    and later totals reuse them. A dataset never changes, so what is derived from it stays true;
    each *key* belongs to one *build*. Not in ``__all__``: a helper of the package, not of users.
    """
    cache = dataset._derived
    if key not in cache:
        cache[key] = build(dataset)
    return cast(_T, cache[key])
