"""Reading figures from text: Count.parse, find_counts, and str() that parses back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import Count, CountMatch, DisplacementError, ParseError, Qualifier, find_counts
from displacement.count import MAX_MAGNITUDE
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
            ("1,0000 people", "not a well-formed number"),
            ("12,34 people", "not a well-formed number"),
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

    def test_not_a_string_is_shown_bounded(self) -> None:
        """Found with issue 14: ``repr`` of an int of 5,000 digits raised a bare ValueError."""
        message = "expected a string, got a number of about 5,001 digits (int)"
        with pytest.raises(ParseError) as exc:
            Count.parse(10**5000)  # type: ignore[arg-type]
        assert str(exc.value) == message
        with pytest.raises(ParseError) as exc:
            list(find_counts(10**5000))  # type: ignore[arg-type]
        assert str(exc.value) == message

    def test_long_text_is_quoted_as_every_message_quotes_it(self) -> None:
        with pytest.raises(ParseError) as exc:
            Count.parse("x" * 500)
        assert str(exc.value) == f"no number in '{'x' * 40}'... (500 characters)"

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
                    st.integers(min_value=int(magnitude) + 1, max_value=MAX_MAGNITUDE),
                    st.floats(
                        min_value=magnitude, max_value=MAX_MAGNITUDE, exclude_min=True, allow_nan=False
                    ),
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


def spans(text: str) -> list[tuple[str, Count]]:
    """What `find_counts` finds, checking that each match points at its words and parses back."""
    found = []
    for m in find_counts(text):
        assert text[m.start : m.end] == m.text
        assert Count.parse(m.text) == m.count
        found.append((m.text, m.count))
    return found


class TestDates:
    """A number in a date or a time is not a figure, and must not hide the figure after it (issue 13)."""

    @pytest.mark.parametrize(
        ("text", "found"),
        [
            # day-first, as UN agencies and most of the world's press write
            ("On 1 October, 100,514 people had arrived.", [("100,514 people", count(100514))]),
            (
                "Since 24 September, over 100,000 people have fled.",
                [("over 100,000 people", count(100000, Q.MORE_THAN))],
            ),
            ("By 30 September 100,417 people had crossed", [("100,417 people", count(100417))]),
            ("On 25 September, 170+ people were killed.", [("170+ people", count(170, Q.AT_LEAST))]),
            ("On 1st October, 500 people fled", [("500 people", count(500))]),
            ("On 1st of October 2023, 500 people fled", [("500 people", count(500))]),
            ("On 24 Sept., 500 people fled", [("500 people", count(500))]),
            ("On 5 May, 500 people fled", [("500 people", count(500))]),
            ("On 25-26 September, 500 people fled", [("500 people", count(500))]),
            ("Between 24 and 30 September, 500 people fled", [("500 people", count(500))]),
            ("From 1 to 30 September, 5,000 people fled", [("5,000 people", count(5000))]),
            ("On 1 October, 2023, 100,514 people had arrived.", [("100,514 people", count(100514))]),
            # US form
            ("On Oct. 1, 5,000 people arrived.", [("5,000 people", count(5000))]),
            ("On October 1 500 people fled", [("500 people", count(500))]),
            ("On May 5, 500 people fled", [("500 people", count(500))]),
            # ISO and numeric
            ("On 2023-09-24, 5,000 people arrived.", [("5,000 people", count(5000))]),
            ("By 2023-09-24 500 people fled", [("500 people", count(500))]),
            ("On 24/09/2023, 5,000 people arrived.", [("5,000 people", count(5000))]),
            ("On 24.09.2023, 500 people fled", [("500 people", count(500))]),
            # month and year, and years
            ("In September 2023, 5,000 people arrived.", [("5,000 people", count(5000))]),
            ("In Sept 2023 500 people fled", [("500 people", count(500))]),
            ("In 2022, 5,000 people arrived.", [("5,000 people", count(5000))]),
            ("In 2022 500 people fled", [("500 people", count(500))]),
            ("FY2022/23 500 people", [("500 people", count(500))]),
            # times
            ("At 10:30, 5,000 people arrived.", [("5,000 people", count(5000))]),
            ("At 10 am, 5,000 people arrived.", [("5,000 people", count(5000))]),
            ("At 10.30am 500 people fled", [("500 people", count(500))]),
            ("On 1 October at 10:30, 500 people fled", [("500 people", count(500))]),
            # a date after the figure
            ("100,514 people on 1 October", [("100,514 people", count(100514))]),
        ],
    )
    def test_the_figure_after_a_date_is_found(self, text: str, found: list[tuple[str, Count]]) -> None:
        assert spans(text) == found

    def test_spans_point_into_the_original_text(self) -> None:
        text = "On 1 October, 100,514 people had arrived; by 2023-10-08, 7,000 refugees."
        assert [m.span for m in find_counts(text)] == [(14, 28), (57, 71)]

    @pytest.mark.parametrize(
        "text",
        ["24 September", "25-26 September", "2023-09-24", "24/09/2023", "10:30", "10 am", "1 October people"],
    )
    def test_dates_are_not_counts(self, text: str) -> None:
        assert spans(text) == []
        with pytest.raises(ParseError, match="starts with a date or a time"):
            Count.parse(text)

    @pytest.mark.parametrize(
        "text",
        [
            "100,514 people on 1 October",
            "100,514 people by 30 September 2023",
            "100,514 people as of 2023-09-24",
            "100,514 people in September 2023",
            "100,514 people on 24/09/2023 at 10:30",
        ],
    )
    def test_parse_a_figure_followed_by_a_date(self, text: str) -> None:
        assert Count.parse(text) == count(100514)

    def test_may_and_march_as_verbs(self) -> None:
        assert spans("up to 5 may die") == [("up to 5", count(5, Q.AT_MOST))]


class TestWrongNumbers:
    """No figure comes out as a smaller number than the text says (issue 13)."""

    @pytest.mark.parametrize("sep", [",", " ", "\u00a0", "\u2009", "\u202f", "'", "\u2019"])
    def test_thousands_separators(self, sep: str) -> None:
        text = f"98{sep}000 people"
        assert spans(text) == [(text, count(98000))]
        assert Count.parse(text) == count(98000)
        assert Count.parse(f"1{sep}234{sep}567 people") == count(1234567)

    def test_a_broken_group_is_not_a_figure(self) -> None:
        assert spans("98\u200900 people") == []
        with pytest.raises(ParseError, match="not a well-formed number"):
            Count.parse("98\u200900 people")

    @pytest.mark.parametrize("text", ["98.000 people", "1.500 people", "over 98.000 people", "12.340"])
    def test_a_point_before_three_digits_ending_in_zero_is_ambiguous(self, text: str) -> None:
        assert spans(text) == []
        with pytest.raises(ParseError, match="is ambiguous: with a decimal point it is"):
            Count.parse(text)

    def test_the_ambiguity_message(self) -> None:
        with pytest.raises(ParseError) as exc:
            Count.parse("98.000 people")
        assert str(exc.value) == (
            "cannot read '98.000 people': '98.000' is ambiguous: with a decimal point it is 98, "
            "with a point between thousands it is 98,000; write one of those"
        )

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("1.234.567 people", 1234567),  # two points: thousands, never a decimal
            ("1.500 million people", 1500000),  # a scale after it: a decimal point
            ("0.500 people", 0.5),
            ("1.125 people", 1.125),  # as str() writes it
        ],
    )
    def test_points_that_are_not_ambiguous(self, text: str, value: float) -> None:
        assert Count.parse(text) == count(value)
        assert spans(text) == [(text, count(value))]

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("5 trillion people", 5 * 10**12),
            ("five trillion people", 5 * 10**12),
            ("5tn people", 5 * 10**12),
            ("3bn people", 3 * 10**9),
            ("Some 2 lakh people", 200000),
            ("2 lakhs people", 200000),
            ("twenty lakh people", 2000000),
            ("a lakh people", 100000),
            ("half a lakh people", 50000),
            ("1.5 crore people", 15000000),
            ("2 crores people", 20000000),
            ("one crore twenty lakh people", 12000000),
            ("1,00,000 people", 100000),
            ("1,20,00,000 people", 12000000),
            ("10 millions people", 10000000),
            ("3 dozen people", 36),
            ("5 hundred thousand people", 500000),
            ("one and a half million people", 1500000),
            ("a million and a half people", 1500000),
            ("9,007,199,254,740 thousand people", 9007199254740000),
        ],
    )
    def test_magnitudes(self, text: str, value: int) -> None:
        c = Count.parse(text)
        assert c.magnitude == value
        [(_, found)] = spans(text)
        assert found.magnitude == value

    @pytest.mark.parametrize(
        "text",
        [
            "5 zillion people",
            "5 gazillion people",
            "5 quadrillion people",
            "5 Millionen Menschen",
            "5 Mio people",
            "5 Mrd people",
            "5 M people",
            "5 K people",
            "5 m people",
            "five zillion people",
            "a thousand thousand people",
            "5 thousand hundred people",
            "two thirds of the people",
            "three quarters of a million people",
            "1 and a half million people",
            "one and a half people",
            "5 thousand five hundred people",
            "2 hundred and fifty people",
            "2,5 millions people",
            "2,5 million people",
            "98 thousand-strong crowd",
        ],
    )
    def test_an_unread_magnitude_never_gives_a_smaller_number(self, text: str) -> None:
        assert spans(text) == []
        with pytest.raises(ParseError) as exc:
            Count.parse(text)
        assert len(str(exc.value)) < 300

    def test_the_unread_magnitude_message(self) -> None:
        with pytest.raises(
            ParseError, match=r"'5 zillion' has a magnitude this library does not read \('zillion'\)"
        ):
            Count.parse("5 zillion people")

    def test_words_like_magnitudes_are_still_nouns(self) -> None:
        assert spans("5 billionaires and 5 third-country nationals") == [
            ("5 billionaires", count(5)),
            ("5 third-country nationals", count(5)),
        ]

    def test_the_figure_after_a_fraction_is_read(self) -> None:
        assert spans("two thirds of the 9,000 people") == [("9,000 people", count(9000))]


class TestLimits:
    def test_too_many_digits_is_a_parse_error(self) -> None:
        text = "1" * 5000 + " people"
        with pytest.raises(
            ParseError, match="has 5,000 digits, more than the 4,300 a number is read from"
        ) as exc:
            Count.parse(text)
        assert len(str(exc.value)) < 300
        assert exc.value.text == text
        assert spans(text) == []

    def test_the_largest_count_is_read(self) -> None:
        assert Count.parse("9,007,199,254,740,991 people").magnitude == MAX_MAGNITUDE
        with pytest.raises(ParseError, match=r"is above 9,007,199,254,740,991 \(2\*\*53 - 1\)"):
            Count.parse("9,007,199,254,740,992 people")
        with pytest.raises(ParseError, match="is above 9,007,199,254,740,991"):
            Count.parse("9" * 4300 + " people")

    def test_a_scale_cannot_take_a_number_past_the_limit(self) -> None:
        with pytest.raises(ParseError, match="has 4,302 digits"):
            Count.parse("1" * 4290 + " trillion people")

    def test_messages_are_bounded(self) -> None:
        for text in (
            "x" * 100_000,
            "the " + "5" * 100_000,
            "5 people per " + "x" * 100_000,
            "1" * 100_000 + "st",
        ):
            with pytest.raises(ParseError) as exc:
                Count.parse(text)
            assert len(str(exc.value)) < 400


class _CountingStr(str):
    """A text that counts the characters copied out of it by slicing or indexing."""

    copied = 0

    def __getitem__(self, key: Any) -> str:
        piece = super().__getitem__(key)
        type(self).copied += len(piece)
        return piece


class TestLinearScanning:
    """Scanning is linear: these inputs took minutes when each word copied the rest of the text."""

    @pytest.mark.parametrize(
        "unit",
        [
            "a ",
            "one hundred ",
            "1",
            "1 ",
            "100 ",
            "1,",
            "one ",
            "5 people ",
            "tens of ",
            "between 5 and ",
            "On 1 October, 5,000 people fled. ",
            "5 zillion ",
            "$5 ",
        ],
    )
    def test_large_inputs(self, unit: str) -> None:
        text = unit * (100_000 // len(unit))
        found = list(find_counts(text))
        for m in found[:20]:
            assert text[m.start : m.end] == m.text

    def test_each_position_copies_a_bounded_stretch(self) -> None:
        for unit in (
            "a ",
            "one hundred ",
            "1",
            "5 people ",
            "On 1 October, 5,000 people fled. ",
            "one and a half ",
        ):
            text = _CountingStr(unit * 2000)
            _CountingStr.copied = 0
            list(find_counts(text))
            assert _CountingStr.copied < 100 * len(text), unit

    def test_a_long_digit_run_is_skipped_whole(self) -> None:
        assert spans("1" * 1_000_000 + " people and 5,000 refugees") == [("5,000 refugees", count(5000))]


class TestSiblingForms:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("40 % of people", "percentage"),
            ("40 per cent of people", "percentage"),
            ("4,000 % rise", "percentage"),
            ("1st people", "runs into other characters"),
            ("1,0000 people", "not a well-formed number"),
            ("1.234.567,89 people", "not a well-formed number"),
            ("5 000,5 people", "not a well-formed number"),
        ],
    )
    def test_refused(self, text: str, message: str) -> None:
        with pytest.raises(ParseError, match=message):
            Count.parse(text)
        assert spans(text) == []

    @pytest.mark.parametrize(
        "text", ["Rs 5 lakh compensation", "INR 5,000 fines", "5 lakh rupees", "$5,000 people"]
    )
    def test_money_is_not_a_figure(self, text: str) -> None:
        assert spans(text) == []

    @pytest.mark.parametrize(
        ("text", "found"),
        [
            ("98k people", [("98k people", count(98000))]),
            ("100 000 people", [("100 000 people", count(100000))]),
            ("2-3 dozen families", [("2-3 dozen families", count(24, Q.RANGE, "household", 36))]),
            ("lakhs of people", [("lakhs of people", count(200000, Q.AT_LEAST))]),
            ("several lakh people", [("several lakh people", count(200000, Q.AT_LEAST))]),
        ],
    )
    def test_read(self, text: str, found: list[tuple[str, Count]]) -> None:
        assert spans(text) == found

    @given(
        st.lists(
            st.sampled_from(
                [
                    "On",
                    "1",
                    "October",
                    "2023",
                    "-",
                    "09",
                    "24",
                    ",",
                    ".",
                    " ",
                    "5,000",
                    "98",
                    "\u2009",
                    "000",
                    "people",
                    "over",
                    "about",
                    "million",
                    "lakh",
                    "zillion",
                    "a",
                    "thousand",
                    "one",
                    "and",
                    "half",
                    "between",
                    "to",
                    "10:30",
                    "am",
                    "%",
                    "+",
                    "Sept.",
                    "2.5",
                    "1.500",
                    "families",
                    "of",
                    "thousands",
                ]
            ),
            max_size=16,
        ).map(" ".join)
    )
    def test_figure_like_text(self, text: str) -> None:
        for m in find_counts(text):
            assert text[m.start : m.end] == m.text
            assert Count.parse(m.text) == m.count


class TestHouseholdSizeNotes:
    """`str(Count)` writes a household size in full; `Count.parse` must read every one back, and
    refuse a note of that form it cannot read, never pass it over (it returned `Count(5)`)."""

    @pytest.mark.parametrize(
        "size", [4.5, 5, 1e-6, 2.220446049250313e-16, 1e-100, 5e-324, 123456.789, 9007199254740991.0]
    )
    def test_every_size_str_writes_reads_back(self, size: float) -> None:
        count = Count(5, household_size=size)
        back = Count.parse(str(count))
        assert back == count
        assert back.household_size == size

    @pytest.mark.parametrize(
        ("text", "why"),
        [
            ("5 people (at 4.5.5 people per household)", "write '(at 4.5 people per household)'"),
            ("5 people (at 1" + "0" * 40 + " people per household)", "write '(at 4.5 people per household)'"),
            ("5 households (at 4 people per household)", "only a count of people has one"),
        ],
    )
    def test_a_note_it_cannot_read_is_refused(self, text: str, why: str) -> None:
        with pytest.raises(ParseError, match="is not a household size this reads") as info:
            Count.parse(text)
        assert str(info.value).endswith(f"({why})")

    def test_words_in_brackets_are_no_size_note(self) -> None:
        assert Count.parse("5 people (at least five people per household)") == Count(5)
