"""Part of a dataset with everything it refers to (`subset`), and the union of datasets (`merge`).

A flow without the event that caused it, or without the source that reported it, is no dataset:
its references would not resolve. `subset` keeps the records asked for and, transitively, every
record they refer to, so that a part of a dataset is one call and its totals another:

>>> from displacement import examples
>>> ds = examples.kazakhstan_2022()
>>> part = ds.subset(ds.flows_where(destination="KAZ"))
>>> part
<Dataset: 2 sources, 5 actors, 2 events, 1 flows, 0 stocks>
>>> [e.id for e in part.events]  # the flow's cause, and the cause of that cause
['invasion-of-ukraine', 'mobilization-decree']
>>> print(part.total())
RUS, KAZ: 98,000 people (1 record)

`merge` makes the union of datasets: a record found in several of them is kept once, and two
different records with the same id are an error that names both.

>>> ds.merge(part) == ds
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, TypeAlias

import attrs

from . import _validate as v
from .actor import Actor
from .dataset import RECORD_KINDS, Dataset, Record, RecordKind, References, references
from .errors import ErrorDetail, ValidationError
from .event import Event
from .flow import Flow, Stock
from .source import Attribution, Source

__all__ = ["Selection", "merge", "subset"]

Selection: TypeAlias = Record | str | Iterable[Record | str]
"""What `subset` takes: records of the dataset or their ids, of any kinds, or one of them."""

_KIND: Final[Mapping[type[Any], RecordKind]] = {
    Source: "sources",
    Actor: "actors",
    Event: "events",
    Flow: "flows",
    Stock: "stocks",
}
_NOUN: Final[Mapping[RecordKind, str]] = {
    "sources": "source",
    "actors": "actor",
    "events": "event",
    "flows": "flow",
    "stocks": "stock",
}
_SHOWN_FIELDS: Final = 3  # a clash names at most this many fields that differ, then how many more


def _dataset(records: Mapping[RecordKind, Sequence[Any]], references: References = "strict") -> Dataset:
    """The one place this module builds a `Dataset`, from its records per kind (missing: none)."""
    return Dataset(
        sources=records.get("sources", ()),
        actors=records.get("actors", ()),
        events=records.get("events", ()),
        flows=records.get("flows", ()),
        stocks=records.get("stocks", ()),
        references=references,
    )


# -- subsets ----------------------------------------------------------------------------------


def subset(dataset: Dataset, records: Selection) -> Dataset:
    """The records *records* of *dataset* with, transitively, every record they refer to.

    *records* are records of the dataset or their ids, of any kinds mixed (or one record or id).
    What they refer to comes too: a flow's or stock's causes and the sources and actors of its
    attributions; an event's causes, its participants, and the sources and actors of its own and
    its figures' attributions; a source's actor and the source it is part of; an actor's
    affiliation; and so on, to the end of each chain. Each kind keeps the dataset's order, so a
    subset of every record equals the dataset. An empty selection gives an empty dataset. A
    subset of a dataset read with ``references="open"`` is open too: a reference that was open
    stays open.

    An id that is not in the dataset, a record that is not (or that differs from the dataset's
    record with its id) and anything that is neither a record nor an id make one
    `ValidationError` that lists them all, each at its position in *records*:

    >>> from displacement import examples
    >>> examples.kazakhstan_2022().subset(["f1-rus-kaz", "f9"])
    Traceback (most recent call last):
    ...
    displacement.errors.ValidationError: records[1]: 'f9' is not in the dataset
    """
    chosen = _chosen(dataset, records)
    keep = _closure(dataset, chosen)
    return _dataset({kind: _kept(getattr(dataset, kind), keep) for kind in RECORD_KINDS}, dataset.references)


def _chosen(dataset: Dataset, records: Selection) -> list[Record]:
    """The dataset's own records that *records* names, or one error listing what it does not."""
    if isinstance(records, str | Source | Actor | Event | Flow | Stock):
        items: Iterable[Any] = (records,)
    else:
        try:
            items = iter(records)
        except TypeError:
            raise ValidationError.single(
                "records", f"expected records or ids, got {v.show(records)}", records
            ) from None
    chosen: list[Record] = []
    errors: list[ErrorDetail] = []
    get = dataset.get
    for i, item in enumerate(items):
        if type(item) in _KIND:
            record: Record = item
            if get(record.id) is record:  # the usual case, made fast: a record of this dataset
                chosen.append(record)
                continue
        if isinstance(item, str):
            found = get(item)
            if found is None:
                errors.append(ErrorDetail(f"records[{i}]", f"{v.quoted(item)} is not in the dataset", item))
            else:
                chosen.append(found)
        elif isinstance(item, Source | Actor | Event | Flow | Stock):
            problem = _foreign(dataset, item)
            if problem is None:
                chosen.append(item)
            else:
                errors.append(ErrorDetail(f"records[{i}]", problem, item.id))
        else:
            errors.append(
                ErrorDetail(f"records[{i}]", f"expected a record or an id, got {v.show(item)}", item)
            )
    if errors:
        title = None if len(errors) == 1 else f"invalid selection ({len(errors):,} problems)"
        raise ValidationError(errors, title=title)
    return chosen


