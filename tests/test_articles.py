"""Drafting records from an article (issue 18): the seed article end to end, and the rules one by one."""

from __future__ import annotations

import json
import pathlib
from datetime import UTC, date, datetime

import pytest

import displacement as d
from displacement.articles import Confidence, Draft, extract

SEED = (
    pathlib.Path(__file__).resolve().parents[1].parent
    / "shared"
    / "examples"
    / "upi-2022-09-27-kazakhstan.txt"
)


def _evidence(draft: Draft, record: str) -> dict[str, tuple[str, Confidence]]:
    return {e.field: (e.text, e.confidence) for e in draft.evidence_for(record)}


@pytest.fixture(scope="module")
def seed() -> Draft:
    if not SEED.is_file():
        pytest.skip(f"the seed article is not at {SEED} (it is in ../shared/examples of a checkout)")
    return extract(SEED.read_text(encoding="utf-8"), published=date(2022, 9, 27), source="UPI")


def test_the_seed_article_gives_the_four_flows_of_the_worked_example(seed: Draft) -> None:
    flows = seed.dataset.flows
    assert [(f.origin.country, f.destination.country, f.count) for f in flows] == [
        ("RUS", "KAZ", d.Count(98000)),
        ("RUS", "GEO", None),
        ("RUS", "FIN", None),
        ("RUS", "MNG", None),
    ]
    first = flows[0]
    assert first.period == d.Period(
        date(2022, 9, 21), date(2022, 9, 27), as_of=date(2022, 9, 27), open_start=True
    )
    assert first.movement is d.Movement.CROSS_BORDER
    assert first.population.nationality == "RUS"
    assert all(f.movement is d.Movement.CROSS_BORDER and f.population.nationality == "RUS" for f in flows)


def test_the_seed_figure_is_the_interior_ministrys_via_upi_caused_by_the_mobilization(seed: Draft) -> None:
    first = seed.dataset.flows[0]
    sources = {s.id: s for s in seed.dataset.sources}
    (attribution,) = first.attributions
    assert sources[attribution.source].publisher == "UPI"
    assert [sources[i].publisher for i in attribution.attributed_to] == ["Interior Ministry of Kazakhstan"]
    assert sources[attribution.attributed_to[0]].kind is d.SourceKind.GOVERNMENT
    (cause,) = first.causes
    event = seed.dataset.events[0]
    assert event.id == cause
    assert event.kind is d.EventKind.MOBILIZATION
    assert event.period == d.Period.day(date(2022, 9, 21))


def test_every_value_of_the_seed_flow_points_at_its_words(seed: Draft) -> None:
    text = seed.text
    for e in seed.evidence:
        assert text[e.start : e.end] == e.text
    first = seed.dataset.flows[0]
    evidence = _evidence(seed, first.id)
    assert evidence["count"] == ("98,000 Russians", Confidence.HIGH)
    assert evidence["destination"][0] == "the Central Asian nation"
    assert evidence["origin"] == ("Russians", Confidence.MEDIUM)
    assert evidence["period"][0].startswith("since Russian President Vladimir Putin announced")
    assert evidence["period"][0].endswith("Sept. 21")
    assert evidence["attributions"][0] == "Interior Ministry of Kazakhstan"
    assert evidence["causes"][0] == "partial mobilization"
    corridors = _evidence(seed, seed.dataset.flows[1].id)
    assert corridors["destination"] == ("Georgia", Confidence.HIGH)
    assert "count" not in corridors
    assert seed.missing(seed.dataset.flows[1].id)[0] == "count"


def test_figures_that_are_not_movements_are_listed_with_the_reason(seed: Draft) -> None:
    assert [(u.text, u.reason) for u in seed.unread] == [
        ("thousands of anti-mobilization protesters", "counts protesters, not people moving")
    ]


def test_the_draft_is_a_valid_document(seed: Draft, tmp_path: pathlib.Path) -> None:
    from displacement.io import json as djson

    assert djson.loads(djson.dumps(seed.dataset)) == seed.dataset
    assert json.loads(djson.dumps(seed.dataset))["flows"][0]["count"]["value"] == 98000


def test_the_same_text_gives_the_same_draft() -> None:
    text = "More than 5,000 refugees crossed into Chad from Sudan last week, UNHCR said."
    a = extract(text, published=date(2023, 5, 9))
    b = extract(text, published=date(2023, 5, 9))
    assert a.dataset == b.dataset
    assert a.evidence == b.evidence


