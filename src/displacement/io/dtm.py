"""IOM's Displacement Tracking Matrix (DTM): read tables of the DTM API's shape into a `Dataset`.

IOM's DTM counts internally displaced people by administrative unit, round after round of its
assessments. The DTM API (and the ``dtmapi`` package, whose data frames save to this CSV) gives
one row per unit and reporting date. `read_dtm` turns each row into one `Stock`:

======================================================  ================================================================
column                                                  becomes
======================================================  ================================================================
``numPresentIdpInd``                                    the stock's `Count` of people (``IDPS`` of the country)
``adminLevel``                                          which place: ``0`` the country, ``1`` its admin1 unit, ``2`` its
                                                        admin2 unit
``admin0Pcode``                                         the country (ISO 3166-1 alpha-3, as DTM writes it)
``admin1Pcode``, ``admin2Pcode``                        the OCHA p-codes of the place, checked against the gazetteer
                                                        in use (``displacement.gazetteer.current()``)
``reportingDate``                                       the stock's date (``as_of``)
``displacementReason``                                  the stock's cause: one `Event` per reason (`REASONS`)
``operation``, ``roundNumber``, ``displacementReason``  the stock's description (``DTM Somalia, round 5; reason:
                                                        Conflict``) and its id
                                                        (``iom-dtm-somalia-r5-2023-03-31-conflict-SO24``)
======================================================  ================================================================

DTM's unit names (``admin1Name``, ``admin2Name``) are read again from the p-codes, not checked.

**Reasons.** Each displacement reason becomes one `Event` (``iom-dtm-reason-conflict``) that the
stocks of that reason list as their cause, as `displacement.io.prmn` does with PRMN's reasons:
figures of one unit and date for two reasons are different people, and totals keep them apart.

**Nested rows.** A DTM table gives a country's figure and its breakdowns in one table: the
admin0 row is the sum of the admin1 rows, each the sum of its admin2 rows. They are stocks at
places that lie one within the other (`Place.within`); a total over all of them counts the
people once only where totals respect containment.

**Other code systems.** Some DTM operations write codes that are not OCHA's (Chad's ``TD07``
where OCHA has ``TCD07``; Iraq's ``IRQ-G01`` for ``IQG01``). The gazetteer refuses them: such a
row is skipped, with the gazetteer's message (and its nearest code), in the account. Mapping
other code systems to OCHA's is not done here (a later issue).

DTM data may not be redistributed (IOM's terms): nothing from it ships with this library, and
the tests use a fixture of their own in the DTM shape.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "dtm.csv"
>>> _ = path.write_text(
...     "admin0Pcode,admin1Name,admin1Pcode,admin2Name,admin2Pcode,numPresentIdpInd,"
...     "reportingDate,roundNumber,operation,displacementReason,adminLevel\\n"
...     "SOM,,,,,300,2023-03-31,5,Somalia,Conflict,0\\n"
...     "SOM,Bay,SO24,,,300,2023-03-31,5,Somalia,Conflict,1\\n"
...     "SOM,Bay,SO24,Baydhaba,SO2401,300,2023-03-31,5,Somalia,Conflict,2\\n"
...     "TCD,Lac,TD07,,,50,2023-03-31,5,Chad,Conflict,1\\n"
... )
>>> dataset, account = read_dtm(path)
>>> [(s.id, s.place.level, s.count.magnitude) for s in dataset.stocks]
[('iom-dtm-somalia-r5-2023-03-31-conflict-SOM', 0, 300), ('iom-dtm-somalia-r5-2023-03-31-conflict-SO24', 1, 300), ('iom-dtm-somalia-r5-2023-03-31-conflict-SO2401', 2, 300)]
>>> print(account.errors[0].describe())  # doctest: +ELLIPSIS
line 5.admin1Pcode: 'TD07' is not an admin1 p-code of TCD in the gazetteer (did you mean 'TCD07', Lac?); ...
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import date
from typing import Final

from .._validate import quoted
from ..count import MAX_MAGNITUDE, Count
from ..dataset import Dataset
from ..errors import ErrorDetail, ValidationError
from ..event import Event, EventKind
from ..flow import Population, PopulationCategory, Stock
from ..period import Period
from ..place import Place
from ..source import Attribution, Source, SourceKind
from . import _records
from ._table import named_table
from .account import Load, RowAccount, SkippedRow

__all__ = ["COLUMNS", "DTM_SOURCE_ID", "REASONS", "dtm_source", "read_dtm"]

DTM_SOURCE_ID: Final = "iom-dtm"
"""Id of the `Source` every DTM record is attributed to (unless `read_dtm` is given another)."""

COLUMNS: Final = ("admin0Pcode", "adminLevel", "numPresentIdpInd", "reportingDate")
"""The columns of DTM's table that `read_dtm` needs; others it knows are optional."""
_OPTIONAL: Final = ("admin1Pcode", "admin2Pcode", "roundNumber", "operation", "displacementReason")
_KNOWN: Final = frozenset({"admin0Name", "admin1Name", "admin2Name"})
"""Columns read again from the p-codes: the units' names."""
_PCODE_COLUMNS: Final = {"country": "admin0Pcode", "admin1": "admin1Pcode", "admin2": "admin2Pcode"}
"""`Place` fields and the DTM columns they come from, to name the column in a row's problem."""

