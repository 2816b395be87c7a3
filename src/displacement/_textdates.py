"""Dates and periods in text, resolved against the publication date, with their spans.

`find_periods` finds the expressions of time in an article and resolves each into a `Period`
with the precision its words carry ("last week" is an ISO week, "in April" a month), together
with the span of text it came from, what kind of period it is and how sure the reading is:

>>> from datetime import date
>>> text = 'since Putin announced a "partial mobilization" on Sept. 21, and on Sunday'
>>> for m in find_periods(text, date(2022, 9, 27)):
...     print(repr(m.text), m.kind, m.confidence, m.period)
'since Putin announced a "partial mobilization" on Sept. 21' since medium since 2022-09-21 until 2022-09-27 (as of 2022-09-27)
'on Sunday' point high 2022-09-25

Kinds: ``since`` (cumulative from a moment to the publication day, ``as_of`` the publication
day), ``point`` (the thing happened on or in the period), ``range`` (from one date to another),
``until`` ("by 15 June", "as of 15 June": the period ends on that day, which is its ``as_of``)
and ``duration`` ("in the past 24 hours", "in just seven days": a span that ends on the
publication day; N days are that many whole days, today the last of them, and N hours, weeks or
months start at a moment inside their first day, N of them before). Confidence is ``high`` for a date with its year or a word that pins the day,
``medium`` for a year inferred or a week, month or year named relative to the publication, and
``low`` for a vague cue ("recently", "since the start of the war").

A date without its year is the latest such date not after the publication day, unless a
future verb ("will", "is expected to") comes before it in the sentence (a weekday then is the
coming one): never a date put back a year for a projection. Nothing after the publication day
is read: a period that starts after it ("in 2024" in a 2023 article, "will return on Friday")
is dropped, and one that runs past it ("from May 1 to May 31" on 9 May, "in September" on 27
September, "between Sept. 1 and Sept. 30") ends on that day. Bare numbers are
never dates: a day needs its month, a lone month or year needs a word such as "in" or "since"
before it. Numeric dates other than ISO ``2022-09-21`` (``21/09/2022``: which is the day?) and
future periods ("next week", "tomorrow", "by December" written in September)
are not read. The work is linear in the length of the text.
"""

from __future__ import annotations

import bisect
import calendar
import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

import attrs

from .errors import ValidationError
from .period import Period, Precision

__all__ = ["PeriodMention", "find_periods"]

KINDS = ("since", "point", "range", "until", "duration")
CONFIDENCES = ("high", "medium", "low")

# A month name with its first letter upper case ("Sept.", "September", "SEPT"): "may" and
# "march" in lower case are words, not months.
_MONTH = (
    r"(?:J(?i:an(?:uary)?|une?|uly?)|F(?i:eb(?:ruary)?)|M(?i:ar(?:ch)?|ay)|A(?i:pr(?:il)?|ug(?:ust)?)"
    r"|S(?i:ept?(?:ember)?)|O(?i:ct(?:ober)?)|N(?i:ov(?:ember)?)|D(?i:ec(?:ember)?))\b\.?"
)
_MONTH_NUMBER = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\w|[.,]\d)"
_ORD = r"(?:st|nd|rd|th)?"
_S = r"\s{1,3}"  # bounded: no input makes a pattern scan a long run of spaces again and again
_EDGE = r"(?:(?P<edge>(?:the\s)?(?:beginning|start|middle|end)\sof|early|mid|late)(?:\s{1,3}|-))?"

