"""``displacement extract``: an article file (or standard input) to a draft, as text or a document."""

from __future__ import annotations

import io
import json
import pathlib
from datetime import date

import pytest

from displacement import SourceKind, cli
from displacement.articles import extract
from displacement.io import json as io_json

SEED = (
    pathlib.Path(__file__).resolve().parents[1].parent
    / "shared"
    / "examples"
    / "upi-2022-09-27-kazakhstan.txt"
)

CHAD = "More than 5,000 refugees crossed into Chad from Sudan last week, UNHCR said."
"""One sentence with every part of a flow but a nationality and a cause; published 2023-05-09."""
PUBLISHED = "2023-05-09"  # a Tuesday: "last week" is Monday 1 May to Sunday 7 May
KILLED = "The floods killed 1,700 people and destroyed 2,000 homes."


def _article(tmp_path: pathlib.Path, text: str, name: str = "article.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(["extract", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command argparse refuses: exit 2, and its message on standard error."""
    with pytest.raises(SystemExit) as exc:
        cli.main(["extract", *argv])
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


# -- text ----------------------------------------------------------------------------------------


def test_text_prints_the_flow_then_each_value_beside_its_words(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(capsys, _article(tmp_path, CHAD + "\n"), "--published", PUBLISHED)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert (
        lines[0]
        == "flow-1: more than 5,000 people, SDN -> TCD, 2023-05-01 to 2023-05-07, cross_border (crossings)"
    )
    fields = [(line[2:25].rstrip(), line[33:], line[26:33].rstrip()) for line in lines[1:8]]
    assert fields == [
        ("count", "'More than 5,000 refugees'", "high"),
        ("movement", "'crossed into'", "high"),
        ("origin", "'Sudan'", "high"),
        ("destination", "'Chad'", "high"),
        ("population.category", "'refugees'", "high"),
        ("period", "'last week'", "medium"),
        ("attributions", "'UNHCR'", "high"),
    ]
    assert lines[1] == "  count                   high   'More than 5,000 refugees'"
    assert lines[8:] == ["  not in the text: population.nationality, causes"]


def test_text_says_which_figures_are_not_movements_and_why(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, _article(tmp_path, KILLED), "--published", PUBLISHED)
    assert status == 0
    assert out.splitlines() == [
        "not drafted: '1,700 people': counts deaths, not people moving",
        "not drafted: '2,000 homes': counts homes or buildings, not people moving",
    ]


def test_text_of_a_flow_and_a_figure_not_drafted(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, _article(tmp_path, f"{CHAD} {KILLED}"), "--published", PUBLISHED)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("flow-1: more than 5,000 people, SDN -> TCD, ")
    assert lines[-2:] == [
        "not drafted: '1,700 people': counts deaths, not people moving",
        "not drafted: '2,000 homes': counts homes or buildings, not people moving",
    ]


@pytest.mark.parametrize("text", ["The weather was fine on Sunday.", "", "\n\n"])
def test_text_with_nothing_to_draft_says_so(
    text: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(capsys, _article(tmp_path, text), "--published", PUBLISHED)
    assert (status, out, err) == (0, "no figures or movements found\n", "")


def test_the_text_is_what_str_of_the_draft_says(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = f"{CHAD}\n\n{KILLED}\nThousands of people fled to Chad on Sunday."
    status, out, _ = _run(capsys, _article(tmp_path, text), "--published", PUBLISHED)
    assert status == 0
    assert out == str(extract(text, published=date(2023, 5, 9))) + "\n"


# -- a document ----------------------------------------------------------------------------------


def test_json_is_the_drafted_dataset(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, _article(tmp_path, CHAD), "--published", PUBLISHED, "--format", "json")
    assert (status, err) == (0, "")
    dataset = io_json.loads(out)
    assert dataset == extract(CHAD, published=date(2023, 5, 9)).dataset
    (flow,) = dataset.flows
    assert (flow.origin.country, flow.destination.country, str(flow.count)) == (
        "SDN",
        "TCD",
        "more than 5,000 people",
    )
    assert json.loads(out)["flows"][0]["attributions"] == [
        {"source": "article", "attributed_to": ["unhcr"], "excerpt": CHAD}
    ]


def test_output_writes_a_document_that_validate_accepts(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "draft.json"
    status, out, _ = _run(capsys, _article(tmp_path, CHAD), "--published", PUBLISHED, "-o", str(target))
    assert status == 0
    assert out == f"wrote {target} (3 records: 2 sources, 1 flow)\n"
    assert io_json.load(target) == extract(CHAD, published=date(2023, 5, 9)).dataset
    assert cli.main(["validate", str(target)]) == 0
    assert capsys.readouterr().out == f"{target}: valid (3 records)\n"


def test_output_in_a_folder_that_does_not_exist_is_a_usage_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "draft.json"
    status, out, err = _run(capsys, _article(tmp_path, CHAD), "--published", PUBLISHED, "-o", str(target))
    assert (status, out) == (2, "")
    assert str(target) in err
    assert not target.exists()


def test_publisher_is_the_publisher_of_the_article_source(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = (_article(tmp_path, CHAD), "--published", PUBLISHED, "--format", "json", "--publisher", "UPI")
    status, out, _ = _run(capsys, *argv)
    assert status == 0
    dataset = io_json.loads(out)
    article = dataset.sources[0]
    assert (article.id, article.publisher, article.kind, article.published) == (
        "upi",
        "UPI",
        SourceKind.NEWS_MEDIA,
        date(2023, 5, 9),
    )
    (attribution,) = dataset.flows[0].attributions
    assert (attribution.source, attribution.attributed_to) == ("upi", ("unhcr",))


def test_without_publisher_the_article_is_a_source_known_by_its_text(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, _article(tmp_path, CHAD), "--published", PUBLISHED, "--format", "json")
    assert status == 0
    article = io_json.loads(out).sources[0]
    assert (article.id, article.publisher, article.published) == ("article", None, date(2023, 5, 9))


# -- standard input ------------------------------------------------------------------------------


def test_dash_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(CHAD + "\n"))
    status, out, _ = _run(capsys, "-", "--published", PUBLISHED, "--format", "json")
    assert status == 0
    assert io_json.loads(out) == extract(CHAD + "\n", published=date(2023, 5, 9)).dataset


def test_dash_reads_the_bytes_of_standard_input_as_utf8(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # a real standard input has bytes under it: they are read as UTF-8 whatever the locale says
    # (here latin-1, which would garble "Côte" and lose the destination)
    text = "About 5,000 refugees fled to Côte d\u2019Ivoire from Burkina Faso last week, UNHCR said."
    stdin = io.TextIOWrapper(io.BytesIO((text + "\r\n").encode()), encoding="latin-1")
    monkeypatch.setattr("sys.stdin", stdin)
    status, out, _ = _run(capsys, "-", "--published", PUBLISHED, "--format", "json")
    assert status == 0
    dataset = io_json.loads(out)
    assert [(f.origin.country, f.destination.country) for f in dataset.flows] == [("BFA", "CIV")]
    assert dataset == extract(text + "\n", published=date(2023, 5, 9)).dataset  # \r\n read as \n


def test_standard_input_that_is_not_utf8_is_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # before: under a C.UTF-8 locale the byte went through as a lone surrogate ('caf\udce9'),
    # under a strict decoder it was a UnicodeDecodeError traceback
    stdin = io.TextIOWrapper(
        io.BytesIO(b"caf\xe9 " + CHAD.encode()), encoding="utf-8", errors="surrogateescape"
    )
    monkeypatch.setattr("sys.stdin", stdin)
    status, out, err = _run(capsys, "-", "--published", PUBLISHED)
    assert (status, out) == (2, "")
    assert (
        err == "displacement: error: standard input: not UTF-8 text (invalid continuation byte at byte 3)\n"
    )


# -- errors --------------------------------------------------------------------------------------


def test_a_missing_file_is_named(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.txt"
    status, out, err = _run(capsys, str(missing), "--published", PUBLISHED)
    assert (status, out) == (2, "")
    assert err == f"displacement: error: {missing}: no such file or directory\n"


def test_a_folder_is_not_an_article(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, str(tmp_path), "--published", PUBLISHED)
    assert (status, out) == (2, "")
    assert err.startswith(f"displacement: error: {tmp_path}: ")
    assert "Traceback" not in err


def test_a_file_that_is_not_utf8_says_so(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Plus de 5 000 réfugiés sont arrivés au Tchad.".encode("latin-1"))
    status, out, err = _run(capsys, str(path), "--published", PUBLISHED)
    assert (status, out) == (2, "")
    assert err == f"displacement: error: {path}: not UTF-8 text (invalid continuation byte at byte 15)\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2022-13-01", "argument --published: not a date: '2022-13-01' (month must be in 1..12)"),
        ("2023-02-29", "argument --published: not a date: '2023-02-29' (day is out of range for month)"),
        ("yesterday", "argument --published: expected a date as YYYY-MM-DD, got 'yesterday'"),
        ("09/05/2023", "argument --published: expected a date as YYYY-MM-DD, got '09/05/2023'"),
        ("2" * 100, "argument --published: expected a date as YYYY-MM-DD, got '22222222222222222222...'"),
    ],
)
def test_published_must_be_a_date(
    value: str, message: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _usage_error(capsys, _article(tmp_path, CHAD), "--published", value)
    assert err.splitlines()[-1] == f"displacement extract: error: {message}"


def test_published_is_required(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(capsys, _article(tmp_path, CHAD))
    assert (
        err.splitlines()[-1]
        == "displacement extract: error: the following arguments are required: --published"
    )


@pytest.mark.parametrize("value", ["", " ", "\t"])
def test_a_blank_publisher_is_refused(
    value: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # before: "" gave an article with no publisher, " " a ValidationError with exit status 1
    err = _usage_error(capsys, _article(tmp_path, CHAD), "--published", PUBLISHED, "--publisher", value)
    assert (
        err.splitlines()[-1]
        == f"displacement extract: error: argument --publisher: expected a publisher's name, got {value!r}"
    )


def test_an_unknown_format_is_refused(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage_error(capsys, _article(tmp_path, CHAD), "--published", PUBLISHED, "--format", "csv")
    assert "argument --format: invalid choice: 'csv'" in err


# -- the seed article ----------------------------------------------------------------------------


@pytest.fixture
def seed() -> str:
    if not SEED.is_file():
        pytest.skip(f"the seed article is not at {SEED} (it is in ../shared/examples of a checkout)")
    return str(SEED)


def test_the_seed_article_gives_four_flows(seed: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, seed, "--published", "2022-09-27", "--publisher", "UPI")
    assert status == 0
    heads = [line.split(", ")[:2] for line in out.splitlines() if line.startswith("flow-")]
    assert heads == [
        ["flow-1: 98,000 people", "RUS -> KAZ"],
        ["flow-2: unquantified", "RUS -> GEO"],
        ["flow-3: unquantified", "RUS -> FIN"],
        ["flow-4: unquantified", "RUS -> MNG"],
    ]
    assert out.startswith(
        "flow-1: 98,000 people, RUS -> KAZ, since 2022-09-21 until 2022-09-27 (as of 2022-09-27), "
    )
    assert "  attributions            high   'Interior Ministry of Kazakhstan'" in out


def test_the_seed_article_as_a_document_validates(
    seed: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "kazakhstan.json"
    argv = (seed, "--published", "2022-09-27", "--publisher", "UPI", "-o", str(target))
    status, out, _ = _run(capsys, *argv)
    assert status == 0
    assert out.startswith(f"wrote {target} (")
    dataset = io_json.load(target)
    assert [(f.origin.country, f.destination.country) for f in dataset.flows] == [
        ("RUS", "KAZ"),
        ("RUS", "GEO"),
        ("RUS", "FIN"),
        ("RUS", "MNG"),
    ]
    assert [f.count is None for f in dataset.flows] == [False, True, True, True]
    assert dataset.sources[0].publisher == "UPI"
    assert cli.main(["validate", str(target)]) == 0
    records = len(dataset.sources) + len(dataset.events) + len(dataset.flows)
    assert capsys.readouterr().out == f"{target}: valid ({records} records)\n"
