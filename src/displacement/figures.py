"""Reading figures from text: `find_counts` for running text, and the grammar of `Count.parse`.

A figure phrase is an optional qualifier, a number and, optionally, what is counted:

>>> from displacement import Count
>>> Count.parse("more than 98,000 people")
Count(98000, qualifier=Qualifier.MORE_THAN)
>>> Count.parse("thousands of anti-mobilization protesters")
Count(2000, qualifier=Qualifier.AT_LEAST)
>>> Count.parse("between 200 and 300 families")
Count(200, unit='household', qualifier=Qualifier.RANGE, upper=300)

Numbers are digits with ``,``, a space (plain, no-break, thin or narrow no-break) or an
apostrophe between thousands (``98,000``, ``98 000``, ``98'000``), ``1.234.567`` and Indian
``1,00,000``; decimals with a scale (``1.2 million``, ``2.5m``, ``3bn``, ``10k``, ``2 lakh``,
``1.5 crore``) and English number words (``seventy thousand``, ``half a million``,
``a dozen``). A magnitude word that is not read (``5 zillion``, ``two thirds``) and the
ambiguous ``98.000`` (98 or 98,000?) are refused: no figure is read smaller than the text
says. Vague plurals are lower
bounds, because a plural means at least two: ``hundreds`` is at least 200, ``tens of thousands``
at least 20,000. The unit is ``household`` when the counted noun is household(s) or family
(families), otherwise ``person``.

`find_counts` finds every figure phrase in an article, with its span. It skips numbers that are
dates (``Sept. 27``, ``1 October``, ``2023-09-24``, ``September 2023``) as a whole, times
(``12:24``), years (``in 2022``), ordinals, money, percentages and measures (``5 km``,
``10 days``), and bare small numbers with neither a noun nor a qualifier. Its work is linear in
the length of the text.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

from . import _validate as v
from .count import Count, Qualifier
from .errors import ParseError, UnitError
from .units import HOUSEHOLD, PERSON, canonical_unit

__all__ = ["CountMatch", "find_counts", "parse_count"]


@attrs.frozen
class CountMatch:
    """A figure phrase found in text: where it is (`start`, `end`), its words and its `Count`.

    ``text[match.start:match.end] == match.text``, and ``Count.parse(match.text) == match.count``.
    """

    start: int
    """Index of the first character of the phrase."""
    end: int
    """Index just past the last character of the phrase."""
    text: str
    """The phrase, verbatim."""
    count: Count
    """What the phrase says, as a count."""

    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)``, as `re.Match.span` gives it."""
        return self.start, self.end


# -- vocabulary -------------------------------------------------------------------------------

_QUALIFIER_WORDS: dict[Qualifier, tuple[str, ...]] = {
    Qualifier.APPROXIMATE: (
        "about",
        "around",
        "approximately",
        "roughly",
        "some",
        "an estimated",
        "estimated",
        "nearly",
        "almost",
        "close to",
        "circa",
        "ca.",
        "~",
    ),
    Qualifier.AT_LEAST: ("at least", "no fewer than", "no less than", "a minimum of", "≥"),
    Qualifier.MORE_THAN: ("more than", "over", "above", "upwards of", "in excess of", "exceeding", ">"),
    Qualifier.AT_MOST: ("up to", "at most", "as many as", "no more than", "a maximum of", "≤"),
    Qualifier.LESS_THAN: ("less than", "fewer than", "under", "below", "<"),
}
"""The words of each qualifier (matched case-insensitively, longest first)."""

_QUALIFIER_OF = {w: q for q, words in _QUALIFIER_WORDS.items() for w in words}
_QUALIFIER_OF["between"] = Qualifier.RANGE


def _alternation(words: list[str]) -> str:
    words = sorted(words, key=len, reverse=True)
    parts = []
    for w in words:
        body = re.escape(w).replace(r"\ ", r"\s+")
        parts.append(body + (r"\s+" if w[-1].isalpha() else r"\s*"))
    return "|".join(parts)


_QUALIFIER_AT_START = re.compile(r"\s*(?P<q>" + _alternation(list(_QUALIFIER_OF)) + ")", re.IGNORECASE)
_QUALIFIER_BEFORE = re.compile(
    r"(?<![\w.])(?P<q>" + _alternation(list(_QUALIFIER_OF)) + r")\Z", re.IGNORECASE
)

_SMALL = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2)
}
_SCALES = {
    "thousand": 1000,
    "lakh": 10**5,
    "lac": 10**5,
    "million": 10**6,
    "crore": 10**7,
    "billion": 10**9,
    "milliard": 10**9,
    "trillion": 10**12,
}
"""Scale words, in words or after digits: the short scale, and the Indian lakh (100,000) and crore."""
_SCALE_NAMES = "|".join(sorted(_SCALES, key=len, reverse=True))
_ABBREVIATIONS = {
    "k": 1000,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "bln": 10**9,
    "tn": 10**12,
}
_NUMBER_WORDS = {*_SMALL, *_TENS, *_SCALES, "hundred", "dozen", "and", "a", "an"}
_MAX_WORDS = 40
"""The most words one number in words can take ("nine hundred and ninety-nine thousand ..." takes 17)."""

_MAX_DIGITS = 4300
"""The most digits a number is read from (Python's own limit for reading a whole number from text).
A count holds far less (`displacement.count.MAX_MAGNITUDE`), which `Count` checks with its own
message; this bound only keeps a long run of digits from reaching `int` or `Decimal` arithmetic."""

