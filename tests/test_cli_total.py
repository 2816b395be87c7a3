"""``displacement total``: the printed totals are `Dataset.total`'s, and every bad option is one line.

The numbers are checked against `Dataset.total` called with the same arguments, on the built-in
example, on a small dataset made to set records aside (a superseded report, a figure partly
outside the period, households), and on two years of UNHCR's real flows.csv.
"""

from __future__ import annotations

import csv
import io
import json as stdlib_json
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import displacement as d
from displacement import cli
from displacement.dataset import Dataset
from displacement.flow import Metric, Movement, PopulationCategory
from displacement.io import json
from displacement.totals import Policy, Total, Totals

SCRIPT = shutil.which("displacement", path=str(Path(sys.executable).parent))


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the ``displacement`` console script, as a user would."""
    assert SCRIPT is not None, "the displacement entry point is not installed next to this Python"
    return subprocess.run([SCRIPT, *map(str, args)], capture_output=True, text=True, check=False)


def main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``cli.main`` in this process: (exit status, standard output, standard error)."""
    status = cli.main([str(a) for a in args])
    done = capsys.readouterr()
    return status, done.out, done.err


def flow(
    id: str,
    origin: str,
    destination: str,
    count: d.Count | None,
    period: d.Period,
    metric: Metric = Metric.ARRIVALS,
    category: PopulationCategory = PopulationCategory.REFUGEES,
) -> d.Flow:
    return d.Flow(
        id,
        origin=d.Place(origin),
        destination=d.Place(destination),
        movement=Movement.CROSS_BORDER,
        population=d.Population(category),
        count=count,
        period=period,
        metric=metric,
    )


MAY = d.Period.month(2023, 5)


def handmade() -> Dataset:
    """Flows into Chad made to exercise what a total sets aside, with a stock and households."""
    return Dataset(
        flows=[
            # one cumulative series since 1 May: the later report supersedes the earlier one
            flow(
                "early",
                "SDN",
                "TCD",
                d.Count(5000, qualifier="more_than"),
                d.Period(date(2023, 5, 1), date(2023, 5, 20)),
            ),
            flow(
                "late",
                "SDN",
                "TCD",
                d.Count(6000, qualifier="approximate"),
                d.Period(date(2023, 5, 1), date(2023, 5, 31)),
            ),
            # only partly in May: set aside from a total --during 2023-05
            flow("straddle", "CAF", "TCD", d.Count(700), d.Period(date(2023, 4, 20), date(2023, 5, 10))),
            flow("unknown", "LBY", "TCD", None, MAY),
            flow("families", "SSD", "TCD", d.Count(200, "households"), MAY),
            flow("to-egypt", "SDN", "EGY", d.Count(100, "people", "range", upper=150), MAY),
            flow("asylum", "SDN", "EGY", d.Count(90), MAY, category=PopulationCategory.ASYLUM_SEEKERS),
        ],
        stocks=[
            d.Stock(
                "in-chad",
                place=d.Place("TCD"),
                population=d.Population(PopulationCategory.REFUGEES),
                count=d.Count(600_000),
                as_of=date(2023, 5, 31),
            )
        ],
    )


def with_applications(dataset: Dataset) -> Dataset:
    """*dataset* with applications for asylum on a corridor that has arrivals: two metrics."""
    extra = flow("applied", "SDN", "EGY", d.Count(40), MAY, metric=Metric.APPLICATIONS)
    return Dataset(flows=[*dataset.flows, extra], stocks=dataset.stocks)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("total")
    made = {
        "kazakhstan": d.examples.kazakhstan_2022(),
        "karabakh": d.examples.karabakh_2023(),
        "handmade": handmade(),
        "mixed": with_applications(handmade()),
    }
    paths = {}
    for name, dataset in made.items():
        paths[name] = folder / f"{name}.json"
        json.dump(dataset, paths[name])
    return paths


@pytest.fixture(scope="module")
def unhcr_file(unhcr_flows: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dataset]:
    """UNHCR's flows of 2021 and 2022 (8,130 records), as a JSON document."""
    dataset = unhcr_flows.dataset
    years = dataset.subset([f for f in dataset.flows if f.period.start.year in (2021, 2022)])
    path = tmp_path_factory.mktemp("unhcr") / "flows-2021-2022.json"
    json.dump(years, path)
    return path, years


