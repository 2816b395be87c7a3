"""Places named in text (`displacement._textplaces.find_places`): spans, places, kinds, anaphors."""

from __future__ import annotations

import itertools

import pytest

from displacement import Place, ValidationError
from displacement._textplaces import KINDS, PlaceMention, find_places

# Sentences of the seed article (UPI, Sept. 27, 2022), as printed.
SEED = (
    "President of Kazakhstan Kassym-Jomart Tokayev delivers a speech Tuesday in the Turkestan "
    "region, saying fleeing Russians should be welcomed. "
    "Sept. 27 (UPI) -- Kazakh President Kassym-Jomart Tokayev said during a speech Tuesday that his "
    "country will take in Russians fleeing the military draft to serve in the war against Ukraine\n\n"
    "The Interior Ministry of Kazakhstan has reported that 98,000 Russians have crossed into the "
    'Central Asian nation since Russian President Vladimir Putin announced a "partial mobilization" '
    "on Sept. 21.\n\n"
    "Moscow saw Kazakhstan as a reliable ally in the past, sending troops to help quell internal "
    "dissent against Tokayev's government earlier this year.\n\n"
    "An exodus of Russian men has been reported across neighboring countries, with massive lines "
    "forming on the borders with Georgia, Finland and Mongolia. Unrest has been reported across the "
    "Russian Federation, with thousands of anti-mobilization protesters arrested by security services "
    "since the announcement of partial mobilization.\n\n"
    "The majority-Muslim republic of Dagestan, Russia, has seen particularly intense protests."
)


def rows(text: str) -> list[tuple[str, Place, str, str, int | None]]:
    return [(m.text, m.place, m.kind, m.confidence, m.refers_to) for m in find_places(text)]


def spans_hold(text: str) -> None:
    found = find_places(text)
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
        assert mention.kind in KINDS
        assert mention.confidence in ("high", "medium", "low")
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


class TestSeedArticle:
    def test_every_mention_with_its_span_place_and_kind(self) -> None:
        found = find_places(SEED)
        spans_hold(SEED)
        kazakhstan = SEED.index("Kazakhstan has reported")
        assert [(m.start, m.text, m.place, m.kind, m.confidence, m.refers_to) for m in found] == [
            (13, "Kazakhstan", Place("KAZ"), "name", "high", None),
            (
                SEED.index("Turkestan"),
                "Turkestan region",
                Place("KAZ", subdivision="KZ-61", name="Turkestan region"),
                "unit",
                "high",
                None,
            ),
            (SEED.index("Russians"), "Russians", Place("RUS"), "demonym", "high", None),
            (SEED.index("Kazakh "), "Kazakh", Place("KAZ"), "adjective", "high", None),
            (SEED.index("his country"), "his country", Place("KAZ"), "anaphor", "low", SEED.index("Kazakh ")),
            (SEED.index("Russians fleeing the"), "Russians", Place("RUS"), "demonym", "high", None),
            (SEED.index("Ukraine"), "Ukraine", Place("UKR"), "name", "high", None),
            (kazakhstan, "Kazakhstan", Place("KAZ"), "name", "high", None),
            (SEED.index("Russians have"), "Russians", Place("RUS"), "demonym", "high", None),
            (
                SEED.index("the Central Asian nation"),
                "the Central Asian nation",
                Place("KAZ"),
                "anaphor",
                "high",
                kazakhstan,
            ),
            (SEED.index("Russian President"), "Russian", Place("RUS"), "adjective", "high", None),
            (SEED.index("Moscow"), "Moscow", Place("RUS", name="Moscow"), "name", "high", None),
            (SEED.index("Kazakhstan as"), "Kazakhstan", Place("KAZ"), "name", "high", None),
            (SEED.index("Russian men"), "Russian", Place("RUS"), "adjective", "high", None),
            (SEED.index("Georgia"), "Georgia", Place("GEO"), "name", "high", None),
            (SEED.index("Finland"), "Finland", Place("FIN"), "name", "high", None),
            (SEED.index("Mongolia"), "Mongolia", Place("MNG"), "name", "high", None),
            (SEED.index("Russian Federation"), "Russian Federation", Place("RUS"), "name", "high", None),
            (
                SEED.index("Dagestan"),
                "Dagestan",
                Place("RUS", subdivision="RU-DA", name="Dagestan"),
                "unit",
                "medium",
                None,
            ),
            (SEED.index("Russia,"), "Russia", Place("RUS"), "name", "high", None),
        ]

    def test_a_person_s_name_is_no_unit(self) -> None:
        # Vladimir is an oblast of Russia in the gazetteer; "Vladimir Putin" is a person.
        assert "Vladimir" not in [m.text for m in find_places(SEED)]

    def test_the_mention_is_frozen(self) -> None:
        mention = find_places("Kazakhstan")[0]
        assert mention == PlaceMention(0, 10, "Kazakhstan", Place("KAZ"), "name", "high")
        with pytest.raises(AttributeError):
            mention.start = 1  # type: ignore[misc]