_VAGUE_UNITS = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "lakhs": 10**5,
    "millions": 10**6,
    "crores": 10**7,
    "billions": 10**9,
    "trillions": 10**12,
}
_FEW_SCALES = {"dozen": 12, "hundred": 100, **_SCALES}

_DIGITS = re.compile(
    # 1.234.567: points between groups of three, the European way (two points at least, so never a decimal)
    r"(?P<euro>\d{1,3}(?:\.\d{3}){2,})(?!\d)"
    # 98,000  98 000  98\u00a0000  98\u2009000 (thin space)  98\u202f000  98'000 (Swiss): one separator throughout
    r"|(?P<int>\d{1,3}(?P<sep>[,\u0020\u00a0\u2009\u202f'\u2019])\d{3}(?:(?P=sep)\d{3})*(?!\d)"
    # 1,00,000 and 12,34,567: Indian grouping (two-digit groups before the last three)
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?!\d)"
    r"|\d+)(?P<frac>\.\d+)?"
)
_AMBIGUOUS_POINT = re.compile(r"[1-9]\d{0,2}\.\d\d0")
"""``98.000``, ``1.500``: 98 or 98,000? `str` of a count never writes it, and English never needs it."""
_SCALE_WORD_AFTER = re.compile(
    r"\s*(?P<word>hundred|dozen|" + _SCALE_NAMES + r")s?(?![^\W\d_])", re.IGNORECASE
)
_ABBREVIATION_AFTER = re.compile(
    r"(?:(?P<abbr>mln|bln|mn|bn|tn|k|m|b)|\u0020(?P<spaced>mln|bln|mn|bn|tn))\b(?!-)", re.IGNORECASE
)
_FRACTIONS = r"half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?"
_UNREAD_MAGNITUDE = re.compile(
    r"\s+and\s+a\s+half\b"
    # "three quarters of a million": the million is not a figure of its own either
    r"|\s*(?:" + _FRACTIONS + r")(?![\w'\u2019-])"
    r"(?:\s+of\s+(?:an?\s+)?(?:hundred|dozen|" + _SCALE_NAMES + r")s?(?![\w'\u2019-]))?"
    r"|\s*(?:(?:hundred|thousand|lakh|lac|crore|dozen|score)s?"
    r"|[^\W\d_]*illi(?:on|ard)(?:s|en|es)?|mio|mln|mn|mrd|bn|bln|tn|trn|cr|[kmb])"
    r"\.?(?![\w'\u2019-])",
    re.IGNORECASE,
)
"""A magnitude word right after a number that was not read with it ("5 zillion", "5 M", "two thirds").

Reading "5" alone there would give a smaller number than the text says, so the figure is refused.
"""
_NUMBER_RUN = re.compile(r"\d+(?:[.,'\u2019\u2009\u202f]\d+)*")
_MALFORMED_AFTER = re.compile(r"[.,'\u2019\u2009\u202f]\d")
_WORDS_AFTER_SCALE = re.compile(
    r"\s+(?:and\s+)?(?:" + "|".join([*_SMALL, *_TENS]) + r")(?![^\W\d_])", re.IGNORECASE
)
"""Number words after digits and a scale ("5 thousand five hundred"): digits and words mixed."""
_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019-]*[^\W_])?")
_NUMBER_TOKEN = re.compile(r"[^\W\d_]{1,10}(?:-[^\W\d_]{1,10})?")
"""A number word ("seventy", "forty-two"): short, so reading one never runs over a long word."""
_GAP = re.compile(r"\s+")
_HALF = re.compile(r"half\s+an?\s+(?P<scale>hundred|dozen|" + _SCALE_NAMES + r")\b", re.IGNORECASE)
_AND_A_HALF = re.compile(
    r"\s+and\s+a\s+half(?:\s+(?P<scale>hundred|dozen|" + _SCALE_NAMES + r"))?(?![\w'\u2019-])", re.IGNORECASE
)
_VAGUE = re.compile(
    r"(?:(?P<outer>tens|dozens|scores|hundreds)\s+of\s+"
    r"(?P<inner>dozens|scores|hundreds|thousands|lakhs|millions|crores|billions|trillions)\b"
    r"|(?P<plain>dozens|scores|hundreds|thousands|lakhs|millions|crores|billions|trillions)\b"
    r"|(?P<tens>tens)(?=\s+of\b)"
    r"|(?P<few>several|a\s+few)\s+(?P<fscale>dozen|hundred|thousand|lakh|million|crore|billion|trillion)s?\b"
    r"(?:\s+(?P<fscale2>thousand|million|billion)\b)?)",
    re.IGNORECASE,
)
_RANGE_DASH = re.compile(r"\s*[-\u2013\u2014]\s*(?=\d)")
_RANGE_TO = re.compile(r"\s+to\s+")
_RANGE_AND = re.compile(r"\s+and\s+")
_FROM_BEFORE = re.compile(r"(?<![\w])from\s+\Z")
_PER = re.compile(r"\s+per\s+(?P<per>[A-Za-z]+)\b")
_PERCENT_AFTER = re.compile(r"\s*(?:%|per\s*cent\b|percent\b|pct\b)", re.IGNORECASE)
_SIZE_NOTE = re.compile(
    # As `str(Count)` writes a size: in full, so up to the 324 decimals of the smallest float.
    r"\s*\(at\s+(?P<size>\d[\d,]{0,30}(?:\.\d{1,400})?)\s+(?:people|persons)\s+per\s+household\)",
    re.IGNORECASE,
)
_SIZE_NOTE_LIKE = re.compile(
    r"\s*\(at\s+\d[^()]{0,500}?\s(?:people|persons)\s+per\s+household\)", re.IGNORECASE
)
"""A note of the form `str(Count)` writes, read or not: one this cannot read is refused, never
passed over, so a household size is not lost on the way through text."""
_NEGATIVE = re.compile(r"[-\u2212]\s*\d")
_NOUN_OF = re.compile(r"\s+of\s+(?:the\s+|these\s+|those\s+)?")
_NOUN_GAP = re.compile(r"[\u0020\u00a0\u202f\t]+")
_NEXT_TOKEN = re.compile(r"\s*(\S{1,64})")

