"""Reading figures from text: `find_counts` for running text, and the grammar of `Count.parse`.

A figure phrase is an optional qualifier, a number and, optionally, what is counted:

>>> from displacement import Count
>>> Count.parse("more than 98,000 people")
Count(98000, qualifier=Qualifier.MORE_THAN)
>>> Count.parse("thousands of anti-mobilization protesters")
Count(2000, qualifier=Qualifier.AT_LEAST)
>>> Count.parse("between 200 and 300 families")
Count(200, unit='household', qualifier=Qualifier.RANGE, upper=300)

Numbers are digits with ``,``, space or non-breaking space between thousands (``98,000``,
``98 000``), decimals with a scale (``1.2 million``, ``2.5m``, ``3bn``, ``10k``) and English
number words (``seventy thousand``, ``half a million``, ``a dozen``). Vague plurals are lower
bounds, because a plural means at least two: ``hundreds`` is at least 200, ``tens of thousands``
at least 20,000. The unit is ``household`` when the counted noun is household(s) or family
(families), otherwise ``person``.

`find_counts` finds every figure phrase in an article, with its span. It skips numbers that are
dates (``Sept. 27``), times (``12:24``), years (``in 2022``), ordinals, money, percentages and
measures (``5 km``, ``10 days``), and bare small numbers with neither a noun nor a qualifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import attrs

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
_SCALES = {"thousand": 1000, "million": 10**6, "billion": 10**9}
_ABBREVIATIONS = {"k": 1000, "m": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9}
_NUMBER_WORDS = {*_SMALL, *_TENS, *_SCALES, "hundred", "dozen", "and", "a", "an"}

_VAGUE_UNITS = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "millions": 10**6,
    "billions": 10**9,
}
_FEW_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}

_DIGITS = re.compile(
    r"(?P<int>\d{1,3}(?P<sep>[,\u0020\u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*(?!\d)|\d+)(?P<frac>\.\d+)?"
)
_SCALE_AFTER_DIGITS = re.compile(
    r"(?:\s*(?P<word>hundred|thousand|million|billion)\b(?!-)|(?P<abbr>mn|bn|k|m|b)\b(?!-)|\u0020(?P<spaced>mn|bn)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019-]*[^\W_])?")
_HALF = re.compile(r"half\s+an?\s+(?P<scale>hundred|thousand|million|billion|dozen)\b", re.IGNORECASE)
_VAGUE = re.compile(
    r"(?:(?P<outer>tens|dozens|scores|hundreds)\s+of\s+(?P<inner>dozens|scores|hundreds|thousands|millions|billions)\b"
    r"|(?P<plain>dozens|scores|hundreds|thousands|millions|billions)\b"
    r"|(?P<tens>tens)(?=\s+of\b)"
    r"|(?P<few>several|a\s+few)\s+(?P<fscale>dozen|hundred|thousand|million|billion)s?\b"
    r"(?:\s+(?P<fscale2>thousand|million|billion)\b)?)",
    re.IGNORECASE,
)
_RANGE_DASH = re.compile(r"\s*[-\u2013\u2014]\s*(?=\d)")
_RANGE_TO = re.compile(r"\s+to\s+")
_RANGE_AND = re.compile(r"\s+and\s+")
_PER = re.compile(r"\s+per\s+(?P<per>[A-Za-z]+)\b")
_SIZE_NOTE = re.compile(
    r"\s*\(at\s+(?P<size>\d[\d,]*(?:\.\d+)?)\s+(?:people|persons)\s+per\s+household\)", re.IGNORECASE
)
_NEGATIVE = re.compile(r"[-\u2212]\s*\d")

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH_BEFORE = re.compile(r"(?<![\w])(?:" + _MONTHS + r")\.?,?\s+\Z", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"\A(?:st|nd|rd|th)?\s*(?:of\s+)?(?:" + _MONTHS + r")\b", re.IGNORECASE)
_YEAR_BEFORE = re.compile(
    r"(?<![\w])(?:in|since|from|until|till|by|of|during|before|after|year|early|late|mid|the)\s+\Z",
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(r"\A(?:\s*[:h]\d|\s*[ap]\.?m\b\.?)", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"[$€£¥₹]\s*\Z|(?<![\w])(?:usd|eur|gbp|us\$)\s*\Z", re.IGNORECASE)
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


def _to_magnitude(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _digits_at(text: str, pos: int) -> _Number | None:
    m = _DIGITS.match(text, pos)
    if m is None:
        return None
    end = m.end()
    raw = m.group("int")
    sep = m.group("sep")
    number = raw.replace(sep, "") if sep else raw
    value = Decimal(number + (m.group("frac") or ""))
    grouped = sep is not None
    factor = 1
    scale = _SCALE_AFTER_DIGITS.match(text, end)
    if scale is not None:
        word = scale.group("word")
        abbr = (scale.group("abbr") or scale.group("spaced") or "").lower()
        if word is not None:
            factor = 100 if word.lower() == "hundred" else _SCALES[word.lower()]
        else:
            factor = _ABBREVIATIONS[abbr]
        value *= factor
        end = scale.end()
        grouped = True
    return _Number(value, end, "digits", grouped, scale=factor)


def _word_value(tokens: list[str]) -> Decimal | None:
    """The value of English number words, or None when they do not form one number."""
    total = 0
    current: int | None = None
    last = ""
    cap = 10**12
    for i, token in enumerate(tokens):
        if token in ("a", "an"):
            if i != 0 or len(tokens) == 1 or tokens[1] not in ("hundred", "dozen", *_SCALES):
                return None
            current, last = 1, "a"
        elif token == "and":
            if last not in ("hundred", "scale") or i + 1 == len(tokens):
                return None
            if tokens[i + 1] not in _SMALL and tokens[i + 1].split("-")[0] not in _TENS:
                return None
            last = "and"
        elif token == "hundred":
            if current is None or not 0 < current < 100 or last not in ("small", "tens", "a"):
                return None
            current *= 100
            last = "hundred"
        elif token == "dozen":
            if current is None or last not in ("small", "tens", "a") or i + 1 != len(tokens):
                return None
            current *= 12
            last = "dozen"
        elif token in _SCALES:
            scale = _SCALES[token]
            if current is None or current == 0 or scale >= cap or last in ("and", "dozen"):
                return None
            total += current * scale
            current, cap, last = 0, scale, "scale"
        else:
            head, _, tail = token.partition("-")
            if head in _TENS and tail:
                if tail not in _SMALL or not 0 < _SMALL[tail] < 10:
                    return None
                value, kind = _TENS[head] + _SMALL[tail], "small"
            elif head in _TENS:
                value, kind = _TENS[head], "tens"
            elif token in _SMALL:
                value, kind = _SMALL[token], "small"
            else:
                return None
            if last == "tens":
                if kind != "small" or value >= 10 or current is None or current % 10:
                    return None
            elif last in ("small", "a", "dozen"):
                return None
            current = (current or 0) + value
            last = kind
    if last in ("and", "a", ""):
        return None
    return Decimal(total + (current or 0))


def _words_at(text: str, pos: int) -> _Number | None:
    half = _HALF.match(text, pos)
    if half is not None:
        scale = half.group("scale").lower()
        unit = _FEW_SCALES[scale]
        return _Number(Decimal(unit) / 2, half.end(), "words", True, "half")
    tokens: list[str] = []
    ends: list[int] = []
    at = pos
    while True:
        m = _WORD.match(text, at)
        if m is None:
            break
        token = m.group().lower()
        head = token.split("-")[0]
        if token not in _NUMBER_WORDS and head not in _TENS:
            break
        tokens.append(token)
        ends.append(m.end())
        gap = re.match(r"\s+", text[m.end() :])
        if gap is None:
            break
        at = m.end() + gap.end()
    for n in range(len(tokens), 0, -1):
        value = _word_value(tokens[:n])
        if value is not None:
            grouped = any(t in _SCALES or t in ("hundred", "dozen") for t in tokens[:n])
            last = tokens[n - 1]
            scale = _SCALES.get(last, 100 if last == "hundred" else 1)
            return _Number(value, ends[n - 1], "words", grouped, " ".join(tokens[:n]), scale)
    return None


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
    if pos >= len(text):
        return None
    if text[pos].isdigit():
        return _digits_at(text, pos)
    return _vague_at(text, pos) or _words_at(text, pos)


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
    m = re.compile(r"\s+of\s+(?:the\s+|these\s+|those\s+)?").match(text, at)
    if m is not None:
        at = m.end()
    else:
        gap = re.compile(r"[\u0020\u00a0\u202f\t]+").match(text, at)
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
        gap = re.compile(r"[\u0020\u00a0\u202f\t]+").match(text, w.end())
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


class _NotAFigure(Exception):
    """Raised inside the reader: the text at this position is not a figure (with why)."""


def _combine_range(low: _Number, high: _Number) -> tuple[Decimal, Decimal]:
    """The two ends of a range; "2-3 million" puts the scale of the second on the first too."""
    a, b = low.value, high.value
    if low.kind == high.kind and not low.grouped and high.scale > 1 and a < b / high.scale:
        a *= high.scale
    return a, b


def _read(text: str, start: int, qualifier: Qualifier, *, in_text: bool) -> _Figure:
    """Read the figure whose number starts at *start*; *qualifier* was read before it."""
    first = _number_at(text, start)
    if first is None:
        raise _NotAFigure("no number")
    end = first.end
    if end < len(text) and first.kind == "digits" and re.match(r"[.,]\d", text[end : end + 2]):
        raise _NotAFigure(f"{text[start : end + 2]!r}... is not a well-formed number")
    low = first.value
    high: Decimal | None = None
    grouped = first.grouped
    if first.kind == "vague":
        if qualifier in (Qualifier.AT_MOST, Qualifier.LESS_THAN, Qualifier.RANGE):
            raise _NotAFigure(f"{text[start:end]!r} is a vague lower bound; it cannot be bounded from above")
        qualifier = Qualifier.AT_LEAST
    else:
        tail = None
        if qualifier is Qualifier.RANGE:
            tail = _RANGE_AND.match(text, end)
            if tail is None:
                raise _NotAFigure("'between' needs two numbers: 'between X and Y'")
        elif qualifier in (Qualifier.EXACT, Qualifier.APPROXIMATE):
            tail = _RANGE_DASH.match(text, end) or _RANGE_TO.match(text, end)
            if tail is not None and in_text and tail.group().strip() == "to":
                before = text[max(0, start - 6) : start].lower()
                if re.search(r"(?<![\w])from\s+\Z", before):
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
                        f"the range {text[start:end]!r} must run from a lower to a higher number"
                    )
        if end < len(text) and text[end] == "+":
            if qualifier is not Qualifier.EXACT:
                raise _NotAFigure(f"'+' after {text[start:end]!r} contradicts its qualifier")
            qualifier = Qualifier.AT_LEAST
            end += 1
    if (
        end < len(text)
        and (text[end].isalnum() or text[end] in "-_")
        and not (text[end] == "-" and first.kind != "digits")
    ):
        raise _NotAFigure(f"{text[start : end + 1]!r}... runs into other characters")
    noun = _noun_at(text, end)
    if noun.first is not None and (noun.first in _MEASURES or noun.first.split("-")[0] in _MEASURES):
        raise _NotAFigure(f"{text[start : noun.end]!r} is a measure ({noun.first}), not a count of people")
    if end < len(text) and text[end] == "%":
        raise _NotAFigure(f"{text[start : end + 1]!r} is a percentage, not a count")
    unit = _unit_of(noun.head)
    stop = noun.end
    if noun.head in ("people", "persons", "person", "households", "household"):
        per = _PER.match(text, stop)
        if per is not None:
            try:
                unit = canonical_unit(f"{unit} / {per.group('per')}")
            except UnitError:
                raise _NotAFigure(f"{per.group('per')!r} is not a unit of time") from None
            stop = per.end()
    size: int | float | None = None
    note = _SIZE_NOTE.match(text, stop)
    if note is not None and unit.startswith(PERSON):
        size = _to_magnitude(Decimal(note.group("size").replace(",", "")))
        stop = note.end()
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
    """
    if not isinstance(text, str):
        raise ParseError(f"expected a string, got {text!r} ({type(text).__name__})", None)
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
        raise ParseError(f"{text.strip()!r} is negative: a count cannot be below zero", text)
    if _number_at(text, pos) is None:
        if any(c.isdigit() for c in text) or next(find_counts(text), None) is not None:
            raise ParseError(
                f"{text!r} does not start with a figure (expected a qualifier or a number, "
                f"such as 'more than 98,000 people')",
                text,
            )
        raise ParseError(f"no number in {text!r}", text)
    try:
        figure = _read(text, pos, qualifier, in_text=False)
    except _NotAFigure as exc:
        raise ParseError(f"cannot read {text!r}: {exc}", text) from None
    rest = text[figure.end :]
    extra = next(find_counts(rest), None)
    if extra is not None or rest.lstrip()[:1].isdigit():
        also = repr(extra.text) if extra is not None else repr(rest.strip())
        raise ParseError(f"{text!r} holds more than one figure ({also} too); use find_counts", text)
    return figure.count