_ISO = re.compile(
    r"(?<![\w.,/-])(?P<y>(?:1[89]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\w/]|[.,-]\d)"
)
_DAY_MONTH = re.compile(
    # 21 September 2022, 25-26 September, 1 and 5 May, 1st of May
    r"(?<![\w.,:/-])(?P<d>\d{1,2})"
    + _ORD
    + r"(?:(?P<sep>\s{0,3}[-\u2013]\s{0,3}|"
    + _S
    + r"(?:to|and|until|till|through)"
    + _S
    + r")(?P<d2>\d{1,2})"
    + _ORD
    + r")?"
    + _S
    + r"(?:of"
    + _S
    + r")?(?P<mon>"
    + _MONTH
    + r")(?:,?"
    + _S
    + r"(?P<y>"
    + _YEAR
    + r"))?"
)
_MONTH_DAY = re.compile(
    # Sept. 21, September 21, 2022, Sept. 21-23, and the second end of "January 1-July 22, 2021"
    r"(?:(?<![\w-])|(?<=\d[-\u2013]))(?P<mon>"
    + _MONTH
    + r")"
    + _S
    + r"(?P<d>\d{1,2})"
    + _ORD
    + r"(?:\s{0,3}[-\u2013]\s{0,3}(?P<d2>\d{1,2})"
    + _ORD
    + r")?(?!\w|[.,:]\d)"
    r"(?:,?" + _S + r"(?P<y>" + _YEAR + r"))?"
)
_MONTH_ALONE = re.compile(
    # September 2022, early April, the end of August; without a year only after a cue word
    r"(?<![\w-])"
    + _EDGE
    + r"(?P<mon>"
    + _MONTH
    + r")(?:,?"
    + _S
    + r"(?:of"
    + _S
    + r")?(?P<y>"
    + _YEAR
    + r"))?"
    + r"(?!\s{0,3}\d)",
    re.IGNORECASE,  # for the edge words; the month keeps its own case rule
)
_YEAR_ALONE = re.compile(
    r"(?<![\w.,/-])" + _EDGE + r"(?P<y>" + _YEAR + r")(?!\s{0,3}[-\u2013/]\s{0,3}\d)"
    # "of 1900 people" is a figure, not a year
    r"(?!\s{1,3}(?:people|persons|individuals|refugees|migrants|families|households|residents|children"
    r"|men|women|displaced|IDPs|asylum|others|more|returnees|evacuees|of)\b)",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(
    r"(?<!\w)(?P<kw>from|between)"
    + _S
    + r"(?P<y>"
    + _YEAR
    + r")"
    + r"(?:\s{0,3}[-\u2013]\s{0,3}|"
    + _S
    + r"(?:to|and|until|through)"
    + _S
    + r")(?P<y2>"
    + _YEAR
    + r")",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"(?<![\w-])(?P<last>(?i:last)" + _S + r")?(?P<wd>Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
)
_WEEKDAYS = {"mon": 0, "tues": 1, "wednes": 2, "thurs": 3, "fri": 4, "satur": 5, "sun": 6}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty-eight": 48, "seventy-two": 72, "twenty-four": 24,
}  # fmt: skip
_NUMBER = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty-four|twenty|thirty|forty-eight|seventy-two|few|several|couple\sof)"
)
_RELATIVE = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<day>yesterday|today)"
    r"|(?P<cal>(?:(?P<cal_when>last|this|earlier" + _S + r"this)" + _S + r"(?P<cal_unit>week|month|year)))"
    r"|(?P<weekend>(?:(?:over|during|at)" + _S + r")?(?:the|this|last)" + _S + r"weekend)"
    r"|(?P<begin>(?:the"
    + _S
    + r")?(?:beginning|start)"
    + _S
    + r"of"
    + _S
    + r"(?:the|this)"
    + _S
    + r"(?P<begin_unit>week|month|year))"
    r"|(?P<dur>(?:(?:in|over|during|within|for)" + _S + r")?(?:(?:the" + _S + r")?(?:past|last|previous)"
    r"|the" + _S + r"last)" + _S + r"(?:(?P<dur_n>" + _NUMBER + r")" + _S + r")?"
    r"(?P<dur_unit>hours?|days?|weeks?|months?|years?)\b)"
    r"|(?P<within>(?:in"
    + _S
    + r"(?:just|only|less"
    + _S
    + r"than|under)|within(?:"
    + _S
    + r"(?:just|only|less"
    + _S
    + r"than|under))?)"
    + _S
    + r"(?P<within_n>"
    + _NUMBER
    + r")"
    + _S
    + r"(?P<within_unit>hours?|days?|weeks?|months?)\b)"
    r"|(?P<vague>recently|lately|in" + _S + r"recent" + _S + r"(?:days|weeks|months|times))"
    r")(?!\w)",
    re.IGNORECASE,
)
_PREFIX = re.compile(
    r"(?<!\w)(?P<p>since|as\sof|by|until|till|up\sto|through|on|in|during|over|throughout|from|between"
    r"|before|after|ahead\sof|prior\sto|next|following|at)\s{1,3}\Z",
    re.IGNORECASE,
)
_CUE = re.compile(  # a word that makes a lone month or year a date
    r"(?<!\w)(?:since|of|by|until|till|through|in|during|from|between|before|after|throughout)\s{1,3}\Z"
    # the second end of a range: "from March to May", "between 2015 and 2017"
    r"|(?<!\w)(?:from|between)\s{1,3}[\w.]{1,12}(?:\s{1,3}[\w.]{1,12}){0,2}\s{1,3}(?:to|and|until|till|through)"
    r"\s{1,3}\Z",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(r"\s{0,3}(?:[-\u2013]|to|until|till|through|and)\s{0,3}", re.IGNORECASE)
_SINCE = re.compile(r"(?<![\w-])since(?!\w)", re.IGNORECASE)
_SINCE_THE = re.compile(r"\s{1,3}the(?:\s{1,3}[\w'\u2019-]+){1,7}", re.IGNORECASE)
_STOP = frozenset((
    "and", "but", "or", "when", "while", "as", "after", "before", "because", "that", "which", "who", "with",
    "amid", "has", "have", "had", "is", "are", "was", "were", "said", "says", "according", "to", "than",
    "then", "since",
))  # fmt: skip
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "gen", "st", "sen", "rep", "gov", "lt", "col", "sgt", "prof", "jr", "sr", "vs",
    "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n",
    "u.k", "e.u",
))  # fmt: skip
_FUTURE = re.compile(
    r"(?<!\w)(?:will|shall|'ll|is\sdue|are\sdue|is\sexpected|are\sexpected|is\sscheduled|are\sscheduled"
    r"|plans?\sto|is\sto|are\sto|is\sset\sto|are\sset\sto)(?!\w)",
    re.IGNORECASE,
)
_NOT_READ = ("before", "after", "ahead", "prior", "next", "following")  # prefixes whose date is not read
_FUTURE_DAYS = 7  # how far after the publication day a date without its year may fall, after a future verb
_GAP_WORDS = 20  # the most words between "since" and the date of its clause
_SINCE_WINDOW = 200