# -- dates and times: a number in one is not a figure, and must not hide the figure after it

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d\d(?![\d\w]|[.,]\d)"
_DAY_FIRST = re.compile(
    # 1 October, 1st of October 2023, 25-26 September, 24 and 30 Sept., 1 to 30 September, 2023
    r"(?P<day>\d{1,2})"
    + _ORDINAL
    + r"(?:(?:\s*[-\u2013\u2014]\s*|\s+(?:to|and|or)\s+)(?P<day2>\d{1,2})"
    + _ORDINAL
    + r")?"
    r"\s+(?:of\s+)?(?P<month>" + _MONTHS + r")\b\.?(?:,?\s+" + _YEAR + r")?",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    # 2023-09-24, 2023-09, 2023/09/24, 24/09/2023, 24.09.2023, 24-09-23
    r"(?:1[89]|20)\d\d(?P<s1>[-/])(?:0?[1-9]|1[0-2])(?:(?P=s1)(?:0?[1-9]|[12]\d|3[01]))?(?![\d\w]|[.,]\d)"
    r"|\d{1,2}(?P<s2>[-/.])\d{1,2}(?P=s2)(?:\d{4}|\d\d)(?![\d\w]|[.,]\d)"
)
_TIME = re.compile(
    # 10:30, 14h30, 10:30:15 pm, 10 am, 10.30 a.m.
    r"\d{1,2}(?:[:h]\d\d(?::\d\d)?(?:\s*[ap]\.?m\b\.?)?|(?:[.:]\d\d)?\s*[ap]\.?m\b\.?)(?!\w|[.,:]\d)",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(r"(?<![\w])(?P<month>" + _MONTHS + r")\.?\s+\Z", re.IGNORECASE)
_DAY_AFTER_MONTH = re.compile(
    # Oct. 1, Sept. 21-23, October 1, 2023, September 2023
    r"(?:(?P<day>\d{1,2})" + _ORDINAL + r"(?:\s*[-\u2013]\s*(?P<day2>\d{1,2})" + _ORDINAL + r")?"
    r"(?!\w|[.,:]\d)(?:,?\s+" + _YEAR + r")?|" + _YEAR + r")",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(
    r"(?<![\w])(?:in|since|from|until|till|by|of|during|before|after|year|early|late|mid|the)\s+\Z",
    re.IGNORECASE,
)
_YEARS = re.compile(r"(?:1[89]|20)\d\d\s*[-\u2013\u2014]\s*(?:(?:1[89]|20)\d\d|\d\d)(?!\d)")
_TIME_AFTER = re.compile(r"(?:\s*[:h]\d|\s*[ap]\.?m\b\.?)", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(
    r"[$€£¥₹৳₦₨]\s*\Z|(?<![\w])(?:usd|eur|gbp|us\$|rs\.?|inr|bdt|tk\.?|pkr|npr|ngn|kes|etb|chf)\s*\Z",
    re.IGNORECASE,
)
_LABEL_BEFORE = re.compile(
    r"(?<![\w])(?:no\.|nos\.|number|article|resolution|section|chapter|page|p\.|pp\.|route|highway|"
    r"flight|line|room|version|level|phase|grade|km|kilometre|kilometer|mile|#)\s*\Z",
    re.IGNORECASE,
)

_MEASURES = frozenset(
    [
        "percent",
        "per-cent",
        "pct",
        "%",
        "cent",
        "km",
        "kms",
        "kilometre",
        "kilometres",
        "kilometer",
        "kilometers",
        "mile",
        "miles",
        "metre",
        "metres",
        "meter",
        "meters",
        "cm",
        "mm",
        "ft",
        "feet",
        "foot",
        "inch",
        "inches",
        "yard",
        "yards",
        "kg",
        "kgs",
        "kilogram",
        "kilograms",
        "gram",
        "grams",
        "g",
        "lb",
        "lbs",
        "pound",
        "pounds",
        "ton",
        "tons",
        "tonne",
        "tonnes",
        "litre",
        "litres",
        "liter",
        "liters",
        "gallon",
        "gallons",
        "barrel",
        "barrels",
        "dollar",
        "dollars",
        "euro",
        "euros",
        "usd",
        "eur",
        "gbp",
        "yen",
        "rupees",
        "rubles",
        "roubles",
        "tenge",
        "lari",
        "cents",
        "hectare",
        "hectares",
        "ha",
        "acre",
        "acres",
        "square",
        "sq",
        "degree",
        "degrees",
        "year",
        "years",
        "yr",
        "yrs",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "hour",
        "hours",
        "hr",
        "hrs",
        "minute",
        "minutes",
        "min",
        "mins",
        "second",
        "seconds",
        "sec",
        "secs",
        "times",
        "fold",
        "mw",
        "kw",
        "gw",
        "mph",
        "kph",
        "km/h",
        "point",
        "points",
        "votes",
        "vote",
        "seats",
        "seat",
    ]
)
"""Nouns after a number that make it a measure, not a count of people or households."""

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "to",
        "in",
        "into",
        "on",
        "onto",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "within",
        "since",
        "until",
        "till",
        "across",
        "through",
        "over",
        "under",
        "above",
        "below",
        "after",
        "before",
        "during",
        "between",
        "among",
        "per",
        "than",
        "as",
        "via",
        "have",
        "has",
        "had",
        "having",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "who",
        "whom",
        "whose",
        "which",
        "that",
        "this",
        "these",
        "those",
        "what",
        "when",
        "where",
        "while",
        "whether",
        "if",
        "it",
        "its",
        "they",
        "them",
        "their",
        "there",
        "here",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        "not",
        "no",
        "yet",
        "so",
        "still",
        "also",
        "only",
        "just",
        "even",
        "already",
        "more",
        "most",
        "less",
        "fewer",
        "least",
        "many",
        "much",
        "some",
        "any",
        "each",
        "every",
        "all",
        "both",
        "either",
        "neither",
        "other",
        "another",
        "such",
        "said",
        "says",
        "say",
        "according",
        "reported",
        "reportedly",
        "who've",
        "including",
        "out",
        "up",
        "down",
        "off",
        "back",
        "again",
        "ago",
        "nothing",
        "none",
        "something",
        "anything",
        "everything",
        "someone",
        "anyone",
        "everyone",
    ]
)
"""Words that end a counted noun phrase ("98,000 Russians *have* crossed")."""

_IRREGULAR_PLURALS = frozenset(["people", "children", "men", "women", "folk", "staff", "police", "personnel"])
_HOUSEHOLD_NOUNS = frozenset(["household", "households", "family", "families", "hh"])
_ONE_NOUNS = frozenset(
    [
        "person",
        "individual",
        "household",
        "family",
        "refugee",
        "migrant",
        "child",
        "man",
        "woman",
        "boy",
        "girl",
        "resident",
        "civilian",
        "asylum-seeker",
        "idp",
        "evacuee",
        "returnee",
    ]
)


# -- reading numbers ---------------------------------------------------------------------------


@attrs.frozen
class _Number:
    value: Decimal
    end: int
    kind: str  # "digits", "words" or "vague"
    grouped: bool = False  # thousands separator or a scale word: a figure even without a noun
    word: str = ""  # the number word ("one") for word numbers
    scale: int = 1  # the scale written after digits ("million": 1,000,000)


class _NotAFigure(Exception):
    """Raised inside the reader: the text at this position is not a figure (with why).

    *end*, when given, is where the unreadable number ends: scanning resumes there, so that no
    part of it ("000" of "98.000", "millions" of "2,5 millions") is read as a figure of its own.
    """

    def __init__(self, why: str, end: int | None = None) -> None:
        super().__init__(why)
        self.end = end


_EXACT = decimal.Context(prec=2 * _MAX_DIGITS + 40, Emax=10 * _MAX_DIGITS, Emin=-10 * _MAX_DIGITS)
"""Arithmetic on read numbers is exact: the default context would round to 28 digits."""


def _to_magnitude(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _run_end(text: str, pos: int) -> int:
    """The end of the run of digits and separators at *pos*, with any magnitude word after it."""
    run = _NUMBER_RUN.match(text, pos)
    end = run.end() if run is not None else pos + 1
    word = _UNREAD_MAGNITUDE.match(text, end) or _SCALE_WORD_AFTER.match(text, end)
    return word.end() if word is not None else end


def _too_long(digits: int, text: str, pos: int, end: int) -> _NotAFigure:
    return _NotAFigure(
        f"the number at {v.quoted(text[pos:end], 20)} has {digits:,} digits, "
        f"more than the {_MAX_DIGITS:,} a number is read from",
        end,
    )


def _digits_at(text: str, pos: int) -> _Number | None:
    m = _DIGITS.match(text, pos)
    if m is None:
        return None
    end = m.end()
    if _MALFORMED_AFTER.match(text, end):  # "2,5", "1,0000", "1.234.567,89": not a number read whole
        raise _NotAFigure(
            f"{v.quoted(text[pos : end + 2])}... is not a well-formed number", _run_end(text, pos)
        )
    euro = m.group("euro")
    if euro is not None:
        whole, frac = euro.replace(".", ""), ""
    else:
        whole, frac = m.group("int"), m.group("frac") or ""
        if not whole.isdigit():
            whole = "".join(c for c in whole if c.isdigit())
    if len(whole) + len(frac) > _MAX_DIGITS:
        # resume after all of it: "100 100 100 ..." is one (too long) number, not many
        raise _too_long(len(whole) + max(len(frac) - 1, 0), text, pos, max(end, _run_end(text, pos)))
    grouped = euro is not None or len(whole) != len(m.group("int") or "")
    factor = 1
    abbreviation = _ABBREVIATION_AFTER.match(text, end)
    if abbreviation is not None:
        factor = _ABBREVIATIONS[(abbreviation.group("abbr") or abbreviation.group("spaced")).lower()]
        end = abbreviation.end()
    else:
        # "5 thousand", "1.5 lakh", "3 dozen", and "5 hundred thousand": each scale above the last
        while (word := _SCALE_WORD_AFTER.match(text, end)) is not None:
            name = word.group("word").lower()
            scale = 100 if name == "hundred" else 12 if name == "dozen" else _SCALES[name]
            if scale <= factor or factor % 100 == 12:  # nothing comes after "dozen"
                break
            factor *= scale
            end = word.end()
    mixed = _WORDS_AFTER_SCALE.match(text, end) if factor > 1 else None
    if mixed is not None:
        raise _NotAFigure(
            f"{v.quoted(text[pos : mixed.end()])} mixes digits and number words; write the number in digits",
            mixed.end(),
        )
    if factor == 1 and euro is None and not grouped and _AMBIGUOUS_POINT.fullmatch(m.group()):
        raise _NotAFigure(
            f"{m.group()!r} is ambiguous: with a decimal point it is {Decimal(m.group()).normalize()}, "
            f"with a point between thousands it is {int(whole + frac[1:]):,}; write one of those",
            _run_end(text, pos),
        )
    value = _EXACT.multiply(Decimal(whole + frac), factor)
    if value.adjusted() >= _MAX_DIGITS:
        raise _too_long(value.adjusted() + 1, text, pos, end)
    return _Number(value, end, "digits", grouped or factor > 1, scale=factor)


def _words_at(text: str, pos: int) -> _Number | None:
    """Read English number words at *pos*: the longest run of words that forms one number."""
    half = _HALF.match(text, pos)
    if half is not None:
        scale = half.group("scale").lower()
        unit = _FEW_SCALES[scale]
        return _Number(Decimal(unit) / 2, half.end(), "words", True, "half", unit)
    total = 0
    current: int | None = None
    last = ""
    cap = 10**100
    best: tuple[int, int, str, int, bool] | None = None  # value, end, first word, scale, grouped
    first = ""
    scale_of_last = 1
    grouped = False
    at = pos
    # one pass over the words, stopping at the first that cannot continue the number: the work per
    # position is bounded (a number has at most _MAX_WORDS words), so scanning a text stays linear
    for i in range(_MAX_WORDS):
        m = _NUMBER_TOKEN.match(text, at)
        if m is None or (m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] in "'\u2019-_")):
            break
        token = m.group().lower()
        if token.endswith("s") and (token[:-1] in _SCALES or token[:-1] in ("hundred", "dozen")) and i:
            token = token[:-1]  # "two thousands", "2 lakhs" in words: the plural of a scale
        if last == "a" and token not in ("hundred", "dozen", *_SCALES):
            break
        if last == "and" and token not in _SMALL and token.split("-")[0] not in _TENS:
            break
        if last == "dozen":
            break
        if token in ("a", "an"):
            if i != 0:
                break
            current, last = 1, "a"
        elif token == "and":
            if last not in ("hundred", "scale"):
                break
            last = "and"
        elif token == "hundred":
            if current is None or not 0 < current < 100 or last not in ("small", "tens", "a"):
                break
            current *= 100
            last, scale_of_last, grouped = "hundred", 100, True
        elif token == "dozen":
            if current is None or last not in ("small", "tens", "a"):
                break
            current *= 12
            last, scale_of_last, grouped = "dozen", 12, True
        elif token in _SCALES:
            scale = _SCALES[token]
            if current is None or current == 0 or scale >= cap or last == "and":
                break
            if total and current * scale >= cap:  # "one million twenty lakh": two systems mixed
                break
            total += current * scale
            current, cap, last, scale_of_last, grouped = 0, scale, "scale", scale, True
        else:
            head, _, tail = token.partition("-")
            if head in _TENS and tail:
                if tail not in _SMALL or not 0 < _SMALL[tail] < 10:
                    break
                value, kind = _TENS[head] + _SMALL[tail], "small"
            elif head in _TENS:
                value, kind = _TENS[head], "tens"
            elif token in _SMALL:
                value, kind = _SMALL[token], "small"
            else:
                break
            if last == "tens":
                if kind != "small" or value >= 10 or current is None or current % 10:
                    break
            elif last in ("small", "a"):
                break
            current = (current or 0) + value
            last, scale_of_last = kind, 1
        if i == 0:
            first = token
        if last not in ("and", "a"):
            best = (total + (current or 0), m.end(), first if i == 0 else "", scale_of_last, grouped)
        gap = _GAP.match(text, m.end())
        if gap is None:
            break
        at = gap.end()
    if best is None:
        return None
    value, end, word, scale, grouped = best
    number = Decimal(value)
    half = _AND_A_HALF.match(text, end)
    if half is not None:
        # "one and a half million" (1,500,000), "a million and a half" (1,500,000)
        if half.group("scale") is not None and scale == 1:
            unit = _FEW_SCALES[half.group("scale").lower()]
            return _Number((number + Decimal("0.5")) * unit, half.end(), "words", True, "", unit)
        if half.group("scale") is None and scale > 1:
            return _Number(number + Decimal(scale) / 2, half.end(), "words", True, "", scale)
    return _Number(number, end, "words", grouped, word, scale)