def _foreign(dataset: Dataset, record: Record) -> str | None:
    """Why *record* is not a record of *dataset*, or ``None`` if it is one (or equal to one)."""
    found = dataset.get(record.id)
    if found is record:
        return None
    noun = _NOUN[_kind(record)]
    named = f"{_a(noun)} with id {v.quoted(record.id)}"
    if found is None:
        return f"{named}, which is not in the dataset"
    if _kind(found) != _kind(record):
        return f"{named}, which is {_a(_NOUN[_kind(found)])} in the dataset"
    if found == record:
        return None
    return f"{named}, which differs from the dataset's {noun} in {_differences(found, record)}"


def _closure(dataset: Dataset, chosen: list[Record]) -> set[str]:
    """The ids of *chosen* and of every record they refer to, transitively.

    A reference to a record the dataset does not hold is left as it is (nothing to follow).
    Records read from one table share their tuples of causes and attributions: each distinct
    tuple is followed once.
    """
    keep: set[str] = set()
    followed: set[int] = set()  # ids of tuples already followed; the records keep them alive
    todo: list[str] = []
    for record in chosen:
        if record.id in keep:
            continue
        keep.add(record.id)
        if type(record) is Flow or type(record) is Stock:  # most records: followed inline, fast
            causes, attributions = record.causes, record.attributions
            if causes and id(causes) not in followed:
                followed.add(id(causes))
                todo.extend(causes)
            if attributions and id(attributions) not in followed:
                followed.add(id(attributions))
                todo.extend(_attributed(attributions))
        else:
            todo.extend(_references(record))
    while todo:
        ref = todo.pop()
        if ref in keep:
            continue
        found = dataset.get(ref)
        if found is not None:
            keep.add(ref)
            todo.extend(_references(found))
    return keep


def _references(record: Record) -> Iterator[str]:
    """The ids *record* refers to directly (`displacement.dataset.references`, without paths)."""
    return (ref for _, ref, _ in references(record))


def _attributed(attributions: Iterable[Attribution]) -> Iterator[str]:
    for a in attributions:
        yield from a.chain


def _kept(records: tuple[Record, ...], keep: set[str]) -> tuple[Record, ...]:
    """The records of *records* whose ids are in *keep*, in order (the tuple itself if all are)."""
    kept = [r for r in records if r.id in keep]
    return records if len(kept) == len(records) else tuple(kept)


# -- merges -----------------------------------------------------------------------------------


