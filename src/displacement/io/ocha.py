"""OCHA's tables of displaced people by administrative unit, read into a `Dataset`.

One module per publisher, as `displacement.io.unhcr` holds UNHCR's tables: OCHA publishes many
small tables on HDX, each with its own columns, and they share OCHA's conventions (p-codes from
the COD gazetteers, an HXL hashtag row, sometimes partial). Today it reads one:

- `read_ethiopia_drought_idps`: OCHA Ethiopia's drought-induced displacement estimates per
  woreda (HDX "Ethiopia - Drought Induced Displacement Estimates", dated 2022-10-31, CC BY).

Each row becomes one `Stock`:

====================  ===============================================================
column                becomes
====================  ===============================================================
``Woreda p-code``     the place: ``Place("ETH", admin3=<code>)``; the gazetteer fills
                      in the zone (admin2) and region (admin1) from it
``Region p-code``     checked: it must be the admin1 the gazetteer fills in
``Zone p-code``       checked: it must be the admin2 the gazetteer fills in
``Woreda``, ``Zone``  with ``Region``, the stock's description (``Elidar woreda,
                      Awsi /Zone 1, Afar``)
``Region``            (see above)
``IDP estimates``     the count, exact persons; population ``IDPS`` of nationality
                      ``ETH``, caused by the drought (`ETHIOPIA_DROUGHT_EVENT_ID`)
====================  ===============================================================

The table's own date is its publication, 2022-10-31: every stock is as of that day unless
*as_of* says otherwise. The woreda codes include codes newer than OCHA's global p-code list
(``ET041291``, the 9x woredas); the gazetteer accepts an admin3 code through its admin2 parent.
The table's second row is a partial HXL hashtag row (only ``#adm3+code`` and
``#affected+idps+ind`` are tagged): it is recognised and counted as such
(`OchaAccount.hashtag_line`), neither a data row nor a malformed one. A row with an empty
``IDP estimates`` cell has no figure (blank); a value of ``1`` is loaded as the table gives it.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "eth.csv"
>>> _ = path.write_text(
...     ",".join(ETHIOPIA_COLUMNS) + "\\n"
...     ",,,,,#adm3+code,#affected+idps+ind\\n"
...     "Afar,ET02,Awsi /Zone 1,ET0201,Elidar,ET020102,1206\\n"
...     "Oromia,ET04,Hararge,ET0412,New woreda,ET041291,50\\n"
...     "Afar,ET04,Awsi /Zone 1,ET0201,Kori,ET020108,245\\n"
... )
>>> dataset, account = read_ethiopia_drought_idps(path)
>>> [(s.place, s.count.magnitude) for s in dataset.stocks]
[(Place('ETH', admin1='ET02', admin2='ET0201', admin3='ET020102'), 1206), (Place('ETH', admin1='ET04', admin2='ET0412', admin3='ET041291'), 50)]
>>> print(account)
eth.csv: 3 rows: 2 made 2 records, 0 had no figure, 1 skipped as malformed; line 2 is an HXL hashtag row
  - line 5.Region p-code: 'ET04' is not the region of woreda ET020108 (its region is ET02)
"""

from __future__ import annotations

import os
from datetime import date
from typing import Final

import attrs

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

__all__ = [
    "ETHIOPIA_COLUMNS",
    "ETHIOPIA_DROUGHT_AS_OF",
    "ETHIOPIA_DROUGHT_EVENT_ID",
    "OCHA_ETHIOPIA_SOURCE_ID",
    "OchaAccount",
    "ocha_ethiopia_source",
    "read_ethiopia_drought_idps",
]

OCHA_ETHIOPIA_SOURCE_ID: Final = "ocha-ethiopia-drought-idps"
"""Id of the `Source` every record of the Ethiopia table is attributed to (unless given another)."""
ETHIOPIA_DROUGHT_EVENT_ID: Final = "ocha-eth-drought"
"""Id of the `Event` (the drought) every stock of the Ethiopia table lists as its cause."""
ETHIOPIA_DROUGHT_AS_OF: Final = date(2022, 10, 31)
"""The date of OCHA Ethiopia's table (its HDX dataset date): the stocks' as-of date by default."""

ETHIOPIA_COLUMNS: Final = (
    "Region",
    "Region p-code",
    "Zone",
    "Zone p-code",
    "Woreda",
    "Woreda p-code",
    "IDP estimates",
)
"""The columns of OCHA Ethiopia's table, in its order; every one is needed."""

_SHOWN: Final = 40


def ocha_ethiopia_source() -> Source:
    """OCHA Ethiopia's drought-induced displacement estimates, as a `Source` (CC BY).

    >>> ocha_ethiopia_source().licence
    'CC BY'
    """
    return Source(
        OCHA_ETHIOPIA_SOURCE_ID,
        SourceKind.DATASET,
        publisher="OCHA Ethiopia",
        title="Ethiopia - Drought Induced Displacement Estimates",
        url="https://data.humdata.org/dataset/ethiopia-drought-induced-displacement-estimates",
        licence="CC BY",
        language="en",
        description="Source: OCHA Ethiopia, drought-induced displacement estimates per woreda (2022), via HDX.",
    )


@attrs.frozen
class OchaAccount(RowAccount):
    """A `RowAccount` that also says which line held HXL hashtags (not data, not malformed)."""

    hashtag_line: int | None = None
    """The line of the HXL hashtag row (2 in OCHA's file), or ``None`` if the table has none."""

    def __str__(self) -> str:
        text = super().__str__()
        if self.hashtag_line is None:
            return text
        first, _, rest = text.partition("\n")
        first += f"; line {self.hashtag_line} is an HXL hashtag row"
        return f"{first}\n{rest}" if rest else first