def _vague_at(text: str, pos: int) -> _Number | None:
    m = _VAGUE.match(text, pos)
    if m is None:
        return None
    if m.group("outer"):
        value = 2 * _VAGUE_UNITS[m.group("outer").lower()] * _VAGUE_UNITS[m.group("inner").lower()]
    elif m.group("plain"):
        value = 2 * _VAGUE_UNITS[m.group("plain").lower()]
    elif m.group("tens"):
        value = 20
    else:
        value = 2 * _FEW_SCALES[m.group("fscale").lower()]
        if m.group("fscale2"):
            value *= _SCALES[m.group("fscale2").lower()]
    return _Number(Decimal(value), m.end(), "vague", True)


def _number_at(text: str, pos: int) -> _Number | None:
    """The number at *pos*, None when there is none; `_NotAFigure` when it cannot be read."""
    if pos >= len(text):
        return None
    number = _digits_at(text, pos) if text[pos].isdigit() else _vague_at(text, pos) or _words_at(text, pos)
    if number is not None:
        unread = _UNREAD_MAGNITUDE.match(text, number.end)
        if unread is not None:
            # "5 zillion", "2 M", "a thousand thousand", "two thirds": reading the number alone would
            # give a smaller figure than the text says, so it is refused
            raise _NotAFigure(
                f"{v.quoted(text[pos : unread.end()].strip())} has a magnitude this library does not read "
                f"({unread.group().strip()!r}); write the number in full",
                _run_end(text, pos) if text[pos].isdigit() else unread.end(),
            )
    return number