def merge(*datasets: Dataset, references: References | None = None) -> Dataset:
    """The union of the records of *datasets*, checked as any dataset.

    A record found in several datasets (the same id, an equal record) is kept once, where it
    first appears. Each kind holds the first dataset's records, then the new ones of the second,
    and so on. References resolve across the union: flows in one dataset may name events of
    another. Two different records with the same id (of one kind or of two) make one
    `ValidationError` that lists every such clash, naming both records and what differs:

    >>> import attrs
    >>> from displacement import Count, examples
    >>> ds = examples.kazakhstan_2022()
    >>> other = ds.subset(["f1-rus-kaz"])
    >>> changed = attrs.evolve(other.flows[0], count=Count(100_000))
    >>> merge(ds, Dataset(sources=other.sources, actors=other.actors, events=other.events,
    ...                   flows=[changed]))
    Traceback (most recent call last):
    ...
    displacement.errors.ValidationError: flows[0] of dataset 1 and flows[0] of dataset 2 have id 'f1-rus-kaz' but differ in count: 98,000 people vs 100,000 people

    Anything but a `Dataset` is a `ValidationError` too; no dataset gives an empty one.

    The union is open (``references="open"``: references to records that none of the datasets
    holds are kept) when one of the datasets is open, else strict; *references* says which
    instead. Partial files read on their own, put together, often resolve each other:

    >>> flows = Dataset(flows=ds.subset(["f1-rus-kaz"]).flows, references="open")  # a flows file
    >>> len(flows.open_references), len(merge(flows, ds).open_references)
    (3, 0)
    >>> merge(flows, ds, references="strict") == ds
    True
    """
    errors = [
        ErrorDetail(f"dataset {n}", f"expected a Dataset, got {v.show(d)}", d)
        for n, d in enumerate(datasets, 1)
        if not isinstance(d, Dataset)
    ]
    if errors:
        raise ValidationError(errors, title=None if len(errors) == 1 else "cannot merge")
    if references is None:
        references = "open" if any(d.references == "open" for d in datasets) else "strict"
    if not datasets:
        return _dataset({}, references)
    base = datasets[0]
    seen: dict[str, Record] = {r.id: r for kind in RECORD_KINDS for r in getattr(base, kind)}
    came_from: dict[str, int] = {}  # the dataset number of each record not in the first one
    added: dict[RecordKind, list[Record]] = {kind: [] for kind in RECORD_KINDS}
    clashes: list[ErrorDetail] = []
    for n, dataset in enumerate(datasets[1:], 2):
        for kind in RECORD_KINDS:
            records = getattr(dataset, kind)
            if records is getattr(base, kind):
                continue  # the very records of the first dataset (``ds.merge(ds)``)
            for i, record in enumerate(records):
                first = seen.get(record.id)
                if first is None:
                    seen[record.id] = record
                    came_from[record.id] = n
                    added[kind].append(record)
                elif first is not record and first != record:  # records of two classes differ
                    m = came_from.get(record.id, 1)
                    clashes.append(_clash(_place(datasets[m - 1], first, m), (n, kind, i, record)))
    if clashes:
        title = None if len(clashes) == 1 else f"cannot merge: {len(clashes):,} ids name different records"
        raise ValidationError(clashes, title=title)
    return _dataset({kind: getattr(base, kind) + tuple(added[kind]) for kind in RECORD_KINDS}, references)


def _place(dataset: Dataset, record: Record, n: int) -> tuple[int, RecordKind, int, Record]:
    """Where *record* is: in dataset number *n* (which holds it), its kind and its position."""
    kind = _kind(record)
    return n, kind, getattr(dataset, kind).index(record), record


def _clash(
    first: tuple[int, RecordKind, int, Record], second: tuple[int, RecordKind, int, Record]
) -> ErrorDetail:
    (n, kind, i, a), (m, other, j, b) = first, second
    both = f"{kind}[{i}] of dataset {n} and {other}[{j}] of dataset {m} have id {v.quoted(a.id)}"
    if kind != other:
        return ErrorDetail("", f"{both}: {_a(_NOUN[kind])} and {_a(_NOUN[other])}", a.id)
    return ErrorDetail("", f"{both} but differ in {_differences(a, b)}", a.id)


def _differences(a: Record, b: Record) -> str:
    """The fields in which *a* and *b* (of one class) differ, with both values, bounded."""
    fields = [f.name for f in attrs.fields(type(a)) if f.eq and getattr(a, f.name) != getattr(b, f.name)]
    shown = [
        f"{name}: {_value(getattr(a, name))} vs {_value(getattr(b, name))}" for name in fields[:_SHOWN_FIELDS]
    ]
    if len(fields) > _SHOWN_FIELDS:
        shown.append(f"and {len(fields) - _SHOWN_FIELDS} more fields ({', '.join(fields[_SHOWN_FIELDS:])})")
    return "; ".join(shown)


def _value(value: object) -> str:
    """A field's value for a message, cut short."""
    if isinstance(value, str):
        return v.quoted(value)
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _kind(record: Record) -> RecordKind:
    """The kind of *record* (of a subclass of a record class too)."""
    return next(kind for cls, kind in _KIND.items() if isinstance(record, cls))


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