def _qualifier_before(text: str, start: int) -> tuple[Qualifier, int]:
    window_start = max(0, start - 24)
    m = _QUALIFIER_BEFORE.search(text, window_start, start)
    if m is None or m.end() != start:
        return Qualifier.EXACT, start
    return _QUALIFIER_OF[re.sub(r"\s+", " ", m.group("q").strip().lower())], m.start()


_CANDIDATE = re.compile(
    r"(?<![\w.,\-\u2212])(?:\d|(?=(?:half|an?|several|tens|dozens|scores|hundreds|thousands|millions|billions"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b))",
    re.IGNORECASE,
)


def _skip_reason(text: str, figure: _Figure) -> str | None:
    """Why a well-formed number at this place is not a figure of people, or None."""
    number = figure.first
    begin, start = figure.start, figure.number_start
    before = text[max(0, begin - 16) : begin]
    after = text[number.end : number.end + 16]
    if number.kind == "digits":
        month = _MONTH_BEFORE.search(before)
        if month is not None and not month.group().startswith("may"):
            return "date"
        if _MONTH_AFTER.match(after.lstrip(" ,")):
            return "date"
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
        if (
            not figure.worded
            and figure.count.qualifier is Qualifier.RANGE
            and re.match(
                r"(?:1[89]|20)\d\d\s*[-\u2013\u2014]\s*(?:(?:1[89]|20)\d\d|\d\d)(?!\d)", text[start:]
            )
        ):
            return "years"
    if not figure.noun and not figure.grouped and not figure.worded:
        return "a bare number"
    if number.kind == "words" and number.word in ("one", "zero") and not figure.worded:
        tail = text[number.end :].split(None, 1)
        if not tail or tail[0].lower().strip(".,;:") not in _ONE_NOUNS:
            return "the word 'one'"
    return None