@attrs.frozen
class PeriodMention:
    """An expression of time found in text, resolved against the publication date.

    ``text[mention.start:mention.end] == mention.text``. The span includes the words that say
    what kind of period it is ("since", "on", "between ... and ...").
    """

    start: int
    """Index of the first character of the expression."""
    end: int
    """Index just past its last character."""
    text: str
    """The expression, verbatim."""
    period: Period
    """What it means, resolved against the publication date."""
    kind: str
    """``since``, ``point``, ``range``, ``until`` or ``duration`` (see the module docstring)."""
    confidence: str
    """``high``, ``medium`` or ``low``."""


class _Atom(NamedTuple):
    """A date expression before its prefix is read: where it is and what it resolved to."""

    start: int
    end: int
    period: Period | None  # None: a date not read (a projection, a day that does not exist)
    confidence: str
    kind: str = "point"
    explicit_year: bool = False
    pair: tuple[Period, int, int] | None = None  # "24 and 30 Sept.": the first day and its span
    moved: bool = False  # a date without its year put in an earlier year than the publication's


def find_periods(text: str, published: date) -> list[PeriodMention]:
    """Every expression of time in *text*, resolved against *published*, in order of start.

    Spans never overlap. A figure reported "since" a moment gets a period from that moment to
    *published* with ``as_of=published``; an expression the words do not pin to a date ("since
    the start of the war") keeps its start empty and says ``low``.
    """
    if not isinstance(text, str):
        raise ValidationError.single("text", f"expected a string, got {type(text).__name__}", None)
    if not isinstance(published, date) or isinstance(published, datetime):
        raise ValidationError.single("published", f"expected a date, got {type(published).__name__}", None)
    atoms = _atoms(text, published)
    mentions: list[PeriodMention] = []
    used: set[int] = set()  # indexes of atoms taken into a larger mention
    for i, atom in enumerate(atoms):
        if i in used:
            continue
        prefix = _PREFIX.search(text, max(0, atom.start - 16), atom.start)
        word = " ".join(prefix.group("p").lower().split()) if prefix else ""
        begin = prefix.start() if prefix else atom.start
        if atom.period is None or word.split(" ")[0] in _NOT_READ:
            continue  # "after Sept. 21" is neither the day nor a start: not read
        if word in ("from", "between") and i + 1 < len(atoms):
            nxt = atoms[i + 1]
            link = _CONNECTOR.match(text, atom.end)
            if link is not None and link.end() == nxt.start and nxt.period is not None:
                found = _range(text, published, atom, nxt, word)
                if found is not None:
                    used.add(i + 1)
                    period, confidence = found
                    mentions.append(_mention(text, begin, nxt.end, period, "range", confidence))
                    continue
        if atom.pair is not None and word != "between":  # "24 and 30 Sept.": two days
            first, first_start, first_end = atom.pair
            mentions.append(_mention(text, first_start, first_end, first, "point", atom.confidence))
            last = Period.day(atom.period.end) if atom.period.end else atom.period
            mentions.append(_mention(text, _second_day(text, atom), atom.end, last, "point", atom.confidence))
            continue
        mention = _with_prefix(text, published, atom, word, begin)
        if mention is not None:
            mentions.append(mention)
    mentions = _since_clauses(text, published, atoms, mentions)
    mentions.sort(key=lambda m: m.start)
    return [kept for m in mentions if (kept := _not_after(m, published)) is not None]


