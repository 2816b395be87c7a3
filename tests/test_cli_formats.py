"""The command reads every format the library has and writes JSON, CSV, HXL and Parquet.

Formats are told from the first bytes as well as the extension; ``-`` is standard input or output;
a source table's row account goes to standard error, and ``--strict`` makes a malformed row an
error. The real tables are UNHCR's (CC BY 4.0, "Source: UNHCR Refugee Population Statistics
Database") and, below the country, UNHCR Somalia's PRMN, OCHA Ethiopia's woredas and IDMC's
updates for India (../shared/data); tests that need them skip when they are absent.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from displacement import Dataset, cli, examples
from displacement.cli import _files
from displacement.io import arrow, dtm, hxl, idmc, ocha, prmn, unhcr
from displacement.io import csv as io_csv
from displacement.io import json as io_json

SCRIPT = shutil.which("displacement", path=str(Path(sys.executable).parent))
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SUBNATIONAL = SHARED / "subnational"
UNHCR = SHARED / "unhcr"

UNHCR_FLOWS = (
    "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,refugee_like,oip\n"
    "2022,Sudan,SUD,SDN,Chad,CHD,TCD,1000,,,\n"
    "2022,Sudan,SUD,SDN,Egypt,ARE,EGY,500,20,,\n"
)
UNHCR_IDMC = (
    "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,total\n2022,Sudan,SUD,SDN,Sudan,SUD,SDN,3553000\n"
)
DTM = (
    "admin0Pcode,admin1Name,admin1Pcode,admin2Name,admin2Pcode,numPresentIdpInd,"
    "reportingDate,roundNumber,operation,displacementReason,adminLevel\n"
    "SOM,,,,,300,2023-03-31,5,Somalia,Conflict,0\n"
    "SOM,Bay,SO24,,,300,2023-03-31,5,Somalia,Conflict,1\n"
)


def run(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The installed ``displacement`` command, bytes in and out."""
    assert SCRIPT is not None, "the console script is not installed next to this Python"
    return subprocess.run([SCRIPT, *map(str, args)], input=stdin, capture_output=True, check=False)


def records(dataset: Dataset) -> tuple[Any, ...]:
    """What a file of flows or stocks holds of a dataset: its flows and stocks."""
    return (dataset.flows, dataset.stocks)


def head(path: Path, lines: int) -> str:
    """The first *lines* lines of a real table (header included), for a small input."""
    with path.open(encoding="utf-8-sig") as f:
        return "".join(f.readline() for _ in range(lines))


def needs(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"the real data is not at {path} (../shared/data; CI has it)")


# Each input: how to write it (into a file named without a telling extension), and the reader
# that must have read it.
SOURCES: dict[str, tuple[Callable[[Path], None], Callable[[Path], Dataset]]] = {
    "json": (
        lambda p: io_json.dump(examples.kazakhstan_2022(), p),
        lambda p: io_json.load(p),
    ),
    "hxl": (
        lambda p: hxl.write_hxl(examples.kazakhstan_2022(), p, kind="flows"),
        lambda p: hxl.read_hxl(p, references="open").dataset,
    ),
    "parquet": (
        lambda p: arrow.write_parquet(examples.kazakhstan_2022(), p, kind="flows"),
        lambda p: arrow.read_parquet(p, references="open").dataset,
    ),
    "csv": (
        lambda p: io_csv.dump(examples.kazakhstan_2022(), p, kind="flows"),
        lambda p: io_csv.load(p, "flows", references="open").dataset,
    ),
    "unhcr-flows": (lambda p: p.write_text(UNHCR_FLOWS), lambda p: unhcr.read_flows(p).dataset),
    "unhcr-idmc": (lambda p: p.write_text(UNHCR_IDMC), lambda p: unhcr.read_idmc(p).dataset),
    "dtm": (lambda p: p.write_text(DTM), lambda p: dtm.read_dtm(p).dataset),
}
REAL: dict[str, tuple[Path, int, Callable[[Path], Dataset]]] = {
    "prmn": (
        SUBNATIONAL / "som_unhcr_prmn_displacement_2016-2023.csv",
        40,
        lambda p: prmn.read_prmn(p).dataset,
    ),
    "ocha": (
        SUBNATIONAL / "eth_drought_idps_woreda_2022.csv",
        12,
        lambda p: ocha.read_ethiopia_drought_idps(p).dataset,
    ),
    "idmc": (SUBNATIONAL / "idmc_idu_events_ind_2023.csv", 12, lambda p: idmc.read_idu(p).dataset),
    "unhcr-solutions": (UNHCR / "solutions.csv", 30, lambda p: unhcr.read_solutions(p).dataset),
    "unhcr-population": (UNHCR / "population.csv", 30, lambda p: unhcr.read_population(p).dataset),
    "unhcr-demographics": (UNHCR / "demographics.csv", 30, lambda p: unhcr.read_demographics(p).dataset),
}