def _is_hashtags(cells: list[str]) -> bool:
    """Whether a row is an HXL hashtag row: some cells, every non-empty one a hashtag."""
    given = [c.strip() for c in cells if c.strip()]
    return bool(given) and all(c.startswith("#") for c in given)


def read_ethiopia_drought_idps(
    data: str | os.PathLike[str],
    *,
    strict: bool = False,
    source: Source | None = None,
    as_of: date = ETHIOPIA_DROUGHT_AS_OF,
) -> Load:
    """Read OCHA Ethiopia's drought IDP estimates per woreda (CSV) into `Stock` records.

    Returns a `Load` whose account is an `OchaAccount`. A malformed row (a woreda p-code the
    gazetteer refuses, a region or zone p-code that is not the woreda's, a count that is not a
    whole number) is skipped and listed with its line; *strict* raises a `ValidationError`
    listing them instead. *source* replaces `ocha_ethiopia_source`; *as_of* the table's date
    (`ETHIOPIA_DROUGHT_AS_OF`). Record ids are ``ocha-eth-drought-<woreda p-code>``; a woreda
    given twice is malformed.
    """
    if not isinstance(as_of, date):
        raise ValidationError.single("as_of", f"expected a date, got {type(as_of).__name__}", None)
    table, header, ignored = named_table(data, ETHIOPIA_COLUMNS)
    name = table.source
    positions = [header.index(c) for c in ETHIOPIA_COLUMNS]
    the_source = _records.source(source, ocha_ethiopia_source)
    attributions = (Attribution(the_source.id),)
    population = Population(PopulationCategory.IDPS, nationality="ETH")
    drought = Event(
        ETHIOPIA_DROUGHT_EVENT_ID,
        EventKind.DISASTER,
        "Drought in Ethiopia",
        period=Period(as_of=as_of),  # the table dates neither its start nor its end
        hazard="drought",
        attributions=attributions,
        description="The drought OCHA Ethiopia's estimates count displacement by.",
    )
    stocks: list[Stock] = []
    skipped: list[SkippedRow] = []
    seen: dict[str, int] = {}
    rows = blank = 0
    hashtag_line: int | None = None
    for number, line, cells, problem in table.rows():
        where = f"line {line}"
        if cells is not None and number == 1 and _is_hashtags(cells):
            hashtag_line = line
            continue
        rows += 1
        if cells is None:
            skipped.append(SkippedRow(rows, line, (ErrorDetail(where, problem or "unreadable row", None),)))
            continue
        region_name, region, zone_name, zone, woreda_name, woreda, value = (
            cells[p].strip() for p in positions
        )
        errors: list[ErrorDetail] = []
        count: Count | None = None
        if value:
            if not (value.isascii() and value.isdigit()) or len(value) > 15:
                errors.append(
                    ErrorDetail(
                        f"{where}.IDP estimates", f"{quoted(value, _SHOWN)} is not a whole number", value
                    )
                )
            elif int(value) > MAX_MAGNITUDE:
                errors.append(
                    ErrorDetail(
                        f"{where}.IDP estimates", f"{quoted(value, _SHOWN)} is too large for a count", value
                    )
                )
            else:
                count = Count(int(value))
        place: Place | None = None
        if not woreda:
            errors.append(ErrorDetail(f"{where}.Woreda p-code", "missing woreda p-code", woreda))
        else:
            try:
                place = Place("ETH", admin3=woreda)
            except ValidationError as exc:
                problem = f"{quoted(woreda, _SHOWN)} is not a woreda p-code ({exc.errors[0].message})"
                errors.append(ErrorDetail(f"{where}.Woreda p-code", problem, woreda))
        if place is not None:
            for column, given, filled, level in (
                ("Region p-code", region, place.admin1, "region"),
                ("Zone p-code", zone, place.admin2, "zone"),
            ):
                if given and given != filled:
                    errors.append(
                        ErrorDetail(
                            f"{where}.{column}",
                            f"{quoted(given, _SHOWN)} is not the {level} of woreda {woreda} (its {level} is {filled})",
                            given,
                        )
                    )
        if not errors and place is not None:
            first = seen.get(woreda)
            if first is not None:
                errors.append(
                    ErrorDetail(f"{where}.Woreda p-code", f"repeats the woreda of line {first}", woreda)
                )
        if errors:
            skipped.append(SkippedRow(rows, line, tuple(errors)))
            continue
        assert place is not None
        seen[woreda] = line
        if count is None:
            blank += 1
            continue
        words = ", ".join(
            part for part in (f"{woreda_name} woreda" if woreda_name else "", zone_name, region_name) if part
        )
        stocks.append(
            Stock(
                f"ocha-eth-drought-{woreda}",
                place=place,
                population=population,
                count=count,
                as_of=as_of,
                causes=(ETHIOPIA_DROUGHT_EVENT_ID,),
                attributions=attributions,
                description=words or None,
            )
        )
    account = OchaAccount(
        name,
        rows=rows,
        loaded=len(stocks),
        blank=blank,
        records=len(stocks),
        skipped=tuple(skipped),
        ignored_columns=ignored,
        hashtag_line=hashtag_line,
    )
    if strict:
        account.raise_for_problems()
    try:
        dataset = Dataset(sources=[the_source], events=[drought], stocks=stocks)
    except ValidationError as exc:
        raise ValidationError(exc.errors, title=f"{name}: the records do not form a dataset") from None
    return Load(dataset, account)