def _not_after(mention: PeriodMention, published: date) -> PeriodMention | None:
    """*mention* as far as it has happened by *published*: a time after it is no report of the past.

    A period that starts after publication ("in 2024" in a 2023 article, "will return on Friday")
    is dropped; one that runs past it ("from May 1 to May 31" on 9 May) ends on the publication
    day, known no better than "medium".
    """
    period = mention.period
    if period.start is not None and period.start > published:
        return None
    if period.end is None or period.end <= published:
        return mention
    as_of = published if period.as_of is not None and period.as_of > published else period.as_of
    clipped = attrs.evolve(period, end=published, as_of=as_of)
    confidence = "medium" if mention.confidence == "high" else mention.confidence
    return attrs.evolve(mention, period=clipped, confidence=confidence)


def _mention(text: str, start: int, end: int, period: Period, kind: str, confidence: str) -> PeriodMention:
    return PeriodMention(start, end, text[start:end], period, kind, confidence)


def _second_day(text: str, atom: _Atom) -> int:
    assert atom.pair is not None
    link = _CONNECTOR.match(text, atom.pair[2])
    return link.end() if link is not None else atom.pair[2]


def _with_prefix(text: str, published: date, atom: _Atom, word: str, begin: int) -> PeriodMention | None:
    period = atom.period
    assert period is not None
    if atom.kind == "duration":
        return _mention(text, atom.start, atom.end, period, "duration", atom.confidence)
    if word in ("from", "between") and atom.kind == "range":  # "from 2 to 4 September"
        return _mention(text, begin, atom.end, period, "range", atom.confidence)
    if word in ("since", "from"):
        if period.start is None or period.start > published:
            return None
        since = Period(
            period.start, published, precision=period.precision, as_of=published, open_start=period.open_start
        )
        return _mention(text, begin, atom.end, since, "since", atom.confidence)
    if word in ("as of", "by", "until", "till", "up to", "through"):
        projection = word != "as of" and atom.moved
        if period.end is None or (not atom.explicit_year and (projection or period.end > published)):
            return None  # "by December" in a September article is a projection, not last December
        until = Period(None, period.end, precision=period.precision, as_of=period.end)
        return _mention(text, begin, atom.end, until, "until", atom.confidence)
    kind = "range" if atom.kind == "range" or word == "between" else "point"
    start = begin if word in ("on", "in", "during", "over", "throughout", "between", "at") else atom.start
    return _mention(text, start, atom.end, period, kind, atom.confidence)


