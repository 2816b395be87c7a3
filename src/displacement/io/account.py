"""What a load made of every input row: `RowAccount`, `SkippedRow` and the `Load` result.

Readers of tables (`displacement.io.unhcr`, `displacement.io.hxl`) never drop a row silently. They
return the dataset together with an account: how many rows were read, how many made records,
how many had nothing to record, and which rows were malformed, with their line numbers and every
problem found in them. The rows always add up:

>>> account = RowAccount("flows.csv", rows=3, loaded=1, blank=1, records=2,
...                      skipped=(SkippedRow(3, 4, (ErrorDetail("line 4.refugees", "'x' is not a whole number", "x"),)),))
>>> account.balanced
True
>>> print(account)
flows.csv: 3 rows: 1 made 2 records, 1 had no figure, 1 skipped as malformed
  - line 4.refugees: 'x' is not a whole number
"""

from __future__ import annotations

from typing import NamedTuple

import attrs

from ..dataset import Dataset
from ..errors import ErrorDetail, ValidationError

__all__ = ["Load", "RowAccount", "SkippedRow"]


@attrs.frozen
class SkippedRow:
    """A malformed input row left out of a load, with every problem found in it."""

    row: int
    """Position of the row among the data rows, from 1."""
    line: int | None
    """Line of the file where the row starts (the header is line 1), or ``None`` for JSON items."""
    errors: tuple[ErrorDetail, ...]
    """What is wrong with the row; each path names the line (or item) and the column."""


@attrs.frozen
class RowAccount:
    """The account of one load: what became of every input row.

    Every row is exactly one of *loaded* (its figures are in at least one record), *blank* (it
    had no figure to record: every count cell empty, which means "not reported") or *skipped*
    (malformed), so ``rows == loaded + blank + len(skipped)``; `balanced` checks it. A row may
    make several records (one a count column), and several rows one record (UNHCR's
    demographics rows of one location, its population rows' returned refugees of one origin).
    """

    source: str
    """What was read: a file name, or a short description of in-memory data."""
    rows: int
    """Data rows read (the header and HXL hashtag rows are not counted)."""
    loaded: int
    """Rows whose figures are in at least one record."""
    blank: int
    """Rows that made no record because they report no figure (or only zeros left out on request)."""
    records: int
    """Records made."""
    skipped: tuple[SkippedRow, ...] = ()
    """Malformed rows, left out, each with its line and problems."""
    zeros_skipped: int = 0
    """Zero cells left out because the caller asked for it (``skip_zeros=True``)."""
    ignored_columns: tuple[str, ...] = ()
    """Columns of the input the reader does not know and did not read."""
    lines_above: int = 0
    """Lines above an HXL file's hashtag row (a title, the column names): lines 1 to *lines_above*.
    HXL reads no data there, so they are not among the *rows*, but they are accounted for."""

    @property
    def balanced(self) -> bool:
        """True when every row is accounted for: ``rows == loaded + blank + len(skipped)``."""
        return self.rows == self.loaded + self.blank + len(self.skipped)

    @property
    def errors(self) -> list[ErrorDetail]:
        """Every problem of every skipped row, in file order."""
        return [e for row in self.skipped for e in row.errors]

    def raise_for_problems(self) -> None:
        """Raise a `ValidationError` listing every problem, if any row was skipped."""
        if self.skipped:
            raise ValidationError(
                self.errors, title=f"{self.source}: {len(self.skipped):,} malformed rows out of {self.rows:,}"
            )

    def __str__(self) -> str:
        parts = [f"{self.loaded:,} made {self.records:,} records", f"{self.blank:,} had no figure"]
        if self.skipped:
            parts.append(f"{len(self.skipped):,} skipped as malformed")
        if self.zeros_skipped:
            parts.append(f"{self.zeros_skipped:,} zero cells left out")
        if self.ignored_columns:
            parts.append("columns not read: " + ", ".join(self.ignored_columns))
        if self.lines_above:
            above = "line 1" if self.lines_above == 1 else f"lines 1-{self.lines_above}"
            parts.append(f"{above} above the hashtag row not read as data")
        lines = [f"{self.source}: {self.rows:,} rows: " + ", ".join(parts)]
        lines.extend(f"  - {e.describe()}" for e in self.errors[:20])
        if len(self.errors) > 20:
            lines.append(f"  ... and {len(self.errors) - 20:,} more")
        return "\n".join(lines)


class Load(NamedTuple):
    """What a reader returns: the dataset it built and the account of every input row.

    It unpacks: ``dataset, account = read_flows(path)``.
    """

    dataset: Dataset
    """The records read, with the sources they are attributed to."""
    account: RowAccount
    """What became of every input row."""