_SHOWN: Final = 60
_SLUG: Final = re.compile(r"[^a-z0-9]+")

REASONS: Final = {
    "conflict": EventKind.ARMED_CONFLICT,
    "natural disaster": EventKind.DISASTER,
    "disaster": EventKind.DISASTER,
}
"""DTM displacement reasons (in lower case) -> the kind of the `Event` each becomes; any other
reason becomes an `EventKind.OTHER` event named as the table names it."""
_DAY: Final = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)?")


def dtm_source() -> Source:
    """IOM's Displacement Tracking Matrix, as a `Source` (its terms forbid redistribution).

    >>> dtm_source().publisher
    'International Organization for Migration (IOM)'
    """
    return Source(
        DTM_SOURCE_ID,
        SourceKind.DATASET,
        publisher="International Organization for Migration (IOM)",
        title="Displacement Tracking Matrix (DTM)",
        url="https://dtm.iom.int/",
        licence="IOM DTM terms of use (no redistribution)",
        language="en",
        description="Source: IOM Displacement Tracking Matrix (DTM), through the DTM API.",
    )


def _cell(value: str) -> str:
    """A cell for a message: quoted, and cut short (with its length) if long."""
    return quoted(value, _SHOWN)


def read_dtm(data: str | os.PathLike[str], *, strict: bool = False, source: Source | None = None) -> Load:
    """Read a CSV table in the shape of the IOM DTM API into `Stock` records of IDPs.

    Each row with a ``numPresentIdpInd`` becomes one stock (see the module's docstring); an empty
    one means "not reported" and makes no record (the row is blank), while ``0`` is a reported
    zero. A malformed row (a level other than 0, 1 or 2, a p-code the gazetteer refuses or that
    the level needs and the row lacks, a bad date or number, a unit given twice for one
    operation, round, date and reason) is skipped and listed with its line in the account;
    ``strict=True`` raises a `ValidationError` listing them instead. *source* replaces
    `dtm_source` as the source the stocks are attributed to. Columns the reader does not know
    are listed in the account's `~displacement.io.account.RowAccount.ignored_columns`.
    """
    table, header, ignored = named_table(data, COLUMNS, optional=_OPTIONAL, known=tuple(_KNOWN))
    name = table.source
    read = {*COLUMNS, *_OPTIONAL, *_KNOWN}

    main = _records.source(source, dtm_source)
    attributions = (Attribution(main.id),)
    populations: dict[str, Population] = {}
    events: dict[str, Event] = {}
    seen: dict[str, int] = {}
    stocks: list[Stock] = []
    skipped: list[SkippedRow] = []
    rows = loaded = blank = 0
    for number, line, cells, problem in table.rows():
        rows += 1
        where = f"line {line}"
        if cells is None:
            skipped.append(SkippedRow(number, line, (ErrorDetail(where, problem or "unreadable row", None),)))
            continue
        row = {h: c.strip() for h, c in zip(header, cells, strict=True) if h in read}
        errors: list[ErrorDetail] = []
        stock = _stock(row, where, errors, attributions, populations, events)
        if stock is not None and stock.id in seen:
            errors.append(
                ErrorDetail(
                    where,
                    f"repeats line {seen[stock.id]} (the same operation, round, date, reason and unit)",
                    None,
                )
            )
        if errors:
            skipped.append(SkippedRow(number, line, tuple(errors)))
        elif stock is None:
            blank += 1
        else:
            seen[stock.id] = line
            stocks.append(stock)
            loaded += 1
    account = RowAccount(
        name,
        rows=rows,
        loaded=loaded,
        blank=blank,
        records=len(stocks),
        skipped=tuple(skipped),
        ignored_columns=ignored,
    )
    if strict:
        account.raise_for_problems()
    causes = sorted(events.values(), key=lambda e: e.id)
    return Load(Dataset(sources=[main], events=causes, stocks=stocks), account)