def _range(text: str, published: date, first: _Atom, last: _Atom, word: str) -> tuple[Period, str] | None:
    """From *first* to *last*: the first's year follows the last's when the text gives only that."""
    assert first.period is not None
    assert last.period is not None
    start, end = first.period.start, last.period.end
    if start is None or end is None:
        return None
    if not first.explicit_year and not last.explicit_year and last.moved and start <= published:
        # "between May 1 and May 31" on 9 May: this May, as far as it has gone, not last year's
        end = published
    elif not first.explicit_year and start.year != end.year:
        start = _year_before(start, end)
    if start > end or (word == "between" and _CONNECTOR.match(text, first.end) is None):
        return None
    precision = max(first.period.precision, last.period.precision, key=_ORDER.index)
    confidence = max(first.confidence, last.confidence, key=CONFIDENCES.index)
    if last.explicit_year and first.confidence != "low":
        confidence = "high"  # the year at the end of the range is the year of its start too
    return Period(start, end, precision=precision), confidence


_ORDER = [Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.YEAR]


def _year_before(day: date, end: date) -> date:
    """*day* moved to the latest year in which it is not after *end*."""
    for year in (end.year, end.year - 1):
        try:
            moved = day.replace(year=year)
        except ValueError:
            continue
        if moved <= end:
            return moved
    return day


# -- since a clause ---------------------------------------------------------------------------


def _since_clauses(
    text: str, published: date, atoms: list[_Atom], mentions: list[PeriodMention]
) -> list[PeriodMention]:
    """ "since <a clause> on <date>" as one mention; "since the <event>" with no date as a low one.

    Each "since" looks only a bounded window ahead, and finds its neighbours by bisection: the
    work stays linear in the length of the text.
    """
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    atom_starts = [a.start for a in atoms]
    dropped: set[int] = set()  # mentions swallowed by a "since" clause
    added: list[PeriodMention] = []
    covered = -1  # the end of the last mention added here
    for found in _SINCE.finditer(text):
        s, e = found.start(), found.end()
        k = bisect.bisect_right(starts, s) - 1
        if s < covered or (k >= 0 and ordered[k].end > s):
            continue  # inside a mention already ("since Monday")
        nxt = bisect.bisect_left(starts, e)  # the first mention after "since"
        j = bisect.bisect_left(atom_starts, e)
        atom = atoms[j] if j < len(atoms) and atoms[j].start - e <= _SINCE_WINDOW else None
        clause = _clause(text, published, e, atom, ordered, nxt)
        if clause is not None:
            period, end, confidence, swallowed = clause
            dropped.update(swallowed)
            added.append(_mention(text, s, end, period, "since", confidence))
            covered = end
            continue
        stop = _noun_phrase_end(text, e, ordered[nxt].start if nxt < len(ordered) else len(text))
        if stop is not None:
            added.append(_mention(text, s, stop, Period(None, published, as_of=published), "since", "low"))
            covered = stop
    return [m for i, m in enumerate(ordered) if i not in dropped] + added