# -- what the command prints is what Dataset.total gives -------------------------------------------


def key_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, PopulationCategory | Metric | Movement | d.Measure):
        return value.value
    return str(value)


def expected_json(totals: Totals) -> list[dict[str, Any]]:
    """What ``--format json`` must print for *totals*, built from the library's results."""

    def one(t: Total) -> dict[str, Any]:
        low, high = t.count.bound_magnitudes if t.count is not None else (None, None)
        row: dict[str, Any] = {f: key_text(k) for f, k in zip(totals.by, t.key, strict=True)}
        row.update(
            count=str(t.count)
            if t.count is not None
            else ("unquantified" if t.unquantified else "nothing added"),
            lower=low,
            upper=high,
            unit=None if t.count is None else t.count.unit,
            records=list(t.records),
            unquantified=list(t.unquantified),
            set_aside=[
                {"record": s.record, "reason": s.reason.value, "kept": s.kept, "message": str(s)}
                for s in t.set_aside
            ],
            suspected_duplicates=list(t.suspected_duplicates),
            counted_once=t.counted_once,
            household_sizes=[{"record": r, "size": size} for r, size in t.household_sizes],
            below_breakdown=list(t.below_breakdown),
        )
        return row

    return [one(t) for t in totals.values()]


CASES: list[tuple[str, list[str], dict[str, Any]]] = [
    ("kazakhstan", [], {}),
    ("kazakhstan", ["--by", "origin"], {"by": "origin"}),
    ("kazakhstan", ["--by", "destination", "--where", "destination=KAZ,GEO"], {"by": "destination"}),
    ("kazakhstan", ["--of", "figures"], {"of": "figures"}),
    (
        "kazakhstan",
        ["--of", "figures", "--by", "measure,kind", "--where", "kind=PROTEST"],
        {"of": "figures", "by": ("measure", "kind")},
    ),
    ("handmade", [], {}),
    ("handmade", ["--during", "2023-05"], {"during": MAY}),
    (
        "handmade",
        ["--during", "2023-05-01..2023-05-31", "--policy", "range"],
        {"during": MAY, "policy": Policy.RANGE},
    ),
    (
        "handmade",
        ["--policy", "most-reliable", "--by", "origin", "--by", "category"],
        {"policy": Policy.MOST_RELIABLE, "by": ("origin", "category")},
    ),
    (
        "handmade",
        [
            "--during",
            "2023..",
            "--where",
            "category=Refugees",
            "--by",
            "destination",
            "--household-size",
            "SSD=6",
        ],
        {
            "by": "destination",
            "during": d.Period(date(2023, 1, 1), None),
            "household_sizes": d.HouseholdSizes({"SSD": 6}),
        },
    ),
    (
        "handmade",
        ["--household-size", "5.5", "--by", "destination,year"],
        {"by": ("destination", "year"), "household_sizes": d.HouseholdSizes({}, default=5.5)},
    ),
    ("handmade", ["--of", "stocks", "--where", "year=2023"], {"of": "stocks"}),
    ("karabakh", [], {}),
    ("karabakh", ["--duplicates-once"], {"duplicates_once": True}),
]
"""(file, options, what `Dataset.total` is called with besides the same *where*)."""

WHERE: dict[int, Callable[[Any], bool]] = {
    2: lambda f: f.destination.country in ("KAZ", "GEO"),
    4: lambda figure: True,  # the one figure is of a protest
    9: lambda f: f.population.category is PopulationCategory.REFUGEES,
    11: lambda s: s.as_of.year == 2023,
}