class TestCrises:
    def test_somalia_district_and_region(self) -> None:
        assert rows("More than 1,000 families arrived in Baidoa, in Somalia's Bay region.") == [
            ("Baidoa", Place("SOM", admin2="SO2401"), "unit", "medium", None),
            ("Somalia", Place("SOM"), "name", "high", None),
            ("Bay region", Place("SOM", admin1="SO24"), "unit", "high", None),
        ]

    def test_sudan_and_chad(self) -> None:
        text = "Since fighting broke out in Khartoum, 400,000 Sudanese refugees have crossed into Chad."
        assert rows(text) == [
            ("Khartoum", Place("SDN", name="Khartoum"), "name", "high", None),
            ("Sudanese", Place("SDN"), "adjective", "high", None),
            ("Chad", Place("TCD"), "name", "high", None),
        ]

    def test_syria_and_turkey(self) -> None:
        assert rows("Syrians fled to Turkey; Gaziantep province and Idlib were hit hardest.") == [
            ("Syrians", Place("SYR"), "demonym", "high", None),
            ("Turkey", Place("TUR"), "name", "high", None),
            ("Gaziantep province", Place("TUR", admin1="TUR027"), "unit", "high", None),
            ("Idlib", Place("SYR", admin1="SY07"), "unit", "medium", None),
        ]

    def test_ukraine_and_poland(self) -> None:
        text = "Ukrainians crossed into Poland; in Kyiv, people sheltered. Kharkiv region was shelled."
        assert rows(text) == [
            ("Ukrainians", Place("UKR"), "demonym", "high", None),
            ("Poland", Place("POL"), "name", "high", None),
            ("Kyiv", Place("UKR", name="Kyiv"), "name", "high", None),
            ("Kharkiv region", Place("UKR", admin1="UA63"), "unit", "high", None),
        ]

    def test_rohingya_and_bangladesh(self) -> None:
        text = "Over 700,000 Rohingya fled Myanmar to Bangladesh, to camps in Cox's Bazar."
        assert rows(text) == [
            ("Rohingya", Place("MMR"), "demonym", "high", None),
            ("Myanmar", Place("MMR"), "name", "high", None),
            ("Bangladesh", Place("BGD"), "name", "high", None),
            ("Cox's Bazar", Place("BGD", name="Cox's Bazar"), "unit", "high", None),
        ]

    def test_afghanistan_and_the_country(self) -> None:
        text = "Thousands of Afghans gathered at Kabul airport; the Taliban took the country in August."
        assert rows(text) == [
            ("Afghans", Place("AFG"), "demonym", "high", None),
            ("Kabul", Place("AFG", name="Kabul"), "name", "high", None),
            ("the country", Place("AFG"), "anaphor", "low", text.index("Kabul")),
        ]

    def test_venezuela_and_colombia(self) -> None:
        text = "More than 1.8 million Venezuelans live in Colombia, the neighbouring country said."
        assert rows(text) == [
            ("Venezuelans", Place("VEN"), "demonym", "high", None),
            ("Colombia", Place("COL"), "name", "high", None),
            ("the neighbouring country", Place("COL"), "anaphor", "low", text.index("Colombia")),
        ]


