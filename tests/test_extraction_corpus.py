"""The evaluation of `extract` on the labelled corpus (issue 18): the corpus, the targets, no misleading misread.

The corpus (tests/data/extraction) and the scorer (benchmarks/extraction.py) live in the repository,
not in the sdist, so these tests skip there with a message.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re
import sys
from datetime import date
from types import ModuleType
from typing import Any

import pytest

import displacement as d

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCORER = ROOT / "benchmarks" / "extraction.py"
CODES = re.compile(r"[A-Z]{3}|[A-Z]{2}-[A-Z0-9]{1,3}|[A-Z]{2}[0-9]{2,10}")
QUALIFIERS = {q.value for q in d.Qualifier}
CATEGORIES = {c.value for c in d.PopulationCategory}


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    if not SCORER.is_file() or not (ROOT / "tests" / "data" / "extraction").is_dir():
        pytest.skip("the extraction corpus and its scorer are in a clone of the repository, not in the sdist")
    spec = importlib.util.spec_from_file_location("extraction_scorer", SCORER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def items(scorer: ModuleType) -> list[Any]:
    return list(scorer.load())


def test_the_corpus_is_what_the_issue_asks_for(items: list[Any]) -> None:
    assert len(items) >= 60
    assert len({i.crisis for i in items}) >= 10
    assert len({i.id for i in items}) == len(items)
    kinds = {i.kind for i in items}
    assert {"refugee flight", "evacuation", "return"} <= kinds | {"mixed"}
    for item in items:
        assert item.publisher.strip(), item.id
        assert date(1950, 1, 1) <= item.published <= date(2026, 12, 31), item.id
        assert 0 < len(item.text) <= 600, item.id  # a sentence or two, never an article


def test_every_label_is_well_formed(items: list[Any]) -> None:
    problems = []
    for item in items:
        for n, flow in enumerate(item.flows):
            where = f"{item.id} flow {n}"
            count = flow.get("count")
            if count is not None:
                if count.get("qualifier", "exact") not in QUALIFIERS:
                    problems.append(f"{where}: qualifier {count.get('qualifier')!r}")
                d.Count(
                    count["value"],
                    count.get("unit", "person"),
                    count.get("qualifier", "exact"),
                    upper=count.get("upper"),
                )
            for key in ("origin", "destination", "nationality"):
                value = flow.get(key)
                if value is not None and not CODES.fullmatch(value):
                    problems.append(f"{where}: {key} {value!r} is not a code")
            if flow.get("category") is not None and flow["category"] not in CATEGORIES:
                problems.append(f"{where}: category {flow['category']!r}")
            for key in ("start", "end"):
                value = flow.get(key)
                if value is not None and not re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d)?)?", value):
                    problems.append(f"{where}: {key} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
                elif value is not None and value > item.published.isoformat():
                    problems.append(f"{where}: {key} {value} is after the publication")
    assert problems == []


FLOORS = {
    "count": 0.94,
    "qualifier": 0.94,
    "origin": 0.71,
    "destination": 0.66,
    "start": 0.85,
    "end": 0.83,
    "attribution": 0.78,
}
"""F1 on the corpus this release reaches, less a little: a change that reads worse fails here.

The issue's targets (`TARGETS` in the scorer: 0.95 for counts and qualifiers, 0.90 for places,
0.85 for periods and attribution) are met for counts, qualifiers and periods, not yet for places
and attribution; docs/extraction.md shows the table and
says what the rules do not read. Raise a floor when the extractor gets better."""


def test_extraction_reads_no_worse_than_this_release_and_never_misleads(
    scorer: ModuleType, items: list[Any]
) -> None:
    report = scorer.evaluate(items)
    worse = {f: round(report.scores[f].f1, 3) for f, floor in FLOORS.items() if report.scores[f].f1 < floor}
    assert worse == {}, scorer.table(report)
    assert report.misleading == []
    assert report.spurious_flows <= 5  # drafted flows no label has


def test_the_scorer_counts_a_wrong_number_as_misleading(scorer: ModuleType) -> None:
    item = scorer.Item(
        "made-up",
        "a test",
        "refugee flight",
        "Test",
        date(2023, 5, 9),
        "More than 5,000 refugees crossed into Chad from Sudan last week.",
        [{"count": {"value": 6000, "qualifier": "more_than"}, "origin": "SDN", "destination": "TCD"}],
    )
    report = scorer.evaluate([item])
    assert report.misleading == [
        "made-up: wrong number: {'value': 6000, 'qualifier': 'more_than'} read as (5000, None)"
    ]
    assert (report.scores["count"].tp, report.scores["count"].fp, report.scores["count"].fn) == (0, 1, 1)
    assert report.scores["origin"].tp == 1