@pytest.mark.parametrize("case", range(len(CASES)))
def test_json_is_dataset_total(case: int, files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    name, options, arguments = CASES[case]
    status, out, err = main(capsys, "total", files[name], *options, "--format", "json")
    assert (status, err) == (0, "")
    dataset = json.load(files[name])
    expected = dataset.total(**arguments, where=WHERE.get(case))
    assert stdlib_json.loads(out) == expected_json(expected)
    assert len(expected) > 0


def test_the_handmade_dataset_sets_records_aside(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The dataset does what the cases above rely on: a superseded report, one partly outside."""
    status, out, _ = main(capsys, "total", files["handmade"], "--during", "2023-05", "--format", "json")
    assert status == 0
    found = {(r["origin"], r["destination"]): r for r in stdlib_json.loads(out)}
    assert found["SDN", "TCD"]["set_aside"] == [
        {
            "record": "early",
            "reason": "superseded",
            "kept": "late",
            "message": "early: superseded by late, a later report of the same cumulative figure",
        }
    ]
    assert [s["reason"] for s in found["CAF", "TCD"]["set_aside"]] == ["partly_outside"]
    assert (found["SDN", "EGY"]["lower"], found["SDN", "EGY"]["upper"]) == (190, 240)
    assert found["LBY", "TCD"] == found["LBY", "TCD"] | {
        "count": "unquantified",
        "lower": None,
        "upper": None,
    }


def test_csv_is_dataset_total(files: dict[str, Path]) -> None:
    done = run(
        "total", files["handmade"], "--during", "2023-05", "--by", "origin", "--format", "csv", "--explain"
    )
    assert (done.returncode, done.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    totals = handmade().total(by="origin", during=MAY)
    assert [r["origin"] for r in rows] == [t.key[0] for t in totals.values()]
    for row, t in zip(rows, totals.values(), strict=True):
        low, high = t.count.bound_magnitudes if t.count is not None else ("", "")
        assert (row["lower"], row["upper"]) == (str(low), "" if high is None else str(high))
        assert row["records"] == str(len(t.records))
        assert row["set_aside"] == str(len(t.set_aside))
        assert row["record_ids"].split(";") == [*t.records] or (row["record_ids"], t.records) == ("", ())
        assert row["set_aside_reasons"] == ";".join(str(s) for s in t.set_aside)
    sdn = rows[[r["origin"] for r in rows].index("SDN")]
    assert sdn["set_aside_ids"] == "early"
    assert (sdn["unit"], sdn["household_sizes"]) == ("person", "")


def test_text_table_and_explain(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = main(capsys, "total", files["handmade"], "--during", "2023-05", "--by", "origin")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "origin  count                           lower  upper  records  unquantified  set aside  duplicates",
        "------  ------------------------------  -----  -----  -------  ------------  ---------  ----------",
        "CAF     nothing added                                 0        0             1          0",
        "LBY     unquantified                                  0        1             0          0",
        "SDN     between 6,190 and 6,240 people  6,190  6,240  3        0             1          2",
        "SSD     200 households                  200    200    1        0             0          0",
        "4 totals of flows (policy: latest); 1 unquantified, 2 set aside, 2 may count the same people; "
        "--explain lists them",
    ]
    totals = handmade().total(by="origin", during=MAY)
    assert [line.split("  ")[0] for line in out.splitlines()[2:6]] == [t.key[0] for t in totals.values()]
    status, out, err = main(
        capsys, "total", files["handmade"], "--during", "2023-05", "--by", "origin", "--explain"
    )
    assert (status, err) == (0, "")
    explained = out.split("\n\n")[1:]
    assert (
        explained[0]
        == "CAF: nothing added\n  set aside (1):\n    straddle: its period lies only partly within the period of the total"
    )
    assert explained[1] == "LBY: unquantified\n  no number (1): unknown"
    assert explained[2] == (
        f"SDN: {totals['SDN'].count}\n"
        "  added (3): asylum, late, to-egypt\n"
        "  set aside (1):\n"
        "    early: superseded by late, a later report of the same cumulative figure\n"
        "  may count the same people (2): asylum, to-egypt"
    )
    assert "--explain lists them" not in out


def test_the_count_column_is_the_librarys(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = main(capsys, "total", files["handmade"], "--during", "2023-05", "--by", "origin")
    totals = handmade().total(by="origin", during=MAY)
    rows = out.splitlines()[2:-1]
    for row, t in zip(rows, totals.values(), strict=True):
        if t.count is not None:
            assert f"  {t.count}  " in row
            low, high = t.count.bound_magnitudes
            assert f"  {low:,}  " in row
            assert high is None or f"  {high:,}  " in row


# -- households ----------------------------------------------------------------------------------


def test_households_with_and_without_a_size(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("total", files["handmade"], "--where", "origin=SSD", "--format", "json")
    _, out, _ = main(capsys, *args)
    [without] = stdlib_json.loads(out)
    assert (without["count"], without["lower"], without["unit"], without["household_sizes"]) == (
        "200 households",
        200,
        "household",
        [],
    )
    _, out, _ = main(capsys, *args, "--household-size", "SSD=5.5", "--household-size", "4")
    [converted] = stdlib_json.loads(out)
    sizes = d.HouseholdSizes({"SSD": 5.5}, default=4)
    expected = handmade().total(where=lambda f: f.origin.country == "SSD", household_sizes=sizes)
    assert stdlib_json.loads(out) == expected_json(expected)
    assert (converted["lower"], converted["unit"], converted["household_sizes"]) == (
        1100,
        "person",
        [{"record": "families", "size": 5.5}],
    )


def test_households_and_people_in_one_group_need_a_size(files: dict[str, Path]) -> None:
    done = run("total", files["handmade"], "--by", "destination")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"displacement: error: {files['handmade']}: cannot total: cannot total the group ('TCD',): cannot combine "
        "persons and households without a household size: give --household-size N (every country) or "
        "--household-size COUNTRY=N\n"
    )
    done = run("total", files["handmade"], "--by", "destination", "--household-size", "SDN=5")
    assert done.stderr.endswith(
        "no household size for 'SSD' (sizes are given for SDN, and there is no default): add --household-size "
        "COUNTRY=N, or a default --household-size N\n"
    )
    assert run("total", files["handmade"], "--by", "destination", "--household-size", "5").returncode == 0


# -- the "done when": refugee arrivals by corridor for one year, from UNHCR's own table ----


def test_unhcr_refugee_arrivals_by_corridor(unhcr_file: tuple[Path, Dataset]) -> None:
    path, dataset = unhcr_file
    options = ["--where", "category=refugees", "--where", "metric=arrivals", "--during", "2022"]
    done = run("total", path, *options, "--by", "origin,destination", "--explain", "--format", "json")
    assert (done.returncode, done.stderr) == (0, "")
    expected = dataset.total(
        by=("origin", "destination"),
        during=d.Period.year(2022),
        where=lambda f: f.population.category is PopulationCategory.REFUGEES and f.metric is Metric.ARRIVALS,
    )
    printed = stdlib_json.loads(done.stdout)
    assert printed == expected_json(expected)
    assert len(printed) == 812
    assert sum(r["lower"] for r in printed) == sum(
        t.count.bound_magnitudes[0] for t in expected.values() if t.count
    )
    text = run("total", path, *options, "--by", "origin,destination", "--explain")
    assert text.returncode == 0
    assert text.stdout.splitlines()[2].split() == [
        "AFG",
        "BEL",
        "130",
        "people",
        "130",
        "130",
        "1",
        "0",
        "0",
        "0",
    ]
    assert "AFG, BEL: 130 people\n  added (1): unhcr-flows-2022-AFG-BEL-refugees\n" in text.stdout


@pytest.mark.parametrize(
    ("options", "arguments"),
    [
        (["--by", "metric,year"], {"by": ("metric", "year")}),
        (
            ["--by", "origin", "--where", "metric=applications", "--where", "destination=DEU,FRA"],
            {"by": "origin"},
        ),
        (
            ["--by", "category,metric", "--during", "2021-01..2021-12", "--policy", "maximum"],
            {"by": ("category", "metric"), "during": d.Period.year(2021), "policy": Policy.MAXIMUM},
        ),
    ],
)
def test_unhcr_totals_are_dataset_total(
    options: list[str],
    arguments: dict[str, Any],
    unhcr_file: tuple[Path, Dataset],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, dataset = unhcr_file
    status, out, err = main(capsys, "total", path, *options, "--format", "json")
    assert (status, err) == (0, "")
    where = None
    if "metric=applications" in options:
        where = lambda f: f.metric is Metric.APPLICATIONS and f.destination.country in ("DEU", "FRA")  # noqa: E731
    assert stdlib_json.loads(out) == expected_json(dataset.total(**arguments, where=where))


def test_unhcr_mixed_metrics_speaks_the_commands_language(unhcr_file: tuple[Path, Dataset]) -> None:
    path, _ = unhcr_file
    done = run("total", path, "--by", "origin")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"displacement: error: {path}: cannot total: the group ('AFG',) mixes flows of different metrics "
        "(applications, arrivals), which count different things: add --by origin,metric, or choose one with "
        "--where metric=...\n"
    )


# -- every bad option: one line, exit 2 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--by", "colour"],
            "--by: flows cannot be grouped by 'colour' (choose from origin, origin.subdivision, origin.admin1, origin.admin2, origin.admin3, destination, destination.subdivision, destination.admin1, destination.admin2, destination.admin3, movement, metric, category, nationality, year, sex, age, settlement, in_camp, disability)",
        ),
        (
            ["--of", "stocks", "--by", "origin"],
            "--by: stocks cannot be grouped by 'origin' (choose from place, place.subdivision, place.admin1, place.admin2, place.admin3, category, nationality, year, sex, age, settlement, in_camp, disability)",
        ),
        (["--by", "origin,"], "--by: expected FIELD[,FIELD...], got 'origin,' (an empty field name)"),
        (["--by", "origin", "--by", "origin"], "--by: 'origin' is named twice"),
        (
            ["--where", "colour=red"],
            "--where: flows have no field 'colour' to filter on; choose from origin, destination, movement, metric, category, nationality, year",
        ),
        (
            ["--where", "metrc=arrivals"],
            "--where: flows have no field 'metrc' to filter on (did you mean 'metric'?); choose from origin, destination, movement, metric, category, nationality, year",
        ),
        (
            ["--of", "stocks", "--where", "origin=RUS"],
            "--where: stocks have no field 'origin' to filter on; choose from place, category, nationality, year",
        ),
        (["--where", "metric"], "--where: expected FIELD=VALUE (metric=arrivals), got 'metric'"),
        (
            ["--where", "metric=arival"],
            "--where metric='arival': no such metric; choose from arrivals, departures, crossings, new_displacements, applications, naturalisations",
        ),
        (
            ["--where", "metric=Arivals"],
            "--where metric='Arivals': no such metric (did you mean 'arrivals'?); choose from arrivals, departures, crossings, new_displacements, applications, naturalisations",
        ),
        (
            ["--where", "metric=arrivals,"],
            "--where metric=: expected a value, or values A,B (either), got 'arrivals,'",
        ),
        (
            ["--where", "destination=KZA"],
            "--where destination='KZA': 'KZA' is not an ISO 3166-1 alpha-3 code (did you mean 'KAZ'?)",
        ),
        (
            ["--where", "destination=SO2410"],
            "--where destination='SO2410': not a country code, an ISO 3166-2 code or a p-code of the gazetteer (did you mean 'SO2401'?)",
        ),
        (
            ["--where", "destination=" + "X" * 100_000],
            "--where destination='XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'... (100,000 characters): not a country code, ISO 3166-2 code or p-code",
        ),
        (["--where", "year=22"], "--where year='22': expected a year such as 2022"),
        (
            ["--of", "figures", "--where", "hazard=flod"],
            "--where hazard='flod': 'flod' is not an IDMC hazard class; did you mean 'Flood'?",
        ),
        (
            ["--of", "figures", "--where", "event=nope"],
            "--where event='nope': the file has no event with that id",
        ),
        (
            ["--during", "22"],
            "--during: expected a year (2022), a month (2022-03), a day (2022-03-05) or a range START..END (2022-01..2022-06, 2022.., ..2022-06-30), got '22'",
        ),
        (
            ["--during", ".."],
            "--during: expected a year (2022), a month (2022-03), a day (2022-03-05) or a range START..END (2022-01..2022-06, 2022.., ..2022-06-30), got '..'",
        ),
        (
            ["--during", "2022-13"],
            "--during '2022-13': no month 2022-13 (years run from 1 to 9999, months from 1 to 12)",
        ),
        (
            ["--during", "2022..2022-02-30"],
            "--during: 2022-02-30 is not a day of the calendar (day is out of range for month)",
        ),
        (
            ["--during", "2022-06..2022-01"],
            "--during '2022-06..2022-01': the end 2022-01-31 is before the start 2022-06-01",
        ),
        (
            ["--household-size", "big"],
            "--household-size: expected people per household (4.5) or COUNTRY=N (AFG=7.4), got 'big'",
        ),
        (
            ["--household-size", "AFX=7"],
            "--household-size 'AFX=7': 'AFX' is not an ISO 3166-1 alpha-3 code (did you mean 'AFG'?)",
        ),
        (
            ["--household-size", "AFG=0"],
            "--household-size 'AFG=0': 0.0 is not a positive finite number of persons per household",
        ),
        (
            ["--household-size", "4", "--household-size", "5"],
            "--household-size: a default size is given twice ('4' and '5')",
        ),
        (
            ["--policy", "newest"],
            "--policy: expected one of latest, most_reliable, maximum, range, got 'newest'",
        ),
        (["--of", "people"], "--of: expected flows, stocks or figures, got 'people'"),
        (["--format", "xml"], "--format: expected text, json or csv, got 'xml'"),
    ],
)
def test_bad_options(
    options: list[str], message: str, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(capsys, "total", files["kazakhstan"], *options) == (
        2,
        "",
        f"displacement: error: {message}\n",
    )


def test_options_are_checked_before_the_file_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.json"
    assert main(capsys, "total", missing, "--where", "metric=arival")[0:2] == (2, "")
    assert main(capsys, "total", missing) == (
        2,
        "",
        f"displacement: error: {missing}: no such file or directory\n",
    )


def test_exit_codes_through_the_console_script(files: dict[str, Path], tmp_path: Path) -> None:
    mixed = run("total", files["mixed"], "--by", "origin,destination")
    assert (mixed.returncode, mixed.stdout) == (2, "")
    assert mixed.stderr == (
        f"displacement: error: {files['mixed']}: cannot total: the group ('SDN', 'EGY') mixes flows of different "
        "metrics (applications, arrivals), which count different things: add --by origin,destination,metric, or "
        "choose one with --where metric=...\n"
    )
    chosen = run(
        "total", files["mixed"], "--where", "metric=ARRIVALS", "--household-size", "5", "--format", "json"
    )
    assert chosen.returncode == 0
    assert [r["records"] for r in stdlib_json.loads(chosen.stdout) if r["destination"] == "EGY"] == [
        ["asylum", "to-egypt"]
    ]
    default = run("total", files["mixed"])
    assert default.stderr.endswith("add --by ...,metric, or choose one with --where metric=...\n")
    bad_by = run("total", files["kazakhstan"], "--by", "colour")
    assert (bad_by.returncode, bad_by.stdout, len(bad_by.stderr.splitlines())) == (2, "", 1)
    missing = run("total", tmp_path / "nope.json")
    assert (missing.returncode, missing.stderr) == (
        2,
        f"displacement: error: {tmp_path / 'nope.json'}: no such file or directory\n",
    )
    document = json.unstructure(d.examples.kazakhstan_2022())
    document["flows"][0]["count"]["value"] = -5
    invalid = tmp_path / "invalid.json"
    invalid.write_text(stdlib_json.dumps(document), encoding="utf-8")
    done = run("total", invalid)
    assert (done.returncode, done.stdout) == (1, "")
    assert "flows[0].count.value: -5 is negative" in done.stderr
    assert "Traceback" not in done.stderr + missing.stderr + bad_by.stderr + mixed.stderr


def test_where_a_place_lies_within_a_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A p-code or ISO 3166-2 code matches the places within it, by `Place.within`."""
    dataset = d.examples.somalia_prmn_2022()
    path = tmp_path / "somalia.json"
    json.dump(dataset, path)
    bay = d.Place("SOM", admin1="SO24")
    _, out, _ = main(capsys, "total", path, "--where", "destination=SO24", "--format", "json")
    expected = dataset.total(where=lambda f: f.destination.within(bay))
    assert stdlib_json.loads(out) == expected_json(expected)
    assert (
        sum(len(t.records) for t in expected.values())
        == len(dataset.flows_where(destination=bay, within=True))
        > 0
    )
    _, out, _ = main(capsys, "total", path, "--where", "destination=SO11", "--format", "json")
    assert stdlib_json.loads(out) == []
    _, out, _ = main(capsys, "total", path, "--where", "destination=SO11", "--format", "csv")
    assert (
        out
        == "origin,destination,count,lower,upper,unit,records,unquantified,set_aside,suspected_duplicates\n"
    )
    _, out, _ = main(capsys, "total", path, "--where", "destination=SO11")
    assert out == "no flows to total\n"
