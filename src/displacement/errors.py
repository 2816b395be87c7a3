"""The exception family: every error the library raises on purpose is a `DisplacementError`.

`DisplacementError` is a `ValueError`, so code that already guards conversions with
``except ValueError`` keeps working. `ValidationError` carries one `ErrorDetail` per problem,
each saying *where* (a path such as ``flows[3].count``) and *what*.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "DisplacementError",
    "DocumentError",
    "EngineError",
    "ErrorDetail",
    "NoTotalError",
    "ParseError",
    "PrecisionWarning",
    "UnitError",
    "ValidationError",
]


class DisplacementError(ValueError):
    """Base class of every error raised by `displacement`."""


@attrs.frozen
class ErrorDetail:
    """One validation problem: where it is, what is wrong, and the offending value.

    >>> ErrorDetail("flows[3].count", "-5 is negative", -5).describe()
    'flows[3].count: -5 is negative'
    """

    path: str
    """Where the problem is, as a dotted/indexed path (``flows[3].count``); empty for the root."""
    message: str
    """What is wrong, in a sentence fragment."""
    value: Any = None
    """The offending value (``None`` when the problem is a missing value)."""

    def describe(self) -> str:
        """Return ``path: message`` (or the message alone at the root)."""
        return f"{self.path}: {self.message}" if self.path else self.message

    def within(self, prefix: str) -> ErrorDetail:
        """Return this detail with its path placed under *prefix* (``count`` -> ``flows[3].count``)."""
        if not prefix:
            return self
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return ErrorDetail(path, self.message, self.value)


class ValidationError(DisplacementError):
    """Input that breaks a rule of the model; `errors` lists every problem found.

    >>> err = ValidationError.single("count", "-5 is negative", -5)
    >>> err.errors[0].path
    'count'
    >>> print(err)
    count: -5 is negative
    """

    errors: list[ErrorDetail]
    """Every problem, each with its path, message and value."""

    def __init__(self, errors: Iterable[ErrorDetail], title: str | None = None) -> None:
        self.errors = list(errors)
        self.title = title
        super().__init__(self._render())

    @classmethod
    def single(cls, path: str, message: str, value: Any = None) -> ValidationError:
        """Build the error for one problem at *path*."""
        return cls([ErrorDetail(path, message, value)])

    def within(self, prefix: str) -> ValidationError:
        """Return the same problems with their paths placed under *prefix*."""
        return type(self)([e.within(prefix) for e in self.errors], self.title)

    def _render(self) -> str:
        lines = [e.describe() for e in self.errors]
        if self.title is None and len(lines) == 1:
            return lines[0]
        head = self.title or f"{len(lines)} validation errors"
        return "\n".join([head + ":", *("  - " + line for line in lines)])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.errors, self.title))


class UnitError(DisplacementError):
    """A unit is unknown, of the wrong dimension, or cannot be converted without more facts.

    Raised, for example, when households would have to become persons without a household size.
    """


class EngineError(DisplacementError):
    """Data or a question that an engine total (`displacement.engines`) does not reconcile as
    `Dataset.total` would: the message says what, and `Dataset.total` answers it instead."""


class DocumentError(DisplacementError):
    """A document that cannot be read at all, so no record in it can be checked.

    Raised for text that is not UTF-8 or not JSON (truncated, say), nesting too deep to read, or
    a ``schema_version`` this version of the library does not know. *line* and *column* (1-based)
    say where the reader stopped, when it knows.

    >>> print(DocumentError("the document ends too early (truncated?)", line=3, column=7))
    line 3, column 7: the document ends too early (truncated?)
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        where = f"line {line}, column {column}: " if line is not None and column is not None else ""
        super().__init__(where + message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_document_error, (self.message, self.line, self.column))


def _document_error(message: str, line: int | None, column: int | None) -> DocumentError:
    return DocumentError(message, line=line, column=column)


class ParseError(DisplacementError):
    """Text that holds no figure, or a figure that cannot be a count ("-5 people", "5 km").

    *text* is the text that was read.

    >>> from displacement import Count
    >>> Count.parse("lots of people")
    Traceback (most recent call last):
    ...
    displacement.errors.ParseError: no number in 'lots of people'
    """

    def __init__(self, message: str, text: str | None = None) -> None:
        self.text = text
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.text))


class NoTotalError(DisplacementError, KeyError):
    """A group key that a `~displacement.Totals` has no total for.

    Also a `KeyError`, as any mapping raises, so ``except KeyError`` and ``key in totals`` work as
    usual; the message names the key and what the totals were grouped by.

    >>> from displacement import examples
    >>> examples.kazakhstan_2022().total(by="origin")["SSD"]
    Traceback (most recent call last):
    ...
    displacement.errors.NoTotalError: no total for 'SSD' (grouped by origin; 1 group: 'RUS')
    """

    def __str__(self) -> str:
        return str(self.args[0])


class PrecisionWarning(UserWarning):
    """A figure derived over dates known only roughly (a rate over a year-precision period).

    The figure is still computed; the warning says it is an average over the whole coarse period,
    not the rate on any particular day. Silence it with `warnings.filterwarnings` once you know.
    """
