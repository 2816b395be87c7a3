"""The built-in example holds every fact of the worked example (shared/examples/kazakhstan-2022.md)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from displacement import (
    Actor,
    ActorKind,
    Count,
    Dataset,
    Event,
    EventKind,
    Flow,
    Metric,
    Movement,
    Period,
    Place,
    Precision,
    Qualifier,
    Source,
    SourceKind,
    examples,
)

DECREE = "mobilization-decree"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return examples.kazakhstan_2022()


def get_source(ds: Dataset, id: str) -> Source:
    record = ds.get(id)
    assert isinstance(record, Source)
    return record


def get_actor(ds: Dataset, id: str) -> Actor:
    record = ds.get(id)
    assert isinstance(record, Actor)
    return record


def get_event(ds: Dataset, id: str) -> Event:
    record = ds.get(id)
    assert isinstance(record, Event)
    return record


def get_flow(ds: Dataset, id: str) -> Flow:
    record = ds.get(id)
    assert isinstance(record, Flow)
    return record


def test_same_dataset_each_time(ds: Dataset) -> None:
    assert examples.kazakhstan_2022() == ds
    assert examples.EXAMPLES["kazakhstan-2022"]() == ds


# -- sources -----------------------------------------------------------------------------------


def test_s1_the_article(ds: Dataset) -> None:
    s1 = get_source(ds, "upi-2022-09-27")
    assert s1.kind is SourceKind.NEWS_MEDIA
    assert s1.publisher == "UPI"
    assert s1.authors == ("Patrick Hilsman",)
    assert s1.title == "Kazakhstan to shelter Russians fleeing military draft for Ukraine war"
    assert s1.section == "World News"
    assert isinstance(s1.published, datetime)
    assert s1.published.replace(tzinfo=None) == datetime(2022, 9, 27, 12, 24)
    assert s1.published.utcoffset() == timedelta(hours=-4)  # US Eastern daylight time


def test_s2_the_ministry_known_only_through_s1(ds: Dataset) -> None:
    s2 = get_source(ds, "kaz-interior-ministry-report")
    assert s2.kind is SourceKind.GOVERNMENT
    assert s2.actor == "kaz-interior-ministry"
    f1 = get_flow(ds, "f1-rus-kaz")
    [attribution] = f1.attributions
    assert attribution.chain == ("upi-2022-09-27", "kaz-interior-ministry-report")
    assert [r.id for r in ds.resolve(attribution)] == ["upi-2022-09-27", "kaz-interior-ministry-report"]
    assert "98,000 Russians have crossed" in (attribution.excerpt or "")


def test_s3_satellite_image(ds: Dataset) -> None:
    s3 = get_source(ds, "maxar-2022-09-25")
    assert s3.kind is SourceKind.SATELLITE_IMAGERY
    assert s3.publisher == "Maxar Technologies"
    assert s3.published == date(2022, 9, 25)
    assert "EPA-EFE" in (s3.description or "")
    assert "Georgia" in (s3.description or "")


def test_s4_new_york_times(ds: Dataset) -> None:
    s4 = get_source(ds, "nyt-podolyak-2022-09")
    assert s4.publisher == "The New York Times"
    assert s4.kind is SourceKind.NEWS_MEDIA
    assert "Podolyak" in (s4.description or "")


def test_photo_credits_are_sources_inside_the_article(ds: Dataset) -> None:
    photos = [s for s in ds.sources if s.id.startswith("photo-")]
    publishers = {s.publisher for s in photos}
    assert publishers == {
        "President Kassym-Jomart Tokayev's Press Office (Twitter)",
        "EPA-EFE",
        "Kremlin Pool",
    }
    assert all(s.part_of == "upi-2022-09-27" for s in photos)
    assert get_source(ds, "photo-shipenkov-epa").authors == ("Maxim Shipenkov",)


# -- actors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id", "kind", "country", "affiliation", "role"),
    [
        ("tokayev", ActorKind.PERSON, "KAZ", "gov-kaz", "President of Kazakhstan"),
        ("putin", ActorKind.PERSON, "RUS", "gov-rus", "President of Russia"),
        ("kaz-interior-ministry", ActorKind.GOVERNMENT_BODY, "KAZ", "gov-kaz", None),
        ("gov-rus", ActorKind.STATE, "RUS", None, None),
        ("gov-kaz", ActorKind.STATE, "KAZ", None, None),
        ("gov-ukr", ActorKind.STATE, "UKR", None, None),
        ("podolyak", ActorKind.PERSON, "UKR", "gov-ukr", "Adviser to the President of Ukraine"),
        ("rus-security-services", ActorKind.SECURITY_FORCES, "RUS", "gov-rus", None),
        ("protesters-russia", ActorKind.CIVILIANS, "RUS", None, None),
        ("protesters-dagestan", ActorKind.CIVILIANS, "RUS", None, None),
    ],
)
def test_actors(
    ds: Dataset, id: str, kind: ActorKind, country: str, affiliation: str | None, role: str | None
) -> None:
    a = get_actor(ds, id)
    assert (a.kind, a.country, a.affiliation) == (kind, country, affiliation)
    if role is not None:
        assert [r.title for r in a.roles] == [role]


def test_moscow_is_the_government_of_russia(ds: Dataset) -> None:
    assert "Moscow" in get_actor(ds, "gov-rus").aliases


def test_displaced_population(ds: Dataset) -> None:
    population = get_flow(ds, "f1-rus-kaz").population
    assert population.nationality == "RUS"
    assert "mostly men" in (population.description or "")
    assert "draft" in (population.description or "")


# -- events ------------------------------------------------------------------------------------


def test_e1_invasion(ds: Dataset) -> None:
    e1 = get_event(ds, "invasion-of-ukraine")
    assert e1.kind is EventKind.ARMED_CONFLICT
    assert e1.period.start == date(2022, 2, 24)
    assert {p.country for p in e1.places} == {"RUS", "UKR"}


def test_e2_mobilization_decree(ds: Dataset) -> None:
    e2 = get_event(ds, DECREE)
    assert e2.kind is EventKind.MOBILIZATION
    assert e2.period == Period.day(date(2022, 9, 21))
    assert e2.places == (Place("RUS"),)
    assert "putin" in {p.actor for p in e2.participants}
    assert e2.causes == ("invasion-of-ukraine",)  # E1 is the context of E2


def test_e3_protests_with_vague_arrest_figure(ds: Dataset) -> None:
    e3 = get_event(ds, "anti-mobilization-protests")
    assert e3.kind is EventKind.PROTEST
    assert e3.places == (Place("RUS"),)
    [figure] = e3.figures
    assert figure.count == Count(2000, qualifier=Qualifier.AT_LEAST)
    assert "arrested" in figure.description
    assert "thousands of anti-mobilization protesters" in (figure.attributions[0].excerpt or "")
    assert {p.actor for p in e3.participants} == {"protesters-russia", "rus-security-services"}
    # a figure about an event, not a displacement flow
    assert all(f.count != figure.count for f in ds.flows)


def test_e4_dagestan(ds: Dataset) -> None:
    e4 = get_event(ds, "dagestan-clashes")
    assert e4.kind is EventKind.VIOLENT_CLASH
    assert [(p.country, p.subdivision) for p in e4.places] == [("RUS", "RU-DA")]
    assert any("fired" in p.role for p in e4.participants)


def test_e5_speech_in_turkestan(ds: Dataset) -> None:
    e5 = get_event(ds, "tokayev-speech")
    assert e5.kind is EventKind.POLICY_ANNOUNCEMENT
    assert e5.period == Period.day(date(2022, 9, 27))
    assert [(p.country, p.subdivision) for p in e5.places] == [("KAZ", "KZ-61")]
    assert [p.actor for p in e5.participants] == ["tokayev"]
    assert "ensure their safety" in (e5.attributions[0].excerpt or "")


def test_e6_troops_earlier_this_year(ds: Dataset) -> None:
    e6 = get_event(ds, "russian-troops-to-kazakhstan")
    assert e6.period == Period.year(2022)
    assert e6.period.precision is Precision.YEAR
    assert e6.places == (Place("KAZ"),)
    assert "gov-rus" in {p.actor for p in e6.participants}


# -- flows -------------------------------------------------------------------------------------


def test_f1_rus_to_kaz(ds: Dataset) -> None:
    f1 = get_flow(ds, "f1-rus-kaz")
    assert (f1.origin, f1.destination) == (Place("RUS"), Place("KAZ"))
    assert f1.count == Count(98000)
    assert f1.count is not None
    assert f1.count.unit == "person"
    assert f1.count.qualifier is Qualifier.EXACT
    assert f1.movement is Movement.CROSS_BORDER
    assert f1.metric is Metric.CROSSINGS
    assert f1.causes == (DECREE,)
    assert f1.term == "have crossed into"


def test_f1_period_open_start_as_of_the_report(ds: Dataset) -> None:
    period = get_flow(ds, "f1-rus-kaz").period
    assert period.start == date(2022, 9, 21)
    assert period.open_start  # "since ... announced": counted from a moment within 21 September
    assert period.end == date(2022, 9, 27)
    assert period.as_of == date(2022, 9, 27)


def test_f1_rate_says_which_days_count(ds: Dataset) -> None:
    rate = get_flow(ds, "f1-rus-kaz").rate("day")
    assert rate.qualifier is Qualifier.RANGE
    assert rate.magnitude == pytest.approx(14000)
    assert rate.upper_magnitude == pytest.approx(16333.33, abs=0.01)


@pytest.mark.parametrize(
    ("id", "country"), [("f2-rus-geo", "GEO"), ("f3-rus-fin", "FIN"), ("f4-rus-mng", "MNG")]
)
def test_unquantified_corridors(ds: Dataset, id: str, country: str) -> None:
    f = get_flow(ds, id)
    assert f.count is None
    assert (f.origin.country, f.destination.country) == ("RUS", country)
    assert f.causes == (DECREE,)
    assert f.attributions[0].source == "upi-2022-09-27"
    assert "massive lines" in (f.attributions[0].excerpt or "")


def test_f2_seen_on_the_satellite_image(ds: Dataset) -> None:
    f2 = get_flow(ds, "f2-rus-geo")
    assert [a.source for a in f2.attributions] == ["upi-2022-09-27", "maxar-2022-09-25"]


def test_four_corridors_active(ds: Dataset) -> None:
    assert [f.destination.country for f in ds.flows_where(origin="RUS", cause=DECREE)] == [
        "KAZ",
        "GEO",
        "FIN",
        "MNG",
    ]
