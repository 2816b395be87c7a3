"""The records a writer is given and the dataset a reader returns, the same way for every format.

Writers take ``(data, target, *, kind=None)``: *data* is a `Dataset` or an iterable of records of
one kind. `select` picks the records of *kind*, or infers the kind when the data says it without
doubt (records of one type only, or a dataset with records of one kind only), and refuses
records of another type. Readers return a `Load`; `dataset` puts the records they read into a
`Dataset` together with the sources, actors and events of a *context*; `source` is the source a
reader attributes its records to (the caller's, checked, or the publisher's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from .._validate import one_of, show
from ..dataset import RECORD_TYPES, REFERENCES, Dataset, References
from ..errors import ValidationError
from ..source import Source

__all__ = ["dataset", "select", "source"]


def source(given: object, publisher: Callable[[], Source]) -> Source:
    """The source a reader attributes its records to: *given* (a reader's ``source=``), or the
    publisher's when it is ``None``; anything else is a `ValidationError` at ``source``."""
    if given is None:
        return publisher()
    if not isinstance(given, Source):
        raise ValidationError.single("source", f"expected a Source, got {show(given)}", given)
    return given


K = TypeVar("K", bound=str)


def _choices(kinds: Sequence[str]) -> str:
    names = [f"kind={k!r}" for k in kinds]
    return " or ".join(names) if len(names) <= 2 else f"one of {', '.join(names)}"


def select(data: Any, kind: Any, kinds: tuple[K, ...]) -> tuple[K, tuple[Any, ...], Dataset | None]:
    """The kind, the records of that kind in *data*, and *data* itself when it is a `Dataset`.

    *kind* (one of *kinds*) is checked, or inferred when ``None``. Raises `ValidationError`
    naming ``kind`` when the data holds no records or records of several kinds, and naming the
    record (``flows[3]``) when one is not of the kind's type.

    >>> from displacement import RECORD_KINDS, TABLE_KINDS, examples
    >>> kind, records, _ = select(examples.kazakhstan_2022().flows, None, TABLE_KINDS)
    >>> kind, len(records)
    ('flows', 4)
    >>> select(examples.kazakhstan_2022(), None, RECORD_KINDS)
    Traceback (most recent call last):
    ...
    displacement.errors.ValidationError: kind: the dataset holds sources, actors, events and flows; pass one of kind='sources', kind='actors', kind='events', kind='flows', kind='stocks'
    """
    if kind is not None:
        kind = one_of("kind", kind, kinds)
    if isinstance(data, Dataset):
        if kind is None:
            found = [k for k in kinds if getattr(data, k)]
            if len(found) != 1:
                what = _listed(found) if found else "no " + " or ".join(kinds)
                raise ValidationError.single(
                    "kind", f"the dataset holds {what}; pass {_choices(kinds)}", None
                )
            kind = found[0]
        return kind, tuple(getattr(data, kind)), data
    if isinstance(data, str | bytes) or not isinstance(data, Iterable):
        raise ValidationError.single("data", f"expected a Dataset or records, got {show(data)}", data)
    records = tuple(data)
    if kind is None:
        types = {type(r) for r in records}
        found = [k for k in kinds if RECORD_TYPES[k] in types]
        if not records:
            raise ValidationError.single(
                "kind", f"no records to tell the kind from; pass {_choices(kinds)}", None
            )
        if len(found) > 1:
            raise ValidationError.single(
                "kind", f"the records are {_listed(found)}; pass {_choices(kinds)}", None
            )
        allowed = tuple(RECORD_TYPES[k] for k in kinds)
        for i, record in enumerate(records):
            if not isinstance(record, allowed):
                expected = _listed([c.__name__ for c in allowed]).replace(" and ", " or ")
                raise ValidationError.single(
                    f"data[{i}]", f"expected a {expected}, got {show(record)}", record
                )
        kind = found[0]
    cls = RECORD_TYPES[kind]
    for i, record in enumerate(records):
        if not isinstance(record, cls):
            raise ValidationError.single(
                f"{kind}[{i}]", f"expected a {cls.__name__}, got {show(record)}", record
            )
    return kind, records, None


def _listed(kinds: Sequence[str]) -> str:
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} and {kinds[-1]}"


def dataset(
    context: Dataset | None, kind: str, records: Sequence[Any], name: str, references: References = "strict"
) -> Dataset:
    """*records* of *kind* in a `Dataset` with the sources, actors and events of *context*.

    A record that refers to an id the context lacks, or that reuses one of its ids, raises
    `ValidationError` titled with *name*, the input read. With ``references="open"``
    (`Dataset.references`) an id the context lacks is kept as an open reference instead; one it
    holds as a record of another kind is still an error.
    """
    if context is not None and not isinstance(context, Dataset):
        raise ValidationError.single("context", f"expected a Dataset, got {show(context)}", context)
    references = one_of("references", references, REFERENCES)
    base = context or Dataset()
    try:
        return Dataset(
            sources=base.sources,
            actors=base.actors,
            events=base.events,
            **{kind: records},
            references=references,
        )
    except ValidationError as exc:
        hint = "" if context is not None else " (pass the dataset that holds them as context=)"
        raise ValidationError(exc.errors, title=f"{name}: the records do not fit the context{hint}") from None
