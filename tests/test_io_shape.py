"""One reader and writer shape for every format (issue 14).

Every writer takes ``(data, target, *, kind=...)`` and infers the kind when the data says it;
a call in the old order (kind before the path) fails loudly and names the new call. Every reader
returns a `Load`: the dataset, and an account of every input row.
"""

from __future__ import annotations

import io
import pathlib
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from displacement import (
    Count,
    Dataset,
    Place,
    Population,
    PopulationCategory,
    Stock,
    ValidationError,
    examples,
)
from displacement.io import csv, hxl
from displacement.io.account import Load

pytest.importorskip("pyarrow", reason="the arrow extra is not installed")
from displacement.io import arrow  # needs pyarrow

KAZ = examples.kazakhstan_2022()  # 7 sources, 11 actors, 6 events, 4 flows, 0 stocks
STOCK = Stock(
    "s1",
    place=Place("KAZ"),
    population=Population(PopulationCategory.REFUGEES, nationality="RUS"),
    count=Count(5000),
    as_of=date(2022, 10, 1),
)
BOTH = Dataset(sources=KAZ.sources, actors=KAZ.actors, events=KAZ.events, flows=KAZ.flows, stocks=[STOCK])
TABLES = "kind='flows' or kind='stocks'"


# -- writers: the kind comes from the data when it is unambiguous -------------------------------------


def test_table_writers_infer_the_kind_from_records_of_one_type(tmp_path: pathlib.Path) -> None:
    assert arrow.to_arrow(KAZ.flows).schema.metadata[b"displacement.kind"] == b"flows"
    assert arrow.to_arrow([STOCK]).schema.metadata[b"displacement.kind"] == b"stocks"
    assert arrow.to_arrow(KAZ).schema.metadata[b"displacement.kind"] == b"flows"  # a dataset of flows only
    arrow.write_parquet([STOCK], tmp_path / "s.parquet")
    assert arrow.read_parquet(tmp_path / "s.parquet").dataset.stocks == (STOCK,)
    hxl.write_hxl(KAZ, tmp_path / "f.csv")
    assert hxl.read_hxl(tmp_path / "f.csv", context=KAZ).dataset.flows == KAZ.flows
    hxl.write_hxl([STOCK], tmp_path / "s.csv")
    assert hxl.read_hxl(tmp_path / "s.csv").dataset.stocks == (STOCK,)


def test_csv_dump_infers_the_kind_and_takes_bare_records() -> None:
    out = io.StringIO()
    csv.dump(KAZ.actors, out)
    assert csv.load(io.StringIO(out.getvalue()), "actors").dataset.actors == KAZ.actors
    out = io.StringIO()
    csv.dump(Dataset(stocks=[STOCK]), out)
    assert out.getvalue().splitlines()[0] == ",".join(csv.columns("stocks"))
    with_kind = io.StringIO()
    csv.dump(KAZ, with_kind, kind="flows")
    from_records = io.StringIO()
    csv.dump(KAZ.flows, from_records)
    assert from_records.getvalue() == with_kind.getvalue()


WRITERS: dict[str, Callable[[Any, pathlib.Path], object]] = {
    "to_arrow": lambda data, path: arrow.to_arrow(data),
    "write_parquet": lambda data, path: arrow.write_parquet(data, path / "out.parquet"),
    "write_hxl": lambda data, path: hxl.write_hxl(data, path / "out.csv"),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BOTH, f"kind: the dataset holds flows and stocks; pass {TABLES}"),
        (Dataset(), f"kind: the dataset holds no flows or stocks; pass {TABLES}"),
        ([], f"kind: no records to tell the kind from; pass {TABLES}"),
        ([KAZ.flows[0], STOCK], f"kind: the records are flows and stocks; pass {TABLES}"),
        ([KAZ.flows[0], KAZ.events[0]], "data[1]: expected a Flow or Stock, got Event('invasion-of-ukraine'"),
    ],
    ids=["both-kinds", "empty-dataset", "no-records", "mixed-records", "other-records"],
)
def test_a_kind_the_data_does_not_say_is_asked_for(
    writer: str, data: Any, message: str, tmp_path: pathlib.Path
) -> None:
    with pytest.raises(ValidationError) as caught:
        WRITERS[writer](data, tmp_path)
    assert str(caught.value).startswith(message)
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_csv_asks_for_the_kind_among_all_five() -> None:
    with pytest.raises(ValidationError) as caught:
        csv.dump(KAZ, io.StringIO())
    assert str(caught.value) == (
        "kind: the dataset holds sources, actors, events and flows; pass one of kind='sources', "
        "kind='actors', kind='events', kind='flows', kind='stocks'"
    )
    with pytest.raises(ValidationError, match=r"^kind: the records are events and flows; pass one of"):
        csv.dump([KAZ.events[0], KAZ.flows[0]], io.StringIO())
    with pytest.raises(ValidationError, match=r"^kind: expected one of 'sources', .*, got 'flow' \(str\)"):
        csv.dump(KAZ, io.StringIO(), kind="flow")  # type: ignore[arg-type]