@pytest.mark.parametrize("fmt", list(SOURCES))
def test_a_format_is_told_from_the_first_bytes(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, reader = SOURCES[fmt]
    given = tmp_path / "input.data"  # an extension that tells nothing
    make(given)
    expected = reader(given)
    told = _files.input_format(str(given), None)
    assert told == fmt.partition("-")[0]
    options = [] if fmt in ("json", "unhcr-flows", "unhcr-idmc", "dtm") else ["--references", "open"]
    assert cli.main(["convert", str(given), str(tmp_path / "out.json"), *options]) == 0
    out, err = capsys.readouterr()
    assert records(io_json.load(tmp_path / "out.json", references="open")) == records(expected)
    if fmt.startswith(
        ("unhcr", "dtm", "hxl")
    ):  # a source table's account: on standard error, never in the data
        assert err.startswith("input.data: ")
        assert " rows: " in err
    else:
        assert err == ""
    assert out.startswith(f"wrote {tmp_path / 'out.json'} (")


@pytest.mark.parametrize("fmt", list(REAL))
def test_real_tables_are_told_from_their_header(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path, lines, reader = REAL[fmt]
    needs(path)
    given = tmp_path / "table.txt"
    given.write_text(head(path, lines), encoding="utf-8")
    assert _files.input_format(str(given), None) == fmt.partition("-")[0]
    assert cli.main(["convert", str(given), str(tmp_path / "out.json")]) == 0
    err = capsys.readouterr().err
    assert records(io_json.load(tmp_path / "out.json")) == records(reader(given))
    account = err.splitlines()[0]
    assert account.startswith("table.txt: ")
    assert " rows: " in account


def test_unhcr_tables_are_told_apart() -> None:
    for table in unhcr.TABLES:
        if (UNHCR / f"{table}.csv").exists():
            header = head(UNHCR / f"{table}.csv", 1).strip().split(",")
            assert unhcr.table_of(header) == table
    assert unhcr.table_of(["year", "coo_iso", "coa_iso", "returned_refugees", "resettlement"]) == "solutions"
    assert (
        unhcr.table_of(["year", "coo_iso", "coa_iso", "refugees", "asylum_seekers"]) is None
    )  # flows or population
    assert unhcr.table_of(["refugees", "refugee_like"]) is None  # not UNHCR's country columns


def test_a_table_of_no_telling_columns_asks_which(tmp_path: Path) -> None:
    given = tmp_path / "shared.csv"
    given.write_text("year,coo_iso,coa_iso,refugees\n2022,SDN,TCD,5\n", encoding="utf-8")
    done = run("validate", given)
    assert done.returncode == 2
    assert done.stdout.decode() == (
        f"{given}: cannot read: {given}: cannot tell which UNHCR table this is from its columns; say "
        "--from unhcr-flows, unhcr-population, unhcr-solutions, unhcr-idmc, unhcr-demographics\n"
    )
    done = run("validate", "--from", "unhcr-population", given)
    assert (done.returncode, done.stdout.decode()) == (0, f"{given}: valid (2 records)\n")
    assert done.stderr.decode() == "shared.csv: 1 rows: 1 made 1 records, 0 had no figure\n"


OUTPUTS = {
    "out.json": lambda p: io_json.load(p, references="open"),
    "flows.csv": lambda p: io_csv.load(p, references="open").dataset,
    "folder": lambda p: io_csv.load_dir(p, references="open").dataset,
    "out.hxl": lambda p: hxl.read_hxl(p, references="open").dataset,
    "out.parquet": lambda p: arrow.read_parquet(p, references="open").dataset,
}


@pytest.mark.parametrize("target", list(OUTPUTS))
@pytest.mark.parametrize("fmt", list(SOURCES))
def test_every_format_converts_to_every_format_written(tmp_path: Path, fmt: str, target: str) -> None:
    make, reader = SOURCES[fmt]
    given = tmp_path / f"input.{fmt.partition('-')[0]}"
    make(given)
    expected = reader(given)
    kind = "flows" if expected.flows else "stocks"
    output = tmp_path / (f"{kind}.csv" if target == "flows.csv" else target)
    options = ["--references", "open"] if fmt in ("hxl", "parquet", "csv") else []
    assert cli.main(["convert", str(given), str(output), *options]) == 0
    assert records(OUTPUTS[target](output)) == records(expected)


def test_a_file_of_one_type_says_what_it_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "k.json"
    io_json.dump(examples.kazakhstan_2022(), source)
    assert cli.main(["convert", str(source), str(tmp_path / "flows.csv")]) == 0
    assert capsys.readouterr().out == (
        f"wrote {tmp_path / 'flows.csv'} (4 flows; not in a CSV file of flows: 7 sources, "
        "11 actors, 6 events, so read it back with --references open)\n"
    )
    assert cli.main(["validate", "--references", "open", str(tmp_path / "flows.csv")]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'flows.csv'}: valid (4 records, 10 open references)\n"
    # A Parquet file keeps the sources, actors and events: it reads back whole, strictly.
    assert cli.main(["convert", str(source), str(tmp_path / "k.parquet")]) == 0
    assert capsys.readouterr().out == (
        f"wrote {tmp_path / 'k.parquet'} (4 flows, with the dataset's 7 sources, 11 actors, 6 events)\n"
    )
    assert cli.main(["convert", str(tmp_path / "k.parquet"), str(tmp_path / "back.json")]) == 0
    assert io_json.load(tmp_path / "back.json") == examples.kazakhstan_2022()


def test_pipes_compose(tmp_path: Path) -> None:
    table = tmp_path / "flows.csv"
    table.write_text(UNHCR_FLOWS, encoding="utf-8")
    document = run("convert", table, "-")
    assert document.returncode == 0
    assert document.stderr.decode() == (
        "flows.csv: 2 rows: 2 made 3 records, 0 had no figure\n"
        "wrote standard output (4 records: 1 source, 3 flows)\n"
    )
    assert io_json.loads(document.stdout.decode()) == unhcr.read_flows(table).dataset
    shown = run("summary", "-", stdin=document.stdout)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.decode().startswith("1 sources, 0 actors, 0 events, 3 flows, 0 stocks\n")
    parquet = run("convert", "-", "-", "--to", "parquet", stdin=document.stdout)
    assert parquet.returncode == 0
    assert parquet.stdout.startswith(b"PAR1")
    refused = run("convert", "-", "--to", "csv", "-", stdin=parquet.stdout)
    assert refused.stderr.decode() == (
        "displacement: error: standard output: one CSV file holds one record type, and the input has "
        "sources, flows: say --type\n"
    )
    back = run("convert", "-", "--type", "flows", "--to", "csv", "-", stdin=parquet.stdout)
    assert back.returncode == 0, back.stderr
    assert io_csv.load(io.StringIO(back.stdout.decode()), references="open").dataset.flows == (
        unhcr.read_flows(table).dataset.flows
    )
    hxl_text = run("convert", "-", "-", "--to", "hxl", stdin=document.stdout)
    assert hxl_text.stdout.decode().splitlines()[1].startswith("#meta+id,")


def test_standard_input_errors_name_it(tmp_path: Path) -> None:
    done = run("summary", "-", stdin=b"a,b\n1,2\n")
    assert done.returncode == 2
    assert done.stderr.decode().startswith(
        "displacement: error: standard input: cannot tell the format (its first line is 'a,b'); say --from:"
    )
    assert done.stderr.decode().count("\n") == 1
    done = run("validate", "-", stdin=b'{"flows": [{"id": 5}]}')
    assert done.returncode == 1
    assert done.stdout.decode().startswith("-: invalid (")


def test_a_source_table_account_and_strict(tmp_path: Path) -> None:
    table = tmp_path / "flows.csv"
    table.write_text(UNHCR_FLOWS + "2022,Sudan,SUD,SDN,Libya,LBY,LBY,many,,,\n", encoding="utf-8")
    done = run("validate", table)
    assert (done.returncode, done.stdout.decode()) == (0, f"{table}: valid (4 records)\n")
    assert done.stderr.decode() == (
        "flows.csv: 3 rows: 2 made 3 records, 0 had no figure, 1 skipped as malformed\n"
        "  - line 4.refugees: 'many' is not a whole number\n"
    )
    done = run("validate", "--strict", table)
    assert done.returncode == 1
    assert done.stdout.decode() == (
        f"{table}: invalid (1 problem)\n  line 4.refugees: 'many' is not a whole number\n"
    )
    done = run("summary", "--strict", table)
    assert done.returncode == 1
    assert done.stderr.decode().startswith("displacement: error: flows.csv: 1 malformed rows out of 3")
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["convert", "{example}", "{tmp}/out.xlsx"],
            "{tmp}/out.xlsx: cannot tell the format from the extension '.xlsx'; use .json, .csv, .parquet or .hxl, a folder, or say --to: json, csv, hxl, parquet",
        ),
        (
            ["convert", "{example}", "{tmp}/out.parquet", "--type", "sources"],
            "{tmp}/out.parquet: this format holds flows or stocks, not sources",
        ),
        (
            ["convert", "{sources}", "{tmp}/out.parquet"],
            "{tmp}/out.parquet: one Parquet file holds one record type, and the input has no flows or stocks: say --type",
        ),
        (
            ["convert", "{both}", "{tmp}/out.parquet"],
            "{tmp}/out.parquet: one Parquet file holds one record type, and the input has flows, stocks: say --type",
        ),
        (
            ["summary", "--from", "parquet", "{example}"],
            "{example}: not a readable Parquet file (Parquet magic bytes not found",
        ),
        (
            ["summary", "--type", "events", "--from", "hxl", "{example}"],
            "--type events: hxl files hold flows or stocks",
        ),
    ],
)
def test_usage_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    example = tmp_path / "k.json"
    io_json.dump(examples.kazakhstan_2022(), example)
    both = tmp_path / "both.json"
    (tmp_path / "flows.csv").write_text(UNHCR_FLOWS, encoding="utf-8")
    (tmp_path / "idmc.csv").write_text(UNHCR_IDMC, encoding="utf-8")
    stocks = unhcr.read_idmc(tmp_path / "idmc.csv").dataset  # its sources: UNHCR's and IDMC's
    flows = unhcr.read_flows(tmp_path / "flows.csv").dataset.flows
    io_json.dump(Dataset(sources=stocks.sources, flows=flows, stocks=stocks.stocks), both)
    sources = tmp_path / "sources.json"
    kazakhstan = examples.kazakhstan_2022()
    io_json.dump(Dataset(sources=kazakhstan.sources, actors=kazakhstan.actors), sources)
    names = {"example": str(example), "tmp": str(tmp_path), "both": str(both), "sources": str(sources)}
    done = run(*(a.format(**names) for a in args))
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.startswith("displacement: error: " + message.format(**names)), err
    assert err.count("\n") == 1
    assert done.stdout == b""


