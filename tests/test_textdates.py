"""Dates and periods in text (`displacement._textdates.find_periods`), resolved against the publication day."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from displacement import Period, Precision, ValidationError
from displacement._textdates import PeriodMention, find_periods

ARTICLE = Path(__file__).resolve().parents[1] / ".." / "shared" / "examples" / "upi-2022-09-27-kazakhstan.txt"
PUBLISHED = date(2022, 9, 27)  # a Tuesday
D = date
DAY, WEEK, MONTH, YEAR = Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.YEAR


def one(text: str, words: str | None = None, published: date = PUBLISHED) -> PeriodMention:
    """The one mention in *text*; its words are *words* (all of *text* by default), at their place."""
    found = find_periods(text, published)
    assert len(found) == 1, found
    mention = found[0]
    words = text if words is None else words
    assert (mention.start, mention.end, mention.text) == (
        text.index(words),
        text.index(words) + len(words),
        words,
    )
    return mention


def since(start: date | None, precision: Precision = DAY, *, open_start: bool = False) -> Period:
    return Period(start, PUBLISHED, precision=precision, as_of=PUBLISHED, open_start=open_start)


class TestAbsolute:
    @pytest.mark.parametrize(
        ("text", "words", "period", "kind", "confidence"),
        [
            ("It happened on Sept. 21.", "on Sept. 21", Period.day(D(2022, 9, 21)), "point", "medium"),
            ("on 21 September 2022", None, Period.day(D(2022, 9, 21)), "point", "high"),
            ("on September 21, 2022, they", "on September 21, 2022", Period.day(D(2022, 9, 21)), "point", "high"),
            ("2022-09-21", None, Period.day(D(2022, 9, 21)), "point", "high"),
            ("in September", None, Period(D(2022, 9, 1), PUBLISHED, precision=MONTH), "point", "medium"),
            ("in August", None, Period.month(2022, 8), "point", "medium"),
            ("in October", None, Period.month(2021, 10), "point", "medium"),
            ("in September 2021", None, Period.month(2021, 9), "point", "high"),
            ("in 2015", None, Period.year(2015), "point", "high"),
            ("in early 2015", None, Period.year(2015), "point", "high"),
            ("which began in mid-June", "in mid-June", Period.month(2022, 6), "point", "medium"),
            ("since mid-April", None, since(D(2022, 4, 1), MONTH), "since", "medium"),
            ("between 1 and 5 May", None, Period(D(2022, 5, 1), D(2022, 5, 5)), "range", "medium"),
            ("from March to May 2022", None, Period(D(2022, 3, 1), D(2022, 5, 31), precision=MONTH), "range", "high"),
            ("between January 1-July 22, 2022", None, Period(D(2022, 1, 1), D(2022, 7, 22)), "range", "high"),
            ("from November to February 2022", None, Period(D(2021, 11, 1), D(2022, 2, 28), precision=MONTH),
             "range", "high"),
            ("from 2 to 4 September", None, Period(D(2022, 9, 2), D(2022, 9, 4)), "range", "medium"),
            ("from Sept. 21 to Sept. 23", None, Period(D(2022, 9, 21), D(2022, 9, 23)), "range", "medium"),
            ("between 2015 and 2017", None, Period(D(2015, 1, 1), D(2017, 12, 31), precision=YEAR), "range", "high"),
            ("25-26 September", None, Period(D(2022, 9, 25), D(2022, 9, 26)), "range", "medium"),
            ("Sept. 21-23", None, Period(D(2022, 9, 21), D(2022, 9, 23)), "range", "medium"),
            ("since the Feb. 24 full-scale invasion", "since the Feb. 24",
             since(D(2022, 2, 24), open_start=True), "since", "medium"),
            ("the Feb. 24 full-scale invasion", "Feb. 24", Period.day(D(2022, 2, 24)), "point", "medium"),
            ("the 1st of May", "1st of May", Period.day(D(2022, 5, 1)), "point", "medium"),
        ],
    )  # fmt: skip
    def test_reads(self, text: str, words: str | None, period: Period, kind: str, confidence: str) -> None:
        mention = one(text, words)
        assert (mention.period, mention.kind, mention.confidence) == (period, kind, confidence)

    def test_a_date_without_its_year_is_the_latest_not_after_publication(self) -> None:
        # 2 October 2022 would be after the publication day: the date is the one of 2021
        assert one("on Oct. 2").period == Period.day(D(2021, 10, 2))
        assert one("on Sept. 27").period == Period.day(PUBLISHED)
        assert one("on 29 February", published=D(2023, 3, 1)).period == Period.day(D(2020, 2, 29))

    def test_a_time_after_publication_is_never_read(self) -> None:
        # a report of the past: "talks will be held on Oct. 2" names no time people moved, and a
        # date put back a year would be the worst misread, so the future is left unread
        assert find_periods("talks will be held on Oct. 2", PUBLISHED) == []
        assert find_periods("refugees crossed in 2023", PUBLISHED) == []
        # further than a week after: a projection, not read (and never put in 2021)
        assert find_periods("talks will be held on Nov. 2", PUBLISHED) == []
        assert find_periods("they are expected to return in December", PUBLISHED) == []
        assert one("they returned in December", "in December").period == Period.month(2021, 12)

    def test_a_future_verb_makes_a_weekday_the_coming_one_which_is_not_read(self) -> None:
        assert find_periods("a vote will be held on Sunday", PUBLISHED) == []
        assert one("a vote was held on Sunday", "on Sunday").period == Period.day(D(2022, 9, 25))

    def test_a_period_that_runs_past_publication_ends_on_it(self) -> None:
        (m,) = find_periods("from Sept. 1 to Sept. 30, 2022", PUBLISHED)
        assert (m.period, m.kind, m.confidence) == (Period(D(2022, 9, 1), PUBLISHED), "range", "medium")
        # without a year, this September as far as it has gone, not last year's
        (m,) = find_periods("between Sept. 1 and Sept. 30", PUBLISHED)
        assert m.period == Period(D(2022, 9, 1), PUBLISHED)

    def test_two_days_joined_by_and_are_two_days(self) -> None:
        text = "on 24 and 30 Sept."
        first, second = find_periods(text, PUBLISHED)
        # one year for both, the year of the last: 30 September 2022 would be after publication
        assert (first.text, first.period, first.kind) == ("24", Period.day(D(2021, 9, 24)), "point")
        assert (second.text, second.period, second.kind) == ("30 Sept.", Period.day(D(2021, 9, 30)), "point")

    def test_a_day_that_does_not_exist_is_not_read(self) -> None:
        assert find_periods("on 31 September", PUBLISHED) == []
        assert find_periods("2022-02-30", PUBLISHED) == []


class TestSince:
    def test_since_a_day(self) -> None:
        mention = one("since Sept. 21")
        assert (mention.period, mention.kind, mention.confidence) == (
            since(D(2022, 9, 21)),
            "since",
            "medium",
        )

    def test_since_a_clause_naming_an_event_on_a_day(self) -> None:
        text = (
            "98,000 Russians have crossed into the Central Asian nation since Russian President Vladimir "
            'Putin announced a "partial mobilization" on Sept. 21.'
        )
        words = 'since Russian President Vladimir Putin announced a "partial mobilization" on Sept. 21'
        mention = one(text, words)
        assert mention.period == Period(D(2022, 9, 21), D(2022, 9, 27), as_of=D(2022, 9, 27), open_start=True)
        assert (mention.kind, mention.confidence) == ("since", "medium")

    @pytest.mark.parametrize(
        ("text", "words", "period", "confidence"),
        [
            ("since fighting broke out in April", None, since(D(2022, 4, 1), MONTH), "medium"),
            ("since Monday", None, since(D(2022, 9, 26)), "high"),
            ("since the beginning of the year", None, since(D(2022, 1, 1), YEAR), "medium"),
            ("since January", None, since(D(2022, 1, 1), MONTH), "medium"),
            ("since 2014", None, since(D(2014, 1, 1), YEAR), "high"),
            ("since last week", None, since(D(2022, 9, 19), WEEK), "medium"),
            ("since the start of the war, thousands", "since the start of the war", since(None), "low"),
            ("since the announcement of partial mobilization.", "since the announcement of partial mobilization",
             since(None), "low"),
        ],
    )  # fmt: skip
    def test_reads(self, text: str, words: str | None, period: Period, confidence: str) -> None:
        mention = one(text, words)
        assert (mention.period, mention.kind, mention.confidence) == (period, "since", confidence)

    def test_a_clause_does_not_reach_across_a_sentence_or_a_comma(self) -> None:
        text = "They have fled since the war. On Sunday, more came."
        found = find_periods(text, PUBLISHED)
        assert [(m.text, m.kind) for m in found] == [("since the war", "since"), ("On Sunday", "point")]
        text = "since fighting resumed, 5,000 left on Sunday"
        assert [m.text for m in find_periods(text, PUBLISHED)] == ["on Sunday"]

    def test_an_abbreviation_does_not_end_the_clause(self) -> None:
        mention = one("since U.S. troops left on Sept. 21")
        assert mention.period == since(D(2022, 9, 21), open_start=True)

    def test_since_with_no_date_and_no_event_is_not_a_period(self) -> None:
        assert find_periods("since they had no choice", PUBLISHED) == []
        assert find_periods("ever since", PUBLISHED) == []


class TestRelative:
    @pytest.mark.parametrize(
        ("text", "words", "period", "kind", "confidence"),
        [
            ("on Sunday", None, Period.day(D(2022, 9, 25)), "point", "high"),
            ("Sunday", None, Period.day(D(2022, 9, 25)), "point", "high"),
            ("a speech Tuesday", "Tuesday", Period.day(PUBLISHED), "point", "high"),
            ("last Tuesday", None, Period.day(D(2022, 9, 20)), "point", "high"),
            ("on Wednesday", None, Period.day(D(2022, 9, 21)), "point", "high"),
            ("yesterday", None, Period.day(D(2022, 9, 26)), "point", "high"),
            ("today", None, Period.day(PUBLISHED), "point", "high"),
            ("last week", None, Period.week(D(2022, 9, 19)), "point", "medium"),
            ("this week", None, Period(D(2022, 9, 26), PUBLISHED, precision=WEEK), "point", "medium"),
            ("over the weekend", None, Period(D(2022, 9, 24), D(2022, 9, 25)), "point", "high"),
            ("last month", None, Period.month(2022, 8), "point", "medium"),
            ("this month", None, Period(D(2022, 9, 1), PUBLISHED, precision=MONTH), "point", "medium"),
            ("earlier this year", None, Period(D(2022, 1, 1), PUBLISHED, precision=YEAR), "point", "medium"),
            ("last year", None, Period.year(2021), "point", "medium"),
            ("in just seven days", None, Period(D(2022, 9, 21), PUBLISHED), "duration", "medium"),
            ("in the past 24 hours", None, Period(D(2022, 9, 26), PUBLISHED, open_start=True), "duration", "high"),
            ("over the past two weeks", None, Period(D(2022, 9, 13), PUBLISHED, open_start=True), "duration",
             "high"),
            ("in the last three days", None, Period(D(2022, 9, 25), PUBLISHED), "duration",
             "high"),
            ("over the past month", None, Period(D(2022, 8, 27), PUBLISHED, open_start=True), "duration", "high"),
            ("in recent days", None, Period(None, PUBLISHED), "duration", "low"),
            ("recently", None, Period(None, PUBLISHED), "duration", "low"),
            ("in the past few days", None, Period(None, PUBLISHED), "duration", "low"),
            ("as of 15 June", None, Period(None, D(2022, 6, 15), as_of=D(2022, 6, 15)), "until", "medium"),
            ("by the end of August", None,
             Period(None, D(2022, 8, 31), precision=MONTH, as_of=D(2022, 8, 31)), "until", "medium"),
            ("as of 15 June 2021", None, Period(None, D(2021, 6, 15), as_of=D(2021, 6, 15)), "until", "high"),
        ],
    )  # fmt: skip
    def test_reads(self, text: str, words: str | None, period: Period, kind: str, confidence: str) -> None:
        mention = one(text, words)
        assert (mention.period, mention.kind, mention.confidence) == (period, kind, confidence)

    def test_the_weekend_of_a_sunday_article_is_that_weekend(self) -> None:
        assert one("over the weekend", published=D(2022, 9, 25)).period == Period(
            D(2022, 9, 24), D(2022, 9, 25)
        )
        # on a Saturday the weekend that has ended is the one before
        assert one("over the weekend", published=D(2022, 9, 24)).period == Period(
            D(2022, 9, 17), D(2022, 9, 18)
        )

    def test_a_projection_is_not_read_as_last_year(self) -> None:
        # "by December" in a September article is a target, not 31 December of the year before
        assert find_periods("1 million are expected to arrive by December", PUBLISHED) == []
        assert find_periods("by the end of October", PUBLISHED) == []
        # "as of" reports the past: 15 October is the one of the year before
        assert one("as of 15 October").period == Period(None, D(2021, 10, 15), as_of=D(2021, 10, 15))

    @pytest.mark.parametrize(
        "text",
        ["after Sept. 21", "before Sunday", "next week", "tomorrow", "ahead of Sept. 30", "in 10 days"],
    )
    def test_what_is_not_read(self, text: str) -> None:
        assert find_periods(text, PUBLISHED) == []


class TestNoFalseDates:
    @pytest.mark.parametrize(
        "text",
        [
            "Route 7 was closed",
            "COVID-19 cases rose",
            "a 2,000-strong force",
            "98,000 Russians crossed",
            "1.5 million people",
            "at 12:24 PM",
            "2015 people fled",
            "they may leave",
            "a march to the border",
            "Theresa May said",
            "24/09/2022",
            "the 1990s",
            "5 km",
            "A-7 road",
            "he talked to May and Johnson",
            "a camp of 1900 people",
            "in 2015 families",
        ],
    )
    def test_not_a_period(self, text: str) -> None:
        assert find_periods(text, PUBLISHED) == []


class TestArticle:
    def test_the_seed_article(self) -> None:
        text = ARTICLE.read_text(encoding="utf-8")
        found = [(m.text, m.kind, m.confidence, m.period) for m in find_periods(text, PUBLISHED)]
        assert found == [
            ("Sept. 27, 2022", "point", "high", Period.day(PUBLISHED)),
            ("Tuesday", "point", "high", Period.day(PUBLISHED)),
            ("on Sunday", "point", "high", Period.day(D(2022, 9, 25))),
            ("on Saturday", "point", "high", Period.day(D(2022, 9, 24))),
            ("Sept. 27", "point", "medium", Period.day(PUBLISHED)),
            ("Tuesday", "point", "high", Period.day(PUBLISHED)),
            ("Recently", "duration", "low", Period(None, PUBLISHED)),
            (
                'since Russian President Vladimir Putin announced a "partial mobilization" on Sept. 21',
                "since",
                "medium",
                since(D(2022, 9, 21), open_start=True),
            ),
            ("earlier this year", "point", "medium", Period(D(2022, 1, 1), PUBLISHED, precision=YEAR)),
            ("since the Feb. 24", "since", "medium", since(D(2022, 2, 24), open_start=True)),
            ("since the announcement of partial mobilization", "since", "low", since(None)),
            ("last week", "point", "medium", Period.week(D(2022, 9, 19))),
        ]


class TestInput:
    def test_a_wrong_type_is_a_validation_error(self) -> None:
        with pytest.raises(ValidationError, match="published: expected a date, got datetime"):
            find_periods("on Sunday", datetime(2022, 9, 27))
        with pytest.raises(ValidationError, match="text: expected a string, got bytes"):
            find_periods(b"on Sunday", PUBLISHED)  # type: ignore[arg-type]

    def test_the_edges_of_the_calendar(self) -> None:
        assert find_periods("yesterday, last week, in the past 999 years", date.min) == []
        assert find_periods("since Dec.", date.min) == []  # December of year 0
        found = find_periods("today", date.max)
        assert [m.period for m in found] == [Period.day(date.max)]

    def test_a_long_text_finishes(self) -> None:
        # linear work: each of these 200,000-character texts once took, or could take, quadratic time
        for unit in (
            "since a b c d e f on Sept. 21 ",
            "since the war ",
            " ",
            "1 and ",
            "Sept. 1 ",
            "2022-09-",
        ):
            text = (unit * (200_000 // len(unit) + 1))[:200_000]
            for mention in find_periods(text, PUBLISHED):
                assert text[mention.start : mention.end] == mention.text


# -- properties -------------------------------------------------------------------------------

# Phrases without an explicit year: each period must end by the publication day and start at most
# about two years before it.
TEMPLATES = [
    "on Sept. 21", "on 21 September", "September 21", "in September", "in March", "in December",
    "between 1 and 5 May", "from March to May", "25-26 September", "the Feb. 24 invasion", "since Sept. 21",
    "since fighting broke out in April", "since Monday", "since the beginning of the year", "since January",
    "since the start of the war", "on Sunday", "Sunday", "Tuesday", "yesterday", "today", "last week",
    "this week", "over the weekend", "last month", "this month", "earlier this year", "last year",
    "in just seven days", "in the past 24 hours", "over the past two weeks", "in the last three days",
    "in recent days", "recently", "as of 15 June", "by the end of August", "last Sunday", "in early July",
    "since last month", "by Monday", "from 30 December to 2 January", "since Dec. 31", "since the weekend",
    'since Putin announced a "partial mobilization" on Sept. 21', "over the past two years",
]  # fmt: skip
CLAUSE_TEMPLATES = [
    "5,000 people fled {}.",
    "{}, 98,000 Russians crossed.",
    "Officials said {} that 40 left.",
]


@given(
    published=st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)),
    phrase=st.sampled_from(TEMPLATES),
    frame=st.sampled_from(CLAUSE_TEMPLATES),
)
def test_a_period_never_ends_after_publication(published: date, phrase: str, frame: str) -> None:
    text = frame.format(phrase)
    found = find_periods(text, published)
    # "by <a date without its year>" that would fall after publication is a projection: not read
    assert found or phrase.startswith("by "), text
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
        period = mention.period
        assert period.end is not None
        assert period.end <= published, (text, published, period)
        if period.start is not None:
            assert period.start >= published - timedelta(days=2 * 366 + 1), (text, published, period)
        if period.as_of is not None:
            assert period.as_of <= published


WORDS = ["on", "since", "Sept.", "21", "Sunday", "in", "April", "the", "war", "2022", "-", ",", ".", "and",
         "last", "week", "from", "to", "between", "5", "May", "recently", "over", "past", "two", "days",
         "by", "as of", "Feb.", "24", "\n"]  # fmt: skip


@given(words=st.lists(st.sampled_from(WORDS), max_size=40), published=st.dates())
def test_spans_never_overlap(words: list[str], published: date) -> None:
    text = " ".join(words)
    found = find_periods(text, published)
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
        assert mention.kind in ("since", "point", "range", "until", "duration")
        assert mention.confidence in ("high", "medium", "low")
    for first, second in itertools.pairwise(found):
        assert first.end <= second.start, (text, first, second)