def _clause(
    text: str, published: date, e: int, atom: _Atom | None, ordered: list[PeriodMention], nxt: int
) -> tuple[Period, int, str, list[int]] | None:
    """The period of "since <clause> <atom>" (and the mentions it swallows), if the clause holds."""
    if atom is None or atom.period is None or atom.kind == "duration" or atom.pair is not None:
        return None
    start = atom.period.start
    if start is None or start > published or not _one_clause(text[e : atom.start]):
        return None
    prefix = _PREFIX.search(text, max(e, atom.start - 16), atom.start)
    if prefix is not None and prefix.group("p").lower().split()[0] in _NOT_READ:
        return None  # "since ... after Sept. 21"
    swallowed = []
    end = atom.end
    for i in range(nxt, len(ordered)):  # the mention of the atom itself ("on Sept. 21"), if any
        m = ordered[i]
        if m.start > atom.start:
            break
        if m.kind not in ("point", "range"):
            return None
        swallowed.append(i)
        end = max(end, m.end)
    open_start = atom.period.precision is Precision.DAY and text[e : atom.start].strip() != ""
    period = Period(start, published, precision=atom.period.precision, as_of=published, open_start=open_start)
    return period, end, atom.confidence, swallowed


def _noun_phrase_end(text: str, e: int, limit: int) -> int | None:
    """The end of "the <event>" after "since" ("the start of the war"), before *limit*; None if there is none."""
    phrase = _SINCE_THE.match(text, e)
    if phrase is None:
        return None
    stop = e
    for n, word in enumerate(re.finditer(r"[\w'\u2019-]+", phrase.group())):
        if n > 0 and word.group().lower() in _STOP:
            break
        stop = e + word.end()
    stop = min(stop, limit)
    stop = e + len(text[e:stop].rstrip(" \t\n,.;:-"))
    return stop if len(text[e:stop].split()) >= 2 else None


def _one_clause(gap: str) -> bool:
    """True when *gap* can sit between "since" and its date inside one clause."""
    if any(c in gap for c in ",;:!?()[]\n") or len(gap.split()) > _GAP_WORDS:
        return False
    for m in re.finditer(r"([\w.]*)\.\s", gap):
        word = m.group(1).lower()
        if len(word.rstrip(".")) > 1 and word.rstrip(".") not in _ABBREVIATIONS:
            return False  # a sentence ends
    return True


# -- the atoms --------------------------------------------------------------------------------


def _atoms(text: str, published: date) -> list[_Atom]:
    """Every date expression in *text*, the longest where they overlap, in order."""
    found: list[_Atom] = []
    for m in _ISO.finditer(text):
        day = _day(int(m["y"]), int(m["m"]), int(m["d"]))
        found.append(_Atom(m.start(), m.end(), Period.day(day) if day else None, "high", explicit_year=True))
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for m in pattern.finditer(text):
            found.append(_day_atom(text, published, m))
    for m in _MONTH_ALONE.finditer(text):
        if (
            m["y"] is None
            and m["edge"] is None
            and _CUE.search(text, max(0, m.start() - 48), m.start()) is None
        ):
            continue
        found.append(_month_atom(text, published, m))
    for m in _YEAR_ALONE.finditer(text):
        if m["edge"] is None and _CUE.search(text, max(0, m.start() - 48), m.start()) is None:
            continue
        found.append(_unit_atom(m, Period.year(int(m["y"])), published, "high", explicit_year=True))
    for m in _YEAR_RANGE.finditer(text):
        first, last = int(m["y"]), int(m["y2"])
        if first <= last:
            period = Period(date(first, 1, 1), date(last, 12, 31), precision=Precision.YEAR)
            found.append(_Atom(m.start(), m.end(), period, "high", kind="range", explicit_year=True))
    for m in _WEEKDAY.finditer(text):
        back = (published.weekday() - _WEEKDAYS[m["wd"].lower()]) % 7
        if m["last"] and back == 0:
            back = 7
        if back and not m["last"] and _future(text, m.start()):  # "will vote on Sunday": the coming one
            found.append(_Atom(m.start(), m.end(), _safe_day(published, back - 7), "medium"))
            continue
        found.append(_Atom(m.start(), m.end(), _safe_day(published, back), "high"))
    for m in _RELATIVE.finditer(text):
        found.append(_relative(m, published))
    found.sort(key=lambda a: (a.start, a.start - a.end))
    kept: list[_Atom] = []
    for atom in found:
        if kept and atom.start < kept[-1].end:
            continue
        kept.append(atom)
    return kept


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _safe_day(published: date, back: int) -> Period | None:
    try:
        return Period.day(published - timedelta(days=back))
    except OverflowError:
        return None