def test_a_given_kind_still_picks_from_a_dataset_of_both(tmp_path: pathlib.Path) -> None:
    assert arrow.to_arrow(BOTH, kind="stocks").num_rows == 1
    hxl.write_hxl(BOTH, tmp_path / "f.csv", kind="flows")
    assert hxl.read_hxl(tmp_path / "f.csv", context=KAZ).account.records == 4


# -- the old order fails loudly -----------------------------------------------------------------------


def test_the_old_argument_order_fails_and_writes_nothing(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """*kind* is keyword-only: the old ``(data, kind, path)`` order is a TypeError, not a file named "flows"."""
    monkeypatch.chdir(tmp_path)
    calls: list[Callable[[], object]] = [
        lambda: arrow.write_parquet(KAZ, "flows", "out.parquet"),  # type: ignore[call-arg]
        lambda: hxl.write_hxl(KAZ, "flows", tmp_path / "out.csv"),  # type: ignore[call-arg]
        lambda: csv.dump(KAZ, "out.csv", "flows"),  # type: ignore[call-arg]
        lambda: arrow.to_arrow(KAZ, "flows"),  # type: ignore[call-arg]
    ]
    for call in calls:
        with pytest.raises(TypeError, match="positional argument"):
            call()
    assert list(tmp_path.iterdir()) == []  # no file named "flows", nor any other


# -- readers return a Load with a true account ---------------------------------------------------------


def test_arrow_readers_return_a_load_with_a_true_account(tmp_path: pathlib.Path) -> None:
    loaded = arrow.from_arrow(arrow.to_arrow(KAZ), context=KAZ)
    assert isinstance(loaded, Load)
    dataset, account = loaded
    assert dataset == KAZ
    assert (account.source, account.rows, account.loaded, account.blank, account.records) == (
        "Arrow table",
        4,
        4,
        0,
        4,
    )
    assert account.balanced
    assert (account.skipped, account.ignored_columns) == ((), ())
    arrow.write_parquet(KAZ, tmp_path / "flows.parquet")
    dataset, account = arrow.read_parquet(tmp_path / "flows.parquet", "flows", context=KAZ)
    assert dataset == KAZ
    assert str(account) == "flows.parquet: 4 rows: 4 made 4 records, 0 had no figure"
    empty = arrow.from_arrow(arrow.to_arrow([], kind="stocks"))
    assert (empty.dataset, empty.account.rows, empty.account.records) == (Dataset(), 0, 0)


def test_arrow_readers_need_the_context_the_records_refer_into() -> None:
    table = arrow.to_arrow(KAZ)
    with pytest.raises(ValidationError) as caught:
        arrow.from_arrow(table)
    assert caught.value.title == (
        "Arrow table: the records do not fit the context (pass the dataset that holds them as context=)"
    )
    assert "flows[0].causes[0]" in [e.path for e in caught.value.errors]
    with pytest.raises(ValidationError, match=r"^context: expected a Dataset, got \("):
        arrow.from_arrow(table, context=KAZ.sources)  # type: ignore[arg-type]


def test_csv_readers_return_a_load_with_a_true_account(tmp_path: pathlib.Path) -> None:
    csv.dump_dir(KAZ, tmp_path / "out")
    dataset, account = csv.load_dir(tmp_path / "out")
    assert dataset == KAZ
    assert (account.source, account.rows, account.loaded, account.blank, account.records) == (
        str(tmp_path / "out"),
        28,
        28,
        0,
        28,
    )
    assert account.balanced
    path = tmp_path / "actors.csv"
    csv.dump(KAZ.actors, path)
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write("\r\n\r\n")  # blank lines are not rows
    loaded = csv.load(path)
    assert isinstance(loaded, Load)
    assert loaded.dataset.actors == KAZ.actors
    assert str(loaded.account) == f"{path}: 11 rows: 11 made 11 records, 0 had no figure"
