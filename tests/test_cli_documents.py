"""The document commands: validate, summary, convert, schema; run through the installed entry point."""

from __future__ import annotations

import json as stdlib_json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import displacement as d
from displacement import cli
from displacement.io import json
from displacement.io.schema import json_schema

SCRIPT = shutil.which("displacement", path=str(Path(sys.executable).parent))


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``displacement`` console script, as a user would."""
    assert SCRIPT is not None, "the displacement entry point is not installed next to this Python"
    return subprocess.run([SCRIPT, *map(str, args)], capture_output=True, text=True, check=False, env=env)


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    path = tmp_path / "kazakhstan.json"
    json.dump(d.examples.kazakhstan_2022(), path)
    return path


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    document = json.unstructure(d.examples.kazakhstan_2022())
    document["flows"][0]["count"]["value"] = -5
    document["flows"][3]["origin"]["contry"] = "RUS"
    path = tmp_path / "bad.json"
    path.write_text(stdlib_json.dumps(document), encoding="utf-8")
    return path


def test_validate_valid(example_file: Path) -> None:
    done = run("validate", example_file)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{example_file}: valid (28 records)\n", "")


def test_validate_invalid_lists_every_error(example_file: Path, bad_file: Path) -> None:
    done = run("validate", example_file, bad_file)
    assert done.returncode == 1
    assert done.stdout == (
        f"{example_file}: valid (28 records)\n"
        f"{bad_file}: invalid (2 problems)\n"
        "  flows[0].count.value: -5 is negative\n"
        "  flows[3].origin.contry: unknown key (did you mean 'country'?)\n"
    )
    assert "Traceback" not in done.stderr


def test_validate_json_format(bad_file: Path) -> None:
    done = run("validate", "--format", "json", bad_file)
    assert done.returncode == 1
    assert stdlib_json.loads(done.stdout) == [
        {
            "file": str(bad_file),
            "valid": False,
            "records": 0,
            "errors": [
                {"path": "flows[0].count.value", "message": "-5 is negative", "value": -5},
                {
                    "path": "flows[3].origin.contry",
                    "message": "unknown key (did you mean 'country'?)",
                    "value": "contry",
                },
            ],
        }
    ]


def test_validate_ignore_unknown(tmp_path: Path) -> None:
    document = json.unstructure(d.examples.kazakhstan_2022())
    document["flows"][0]["confidence"] = 0.9
    path = tmp_path / "newer.json"
    path.write_text(stdlib_json.dumps(document), encoding="utf-8")
    assert run("validate", path).returncode == 1
    assert run("validate", "--ignore-unknown", path).returncode == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "not valid JSON: the document ends too early (truncated?)"),
        (b"\xff", "not valid UTF-8"),
        (b"[" * 100_000, "nest too deeply"),
        (b'{"schema_version": "9"}', "unknown schema_version '9'"),
    ],
)
def test_validate_unreadable_documents(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    done = run("validate", path)
    assert done.returncode == 2  # the documented "cannot be read", not "invalid"
    assert done.stdout.startswith(f"{path}: cannot read: ")
    assert message in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_validate_a_csv_file_with_a_200000_character_line(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("a" * 200_000 + "\n", encoding="utf-8")
    done = run("validate", path)
    assert (done.returncode, done.stderr) == (2, "")
    assert done.stdout == (
        f"{path}: cannot read: big.csv:1: column 1 has a cell of 200,000 characters, more than the 131,072 "
        "the csv module reads in a cell (csv.field_size_limit)\n"
    )


def unreadable(folder: Path) -> dict[str, tuple[Path, str]]:
    """Inputs that cannot be read, each with the words that must say why."""
    (folder / "empty-folder").mkdir()
    cases = {
        "a folder of no CSV files": (folder / "empty-folder", "no CSV files named sources.csv"),
        "a missing file": (folder / "missing.csv", "no such file or directory"),
        "an empty file": (folder / "flows.csv", "flows.csv: empty: expected a header row"),
        "UTF-16": (folder / "utf16" / "actors.csv", "not valid UTF-8 (it looks like UTF-16)"),
        "Latin-1": (folder / "latin" / "actors.csv", "not valid UTF-8: byte 0xf4 at line 2, column 12"),
        "binary": (folder / "binary" / "actors.csv", "not valid UTF-8: byte 0x80 at line 2, column 118"),
        "a quote never closed": (
            folder / "actors.csv",
            "actors.csv:2: has a quoted cell that is never closed",
        ),
        "a file of no known record type": (folder / "odd.csv", "odd.csv: cannot tell which record type"),
        "a folder where a JSON file belongs": (
            folder / "folder.json",
            "folder.json: cannot be opened (Is a directory)",
        ),
    }
    (folder / "flows.csv").write_text("", encoding="utf-8")
    for name in ("utf16", "latin", "binary"):
        (folder / name).mkdir()
    (folder / "utf16" / "actors.csv").write_text("id,kind,name\n", encoding="utf-16")
    (folder / "latin" / "actors.csv").write_bytes("id,kind,name\na1,person,Côte\n".encode("latin-1"))
    (folder / "binary" / "actors.csv").write_bytes(bytes(range(256)) * 4)
    (folder / "actors.csv").write_text('id,kind,name\na1,person,"Ann\n', encoding="utf-8")
    (folder / "odd.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "folder.json").mkdir()
    return cases


def test_files_that_cannot_be_read_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for what, (path, words) in unreadable(tmp_path).items():
        assert cli.main(["validate", str(path)]) == 2, what
        out, err = capsys.readouterr()
        assert out.startswith(f"{path}: cannot read: "), what
        assert words in out, what
        assert (out.count("\n"), err) == (1, ""), what
        assert cli.main(["summary", str(path)]) == 2, what
        out, err = capsys.readouterr()
        assert err.startswith("displacement: error: "), what
        assert words in err, what
        assert (out, err.count("\n")) == ("", 1), what
        assert cli.main(["convert", str(path), str(tmp_path / "out.json")]) == 2, what
        out, err = capsys.readouterr()
        assert err.startswith("displacement: error: "), what
        assert words in err, what
        assert not (tmp_path / "out.json").exists()


def test_validate_missing_file(tmp_path: Path, example_file: Path) -> None:
    done = run("validate", example_file, tmp_path / "nope.json")
    assert done.returncode == 2
    assert f"{example_file}: valid" in done.stdout
    assert f"{tmp_path / 'nope.json'}: cannot read:" in done.stdout
    assert "no such file or directory" in done.stdout
    assert "invalid" not in done.stdout  # unreadable is not the same as invalid


def test_summary_tables(example_file: Path) -> None:
    done = run("summary", example_file)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "7 sources, 11 actors, 6 events, 4 flows, 0 stocks"
    assert lines[2] == "Flows (4)"
    assert lines[3].split() == ["id", "corridor", "period", "count", "sources"]
    assert (
        "f1-rus-kaz  RUS -> KAZ  since 2022-09-21 until 2022-09-27 (as of 2022-09-27)  98,000 people  Interior Ministry of Kazakhstan via UPI"
        in lines
    )
    assert any(
        line.startswith("f2-rus-geo") and "unquantified   UPI; Maxar Technologies" in line for line in lines
    )
    assert "Stocks" not in done.stdout


def test_summary_stocks_and_qualifiers(tmp_path: Path) -> None:
    stock = d.Stock(
        "k1",
        place=d.Place("KAZ"),
        population=d.Population(d.PopulationCategory.REFUGEES),
        count=d.Count(1000, qualifier=d.Qualifier.MORE_THAN),
        as_of=d.Period.year(2024).end,  # type: ignore[arg-type]
    )
    path = tmp_path / "stocks.json"
    json.dump(d.Dataset(stocks=[stock]), path)
    done = run("summary", path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-6] == "k1  KAZ    2024-12-31  more than 1,000 people  -"
    assert lines[-5:] == [
        "",
        "Places (1: the flows' origins and destinations, the stocks' places; each by the finest part it gives)",
        "country  admin1  admin2  admin3  named area  point",
        "-------  ------  ------  ------  ----------  -----",
        "1        0       0       0       0           0",
    ]


def test_summary_counts_places_below_the_country(tmp_path: Path) -> None:
    """Each place counts once, at the finest part it gives: a point before a named area before
    the finest p-code (or ISO 3166-2 subdivision, an admin1 unit) before the country."""
    population = d.Population(d.PopulationCategory.IDPS)
    som = "SOM"
    unquantified: dict[str, Any] = {"count": None, "period": d.Period(), "metric": d.Metric.ARRIVALS}
    flows = [
        d.Flow(
            "f1",
            origin=d.Place(som, admin2="SO2401"),
            destination=d.Place(som, admin1="SO22"),
            movement=d.Movement.INTERNAL,
            population=population,
            **unquantified,
        ),
        d.Flow(
            "f2",
            origin=d.Place("AZE", name="Nagorno-Karabakh"),
            destination=d.Place("ARM", subdivision="AM-SU"),
            movement=d.Movement.CROSS_BORDER,
            population=population,
            **unquantified,
        ),
    ]
    end = d.Period.year(2022).end
    assert end is not None
    stocks = [
        d.Stock(sid, place=place, population=population, count=None, as_of=end)
        for sid, place in [
            ("s1", d.Place("ETH", admin3="ET041291")),
            ("s2", d.Place(som, admin2="SO2401", lat=3.1, lon=43.6, accuracy=d.Accuracy.POINT)),
            ("s3", d.Place("KAZ")),
        ]
    ]
    path = tmp_path / "places.json"
    json.dump(d.Dataset(flows=flows, stocks=stocks), path)
    done = run("summary", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-4:] == [
        "Places (7: the flows' origins and destinations, the stocks' places; each by the finest part it gives)",
        "country  admin1  admin2  admin3  named area  point",
        "-------  ------  ------  ------  ----------  -----",
        "1        2       1       1       1           1",
    ]


def test_summary_of_an_invalid_file(bad_file: Path) -> None:
    done = run("summary", bad_file)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("displacement: error: invalid document")
    assert "flows[0].count.value: -5 is negative" in done.stderr
    assert "Traceback" not in done.stderr


def test_convert_json_to_csv_folder_and_back(tmp_path: Path, example_file: Path) -> None:
    done = run("convert", example_file, tmp_path / "csv")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "actors.csv",
        "events.csv",
        "flows.csv",
        "sources.csv",
    ]
    back = run("convert", tmp_path / "csv", tmp_path / "back.json")
    assert back.returncode == 0, back.stderr
    assert (
        back.stdout
        == f"wrote {tmp_path / 'back.json'} (28 records: 7 sources, 11 actors, 6 events, 4 flows)\n"
    )
    assert (tmp_path / "back.json").read_bytes() == example_file.read_bytes()


def test_convert_one_type_to_one_csv(tmp_path: Path, example_file: Path) -> None:
    done = run("convert", example_file, tmp_path / "all.csv")
    assert done.returncode == 2
    assert "say --type" in done.stderr
    done = run("convert", "--type", "flows", example_file, tmp_path / "flows.csv")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "flows.csv").read_text(encoding="utf-8").startswith("id,origin.country,")
    # flows alone refer to events and sources that are not there: converting back says so
    back = run("convert", tmp_path / "flows.csv", tmp_path / "flows.json")
    assert back.returncode == 1
    assert (
        "flows.csv:2:causes[0]: refers to 'mobilization-decree', which is not in the dataset" in back.stderr
    )


def test_convert_forced_formats(tmp_path: Path, example_file: Path) -> None:
    odd = tmp_path / "document.data"
    odd.write_bytes(example_file.read_bytes())
    assert run("convert", odd, tmp_path / "x.json").returncode == 0  # the first bytes say JSON
    assert (tmp_path / "x.json").read_bytes() == example_file.read_bytes()
    unknown = tmp_path / "table.data"
    unknown.write_text("a,b\n1,2\n", encoding="utf-8")
    done = run("convert", unknown, tmp_path / "y.json")
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"displacement: error: {unknown}: cannot tell the format (its first line is 'a,b'); say --from: json, csv, hxl, parquet, unhcr,"
    )
    done = run("convert", "--from", "json", "--to", "json", odd, tmp_path / "copy.out")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "copy.out").read_bytes() == example_file.read_bytes()


def test_schema_prints_the_schema() -> None:
    done = run("schema")
    assert done.returncode == 0
    assert stdlib_json.loads(done.stdout) == json_schema()


@pytest.mark.parametrize("command", ["validate", "summary", "convert", "schema", "example"])
def test_help_for_each_command(command: str) -> None:
    done = run(command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith(f"usage: displacement {command}")


def test_version_and_usage_errors() -> None:
    assert run("--version").stdout == f"displacement {d.__version__}\n"
    done = run("validate")
    assert done.returncode == 2
    assert "the following arguments are required: FILE" in done.stderr
    assert run("frobnicate").returncode == 2


def test_example_still_works() -> None:
    done = run("example", "kazakhstan-2022")
    assert done.returncode == 0
    assert done.stdout.startswith("Example: kazakhstan-2022\n========================\n\nSources (7)")


def big_document(path: Path, flows: int) -> Path:
    flow = json.unstructure(d.examples.kazakhstan_2022().flows[1]) | {"causes": [], "attributions": []}
    document: dict[str, Any] = {
        "schema_version": "1.0",
        "flows": [flow | {"id": f"f{i}"} for i in range(flows)],
    }
    path.write_text(stdlib_json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import pty

    path = big_document(tmp_path / "big.json", cli.PROGRESS_THRESHOLD)
    main, secondary = pty.openpty()
    seen: list[bytes] = []

    def read() -> None:
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closed
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    assert SCRIPT is not None
    done = subprocess.run(
        [SCRIPT, "validate", str(path)], stdout=subprocess.PIPE, stderr=secondary, text=True, check=False
    )
    os.close(secondary)
    reader.join(timeout=10)
    os.close(main)
    assert done.returncode == 0
    assert done.stdout == f"{path}: valid ({cli.PROGRESS_THRESHOLD} records)\n"
    drawn = b"".join(seen).decode()
    assert f"/{cli.PROGRESS_THRESHOLD} [" in drawn
    assert "records/s]" in drawn
    assert drawn.endswith("\r")  # the bar is cleared when the file is read


def test_no_progress_bar_when_not_a_terminal(tmp_path: Path) -> None:
    path = big_document(tmp_path / "big.json", cli.PROGRESS_THRESHOLD)
    done = run("validate", path)
    assert done.returncode == 0
    assert done.stderr == ""