def _stock(
    row: dict[str, str],
    where: str,
    errors: list[ErrorDetail],
    attributions: tuple[Attribution, ...],
    populations: dict[str, Population],
    events: dict[str, Event],
) -> Stock | None:
    """The stock of one row; ``None`` when it has no figure or has problems (then in *errors*)."""
    level_text = row["adminLevel"]
    level = {"0": 0, "1": 1, "2": 2}.get(level_text)
    if level is None:
        errors.append(
            ErrorDetail(
                f"{where}.adminLevel", f"{_cell(level_text)} is not an admin level (0, 1 or 2)", level_text
            )
        )
    codes = {"admin1": row.get("admin1Pcode", ""), "admin2": row.get("admin2Pcode", "")}
    if level is not None:
        for k in (1, 2):
            if k <= level and not codes[f"admin{k}"]:
                errors.append(
                    ErrorDetail(
                        f"{where}.admin{k}Pcode", f"an admin{level} row needs its admin{k} p-code", ""
                    )
                )
            elif k > level and codes[f"admin{k}"]:
                code = codes[f"admin{k}"]
                errors.append(
                    ErrorDetail(
                        f"{where}.admin{k}Pcode",
                        f"an admin{level} row has no admin{k} unit, got {_cell(code)}",
                        code,
                    )
                )
    figure_text = row["numPresentIdpInd"]
    figure: int | None = None
    if figure_text:
        digits = figure_text[:-2] if figure_text.endswith(".0") else figure_text  # pandas writes 300.0
        if not (digits.isascii() and digits.isdigit()):
            errors.append(
                ErrorDetail(
                    f"{where}.numPresentIdpInd", f"{_cell(figure_text)} is not a whole number", figure_text
                )
            )
        elif (
            len(digits.lstrip("0")) > len(str(MAX_MAGNITUDE))
            or int(digits.lstrip("0") or "0") > MAX_MAGNITUDE
        ):
            errors.append(
                ErrorDetail(
                    f"{where}.numPresentIdpInd", f"{_cell(figure_text)} is too large a count", figure_text
                )
            )
        else:
            figure = int(digits.lstrip("0") or "0")
    date_text = row["reportingDate"]
    found = _DAY.fullmatch(date_text)
    as_of: date | None = None
    with contextlib.suppress(ValueError):
        as_of = date.fromisoformat(found.group(1)) if found else None
    if as_of is None:
        errors.append(
            ErrorDetail(f"{where}.reportingDate", f"{_cell(date_text)} is not a date (YYYY-MM-DD)", date_text)
        )
    round_text = row.get("roundNumber", "")
    if round_text and not (round_text.isascii() and round_text.isdigit() and len(round_text) <= 9):
        errors.append(
            ErrorDetail(f"{where}.roundNumber", f"{_cell(round_text)} is not a round number", round_text)
        )
    if errors:
        return None
    country = row["admin0Pcode"]
    assert level is not None
    try:
        place = Place(
            country,
            admin1=codes["admin1"] or None if level >= 1 else None,
            admin2=codes["admin2"] or None if level >= 2 else None,
        )
    except ValidationError as exc:
        errors.extend(
            ErrorDetail(f"{where}.{_PCODE_COLUMNS.get(e.path, e.path) or 'admin0Pcode'}", e.message, e.value)
            for e in exc.errors
        )
        return None
    if figure is None:
        return None
    assert as_of is not None
    operation = row.get("operation", "")
    reason = row.get("displacementReason", "")
    words = [f"DTM {operation}" if operation else "DTM"]
    if round_text:
        words[0] += f", round {int(round_text)}"
    if reason:
        words.append(f"reason: {reason}")
    slug = _SLUG.sub("-", operation.lower()).strip("-")[:40]
    unit = place.admin2 or place.admin1 or place.country
    because = _SLUG.sub("-", reason.lower()).strip("-")[:40]
    parts = (slug, f"r{int(round_text)}" if round_text else "", as_of.isoformat(), because, unit)
    key = "-".join(p for p in parts if p)
    population = populations.get(place.country)
    if population is None:
        population = populations[place.country] = Population(
            PopulationCategory.IDPS, nationality=place.country
        )
    causes: tuple[str, ...] = ()
    if reason:
        event = events.get(because)
        if event is None:
            event = events[because] = Event(
                f"iom-dtm-reason-{because or 'unnamed'}",
                REASONS.get(reason.lower(), EventKind.OTHER),
                reason,
                period=Period(),
                description="A reason for displacement as IOM's DTM records it.",
            )
        causes = (event.id,)
    return Stock(
        f"iom-dtm-{key}",
        causes=causes,
        place=place,
        population=population,
        count=Count(figure),
        as_of=as_of,
        attributions=attributions,
        description="; ".join(words),
    )
