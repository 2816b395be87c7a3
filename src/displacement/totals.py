"""Totals without double counting: reconcile reports of one fact, then add facts as intervals.

Records with the same corridor (or place: the same `Place.identity`), population (category and
nationality), movement, metric and causes whose periods overlap are reports of *one fact*: they
are never added to each other. A later cumulative
report with the same start supersedes an earlier one; the reports that remain are reconciled
by a `Policy`. Each `Total` then says which records it used, which it set aside and why, and
which facts had no number. `Dataset.total` and `Dataset.increments` are the entry points.

This module holds the results (`Totals`, `Total`, `Policy`...) and checks the arguments; the
private module `displacement._tally` is the numpy engine that reconciles and adds.

A record whose place lies strictly within the place of another record of the same group,
population, movement, metric and causes, over an overlapping period, is a breakdown of that record's
figure (`Reason.BREAKDOWN`): a province under its country is never added to it. `Place.within`
is the one containment rule.

Flows and stocks never add into one total, and flows of different metrics (arrivals,
applications) are never added either: they count different things.

The figures of events total by `Measure` (``of="figures"``): the figures of one event with the
same measure are reports of one fact, and a figure without a measure is set aside
(`Reason.UNMEASURED`). A total ``by`` a dimension of `Cohort` (`COHORT_FIELDS`: sex, age...)
puts each cell of the breakdown of exactly those dimensions under its key, and what the cells
do not cover under ``None``.

A mixed population (`Population.shares`) counts ``by="nationality"`` under `MIXED` and
``by="category"`` under `PopulationCategory.MIXED`, never under one of its parts: what its
shares' counts cover goes under each share's nationality and category, the rest under the mix's
key (as an interval). Shares' fractions are evidence, not counts: they are never multiplied out.
With a dimension of `Cohort` in ``by`` too, a mix is not split into its shares.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs

from . import _intervals
from ._repr import Choice
from ._validate import one_of, quoted, show
from .count import Count
from .errors import NoTotalError, ValidationError
from .households import HouseholdSizes
from .period import Period

if TYPE_CHECKING:
    from .dataset import Dataset, TotalKind
    from .flow import Flow

__all__ = [
    "COHORT_FIELDS",
    "Policy",
    "Reason",
    "Series",
    "SetAside",
    "Total",
    "Totals",
    "increments",
    "series",
    "total",
]

COHORT_FIELDS: Final[tuple[str, ...]] = ("sex", "age", "settlement", "in_camp", "disability")
"""The dimensions of `Cohort` a total of flows or stocks may break down by (`Cohort.dimensions`)."""

_DEFAULT_BY: Final[dict[str, tuple[str, ...]]] = {
    "flows": ("origin", "destination"),
    "stocks": ("place",),
    "figures": ("measure",),
}


class Policy(Choice):
    """How competing reports of one fact are reconciled into one figure."""

    LATEST = "latest"
    """The report that speaks for the latest date (its as-of date or end); on a tie the one
    covering the longer period, then the most reliable source. The default: newer figures
    replace older ones, as analysts update a series."""
    MOST_RELIABLE = "most_reliable"
    """The report whose sources have the highest `Reliability`; on a tie, the latest."""
    MAXIMUM = "maximum"
    """The report with the highest figure (by lower bound, then upper bound); on a tie, the latest."""
    RANGE = "range"
    """No single report: the fact is the range from the lowest to the highest report."""


class Reason(Choice):
    """Why a record was set aside from a total."""

    SUPERSEDED = "superseded"
    """A later cumulative report since the same start (or a later stock figure) replaces it."""
    SAME_FACT = "same_fact"
    """It reports the same fact as the record the policy kept."""
    UNQUANTIFIED = "unquantified"
    """It gives no number, and another report of the same fact does."""
    PARTLY_OUTSIDE = "partly_outside"
    """Its period (a stock's: the span of its date, a month for "in July") lies only partly within
    the total's period, so it cannot be apportioned."""
    BREAKDOWN = "breakdown"
    """Its place lies within the place of another record of the same group and population
    (movement, metric) whose period overlaps its own: it is part of that record's figure (a
    province's figure under its country's), not more people."""
    UNMEASURED = "unmeasured"
    """A figure of an event that does not say what it counts (no `Measure`): it cannot be added
    to anything."""


@attrs.frozen
class SetAside:
    """A record a total did not add, the `Reason`, and the record kept instead (if any)."""

    record: str
    """Id of the record set aside."""
    reason: Reason
    """Why."""
    kept: str | None = None
    """Id of the record that stands for the same fact, if one does (under `Policy.RANGE`, the
    range over several reports stands for it: then ``None``)."""

    def __str__(self) -> str:
        text = {
            Reason.SUPERSEDED: "superseded by {kept}, a later report of the same cumulative figure",
            Reason.SAME_FACT: "reports the same fact as {kept}, kept by the policy",
            Reason.UNQUANTIFIED: "gives no number, while {kept} reports the same fact with one",
            Reason.PARTLY_OUTSIDE: "its period lies only partly within the period of the total",
            Reason.BREAKDOWN: "part of {kept}'s figure, for a place that contains its own",
            Reason.UNMEASURED: "does not say what it counts (no measure), so it is not added",
        }[self.reason]
        if self.reason is Reason.UNQUANTIFIED and self.kept is None:
            text = "gives no number, while other reports of the same fact do (their range is used)"
        return f"{self.record}: " + text.format(kept=self.kept)


Key: TypeAlias = tuple[Any, ...]


@attrs.frozen
class Total:
    """One group's total: a count with bounds, and the records behind it.

    *count* is ``None`` when every fact in the group was reported without a number. Facts with
    no number (`unquantified`) leave the total without an upper bound.
    """

    key: Key
    """The group: one value per field of ``by`` (a country code, a `Metric`, a year...)."""
    count: Count | None
    """The total, as an interval count, or ``None`` when nothing in the group has a number."""
    records: tuple[str, ...]
    """Ids of the records whose counts were added, sorted."""
    unquantified: tuple[str, ...] = ()
    """Ids of records of facts reported with no number, sorted."""
    set_aside: tuple[SetAside, ...] = ()
    """Records of the group that were not added, with why, sorted by record id."""
    household_sizes: tuple[tuple[str, float], ...] = ()
    """``(record id, persons per household)`` for every record converted from households."""
    below_breakdown: tuple[str, ...] = ()
    """Ids of records whose figure is less than their breakdown adds to: the records set aside
    as `Reason.BREAKDOWN` within them, at the next level down, add to more than their upper
    bound. Their figure stands (a breakdown is never added); the data disagree with themselves."""
    suspected_duplicates: tuple[str, ...] = ()
    """Ids of added records that may count the same people as another added record
    (`Dataset.suspected_duplicates`: the same corridor under another framing), sorted."""
    counted_once: bool = False
    """Whether each group of `suspected_duplicates` counts as one fact (``duplicates_once=True``):
    at least its largest figure, at most the sum of its figures."""

    def __str__(self) -> str:
        key = ", ".join(shown_key(k) for k in self.key) or "all"
        if self.count is not None:
            count = str(self.count)
        else:  # no figure added: every fact without a number, or every record set aside
            count = "unquantified" if self.unquantified else "nothing added"
        extra = [f"{len(self.records)} record" + ("" if len(self.records) == 1 else "s")]
        if self.unquantified:
            extra.append(f"{len(self.unquantified)} unquantified")
        if self.set_aside:
            extra.append(f"{len(self.set_aside)} set aside")
        if self.below_breakdown:
            extra.append(f"{len(self.below_breakdown)} below its breakdown")
        shown = ", ".join(extra)
        if self.suspected_duplicates:
            shown += f"; {len(self.suspected_duplicates)} records may count the same people"
            if self.counted_once:
                shown += ", counted once"
        return f"{key}: {count} ({shown})"


@attrs.frozen(eq=False)
class Totals(Mapping[Key, Total]):
    """Totals by group: a read-only mapping from a group key to its `Total`, in key order.

    Keys are tuples with one value per field of `by` (``("RUS", "KAZ")``); a single field name
    also finds its group by the bare value (``totals["RUS"]``, ``totals[0, 17]`` by age).
    """

    by: tuple[str, ...]
    """The fields the records were grouped by."""
    policy: Policy
    """How reports of one fact were reconciled."""
    _totals: Mapping[Key, Total] = attrs.field(alias="totals", repr=False)

    def __getitem__(self, key: Any) -> Total:
        if not isinstance(key, tuple) or (len(self.by) == 1 and len(key) != 1):
            key = (key,)  # a bare value of the one field, an age band ``(0, 17)`` too
        try:
            return self._totals[key]
        except (KeyError, TypeError):  # TypeError: an unhashable key, which no group has either
            raise NoTotalError(self._missing(key)) from None

    def _missing(self, key: tuple[Any, ...]) -> str:
        """What `NoTotalError` says: the key asked for, the grouping, and a few keys there are."""

        def shown(k: tuple[Any, ...]) -> str:
            text = repr(k[0] if len(k) == 1 else k)
            return text if len(text) <= 60 else text[:57] + "..."

        there = [shown(k) for k in itertools.islice(self._totals, 6)]
        if len(self._totals) > 5:
            there[5:] = [f"... {len(self._totals) - 5:,} more"]
        groups = f"{len(self._totals):,} group{'s' * (len(self._totals) != 1)}"
        listed = f": {', '.join(there)}" if there else ""
        grouped = ", ".join(self.by) or "nothing"
        return f"no total for {shown(key)} (grouped by {grouped}; {groups}{listed})"

    def __iter__(self) -> Iterator[Key]:
        return iter(self._totals)

    def __len__(self) -> int:
        return len(self._totals)

    def __str__(self) -> str:
        return "\n".join(str(t) for t in self._totals.values())


def shown_key(value: Any) -> str:
    """One value of a group key as text: an age band ``(0, 4)`` as ``0-4``, ``(65, None)`` as ``65+``.

    Not in ``__all__``: a helper of the package (`Total` and the ``displacement total`` command
    show keys by it).
    """
    if isinstance(value, tuple) and len(value) == 2:
        low, high = value
        if high is None:
            return f"{low}+"
        return f"{0 if low is None else low}-{high}"
    return str(value)


# -- the entry points: check the arguments, then let the engine (`_tally`) work -----------------


def total(
    dataset: Dataset,
    of: TotalKind = "flows",
    *,
    by: str | Sequence[str] | None = None,
    during: Period | None = None,
    where: Callable[[Any], bool] | None = None,
    policy: Policy = Policy.LATEST,
    household_sizes: HouseholdSizes | None = None,
    duplicates_once: bool = False,
) -> Totals:
    """Totals of *dataset*'s flows, stocks or event figures per group; see `Dataset.total`."""
    from .dataset import TOTAL_KINDS  # dataset.py imports this module on first use: no import loop

    of = one_of("of", of, TOTAL_KINDS)
    fields = _check_by(of, _DEFAULT_BY[of] if by is None else by)
    if not isinstance(policy, Policy):
        raise ValidationError.single("policy", f"expected a Policy, got {show(policy)}", policy)
    if during is not None and not isinstance(during, Period):
        raise ValidationError.single("during", f"expected a Period, got {show(during)}", during)
    if household_sizes is not None and not isinstance(household_sizes, HouseholdSizes):
        raise ValidationError.single(
            "household_sizes", f"expected HouseholdSizes, got {show(household_sizes)}", household_sizes
        )
    if not isinstance(duplicates_once, bool):
        raise ValidationError.single(
            "duplicates_once", f"expected True or False, got {show(duplicates_once)}", duplicates_once
        )
    found: Mapping[Key, Total]
    if of == "figures":
        found = _tally.tally_figures(dataset, fields, during, where, policy, household_sizes)
    elif any(f in COHORT_FIELDS for f in fields):
        found = _tally.tally_cohorts(dataset, of, fields, during, where, policy, household_sizes)
    elif "nationality" in fields or "category" in fields:
        found = _tally.tally_shares(dataset, of, fields, during, where, policy, household_sizes)
    else:
        found = _tally.tally(dataset, of, fields, during, where, policy, household_sizes)
    if of != "figures":
        found = _mark_duplicates(dataset, of, found, duplicates_once)
    return Totals(fields, policy, found)


def _mark_duplicates(
    dataset: Dataset, of: str, found: Mapping[Key, Total], once: bool = False
) -> Mapping[Key, Total]:
    """*found* with each total's `Total.suspected_duplicates`: its records that share a group;
    with *once*, each such group counted as one fact (`_counted_once`)."""
    group_of = {r: i for i, g in enumerate(dataset.suspected_duplicates()) if g.kind == of for r in g.records}
    if not group_of:
        return found  # the common case: nothing to mark
    rows = {r.id: r for r in (dataset.flows if of == "flows" else dataset.stocks) if r.id in group_of}
    marked: dict[Key, Total] = {}
    for key, t in found.items():
        seen: dict[int, list[str]] = {}
        for r in t.records:
            if r in group_of:
                seen.setdefault(group_of[r], []).append(r)
        shared = sorted(r for ids in seen.values() if len(ids) > 1 for r in ids)
        if not shared:
            marked[key] = t
        elif once:
            sizes = dict(t.household_sizes)
            groups = [[(rows[r].count, sizes.get(r)) for r in ids] for ids in seen.values() if len(ids) > 1]
            count = _counted_once(t.count, groups)
            marked[key] = attrs.evolve(t, count=count, suspected_duplicates=tuple(shared), counted_once=True)
        else:
            marked[key] = attrs.evolve(t, suspected_duplicates=tuple(shared))
    return marked


def _counted_once(count: Count | None, groups: list[list[tuple[Count | None, float | None]]]) -> Count | None:
    """*count* with each group of added counts (with the household size each was converted at)
    taken as one fact: its upper bound stays the sum, its lower bound keeps only the largest
    lower bound of each group (each count in persons, in the total's unit)."""
    if count is None:
        return None
    low, low_excluded, high, high_excluded, approximate = _intervals.interval_of(count)
    for group in groups:
        lows = []
        for c, size in group:
            if c is None:
                continue  # no number: it added nothing to the lower bound
            if size is not None:
                c = c.to_persons(size)
            lows.append(_intervals.interval_of(c)[0] * _intervals.unit_factor(c.unit, count.unit))
        if lows:
            low -= sum(lows) - max(lows)
    return _intervals.count_of(
        max(low, 0), low_excluded, high, high_excluded, approximate, count.unit, count.household_size
    )


@attrs.frozen
class Series:
    """One cumulative series: the reports of one fact since one start, in date order.

    Flows of one fact (corridor, population, movement, metric, causes) with the same start and
    open start are reports of one running figure ("98,000 since 21 September" as of the 27th,
    "more than 200,000" since then as of 4 October). Reports of one date are reconciled into one.
    """

    reports: tuple[Flow, ...]
    """The reports as given, one a date, earliest first."""
    increments: tuple[Flow, ...]
    """As many flows as `reports`: the first report, then each report's growth since the one
    before it, from the day after that report to its own date (`Dataset.increments`)."""

    @property
    def start(self) -> date | None:
        """The day the series counts from (``None`` when its reports give no start)."""
        return self.reports[0].period.start

    @property
    def open_start(self) -> bool:
        """Whether the count began partway through `start` (``Period.open_start``)."""
        return self.reports[0].period.open_start


def series(
    dataset: Dataset, *, where: Callable[[Any], bool] | None = None, policy: Policy = Policy.LATEST
) -> tuple[Series, ...]:
    """The cumulative series of *dataset*'s flows; see `Dataset.series`."""
    return tuple(_tally.series(dataset, where, _series_policy(policy)))


def increments(
    dataset: Dataset, *, where: Callable[[Any], bool] | None = None, policy: Policy = Policy.LATEST
) -> tuple[Flow, ...]:
    """Per-interval flows from cumulative series; see `Dataset.increments`."""
    return tuple(step for s in _tally.series(dataset, where, _series_policy(policy)) for step in s.increments)


def _series_policy(policy: Policy) -> Policy:
    if not isinstance(policy, Policy) or policy is Policy.RANGE:
        raise ValidationError.single(
            "policy", f"expected Policy.LATEST, MOST_RELIABLE or MAXIMUM, got {show(policy)}", policy
        )
    return policy


def _check_by(of: str, by: str | Sequence[str]) -> tuple[str, ...]:
    fields = (by,) if isinstance(by, str) else by
    if not isinstance(fields, Sequence) or not all(isinstance(f, str) for f in fields):
        raise ValidationError.single("by", f"expected field names, got {show(by)}", by)
    allowed = tuple(_tally.FIELDS[of]) if of == "figures" else (*_tally.FIELDS[of], *COHORT_FIELDS)
    if len(set(fields)) != len(fields):
        raise ValidationError.single("by", f"a field is named twice in {show(tuple(fields))}", by)
    for f in fields:
        if f not in allowed:
            raise ValidationError.single(
                "by", f"{of} cannot be grouped by {quoted(f)} (choose from {', '.join(allowed)})", f
            )
    return tuple(fields)


# The engine builds the results above, so it imports this module: import it once they exist.
from . import _tally  # noqa: E402