class TestNames:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("Russia", "RUS"),
            ("the Russian Federation", "RUS"),
            ("Syria", "SYR"),
            ("Iran", "IRN"),
            ("DR Congo", "COD"),
            ("DRC", "COD"),
            ("Democratic Republic of the Congo", "COD"),
            ("Ivory Coast", "CIV"),
            ("Côte d'Ivoire", "CIV"),
            ("Burma", "MMR"),
            ("Myanmar", "MMR"),
            ("the US", "USA"),
            ("the United States", "USA"),
            ("the UK", "GBR"),
            ("Britain", "GBR"),
            ("Turkey", "TUR"),
            ("Türkiye", "TUR"),
            ("Czechia", "CZE"),
            ("Laos", "LAO"),
            ("North Korea", "PRK"),
            ("South Korea", "KOR"),
            ("Palestine", "PSE"),
            ("South Sudan", "SSD"),
            ("Central African Republic", "CAF"),
            ("Papua New Guinea", "PNG"),
            ("Guinea-Bissau", "GNB"),
            ("Bosnia and Herzegovina", "BIH"),
        ],
    )
    def test_country_names_of_the_news(self, text: str, code: str) -> None:
        found = find_places(f"They fled {text} last year.")
        assert [(m.place, m.kind) for m in found] == [(Place(code), "name")]
        assert found[0].text == text.removeprefix("the ")

    def test_longest_match_wins(self) -> None:
        assert [m.text for m in find_places("South Sudan, Sudan, the Russian Federation, Russian")] == [
            "South Sudan",
            "Sudan",
            "Russian Federation",
            "Russian",
        ]

    def test_gaza_and_the_west_bank_are_units_of_palestine(self) -> None:
        assert rows("Gaza and the West Bank") == [
            ("Gaza", Place("PSE", admin1="PS02"), "unit", "high", None),
            ("West Bank", Place("PSE", admin1="PS01"), "unit", "high", None),
        ]

    def test_kosovo_is_a_named_area_of_serbia(self) -> None:
        # XKX is no ISO 3166-1 code, so Place refuses it; UNHCR counts Kosovo under Serbia, and
        # ISO 3166-2 gives it the code RS-KM, which reports and analysts use for it.
        with pytest.raises(ValidationError):
            Place("XKX")
        kosovo = Place("SRB", subdivision="RS-KM", name="Kosovo")
        assert rows("Kosovo") == [("Kosovo", kosovo, "name", "medium", None)]

    def test_the_congo_alone_is_only_likely(self) -> None:
        assert rows("the Congo") == [("Congo", Place("COG"), "name", "medium", None)]

    def test_curly_apostrophes_name_the_same_place(self) -> None:
        assert [m.place for m in find_places("Côte d\u2019Ivoire and N\u2019Djamena")] == [
            Place("CIV"),
            Place("TCD", name="N'Djamena"),
        ]


class TestAdjectivesAndDemonyms:
    @pytest.mark.parametrize(
        ("word", "code", "kind"),
        [
            ("Russian", "RUS", "adjective"),
            ("Russians", "RUS", "demonym"),
            ("Kazakh", "KAZ", "adjective"),
            ("Kazakhstani", "KAZ", "adjective"),
            ("Syrians", "SYR", "demonym"),
            ("Afghan", "AFG", "adjective"),
            ("Afghans", "AFG", "demonym"),
            ("Ukrainians", "UKR", "demonym"),
            ("South Sudanese", "SSD", "demonym"),
            ("Somali", "SOM", "adjective"),
            ("Somalis", "SOM", "demonym"),
            ("Venezuelan", "VEN", "adjective"),
            ("Haitians", "HTI", "demonym"),
            ("Filipinos", "PHL", "demonym"),
            ("Filipino", "PHL", "adjective"),
            ("Palestinians", "PSE", "demonym"),
        ],
    )
    def test_word(self, word: str, code: str, kind: str) -> None:
        assert rows(f"Many {word} said so.") == [(word, Place(code), kind, "high", None)]

    def test_an_invariant_word_is_a_people_or_an_adjective_by_what_follows(self) -> None:
        text = "The Congolese who fled met Congolese refugees and the Sudanese army; 3,000 Sudanese."
        assert [(m.text, m.kind) for m in find_places(text)] == [
            ("Congolese", "demonym"),
            ("Congolese", "adjective"),
            ("Sudanese", "adjective"),
            ("Sudanese", "demonym"),
        ]

    def test_rohingya_are_a_people_of_myanmar(self) -> None:
        assert rows("Rohingya refugees") == [("Rohingya", Place("MMR"), "adjective", "high", None)]


class TestAnaphors:
    def test_a_region_refers_to_its_latest_country(self) -> None:
        text = "Russians entered Kazakhstan and Uzbekistan; the Central Asian country said."
        found = find_places(text)
        assert (found[-1].text, found[-1].place, found[-1].confidence, found[-1].refers_to) == (
            "the Central Asian country",
            Place("UZB"),
            "medium",  # two Central Asian countries came before
            text.index("Uzbekistan"),
        )

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("Kenya said the East African nation would help.", "KEN"),
            ("Mali said the West African country would help.", "MLI"),
            ("Serbia said the Balkan nation would help.", "SRB"),
            ("Qatar said the Gulf state would help.", "QAT"),
            ("Haiti said the Caribbean nation would help.", "HTI"),
            ("Nepal said the Himalayan nation would help.", "NPL"),
            ("Somalia said the Horn of Africa nation would help.", "SOM"),
        ],
    )
    def test_regions(self, text: str, code: str) -> None:
        last = find_places(text)[-1]
        assert (last.kind, last.place, last.confidence, last.refers_to) == ("anaphor", Place(code), "high", 0)

    def test_no_anaphor_without_a_fitting_country_before(self) -> None:
        assert find_places("The East African nation said; the country agreed.") == []
        assert [m.kind for m in find_places("Peru said the Central Asian nation would help.")] == ["name"]