def _date_at(text: str, pos: int) -> int | None:
    """Where the date or time that starts at the digits at *pos* ends, or None if it is none."""
    m = _NUMERIC_DATE.match(text, pos) or _TIME.match(text, pos)
    if m is not None:
        return m.end()
    m = _DAY_FIRST.match(text, pos)
    if m is not None and _is_day(m) and _is_month(m.group("month")):
        return m.end()
    before = _MONTH_BEFORE.search(text, max(0, pos - 16), pos)
    if before is not None and _is_month(before.group("month")):
        m = _DAY_AFTER_MONTH.match(text, pos)
        if m is not None and (m.group("day") is None or _is_day(m)):
            return m.end()
    return None


def _is_day(m: re.Match[str]) -> bool:
    return all(d is None or 1 <= int(d) <= 31 for d in (m.group("day"), m.group("day2")))


def _is_month(word: str) -> bool:
    """The words "May" and "March" are months when capitalised ("5 may die", "5 march" are not dates)."""
    return word[0].isupper() or word.lower() not in ("may", "mar", "march")


# -- the counted noun --------------------------------------------------------------------------


@attrs.frozen
class _Noun:
    end: int  # end of the noun phrase (the number's end when there is none)
    head: str | None  # the counted noun, lower case
    first: str | None  # the first word after the number, lower case