def _infer_day(text: str, published: date, start: int, month: int, day: int) -> tuple[date | None, str]:
    """The day *day* of *month* in the year the text means: the latest not after *published*,
    unless a future verb before it in its sentence lets it fall a few days after."""
    this_year = _day(published.year, month, day)
    if this_year is not None and this_year > published and _future(text, start):
        if (this_year - published).days <= _FUTURE_DAYS:
            return this_year, "medium"
        return None, "medium"  # a projection: not read
    for year in range(published.year, published.year - 9, -1):
        found = _day(year, month, day)
        if found is not None and found <= published:
            return found, "medium"
    return None, "medium"


def _future(text: str, start: int) -> bool:
    """True when a future verb ("will", "is expected to") comes before *start* in its sentence."""
    sentence = re.split(r"[.!?]\s", text[max(0, start - 120) : start])[-1]
    return _FUTURE.search(sentence) is not None


def _day_atom(text: str, published: date, m: re.Match[str]) -> _Atom:
    month = _MONTH_NUMBER[m["mon"].rstrip(".").lower()]
    d1, d2 = int(m["d"]), (int(m["d2"]) if m["d2"] else None)
    if m["y"] is not None:
        last, confidence = _day(int(m["y"]), month, d1 if d2 is None else d2), "high"
    else:  # the year is the one of the last day, so that "25-30 September" is not partly after publication
        last, confidence = _infer_day(text, published, m.start(), month, d1 if d2 is None else d2)
    if last is None:
        return _Atom(m.start(), m.end(), None, confidence)
    first = _day(last.year, month, d1) if d2 is not None else last
    if first is None or last < first:
        return _Atom(m.start(), m.end(), None, confidence)
    explicit = m["y"] is not None
    pair = None
    sep = m.groupdict().get("sep")
    if sep is not None and sep.strip().lower() == "and":
        pair = (Period.day(first), m.start("d"), m.start("sep"))
    kind = "range" if last != first else "point"
    period = Period(first, last)
    return _Atom(
        m.start(), m.end(), period, confidence, kind, explicit, pair, moved=first.year < published.year
    )


def _month_atom(text: str, published: date, m: re.Match[str]) -> _Atom:
    month = _MONTH_NUMBER[m["mon"].rstrip(".").lower()]
    if m["y"] is not None:
        return _unit_atom(m, Period.month(int(m["y"]), month), published, "high", explicit_year=True)
    if month > published.month and _future(text, m.start()):
        return _Atom(m.start(), m.end(), None, "medium")  # "will return in December": a projection
    year = published.year if month <= published.month else published.year - 1
    if year < date.min.year:  # December before a publication in January of year 1
        return _Atom(m.start(), m.end(), None, "medium")
    atom = _unit_atom(m, Period.month(year, month), published, "medium")
    return atom._replace(moved=year < published.year)


def _unit_atom(
    m: re.Match[str], unit: Period, published: date, confidence: str, *, explicit_year: bool = False
) -> _Atom:
    """A month or a year, or its start or end day ("the end of August"), ended on *published*."""
    assert unit.start is not None
    assert unit.end is not None
    edge = (m["edge"] or "").lower()
    period = unit
    if edge.endswith(("beginning of", "start of")):
        period = Period(unit.start, unit.start, precision=unit.precision)
    elif edge.endswith("end of"):
        period = Period(unit.end, unit.end, precision=unit.precision)
    if period.start is not None and period.end is not None and period.start <= published < period.end:
        period = Period(period.start, published, precision=period.precision)
    return _Atom(m.start(), m.end(), period, confidence, explicit_year=explicit_year)