def test_a_sentence_of_another_crisis() -> None:
    draft = extract(
        "More than 5,000 refugees crossed into Chad from Sudan last week, UNHCR said.",
        published=date(2023, 5, 9),
        source="Reuters",
    )
    (flow,) = draft.dataset.flows
    assert flow.count == d.Count(5000, qualifier=d.Qualifier.MORE_THAN)
    assert (flow.origin, flow.destination) == (d.Place("SDN"), d.Place("TCD"))
    assert flow.population.category is d.PopulationCategory.REFUGEES
    assert flow.period == d.Period.week(date(2023, 5, 1))
    sources = {s.id: s for s in draft.dataset.sources}
    assert sources[flow.attributions[0].original].publisher == "UNHCR"
    assert sources[flow.attributions[0].original].kind is d.SourceKind.UN_AGENCY


def test_a_rate_is_a_count_per_day() -> None:
    draft = extract("About 10,000 people a day are fleeing into Poland.", published=date(2022, 3, 1))
    (flow,) = draft.dataset.flows
    assert flow.count == d.Count(10000, "person / day", d.Qualifier.APPROXIMATE)
    assert _evidence(draft, flow.id)["count"][0] == "About 10,000 people a day"


def test_a_field_the_text_does_not_give_stays_empty() -> None:
    draft = extract("Thousands of people fled to Chad.", published=date(2023, 5, 1))
    (flow,) = draft.dataset.flows
    assert flow.origin == d.Place("UNK")
    assert flow.period == d.Period()
    assert flow.count == d.Count(2000, qualifier=d.Qualifier.AT_LEAST)
    # "fled to Chad" from nowhere said: a placeholder movement, not read
    assert draft.missing(flow.id) == (
        "movement",
        "origin",
        "population.nationality",
        "period",
        "attributions",
        "causes",
    )


def test_deaths_and_homes_are_not_flows() -> None:
    draft = extract(
        "The floods killed 1,700 people and destroyed 2 million homes, officials said.",
        published=date(2022, 9, 1),
    )
    assert draft.dataset.flows == ()
    assert [u.reason for u in draft.unread] == [
        "counts deaths, not people moving",
        "counts homes or buildings, not people moving",
    ]


def test_the_publication_date_comes_from_the_source_or_is_asked_for() -> None:
    upi = d.Source(
        "upi",
        d.SourceKind.NEWS_MEDIA,
        publisher="UPI",
        published=datetime(2022, 9, 27, 12, 24, tzinfo=UTC),
    )
    draft = extract("Some 500 people fled to Georgia since Sunday.", source=upi)
    (flow,) = draft.dataset.flows
    assert flow.attributions[0].source == "upi"
    assert flow.period.start == date(2022, 9, 25)
    with pytest.raises(d.DisplacementError, match="the article's date is needed"):
        extract("Some 500 people fled to Georgia.")
    with pytest.raises(d.DisplacementError, match="expected the article as a string"):
        extract(b"bytes", published=date(2022, 9, 27))  # type: ignore[arg-type]


# -- the rules one by one: each read from a sentence of the kind it was written for ---------------


def _one(text: str, published: date = date(2023, 5, 9)) -> tuple[d.Flow, Draft]:
    draft = extract(text, published=published)
    (flow,) = draft.dataset.flows
    return flow, draft


def test_a_verb_in_a_relative_clause_says_where_they_were() -> None:
    flow, _ = _one(
        "Around 40,000 Syrians who took shelter in Türkiye amid the civil war have returned home since "
        "the Feb. 6 earthquakes, officials said.",
        date(2023, 2, 28),
    )
    assert (flow.origin, flow.destination, flow.movement) == (
        d.Place("TUR"),
        d.Place("SYR"),
        d.Movement.RETURN,
    )


def test_what_may_happen_is_not_drafted_but_a_hedged_past_is() -> None:
    draft = extract("Up to 200,000 others could be forced to flee to Chad.", published=date(2023, 6, 1))
    assert draft.dataset.flows == ()
    assert [u.reason for u in draft.unread] == ["what may happen, not a movement that happened"]
    flow, _ = _one("Up to 30,000 Syrian refugees may have crossed into Lebanon.", date(2012, 7, 20))
    assert flow.count == d.Count(30000, qualifier=d.Qualifier.AT_MOST)


def test_an_elided_verb_repeats_the_one_before_with_its_own_places() -> None:
    draft = extract(
        "The agency estimates that 109,000 people have returned from Albania and around 60,000 from Macedonia.",
        published=date(1999, 6, 22),
    )
    assert [(f.count, f.origin) for f in draft.dataset.flows] == [
        (d.Count(109000), d.Place("ALB")),
        (d.Count(60000, qualifier=d.Qualifier.APPROXIMATE), d.Place("MKD")),
    ]