def _plural_looking(word: str) -> bool:
    return word in _IRREGULAR_PLURALS or (
        len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "\u2019s"))
    )


def _noun_at(text: str, pos: int) -> _Noun:
    """Read the counted noun phrase after a number: "Russians", "anti-mobilization protesters"."""
    at = pos
    m = _NOUN_OF.match(text, at)
    if m is not None:
        at = m.end()
    else:
        gap = _NOUN_GAP.match(text, at)
        if gap is None:
            return _Noun(pos, None, None)
        at = gap.end()
    words: list[tuple[str, int]] = []
    while len(words) < 4:
        w = _WORD.match(text, at)
        if w is None:
            break
        word = w.group().lower()
        if word in _STOP:
            break
        words.append((word, w.end()))
        gap = _NOUN_GAP.match(text, w.end())
        if gap is None:
            break
        at = gap.end()
    if not words:
        return _Noun(pos, None, None)
    first = words[0][0]
    for i, (word, end) in enumerate(words):
        if _plural_looking(word):
            return _Noun(end, word, first)
        following = words[i + 1][0] if i + 1 < len(words) else None
        if (word in _ONE_NOUNS or word in _HOUSEHOLD_NOUNS) and not (
            following is not None and _plural_looking(following)
        ):
            return _Noun(end, word, first)
    # no plural and no known noun ("500 Rohingya fled"): the first word is what is counted
    return _Noun(words[0][1], first, first)


def _unit_of(head: str | None) -> str:
    return HOUSEHOLD if head in _HOUSEHOLD_NOUNS else PERSON


# -- one figure phrase -------------------------------------------------------------------------


@attrs.frozen
class _Figure:
    start: int
    number_start: int
    end: int
    count: Count
    noun: bool  # a counted noun follows
    grouped: bool
    first: _Number
    worded: bool = False  # the qualifier was written before the number ("more than", "between")


def _combine_range(low: _Number, high: _Number) -> tuple[Decimal, Decimal]:
    """The two ends of a range; "2-3 million" puts the scale of the second on the first too."""
    a, b = low.value, high.value
    if low.kind == high.kind and not low.grouped and high.scale > 1 and a < b / high.scale:
        a = _EXACT.multiply(a, high.scale)
    return a, b