def find_counts(text: str) -> Iterator[CountMatch]:
    """Find every figure phrase in running *text*, in order, with its span and `Count`.

    >>> article = "98,000 Russians crossed since Sept. 21; thousands of protesters were arrested."
    >>> for m in find_counts(article):
    ...     print(m.span, repr(m.text), "->", m.count)
    (0, 15) '98,000 Russians' -> 98,000 people
    (40, 63) 'thousands of protesters' -> at least 2,000 people

    Each match's `CountMatch.text` parses back to its count with `Count.parse`. Phrases that
    `Count.parse` would refuse ("up to thousands") are not yielded.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected a string, got {text!r} ({type(text).__name__})", None)
    pos = 0
    while True:
        m = _CANDIDATE.search(text, pos)
        if m is None:
            return
        start = m.start()
        qualifier, begin = _qualifier_before(text, start)
        if _NEGATIVE.match(text, max(0, start - 1)) and start > 0 and text[start - 1] in "-\u2212":
            pos = start + 1
            continue
        figure: _Figure | None = None
        for q, b in ((qualifier, begin), (Qualifier.EXACT, start)):
            try:
                figure = _read(text, start, q, in_text=True)
            except _NotAFigure:
                figure = None
                if q is Qualifier.EXACT:
                    break
                continue
            figure = attrs.evolve(figure, start=b, worded=b < start)
            qualifier = q
            break
        if figure is None:
            nxt = _number_at(text, start)
            pos = max(start + 1, nxt.end if nxt is not None else start + 1)
            continue
        if _skip_reason(text, figure) is not None:
            pos = max(start + 1, figure.first.end)
            continue
        yield CountMatch(figure.start, figure.end, text[figure.start : figure.end], figure.count)
        pos = figure.end