def test_a_part_keeps_the_corridor_of_the_whole() -> None:
    draft = extract(
        "Egypt has received more than 16,000 foreigners fleeing the deadly conflict in neighboring Sudan, "
        "including more than 14,000 Sudanese, the Egyptian Foreign Ministry said.",
        published=date(2023, 4, 28),
    )
    corridors = [(f.origin, f.destination, f.population.nationality) for f in draft.dataset.flows]
    assert corridors == [(d.Place("SDN"), d.Place("EGY"), None), (d.Place("SDN"), d.Place("EGY"), "SDN")]


def test_a_figure_said_on_a_day_runs_to_that_day() -> None:
    flow, _ = _one(
        "More than 100,000 Sudanese refugees had fled to Chad since the conflict broke out, the UN said on Monday.",
        date(2023, 6, 1),
    )
    assert (flow.period.end, flow.period.as_of) == (date(2023, 5, 29), date(2023, 5, 29))


def test_he_said_takes_the_speaker_named_before() -> None:
    draft = extract(
        "UNHCR spokesman Babar Baloch said the situation was grim. About 5,000 people crossed into Chad "
        "on Sunday, he said.",
        published=date(2023, 5, 9),
    )
    (flow,) = draft.dataset.flows
    sources = {s.id: s for s in draft.dataset.sources}
    assert sources[flow.attributions[0].original].publisher == "UNHCR spokesman Babar Baloch"
    assert draft.evidence_for(flow.id, "attributions")[0].confidence is Confidence.MEDIUM


def test_things_counted_are_not_people() -> None:
    draft = extract("The Jordanian military monitors 145 border points.", published=date(2013, 3, 14))
    assert draft.dataset.flows == ()
    assert [u.reason for u in draft.unread] == ["counts points, not people"]


def test_no_period_after_the_publication_day() -> None:
    flow, _ = _one("5,000 refugees crossed into Chad from May 1 to May 31, 2023.")
    assert flow.period.end == date(2023, 5, 9)
    flow, draft = _one("5,000 refugees crossed into Chad in 2024.")
    assert flow.period == d.Period()
    assert "period" in draft.missing(flow.id)


def test_a_speaker_who_told_an_outlet_is_reached_through_it() -> None:
    text = "Red Cross officials told Reuters some 18,000 refugees an hour were crossing into Rwanda from Tanzania."
    for article, chain in (
        ("CNN", ["CNN", "Reuters", "Red Cross officials"]),
        ("Reuters", ["Reuters", "Red Cross officials"]),
    ):
        draft = extract(text, published=date(1996, 12, 16), source=article)
        (flow,) = draft.dataset.flows
        sources = {s.id: s for s in draft.dataset.sources}
        assert [sources[i].publisher for i in flow.attributions[0].chain] == chain
        assert flow.count == d.Count(18000, "person / hour", d.Qualifier.APPROXIMATE)
        assert (flow.origin, flow.destination) == (d.Place("TZA"), d.Place("RWA"))


def test_the_time_of_the_flow_not_of_the_statement_or_of_the_event_fled() -> None:
    # the statement's day is the as-of of a cumulative count, never the time people moved
    flow, _ = _one(
        "On Thursday, the International Organization for Migration (IOM) reported that more than 43,000 "
        "individuals have been displaced by the floods in eastern Libya.",
        date(2023, 9, 21),
    )
    assert flow.period == d.Period(None, date(2023, 9, 21), as_of=date(2023, 9, 21))
    # the day of the event they fled is where the flow starts
    flow, _ = _one(
        "Some 20,000 to 30,000 Chadians streamed over the Chari River to Kousseri in Cameroon after "
        "fighting erupted in the Chad capital last Saturday.",
        date(2008, 2, 6),
    )
    assert flow.period == d.Period(
        date(2008, 2, 2), date(2008, 2, 6), as_of=date(2008, 2, 6), open_start=True
    )
    # "since ... as of": from the one to the other
    flow, _ = _one(
        "Following attacks since 24 March, IOM has reported that close to 10,000 people have fled Palma "
        "district, in Mozambique, as of 2 April 2021.",
        date(2021, 4, 7),
    )
    assert (flow.period.start, flow.period.end, flow.period.as_of) == (
        date(2021, 3, 24),
        date(2021, 4, 2),
        date(2021, 4, 2),
    )
    # "in the last two days": two whole days ending on the report's day
    flow, _ = _one(
        "More than 2,200 people have fled Sri Lanka's war zone in the last two days.", date(2009, 2, 6)
    )
    assert flow.period == d.Period(date(2009, 2, 5), date(2009, 2, 6))