def test_the_clock_shows_only_on_a_terminal_after_the_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(_files, "PROGRESS_DELAY", 60.0)
    with _files.working("reading flows.csv"):
        pass  # far quicker than the delay: nothing drawn
    assert terminal.getvalue() == ""
    monkeypatch.setattr(_files, "PROGRESS_DELAY", 0.05)
    with _files.working("reading flows.csv"):
        waited = time.monotonic() + 30  # a busy machine may start the clock late: wait for it
        while "reading flows.csv: 00:" not in terminal.getvalue() and time.monotonic() < waited:
            time.sleep(0.05)
    assert "reading flows.csv: 00:" in terminal.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal: never drawn
    with _files.working("reading flows.csv"):
        time.sleep(0.2)
    assert sys.stderr.getvalue() == ""


def test_the_real_unhcr_flows_read_in_a_few_seconds(tmp_path: Path) -> None:
    needs(UNHCR / "flows.csv")
    done = run("convert", UNHCR / "flows.csv", tmp_path / "flows.parquet")
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode() == "flows.csv: 105,868 rows: 105,868 made 108,717 records, 0 had no figure\n"
    assert (
        done.stdout.decode()
        == f"wrote {tmp_path / 'flows.parquet'} (108,717 flows, with the dataset's 1 source)\n"
    )
    assert json.loads(run("validate", "--format", "json", tmp_path / "flows.parquet").stdout) == [
        {"file": str(tmp_path / "flows.parquet"), "valid": True, "records": 108_718, "errors": []}
    ]


