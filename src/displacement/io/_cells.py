"""Private: the cells of the CSV tables that `displacement.io.csv` and `displacement.io.hxl` share.

Both formats write and read plain CSV, so they keep one rule for each thing a cell can hold:

- text cells carry a formula guard (`guard` and `unguard`), so a spreadsheet never runs one;
- number cells follow the JSON number grammar with ASCII digits only (`NUMBER`, `number`);
- a row wider or narrower than its header is a problem with its line (`width_problem`), never a
  row read some other way; `displacement.io._table` reads the rows, strictly, on these rules.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import sys
from typing import IO, Final

from ..errors import DisplacementError, DocumentError

__all__ = [
    "GUARD",
    "NUMBER",
    "TRIGGERS",
    "clipped",
    "guard",
    "is_number",
    "longest_cell",
    "number",
    "open_text",
    "unguard",
    "shown",
    "utf8_problem",
    "width_problem",
    "writable",
]

TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
"""What a cell starts with when a spreadsheet would run it as a formula (OWASP's list)."""
GUARD: Final = "'"
"""The apostrophe written in front of such a cell: spreadsheets show the rest as text."""
_GUARDED: Final = (*TRIGGERS, GUARD)

NUMBER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
"""A number cell: JSON's number grammar, ASCII digits only (no ``+98000``, ``1_000``, ``٩٨``)."""


def guard(text: str) -> str:
    """*text* as a cell no spreadsheet runs as a formula.

    A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets an
    apostrophe in front, and so does one that already starts with an apostrophe, so that
    `unguard` can tell the two apart:

    >>> guard("=1+1"), guard("'s-Hertogenbosch"), guard("Almaty")
    ("'=1+1", "''s-Hertogenbosch", 'Almaty')
    """
    return GUARD + text if text.startswith(_GUARDED) else text


def unguard(cell: str) -> str:
    """Undo `guard`: ``unguard(guard(s)) == s`` for every string.

    One apostrophe comes off only when what follows it would have needed the guard, so a name
    that starts with an apostrophe in a file no spreadsheet guard touched keeps it:

    >>> unguard("'=1+1"), unguard("''s-Hertogenbosch"), unguard("'s-Hertogenbosch")
    ('=1+1', "'s-Hertogenbosch", "'s-Hertogenbosch")
    """
    if cell[:1] == GUARD and cell[1:2] and cell[1] in _GUARDED:
        return cell[1:]
    return cell


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def clipped(text: str) -> str:
    """*text* cut short when long, for a path or message: ``abc... (100,000 characters)``."""
    return text if len(text) <= 40 else f"{text[:30]}... ({len(text):,} characters)"


def shown(text: str) -> str:
    """*text* quoted for a message, cut short when long: a message never echoes a huge cell."""
    return repr(text) if len(text) <= 40 else repr(text[:30]) + f"... ({len(text):,} characters)"


def writable(cell: str, where: str, limit: int) -> str:
    """*cell*, once sure that a UTF-8 file can hold it and the csv module read it back.

    *limit* is ``csv.field_size_limit()``: a longer cell is written fine but refused on reading,
    so it is refused here, where the record that holds it is known (*where*).
    """
    if len(cell) > limit:
        raise DisplacementError(
            f"{where}: a text of {len(cell):,} characters; a CSV cell holds at most {limit:,} "
            "(csv.field_size_limit) to be read back"
        )
    if not cell.isascii() and _SURROGATE.search(cell):
        raise DisplacementError(
            f"{where}: {shown(cell)} contains an unpaired surrogate (\\ud800 to \\udfff), which UTF-8 cannot hold"
        )
    return cell


def is_number(cell: str) -> bool:
    """True when *cell*, without surrounding white space, is a number by `NUMBER`."""
    return NUMBER.fullmatch(cell.strip()) is not None


FLOAT_MAX: Final = int(sys.float_info.max)
"""The largest int a float64 holds: beyond it a number cannot be read by most JSON readers."""
TOO_LARGE: Final = "is out of range: numbers must be finite (at most about 1.8e308, as a float64 holds)"
"""Why a number beyond a float64 is refused, in a cell (`number`) or a JSON document alike."""
TOO_SMALL: Final = "is out of range: too close to 0 for a float64, which would read it as 0"
"""Why a number that a float64 would read as 0 (``1e-400``) is refused."""


def number(cell: str) -> int | float:
    """The number in *cell*: an `int` without a fraction or exponent, else a `float`.

    Raises `DisplacementError` (with the cell shown briefly) for anything else, and for a number
    outside what a float64 holds (beyond about 1.8e308, or so close to 0 that it would read as
    0), as `displacement.io.json` refuses them in a document.

    >>> number("98000"), number("-1.5"), number(" 2e3 ")
    (98000, -1.5, 2000.0)
    >>> number("+98000")
    Traceback (most recent call last):
    ...
    displacement.errors.DisplacementError: '+98000' is not a number (ASCII digits, as in 98000, -1.5 or 2e3)
    """
    text = cell.strip()
    if NUMBER.fullmatch(text) is None:
        raise DisplacementError(f"{shown(text)} is not a number (ASCII digits, as in 98000, -1.5 or 2e3)")
    if text.lstrip("-").isdigit():
        # No leading zeros in the grammar: more than 309 digits is beyond a float64 for sure, and
        # is never converted (Python refuses to convert more than 4,300 digits at all).
        if len(text.lstrip("-")) > 309 or abs(value := int(text)) > FLOAT_MAX:
            raise DisplacementError(f"{shown(text)} {TOO_LARGE}")
        return value
    result = float(text)
    if not math.isfinite(result):
        raise DisplacementError(f"{shown(text)} {TOO_LARGE}")
    if result == 0 and text.lower().partition("e")[0].strip("-0."):
        raise DisplacementError(f"{shown(text)} {TOO_SMALL}")
    return result


def width_problem(cells: list[str], width: int) -> str | None:
    """The problem of a row of *cells* under a header of *width* columns, or ``None``.

    The words are those of the UNHCR reader: ``has 29 cells but the header has 32``.
    """
    if len(cells) == width:
        return None
    return f"has {len(cells)} cell{'s' * (len(cells) != 1)} but the header has {width}"


def longest_cell(text: str) -> tuple[int, int]:
    """``(column, length)`` of the longest cell of the CSV row *text* (columns from 1)."""
    sizes = [0]
    for i, part in enumerate(text.rstrip("\r\n").split('"')):
        if i % 2:  # inside quotes: commas are text
            sizes[-1] += len(part)
        else:
            first, *rest = part.split(",")
            sizes[-1] += len(first)
            sizes.extend(len(p) for p in rest)
    longest = max(range(len(sizes)), key=sizes.__getitem__)
    return longest + 1, sizes[longest]


def open_text(path: str) -> IO[str]:
    """The file at *path*, open to read as UTF-8 text for the csv module (a byte order mark skipped).

    A path that cannot be opened (missing, a folder, not permitted) raises `DocumentError`
    naming it, as `displacement.io.arrow.read_parquet` does.
    """
    try:
        return open(path, encoding="utf-8-sig", newline="")  # the caller closes it
    except OSError as exc:
        raise cannot_open(path, exc) from None


def cannot_open(path: str | os.PathLike[str], exc: OSError) -> DocumentError:
    """The error for a path that cannot be opened (missing, a folder, not permitted), naming it.

    Every reader of a path raises this one, so that code catching `DocumentError` (and the
    command line, which exits 2 for it) treats a missing file alike in every format.
    """
    return DocumentError(f"{os.fspath(path)}: cannot be opened ({exc.strerror or exc})")


def utf8_problem(path: str) -> str:
    """Where the file at *path* stops being UTF-8, in words with line and column (1-based, bytes).

    Reads the file again in chunks: a text stream reports positions within its last chunk.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0  # bytes read before the current chunk
    line, line_start = 1, 0
    head = b""
    with open(path, "rb") as f:
        while chunk := f.read(1 << 16):
            if not head:
                head = chunk[:2]
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                at = offset - pending + exc.start
                before = chunk[: max(at - offset, 0)]
                line += before.count(b"\n")
                if b"\n" in before:
                    line_start = offset + before.rindex(b"\n") + 1
                bad = (exc.object[exc.start : exc.start + 1]).hex()
                hint = " (it looks like UTF-16)" if head in (b"\xff\xfe", b"\xfe\xff") else ""
                return (
                    f"not valid UTF-8{hint}: byte 0x{bad} at line {line}, column {at - line_start + 1} "
                    f"({exc.reason})"
                )
            line += chunk.count(b"\n")
            if b"\n" in chunk:
                line_start = offset + chunk.rindex(b"\n") + 1
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return f"not valid UTF-8: the file ends inside a character ({exc.reason})"
    return "not valid UTF-8"