def _relative(m: re.Match[str], published: date) -> _Atom:
    """A word relative to the publication day: yesterday, last week, over the weekend, in the past 24 hours."""
    start, end = m.start(), m.end()
    try:
        if m["day"]:
            back = 1 if m["day"].lower() == "yesterday" else 0
            return _Atom(start, end, Period.day(published - timedelta(days=back)), "high")
        if m["cal"]:
            unit = m["cal_unit"].lower()
            last = m["cal_when"].lower() == "last"
            if unit == "week":
                monday = published - timedelta(days=published.weekday())
                if last:
                    return _Atom(start, end, Period.week(monday - timedelta(days=7)), "medium")
                return _Atom(start, end, Period(monday, published, precision=Precision.WEEK), "medium")
            if unit == "month":
                if last:
                    first = published.replace(day=1) - timedelta(days=1)
                    return _Atom(start, end, Period.month(first.year, first.month), "medium")
                return _Atom(
                    start,
                    end,
                    Period(published.replace(day=1), published, precision=Precision.MONTH),
                    "medium",
                )
            if last:
                return _Atom(start, end, Period.year(published.year - 1), "medium")
            return _Atom(
                start, end, Period(date(published.year, 1, 1), published, precision=Precision.YEAR), "medium"
            )
        if m["weekend"]:
            sunday = published - timedelta(days=(published.weekday() - 6) % 7)
            if "last" in m["weekend"].lower() and sunday == published:
                sunday -= timedelta(days=7)
            return _Atom(start, end, Period(sunday - timedelta(days=1), sunday), "high")
        if m["begin"]:
            unit = m["begin_unit"].lower()
            if unit == "week":
                first, precision = published - timedelta(days=published.weekday()), Precision.WEEK
            elif unit == "month":
                first, precision = published.replace(day=1), Precision.MONTH
            else:
                first, precision = date(published.year, 1, 1), Precision.YEAR
            return _Atom(start, end, Period(first, first, precision=precision), "medium")
        if m["dur"] or m["within"]:
            n_word = (m["dur_n"] or m["within_n"] or "one").lower()
            unit = (m["dur_unit"] or m["within_unit"]).lower().rstrip("s")
            confidence = "high" if m["dur"] else "medium"
            if n_word.startswith(("few", "several", "couple")):
                return _Atom(start, end, Period(None, published), "low", kind="duration")
            n = int(n_word) if n_word.isdigit() else _NUMBER_WORDS[" ".join(n_word.split())]
            if unit == "day":
                # "in the last two days" on the 6th: the 5th and the 6th, whole days ending today
                days = n
                if days < 1 or (published - date.min).days < days - 1:
                    return _Atom(start, end, None, confidence)
                first_day = published - timedelta(days=days - 1)
                return _Atom(start, end, Period(first_day, published), confidence, kind="duration")
            since = _back(published, n, unit)
            if since is None:
                return _Atom(start, end, None, confidence)
            # "in the past 24 hours": from a moment of the day before to the publication day
            return _Atom(start, end, Period(since, published, open_start=True), confidence, kind="duration")
        return _Atom(start, end, Period(None, published), "low", kind="duration")
    except (OverflowError, ValueError):  # a publication day at the edge of the calendar
        return _Atom(start, end, None, "low")


def _back(published: date, n: int, unit: str) -> date | None:
    """The day *n* units before *published* (hours round up to whole days)."""
    if unit == "hour":
        return published - timedelta(days=-(-n // 24))
    if unit == "day":
        return published - timedelta(days=n)
    if unit == "week":
        return published - timedelta(days=7 * n)
    months = published.year * 12 + published.month - 1 - (n if unit == "month" else 12 * n)
    year, month = divmod(months, 12)
    if year < 1:
        return None
    return date(year, month + 1, min(published.day, calendar.monthrange(year, month + 1)[1]))