def _read(
    text: str, start: int, qualifier: Qualifier, *, in_text: bool, first: _Number | None = None
) -> _Figure:
    """Read the figure whose number (*first*, if already read) starts at *start*; *qualifier* was read before it."""
    if first is None:
        first = _number_at(text, start)
    if first is None:
        raise _NotAFigure("no number")
    end = first.end
    low = first.value
    high: Decimal | None = None
    grouped = first.grouped
    if first.kind == "vague":
        if qualifier in (Qualifier.AT_MOST, Qualifier.LESS_THAN, Qualifier.RANGE):
            raise _NotAFigure(
                f"{v.quoted(text[start:end])} is a vague lower bound; it cannot be bounded from above"
            )
        qualifier = Qualifier.AT_LEAST
    else:
        tail = None
        if qualifier is Qualifier.RANGE:
            tail = _RANGE_AND.match(text, end)
            if tail is None:
                raise _NotAFigure("'between' needs two numbers: 'between X and Y'")
        elif qualifier in (Qualifier.EXACT, Qualifier.APPROXIMATE):
            tail = _RANGE_DASH.match(text, end) or _RANGE_TO.match(text, end)
            if (
                tail is not None
                and in_text
                and tail.group().strip() == "to"
                and _FROM_BEFORE.search(text[max(0, start - 6) : start].lower())
            ):
                tail = None  # "rose from 5,000 to 9,000": a change, not a range
        if tail is not None:
            second = _number_at(text, tail.end())
            if second is None or second.kind == "vague":
                if qualifier is Qualifier.RANGE:
                    raise _NotAFigure("'between' needs two numbers: 'between X and Y'")
            else:
                low, high = _combine_range(first, second)
                end = second.end
                grouped = grouped or second.grouped
                qualifier = Qualifier.RANGE
                if high <= low:
                    raise _NotAFigure(
                        f"the range {v.quoted(text[start:end])} must run from a lower to a higher number"
                    )
        if end < len(text) and text[end] == "+":
            if qualifier is not Qualifier.EXACT:
                raise _NotAFigure(f"'+' after {v.quoted(text[start:end])} contradicts its qualifier")
            qualifier = Qualifier.AT_LEAST
            end += 1
    if (
        end < len(text)
        and (text[end].isalnum() or text[end] in "-_")
        and not (text[end] == "-" and first.kind != "digits")
    ):
        raise _NotAFigure(f"{v.quoted(text[start : end + 1])}... runs into other characters")
    noun = _noun_at(text, end)
    if noun.first is not None and (noun.first in _MEASURES or noun.first.split("-")[0] in _MEASURES):
        raise _NotAFigure(
            f"{v.quoted(text[start : noun.end])} is a measure ({noun.first}), not a count of people"
        )
    percent = _PERCENT_AFTER.match(text, end)
    if percent is not None:
        raise _NotAFigure(f"{v.quoted(text[start : percent.end()])} is a percentage, not a count")
    unit = _unit_of(noun.head)
    stop = noun.end
    if noun.head in ("people", "persons", "person", "households", "household"):
        per = _PER.match(text, stop)
        if per is not None:
            try:
                if len(per.group("per")) > 20:  # no unit of time is that long; spare pint the work
                    raise UnitError(per.group("per"))
                unit = canonical_unit(f"{unit} / {per.group('per')}")
            except UnitError:
                raise _NotAFigure(f"{v.quoted(per.group('per'), 30)} is not a unit of time") from None
            stop = per.end()
    size: int | float | None = None
    note = _SIZE_NOTE.match(text, stop)
    if note is not None and unit.startswith(PERSON):
        size = _to_magnitude(Decimal(note.group("size").replace(",", "")))
        stop = note.end()
    elif (like := _SIZE_NOTE_LIKE.match(text, stop)) is not None:
        why = (
            "only a count of people has one" if note is not None else "write '(at 4.5 people per household)'"
        )
        raise _NotAFigure(f"{v.quoted(like.group().strip())} is not a household size this reads ({why})")
    try:
        count = Count(
            _to_magnitude(low),
            unit,
            qualifier,
            upper=None if high is None else _to_magnitude(high),
            household_size=size,
        )
    except ValueError as exc:
        raise _NotAFigure(str(exc)) from None
    return _Figure(start, start, stop, count, noun.head is not None, grouped, first)


# -- public readers ----------------------------------------------------------------------------


def parse_count(text: str) -> Count:
    """Read one figure phrase into a `Count` (this is `Count.parse`); raise `ParseError` if none.

    >>> parse_count("half a million people")
    Count(500000)
    >>> parse_count("up to 1.2 million")
    Count(1200000, qualifier=Qualifier.AT_MOST)
    >>> parse_count("-5 people")
    Traceback (most recent call last):
    ...
    displacement.errors.ParseError: '-5 people' is negative: a count cannot be below zero
    >>> parse_count("98.000 people")
    Traceback (most recent call last):
    ...
    displacement.errors.ParseError: cannot read '98.000 people': '98.000' is ambiguous: with a decimal point it is 98, with a point between thousands it is 98,000; write one of those
    """
    if not isinstance(text, str):
        raise ParseError(f"expected a string, got {v.show(text)}", None)
    if not text.strip():
        raise ParseError("empty text: there is no figure to read", text)
    pos = 0
    qualifier = Qualifier.EXACT
    m = _QUALIFIER_AT_START.match(text)
    if m is not None:
        qualifier = _QUALIFIER_OF[re.sub(r"\s+", " ", m.group("q").strip().lower())]
        pos = m.end()
    else:
        pos = len(text) - len(text.lstrip())
    if _NEGATIVE.match(text, pos):
        raise ParseError(f"{v.quoted(text.strip())} is negative: a count cannot be below zero", text)
    date = _date_at(text, pos) if pos < len(text) and text[pos].isdigit() else None
    if date is not None:
        raise ParseError(
            f"{v.quoted(text)} starts with a date or a time ({v.quoted(text[pos:date])}), not a figure", text
        )
    try:
        number = _number_at(text, pos)
        if number is None:
            if any(c.isdigit() for c in text) or next(find_counts(text), None) is not None:
                raise ParseError(
                    f"{v.quoted(text)} does not start with a figure (expected a qualifier or a number, "
                    f"such as 'more than 98,000 people')",
                    text,
                )
            raise ParseError(f"no number in {v.quoted(text)}", text)
        figure = _read(text, pos, qualifier, in_text=False)
    except _NotAFigure as exc:
        raise ParseError(f"cannot read {v.quoted(text)}: {exc}", text) from None
    rest = text[figure.end :]
    extra = next(find_counts(rest), None)
    if extra is not None or rest.lstrip()[:1].isdigit():
        also = v.quoted(extra.text) if extra is not None else v.quoted(rest.strip())
        raise ParseError(f"{v.quoted(text)} holds more than one figure ({also} too); use find_counts", text)
    return figure.count


def _qualifier_before(text: str, start: int) -> tuple[Qualifier, int]:
    window_start = max(0, start - 24)
    m = _QUALIFIER_BEFORE.search(text, window_start, start)
    if m is None or m.end() != start:
        return Qualifier.EXACT, start
    return _QUALIFIER_OF[re.sub(r"\s+", " ", m.group("q").strip().lower())], m.start()


