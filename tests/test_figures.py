"""Reading figures from text: Count.parse, find_counts, and str() that parses back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import Count, CountMatch, DisplacementError, ParseError, Qualifier, find_counts
from displacement.figures import _QUALIFIER_WORDS

ARTICLE = Path(__file__).resolve().parents[1] / ".." / "shared" / "examples" / "upi-2022-09-27-kazakhstan.txt"

Q = Qualifier


def count(
    value: float, qualifier: Qualifier = Q.EXACT, unit: str = "person", upper: float | None = None
) -> Count:
    return Count(value, unit, qualifier, upper)


class TestNumbers:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("98000", 98000),
            ("98,000", 98000),
            ("98 000", 98000),
            ("98\u00a0000", 98000),
            ("98\u202f000", 98000),
            ("1,234,567", 1234567),
            ("1 234 567", 1234567),
            ("0", 0),
            ("2.5", 2.5),
            ("1,234.5", 1234.5),
            ("1.2 million", 1200000),
            ("1.2million", 1200000),
            ("4.35 million", 4350000),
            ("2.5m", 2500000),
            ("2.5M", 2500000),
            ("1.1mn", 1100000),
            ("1.1 mn", 1100000),
            ("3bn", 3000000000),
            ("3 bn", 3000000000),
            ("2 billion", 2000000000),
            ("10k", 10000),
            ("10K", 10000),
            ("5 thousand", 5000),
            ("3 hundred", 300),
        ],
    )
    def test_digits(self, text: str, value: float) -> None:
        c = Count.parse(f"{text} people")
        assert c == count(value)
        assert type(c.magnitude) is type(value)

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("one", 1),
            ("seven", 7),
            ("twelve", 12),
            ("twenty", 20),
            ("forty-two", 42),
            ("twenty two", 22),
            ("a hundred", 100),
            ("one hundred", 100),
            ("two hundred and fifty", 250),
            ("two hundred fifty", 250),
            ("a thousand", 1000),
            ("two thousand", 2000),
            ("seventy thousand", 70000),
            ("two thousand five hundred", 2500),
            ("one hundred thousand", 100000),
            ("three million", 3000000),
            ("a million", 1000000),
            ("half a million", 500000),
            ("half a billion", 500000000),
            ("a dozen", 12),
            ("two dozen", 24),
        ],
    )
    def test_words(self, text: str, value: int) -> None:
        assert Count.parse(f"{text} people") == count(value)
        assert Count.parse(f"{text.upper()} PEOPLE") == count(value)

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("dozens of", 24),
            ("scores of", 40),
            ("hundreds of", 200),
            ("thousands of", 2000),
            ("tens of thousands of", 20000),
            ("hundreds of thousands of", 200000),
            ("millions of", 2000000),
            ("tens of millions of", 20000000),
            ("tens of", 20),
            ("several thousand", 2000),
            ("a few hundred", 200),
            ("several hundred thousand", 200000),
        ],
    )
    def test_vague_plurals_are_lower_bounds(self, text: str, value: int) -> None:
        assert Count.parse(f"{text} people") == count(value, Q.AT_LEAST)

    def test_vague_plural_without_a_noun(self) -> None:
        assert Count.parse("Thousands") == count(2000, Q.AT_LEAST)
        assert Count.parse("at least hundreds") == count(200, Q.AT_LEAST)
        assert Count.parse("some hundreds of families") == count(200, Q.AT_LEAST, "household")


class TestQualifiers:
    @pytest.mark.parametrize(
        ("qualifier", "word"), [(q, w) for q, words in _QUALIFIER_WORDS.items() for w in words]
    )
    def test_every_word_of_the_table(self, qualifier: Qualifier, word: str) -> None:
        assert Count.parse(f"{word} 5,000 people") == count(5000, qualifier)
        assert Count.parse(f"{word.upper()} 5,000 people") == count(5000, qualifier)

    def test_the_table_is_the_issues(self) -> None:
        words = {q: set(w) for q, w in _QUALIFIER_WORDS.items()}
        assert {"about", "around", "approximately", "roughly", "some", "an estimated", "estimated"} <= words[
            Q.APPROXIMATE
        ]
        assert {"nearly", "almost", "close to", "circa", "~"} <= words[Q.APPROXIMATE]
        assert {"at least", "no fewer than", "no less than", "a minimum of"} <= words[Q.AT_LEAST]
        assert {"more than", "over", "above", "upwards of", "in excess of", "exceeding"} <= words[Q.MORE_THAN]
        assert {"up to", "at most", "as many as", "no more than", "a maximum of"} <= words[Q.AT_MOST]
        assert {"less than", "fewer than", "under", "below"} <= words[Q.LESS_THAN]

    def test_tilde_without_a_space(self) -> None:
        assert Count.parse("~5,000") == count(5000, Q.APPROXIMATE)

    def test_plus_means_at_least(self) -> None:
        assert Count.parse("5,000+ people") == count(5000, Q.AT_LEAST)

    @pytest.mark.parametrize(
        "text",
        [
            "between 2,000 and 3,000 people",
            "2,000 to 3,000 people",
            "2,000-3,000 people",
            "2,000\u20133,000 people",
            "2,000 \u2013 3,000 people",
            "2,000\u20143,000 people",
            "about 2,000-3,000 people",
        ],
    )
    def test_ranges(self, text: str) -> None:
        assert Count.parse(text) == count(2000, Q.RANGE, upper=3000)

    def test_scale_of_the_second_number_applies_to_both(self) -> None:
        assert Count.parse("2-3 million people") == count(2000000, Q.RANGE, upper=3000000)
        assert Count.parse("between 1 and 1.5 million") == count(1000000, Q.RANGE, upper=1500000)
        assert Count.parse("500,000 to 1 million") == count(500000, Q.RANGE, upper=1000000)
        assert Count.parse("between two and three thousand") == count(2000, Q.RANGE, upper=3000)
        assert Count.parse("two to three hundred families") == count(200, Q.RANGE, "household", 300)


class TestUnits:
    @pytest.mark.parametrize(
        ("text", "unit"),
        [
            ("200 households", "household"),
            ("1 household", "household"),
            ("200 families", "household"),
            ("one family", "household"),
            ("200 displaced families", "household"),
            ("hundreds of families", "household"),
            ("200 family members", "person"),
            ("200 people", "person"),
            ("200 Russians", "person"),
            ("200 refugee children", "person"),
            ("200", "person"),
            ("200 people per day", "person / day"),
            ("1 household per week", "household / week"),
        ],
    )
    def test_unit_from_the_counted_noun(self, text: str, unit: str) -> None:
        assert Count.parse(text).unit == unit

    def test_household_size_note(self) -> None:
        c = Count.parse("900 people (at 4.5 people per household)")
        assert c == Count(900, household_size=4.5)


class TestErrors:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "empty text"),
            ("   ", "empty text"),
            ("lots of people", "no number in 'lots of people'"),
            ("many people from Russia", "no number"),
            ("-5 people", "negative"),
            ("\u22125 people", "negative"),
            ("more than -5", "negative"),
            ("5 km", "measure"),
            ("10 days", "measure"),
            ("30 percent", "measure"),
            ("30%", "percentage"),
            ("1,00,000 people", "not a well-formed number"),
            ("between 5 and", "'between' needs two numbers"),
            ("between 5 people", "'between' needs two numbers"),
            ("10-5 people", "must run from a lower to a higher number"),
            ("5 to 5 people", "must run from a lower to a higher number"),
            ("up to thousands", "vague lower bound"),
            ("less than hundreds of people", "vague lower bound"),
            ("98,000 people and 5,000 families", "more than one figure"),
            ("5 5", "more than one figure"),
            ("the 5 people", "does not start with a figure"),
            ("more than 5,000+", "contradicts its qualifier"),
            ("5 people per metre", "not a unit of time"),
        ],
    )
    def test_parse_errors(self, text: str, message: str) -> None:
        with pytest.raises(ParseError, match=message) as exc:
            Count.parse(text)
        assert exc.value.text == text
        assert isinstance(exc.value, DisplacementError)

    @pytest.mark.parametrize("bad", [None, 5, b"5 people", ["5"]])
    def test_not_a_string(self, bad: object) -> None:
        with pytest.raises(ParseError, match="expected a string"):
            Count.parse(bad)  # type: ignore[arg-type]
        with pytest.raises(ParseError, match="expected a string"):
            list(find_counts(bad))  # type: ignore[arg-type]

    def test_parse_error_pickles(self) -> None:
        import pickle

        err = ParseError("no number in 'x'", "x")
        again = pickle.loads(pickle.dumps(err))
        assert (str(again), again.text) == ("no number in 'x'", "x")

    def test_words_after_the_noun_are_allowed(self) -> None:
        assert Count.parse(
            "98,000 Russians have crossed into the Central Asian nation since Sept. 21."
        ) == count(98000)


class TestRoundTrip:
    @pytest.mark.parametrize(
        ("c", "text"),
        [
            (Count(98000, qualifier=Q.MORE_THAN), "more than 98,000 people"),
            (Count(1), "1 person"),
            (Count(1, qualifier=Q.APPROXIMATE), "about 1 person"),
            (Count(0), "0 people"),
            (Count(16333.333333333334, "person / day"), "16,333.333333333334 people per day"),
            (Count(1e-07), "0.0000001 people"),
            (Count(900.0, household_size=4.5), "900 people (at 4.5 people per household)"),
        ],
    )
    def test_str(self, c: Count, text: str) -> None:
        assert str(c) == text
        assert Count.parse(text) == c

    @given(st.data())
    def test_str_parses_back_to_an_equal_count(self, data: st.DataObject) -> None:
        magnitude = data.draw(
            st.one_of(
                st.integers(min_value=0, max_value=10**15),
                st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False),
            ),
            label="magnitude",
        )
        unit = data.draw(
            st.sampled_from(["person", "household", "person / day", "household / week", "person / year"])
        )
        # "less than 0" counts nobody: Count refuses it
        qualifier = data.draw(st.sampled_from([q for q in Qualifier if magnitude or q is not Q.LESS_THAN]))
        upper = None
        if qualifier is Q.RANGE:
            upper = data.draw(
                st.one_of(
                    st.integers(min_value=int(magnitude) + 1, max_value=10**16),
                    st.floats(min_value=magnitude, max_value=1e16, exclude_min=True, allow_nan=False),
                ),
                label="upper",
            )
        size = None
        if unit.startswith("person"):
            size = data.draw(
                st.none() | st.floats(min_value=0.5, max_value=20, allow_nan=False) | st.integers(1, 12),
                label="household_size",
            )
        c = Count(magnitude, unit, qualifier, upper, household_size=size)
        assert Count.parse(str(c)) == c
        [found] = list(find_counts(str(c)))
        assert found.count == c


class TestFindCounts:
    def test_the_upi_article(self) -> None:
        if not ARTICLE.exists():
            pytest.skip(f"the example article is not at {ARTICLE}")
        text = ARTICLE.read_text(encoding="utf-8")
        found = list(find_counts(text))
        assert [(m.text, m.count) for m in found] == [
            ("98,000 Russians", Count(98000)),
            ("thousands of anti-mobilization protesters", Count(2000, qualifier=Q.AT_LEAST)),
        ]
        for m in found:
            assert text[m.start : m.end] == m.text
            assert m.span == (m.start, m.end)
            assert Count.parse(m.text) == m.count
        # the dates and the time of the article are not figures
        for date_or_time in ("Sept. 27", "Sept. 21", "Feb. 24", "12:24", "2022"):
            assert date_or_time in text
            assert not any(date_or_time in m.text for m in found)

    @pytest.mark.parametrize(
        "phrase",
        [
            "98,000 Russians",
            "thousands of anti-mobilization protesters",
            "many people from Russia",  # not a number: nothing to read
        ],
    )
    def test_every_figure_phrase_of_the_article(self, phrase: str) -> None:
        if phrase.startswith("many"):
            with pytest.raises(ParseError, match="no number"):
                Count.parse(phrase)
        else:
            assert Count.parse(phrase).magnitude in (98000, 2000)

    @pytest.mark.parametrize(
        ("text", "found"),
        [
            ("On 24 February 2022 at 10:30 am, over 500 people crossed.", ["over 500 people"]),
            ("In 2022, 5 km away, 30 percent of 1,200 households fled.", ["1,200 households"]),
            ("Numbers rose from 5,000 to 9,000 people.", ["5,000", "9,000 people"]),
            ("The 2015-2016 crisis, COVID-19, the G7, Resolution 2334 and $5 million.", []),
            ("He was one of them; one person died.", ["one person"]),
            ("The 3rd time in the 21st century; a 24-year-old man.", []),
            ("500 Rohingya fled to Bangladesh", ["500 Rohingya"]),
            (
                "Dozens of families and several thousand migrants",
                ["Dozens of families", "several thousand migrants"],
            ),
            ("up to thousands of people", ["thousands of people"]),
            ("Between 2,000 and 3,000 people fled on May 5.", ["Between 2,000 and 3,000 people"]),
            ("About 2 million refugees and 300,000 IDPs", ["About 2 million refugees", "300,000 IDPs"]),
            ("Sept. 27, 2022 at 12:24 PM", []),
            ("temperatures of -5 and 10 degrees", []),
        ],
    )
    def test_running_text(self, text: str, found: list[str]) -> None:
        matches = list(find_counts(text))
        assert [m.text for m in matches] == found
        for m in matches:
            assert isinstance(m, CountMatch)
            assert text[m.start : m.end] == m.text

    def test_ranges_and_qualifiers_in_text(self) -> None:
        [m] = list(find_counts("Officials said between 200 and 300 families were evacuated."))
        assert m.count == Count(200, "household", Q.RANGE, upper=300)
        [m] = list(find_counts("It hosts no fewer than 7 families."))
        assert m.count == Count(7, "household", Q.AT_LEAST)

    @given(st.text(max_size=60))
    def test_any_text(self, text: str) -> None:
        for m in find_counts(text):
            assert text[m.start : m.end] == m.text
            assert Count.parse(m.text) == m.count

    @given(st.text(max_size=40))
    def test_any_text_parses_or_fails_cleanly(self, text: str) -> None:
        try:
            c = Count.parse(text)
        except ParseError:
            return
        assert c.magnitude >= 0