def test_the_unhcr_api_json_is_told_from_its_keys(tmp_path: Path) -> None:
    item = {"year": 2022, "coo_iso": "SDN", "coa_iso": "TCD", "refugees": 5, "refugee_like": None}
    for name, document in [("list.json", [item]), ("items.json", {"items": [item]}), ("api.data", [item])]:
        path = tmp_path / name
        path.write_text(json.dumps(document), encoding="utf-8")
        assert _files.input_format(str(path), None) == "unhcr"
        done = run("validate", path)
        assert done.stdout.decode() == f"{path}: valid (2 records)\n"
        assert done.stderr.decode() == f"{name}: 1 rows: 1 made 1 records, 0 had no figure\n"
    other = tmp_path / "other.json"
    other.write_text(json.dumps([{"id": "x"}]), encoding="utf-8")
    assert _files.input_format(str(other), None) == "json"  # the document reader says what is wrong
    assert run("validate", other).stdout.decode() == (
        f"{other}: invalid (1 problem)\n  expected an object (a dataset document), got an array of 1 item\n"
    )


def test_the_json_report_holds_a_tables_row_account(tmp_path: Path) -> None:
    table = tmp_path / "flows.csv"
    table.write_text(UNHCR_FLOWS + "2022,Sudan,SUD,SDN,Libya,LBY,LBY,many,,,\n", encoding="utf-8")
    document = tmp_path / "k.json"
    io_json.dump(examples.kazakhstan_2022(), document)
    done = run("validate", "--format", "json", table, document)
    assert done.returncode == 0
    assert json.loads(done.stdout) == [
        {
            "file": str(table),
            "valid": True,
            "records": 4,
            "errors": [],
            "rows": {
                "rows": 3,
                "loaded": 2,
                "blank": 0,
                "records": 3,
                "skipped": [
                    {
                        "line": 4,
                        "errors": [
                            {
                                "path": "line 4.refugees",
                                "message": "'many' is not a whole number",
                                "value": "many",
                            }
                        ],
                    }
                ],
            },
        },
        {
            "file": str(document),
            "valid": True,
            "records": 28,
            "errors": [],
        },  # a document has no rows to account for
    ]