_CANDIDATE = re.compile(
    # not inside a word or a number: "COVID-19", "2,5", and "23" of "2022/23" or "000" of "98\u2009000"
    r"(?<![\w.,\-\u2212])(?<!\d[/:'\u2019\u2009\u202f])"
    r"(?:\d|(?=(?:several|tens|dozens|scores|hundreds|thousands|lakhs|millions|crores|billions|trillions"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    # "a" and "half" only where a number follows: "a thousand", "a few hundred", "half a million"
    r"|(?:half\s+)?an?\s+(?:few\s+)?(?:hundred|dozen|" + _SCALE_NAMES + r"))\b))",
    re.IGNORECASE,
)


def _skip_reason(text: str, figure: _Figure) -> str | None:
    """Why a well-formed number at this place is not a figure of people, or None."""
    number = figure.first
    begin, start = figure.start, figure.number_start
    before = text[max(0, begin - 16) : begin]
    after = text[number.end : number.end + 16]
    if number.kind == "digits":
        if _TIME_AFTER.match(after) or re.search(r"\d[:.]\Z", before):
            return "time"
        if _CURRENCY_BEFORE.search(before) or _LABEL_BEFORE.search(before):
            return "money or label"
        if re.search(r"[A-Za-z][-\u2011]\Z", before):
            return "code"
        digits = text[start : number.end]
        if (
            digits.isdigit()
            and len(digits) == 4
            and 1800 <= int(digits) <= 2100
            and not figure.worded
            and (_YEAR_BEFORE.search(before) or not figure.noun)
        ):
            return "year"
        if re.match(r"[\u2013/]\d", after):
            return "date or code"
        if not figure.worded and figure.count.qualifier is Qualifier.RANGE and _YEARS.match(text, start):
            return "years"
    if not figure.noun and not figure.grouped and not figure.worded:
        return "a bare number"
    if number.kind == "words" and number.word in ("one", "zero") and not figure.worded:
        tail = _NEXT_TOKEN.match(text, number.end)
        if tail is None or tail.group(1).lower().strip(".,;:") not in _ONE_NOUNS:
            return "the word 'one'"
    return None


_NOTHING_AFTER = re.compile(r"\s*+(?![^\W\d_]|[-\u2013\u2014+%(])")
"""After a number: no noun, range, "+", percentage or note can follow (the next thing is a digit or a stop)."""
_LAST_BEFORE = re.compile(r"(\S)\s*\Z")


def _bare(text: str, start: int, end: int) -> bool:
    """A quick test that the plain number at text[start:end] is bare: no qualifier, noun or range.

    It spares building a figure for each number of a table; `_skip_reason` would skip them all.
    """
    if _NOTHING_AFTER.match(text, end) is None:
        return False
    last = _LAST_BEFORE.search(text, max(0, start - 24), start)
    return last is None or not (last.group(1).isalpha() or last.group(1) in "~<>\u2265\u2264.")


def find_counts(text: str) -> Iterator[CountMatch]:
    """Find every figure phrase in running *text*, in order, with its span and `Count`.

    >>> article = "98,000 Russians crossed since Sept. 21; thousands of protesters were arrested."
    >>> for m in find_counts(article):
    ...     print(m.span, repr(m.text), "->", m.count)
    (0, 15) '98,000 Russians' -> 98,000 people
    (40, 63) 'thousands of protesters' -> at least 2,000 people
    >>> [m.text for m in find_counts("On 1 October, 100,514 people had arrived; by 2023-10-08, 7,000 refugees.")]
    ['100,514 people', '7,000 refugees']

    Each match's `CountMatch.text` parses back to its count with `Count.parse`. Phrases that
    `Count.parse` would refuse ("up to thousands", "98.000 people") are not yielded. Dates and
    times are skipped whole, so the figure after one is found. The work is linear in the length
    of the text: each position looks at a bounded stretch of text around it.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected a string, got {v.show(text)}", None)
    pos = 0
    while True:
        m = _CANDIDATE.search(text, pos)
        if m is None:
            return
        start = m.start()
        if start > 0 and text[start - 1] in "-\u2212":
            pos = start + 1
            continue
        if text[start].isdigit():
            date = _date_at(text, start)
            if date is not None:
                pos = date  # the whole date or time, and nothing in it, is skipped
                continue
        resume = start + 1
        try:
            number = _number_at(text, start)
        except _NotAFigure as exc:
            number = None
            resume = max(resume, exc.end or resume)
        if number is None:
            pos = resume
            continue
        if number.kind == "digits" and not number.grouped and _bare(text, start, number.end):
            pos = max(resume, number.end)  # a bare number ("12 34 56" in a table): nothing to read
            continue
        qualifier, begin = _qualifier_before(text, start)
        figure: _Figure | None = None
        for q, b in ((qualifier, begin), (Qualifier.EXACT, start)):
            try:
                figure = _read(text, start, q, in_text=True, first=number)
            except _NotAFigure as exc:
                figure = None
                if exc.end is not None:
                    resume = max(resume, exc.end)
                if q is Qualifier.EXACT:
                    break
                continue
            figure = attrs.evolve(figure, start=b, worded=b < start)
            break
        if figure is None:
            pos = max(resume, number.end)
            continue
        if _skip_reason(text, figure) is not None:
            pos = max(start + 1, figure.first.end)
            continue
        yield CountMatch(figure.start, figure.end, text[figure.start : figure.end], figure.count)
        pos = figure.end