class TestUnits:
    def test_iso_subdivisions_where_the_gazetteer_has_no_units(self) -> None:
        assert rows("Migrants crossed from Mexico into Texas, the US said.")[1:] == [
            ("Texas", Place("USA", subdivision="US-TX", name="Texas"), "unit", "medium", None),
            ("US", Place("USA"), "name", "high", None),
        ]

    def test_a_unit_word_after_a_unit_raises_the_confidence(self) -> None:
        assert rows("Idlib province, Syria")[0] == (
            "Idlib province",
            Place("SYR", admin1="SY07"),
            "unit",
            "high",
            None,
        )

    def test_a_name_of_two_units_gives_the_shallower_with_low_confidence(self) -> None:
        # Hama is a governorate (SY05) and one of its districts.
        assert rows("Hama, Syria")[0] == ("Hama", Place("SYR", admin1="SY05"), "unit", "low", None)

    def test_a_unit_named_like_a_people_is_read_with_its_unit_word(self) -> None:
        assert rows("Somali refugees in Ethiopia reached the Somali Region.") == [
            ("Somali", Place("SOM"), "adjective", "high", None),
            ("Ethiopia", Place("ETH"), "name", "high", None),
            ("Somali Region", Place("ETH", admin1="ET05"), "unit", "high", None),
        ]


class TestNoFalsePlaces:
    def test_lowercase_turkey(self) -> None:
        assert find_places("They ate turkey and chad.") == []

    def test_a_first_name_before_a_surname(self) -> None:
        assert find_places("Chad Smith and Jordan Peterson spoke.") == []

    def test_a_surname_or_a_us_state_is_only_likely(self) -> None:
        assert rows("Michael Jordan flew to Atlanta, Georgia.") == [
            ("Jordan", Place("JOR"), "name", "medium", None),
            ("Georgia", Place("GEO"), "name", "medium", None),
        ]

    def test_a_country_before_a_title_stays(self) -> None:
        assert rows("Chad President Mahamat Deby spoke.") == [("Chad", Place("TCD"), "name", "high", None)]

    def test_the_niger_delta_and_niger_state_are_in_nigeria(self) -> None:
        assert rows("The Niger Delta and Niger State; Niger.") == [
            ("Niger Delta", Place("NGA", name="Niger Delta"), "unit", "high", None),
            ("Niger State", Place("NGA", admin1="NG027"), "unit", "high", None),
            ("Niger", Place("NER"), "name", "high", None),
        ]

    @pytest.mark.parametrize(
        "text",
        ["New Mexico", "New Jersey", "the Indian Ocean", "Latin America", "Lake Chad", "the Jordan River"],
    )
    def test_names_inside_other_names(self, text: str) -> None:
        assert find_places(text) == []

    def test_units_only_of_countries_the_text_names(self) -> None:
        assert find_places("Baidoa and Mandera") == []
        assert [m.text for m in find_places("Baidoa and Mandera, Somalia")] == ["Baidoa", "Somalia"]

    def test_a_unit_name_that_is_a_common_word_needs_its_unit_word(self) -> None:
        assert [m.text for m in find_places("Somalia: Bay is calm, Bay region is not.")] == [
            "Somalia",
            "Bay region",
        ]

    def test_a_unit_in_lower_case_is_not_read(self) -> None:
        assert [m.text for m in find_places("Somalia, by the bay")] == ["Somalia"]


class TestInput:
    def test_a_long_text_finishes_with_spans_that_hold(self) -> None:
        chunk = SEED + " Somalis reached Baidoa. "
        times = 200_000 // len(chunk) + 1
        text = chunk * times
        assert len(text) > 200_000
        once = [(m.start, m.text, m.place, m.kind) for m in find_places(chunk)]
        found = find_places(text)
        spans_hold(text)
        assert len(found) == len(once) * times
        last = found[-len(once) :]
        offset = len(chunk) * (times - 1)
        assert [(m.start - offset, m.text, m.place, m.kind) for m in last] == once

    def test_not_a_text(self) -> None:
        with pytest.raises(ValidationError, match="text: expected a text, got bytes"):
            find_places(b"Kazakhstan")  # type: ignore[arg-type]

    def test_too_long_a_text_is_refused_with_its_length_only(self) -> None:
        with pytest.raises(ValidationError) as raised:
            find_places("Kazakhstan " * 1_000_000)
        assert str(raised.value) == (
            "text: 11,000,000 characters is longer than the 10,000,000 that find_places reads"
        )

    def test_empty(self) -> None:
        assert find_places("") == []
