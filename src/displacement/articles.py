"""Drafting records from an article: `extract` reads flows, their causes and who reports them.

`extract` reads a news report or a briefing sentence by sentence and drafts a `Dataset`: a
`Flow` for each figure of people moving (and for each corridor a sentence names without a
figure), the `Event` named as its cause, and a `Source` for the article and for everyone the
article attributes a figure to. Every value it reads points at the words it came from, as an
`Evidence` with a character span and a `Confidence`, so that a reviewer checks the draft against
the text in seconds:

>>> from datetime import date
>>> draft = extract(
...     "The Interior Ministry of Kazakhstan has reported that 98,000 Russians have crossed "
...     "into the country since Sept. 21.",
...     published=date(2022, 9, 27),
... )
>>> flow = draft.dataset.flows[0]
>>> print(flow.count, flow.origin, "->", flow.destination)
98,000 people RUS -> KAZ
>>> for e in draft.evidence_for(flow.id):
...     print(f"{e.field:<22} {e.text!r} ({e.confidence})")
count                  '98,000 Russians' (high)
movement               'have crossed into' (high)
origin                 'Russians' (medium)
destination            'the country' (low)
population.nationality 'Russians' (high)
population.category    'Russians' (medium)
period                 'since Sept. 21' (medium)
attributions           'Interior Ministry of Kazakhstan' (high)

What the text does not say stays empty: a flow whose origin the text does not give has the
unknown origin ``Place("UNK")`` and no evidence for it (`Draft.missing` lists such fields); an
unquantified movement has no count, never zero. Figures that are not movements of people
(deaths, arrests, homes destroyed) and figures no movement is attached to are not drafted, and
`Draft.unread` says which and why. The reader is a set of rules: no network, no model, the same
draft for the same text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from datetime import date, datetime

import attrs

from . import _validate as v
from ._repr import Choice
from ._textdates import PeriodMention, find_periods
from ._textplaces import PlaceMention, find_places
from .count import Count
from .dataset import Dataset
from .errors import DisplacementError
from .event import Event, EventKind
from .figures import CountMatch, find_counts
from .flow import Flow, Metric, Movement, Population, PopulationCategory
from .hazard import Hazard
from .period import Period, Precision
from .place import Place
from .source import Attribution, Source, SourceKind

__all__ = ["FIELDS", "Confidence", "Draft", "Evidence", "Unread", "extract"]


class Confidence(Choice):
    """How sure the extractor is of a value it read.

    HIGH: the words say it outright ("98,000", "crossed into Kazakhstan", "since Sept. 21").
    MEDIUM: a cue that usually holds (a nationality read as the origin, a year inferred).
    LOW: a weak cue (a place named elsewhere in the sentence, "the country" referring back).
    """

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


FIELDS = (
    "count",
    "movement",
    "origin",
    "destination",
    "population.nationality",
    "population.category",
    "period",
    "attributions",
    "causes",
)
"""The fields of a drafted flow that can have evidence (`Evidence.field`), in the order a draft lists
them; `Draft.missing` names those the text did not give."""


@attrs.frozen
class Evidence:
    """The words a drafted value came from: ``article[start:end] == text``.

    *record* is the id of the drafted record and *field* the field read (``"count"``,
    ``"origin"``, ``"population.nationality"``, ``"period"``, ``"attributions"``, ``"causes"``...).
    *cue* says in a few words why these words gave this value.
    """

    record: str
    """Id of the record the value is in."""
    field: str
    """The field the value fills, as a dotted path inside the record."""
    start: int
    """Index of the first character of the words."""
    end: int
    """Index just past the last character."""
    text: str
    """The words, verbatim."""
    confidence: Confidence
    """How sure the extractor is."""
    cue: str = ""
    """Why these words gave this value ("a people named as what is counted")."""

    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)``."""
        return self.start, self.end


@attrs.frozen
class Unread:
    """A figure found in the text that the draft holds no record for, and why."""

    start: int
    """Index of the first character of the figure."""
    end: int
    """Index just past its last character."""
    text: str
    """The figure, verbatim."""
    reason: str
    """Why it was not drafted ("counts people killed, not people moving")."""


@attrs.frozen
class Draft:
    """What `extract` read from an article: a `Dataset` and, for every value, its evidence.

    The dataset is a draft for a person to check: `evidence` points at the words behind each
    value, `missing` names the fields the text left empty, and `unread` lists the figures that
    were found but not drafted.
    """

    text: str = attrs.field(repr=False)
    """The article, as given."""
    dataset: Dataset
    """The drafted records."""
    evidence: tuple[Evidence, ...]
    """The words behind every drafted value, in record order."""
    unread: tuple[Unread, ...] = ()
    """Figures found in the text and not drafted, with the reason."""

    def evidence_for(self, record: str, field: str | None = None) -> tuple[Evidence, ...]:
        """The evidence for record *record* (an id), or only for its *field*."""
        return tuple(e for e in self.evidence if e.record == record and (field is None or e.field == field))

    def missing(self, record: str) -> tuple[str, ...]:
        """The fields of flow *record* that the text did not give (their values are placeholders).

        >>> from datetime import date
        >>> draft = extract("Thousands of people fled to Chad.", published=date(2023, 5, 1))
        >>> draft.missing(draft.dataset.flows[0].id)
        ('movement', 'origin', 'population.nationality', 'period', 'attributions', 'causes')
        """
        have = {e.field for e in self.evidence if e.record == record}
        return tuple(f for f in FIELDS if f not in have)

    def __str__(self) -> str:
        return describe(self)


# -- vocabulary -------------------------------------------------------------------------------


@attrs.frozen
class _Cue:
    movement: Movement | None  # None: the places decide (cross-border or internal)
    metric: Metric
    category: PopulationCategory | None = None
    towards: bool = False  # a place right after the cue is where people went ("crossed into X")
    away: bool = False  # a place right after the cue is where they left ("fled X", "left X")
    received: bool = False  # the place before the cue took them in ("Egypt has received 16,000")


_WORDS = r"(?:has |have |had |having |were |was |are |is |been |being |be |reportedly |already |now |also )*"
_CUES: tuple[tuple[str, _Cue], ...] = (
    (
        r"(?:crossed|crossing|cross)(?: over)?(?: (?:the|a) (?:[\w-]+ )?(?:border|borders|river|frontier|sea|mountains?|"
        r"desert|boundary|line))? (?:in)?to|(?:surged|surging|spilled|spilling|swarmed|flowed|flowing|trekked|"
        r"walked|swam|sailed|trickled|trickling|crammed) (?:over )?(?:in)?to",
        _Cue(Movement.CROSS_BORDER, Metric.CROSSINGS, towards=True),
    ),
    (
        r"crossed(?: the border| the borders| over)?|crossing(?: the border)?|border crossings",
        _Cue(Movement.CROSS_BORDER, Metric.CROSSINGS),
    ),
    (
        r"(?:arrived|arriving|arrive)(?: in| at)?|have arrived(?: in| at)?|reached|entered|entering|enter|enters|poured into|"
        r"streamed into|streaming into|flooded into|flocked to|made their way to|headed (?:to|for)|"
        r"heading (?:to|for)|(?:gone|went|go|going|moved|moving|made it|make it) to|"
        r"(?:converged|converging|descended|descending) on|(?:flow|flows|flowed|flowing) (?:in)?to|"
        r"become (?:new )?refugees(?: in)?|became refugees(?: in)?",
        _Cue(None, Metric.ARRIVALS, towards=True),
    ),
    (r"(?:new )?arrivals|influx", _Cue(None, Metric.ARRIVALS)),
    (
        r"received|receiving|welcomed|took in|taken in|admitted|ushering in|ushered in|let in|allowed in",
        _Cue(None, Metric.ARRIVALS, received=True),
    ),
    (
        r"(?:poured|pouring|streamed|streaming|surged|flooded|fled|spilled|swarmed) (?:across|over) (?:the )?"
        r"(?:[A-Z][\w-]+ )?(?:border|borders|frontier|river|river border|bridge|sea|mountains?)(?: (?:in)?to)?",
        _Cue(Movement.CROSS_BORDER, Metric.CROSSINGS, towards=True),
    ),
    (
        r"(?:pass|passed|passing) (?:over|through|into)|"
        r"(?:shifted|moved|taken|transferred|bussed|airlifted|flown) to|(?:landed|come|came|coming) (?:in|to)|landed|"
        r"brought(?= [^.;]{0,60}\b(?:in)?to\b)",
        _Cue(None, Metric.ARRIVALS, towards=True),
    ),
    (
        r"deported(?: from)?|deportees|expelled(?: from)?",
        _Cue(Movement.RETURN, Metric.ARRIVALS, PopulationCategory.RETURNEES),
    ),
    (
        r"(?:fled|fleeing|flee|escaped|escaping)(?: (?:across|over) the border)?(?: (?:in)?to| into| towards?)",
        _Cue(None, Metric.ARRIVALS, towards=True),
    ),
    (
        r"(?:sought|seeking|seek|took|taken|taking) (?:refuge|shelter|safety|asylum)(?: in)?",
        _Cue(None, Metric.ARRIVALS, towards=True),
    ),
    (
        r"(?:fled|fleeing|flee|left|leave|leaving|lost|losing) their homes|"
        r"(?:forced|driven|chased|pushed) (?:from|out of) their homes|"
        r"(?:forced to )?(?:abandon|abandoned|abandoning) their homes",
        _Cue(None, Metric.NEW_DISPLACEMENTS, PopulationCategory.IDPS),
    ),
    (
        r"(?:fled|fleeing|flee|escaped|escaping)(?: from)?|forced to flee|forced to leave",
        _Cue(None, Metric.DEPARTURES, away=True),
    ),
    (
        r"(?:internally )?displaced|displacing|displacement of|uprooted|made homeless",
        _Cue(None, Metric.NEW_DISPLACEMENTS, PopulationCategory.IDPS),
    ),
    (
        r"evacuated(?: from)?|evacuating|evacuate|evacuation of|moved to (?:safety|safer ground|evacuation centres|"
        r"evacuation centers|shelters)|ordered to evacuate",
        _Cue(Movement.EVACUATION, Metric.DEPARTURES, PopulationCategory.EVACUEES),
    ),
    (
        r"returned(?: home)?(?: to)?|returning(?: home)?(?: to)?|went back(?: to)?|gone back(?: to)?|"
        r"(?:trickling|trickled|streaming|streamed|heading|headed|going|coming|came) back(?: home)?(?: to)?|"
        r"have returned(?: to)?|returnees",
        _Cue(Movement.RETURN, Metric.ARRIVALS, PopulationCategory.RETURNEES, towards=True),
    ),
    (r"relocated(?: to)?", _Cue(Movement.RELOCATION, Metric.ARRIVALS, towards=True)),
    (
        r"resettled(?: in| to)?",
        _Cue(Movement.RESETTLEMENT, Metric.ARRIVALS, PopulationCategory.REFUGEES, towards=True),
    ),
    (r"left the country|left|leaving|departed|exodus", _Cue(None, Metric.DEPARTURES, away=True)),
    (
        r"(?:long |massive |huge )?(?:lines|queues) (?:forming |formed )?(?:at|on) the borders? with",
        _Cue(Movement.CROSS_BORDER, Metric.CROSSINGS, towards=True),
    ),
)
_CUE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?P<c{i}>{_WORDS}(?:{p}))" for i, (p, _) in enumerate(_CUES))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_CUE_OF = {f"c{i}": cue for i, (_, cue) in enumerate(_CUES)}
"""The cue each group of `_CUE` stands for, by group name (a match's ``lastgroup``)."""

_NOT_PEOPLE = re.compile(
    r"(?<![\w-])(?:points|crossings|checkpoints|villages|camps|sites|districts|provinces|regions|towns|"
    r"cities|schools|centres|centers|shelters|vehicles|cars|trucks|lorries|buses|boats|flights|planes|ambulances|"
    r"tents|tonnes|tons|kilometres|kilometers|miles|hectares|acres|animals|livestock|cattle)\W*\Z",
    re.IGNORECASE,
)
"""The counted noun of a figure that is not people ("145 border points", "115 relief camps")."""
_NOT_MOVING = re.compile(
    r"(?<![\w-])(?:killed|dead|died|deaths?|death toll|injured|wounded|missing|arrested|detained|"
    r"homes|houses|buildings|shelters destroyed|destroyed|damaged|affected|in need|cases|infected|"
    r"vaccinated|casualties|troops|soldiers|fighters|police(?:men)?|officers|protesters|votes)(?![\w-])",
    re.IGNORECASE,
)
"""Words that make a figure a count of something other than people moving."""
_HARMED_BEFORE = re.compile(
    r"\b(?:killed|killing|kills|injured|injuring|wounded|wounding|arrested|arresting|detained|detaining|"
    r"destroyed|destroying|damaged|damaging|death toll (?:rose |climbed |reached )?(?:to |of )?)\s*\Z",
    re.IGNORECASE,
)
"""Right before a figure: a verb whose object it is is not a movement ("the floods killed 1,700")."""
_STOCK = re.compile(
    r"(?<![\w-])(?:hosts|hosting|is home to|are home to|now live|are living|live in|are sheltering|"
    r"are staying|remain|remained|still)(?![\w-])",
    re.IGNORECASE,
)

_CATEGORIES: tuple[tuple[str, PopulationCategory], ...] = (
    (r"asylum[- ]seekers?", PopulationCategory.ASYLUM_SEEKERS),
    (
        r"(?:internally )?displaced(?: people| persons| families| civilians| residents)|internally displaced|idps?",
        PopulationCategory.IDPS,
    ),
    (r"refugees?", PopulationCategory.REFUGEES),
    (r"returnees?", PopulationCategory.RETURNEES),
    (r"evacuees?", PopulationCategory.EVACUEES),
    (r"migrants?", PopulationCategory.MIGRANTS),
    (r"stateless(?: people| persons)?", PopulationCategory.STATELESS),
)
_CATEGORY = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(_CATEGORIES)) + r")(?![\w-])",
    re.IGNORECASE,
)
_PEOPLE = re.compile(
    r"(?<![\w-])(?:people|persons|individuals|civilians|residents|men|women|children|families|"
    r"households|villagers|inhabitants|citizens|nationals|workers|students|displaced)(?![\w-])",
    re.IGNORECASE,
)

_TO = re.compile(
    r"(?:\b(?:in)?to|\binto|\bin|\bat|\btowards?|\bfor|\breached|\bentered|\bentering|\bneighbou?ring|"
    r"\bthe safety of|\bsafety in|\brefuge in|\bshelter in|"
    r"\bacross|\binside)\s*\Z",
    re.IGNORECASE,
)
_FROM = re.compile(
    r"(?:\bfrom|\bout of|\bfled|\bfleeing|\bflee|\bleft|\bleaving|\bescaping|\bescaped|\bescape)\s*\Z",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"(?:\s+|\b(?:the|neighbou?ring|nearby|northern|southern|eastern|western|north-eastern|"
    r"north-western|south-eastern|south-western|northeastern|northwestern|southeastern|southwestern|"
    r"central|adjacent|the borders of|the border of)\b)*\Z",
    re.IGNORECASE,
)

_SPEECH = (
    r"said|says|say|reported|reports|report|announced|announces|estimated|estimates|estimate|"
    r"stated|states|told|tells|warned|warns|added|adds|noted|notes|confirmed|confirms|explained|"
    r"explains|wrote|writes|counted|counts|recorded|records|registered|registers|indicated|"
    r"indicates|revealed|reveals|tweeted|posted|claimed|claims|show|shows|showed|is aware of|are aware of"
)
_HEADS = (
    r"officials?|authorities|police|agency|agencies|ministry|government|spokes(?:man|woman|person)|"
    r"witnesses|residents|organi[sz]ation|group|charity|army|military|commission|commissioner|"
    r"office|council|administration|department|sources?|observers|monitors|workers|media|"
    r"governor|minister|president|mayor|chief|head|director|coordinator|representative|"
    r"committee|service|services|unit|network|body|team|teams|staff|officers|guards?|forces|troops|"
    r"mission|programme|program|fund|federation|society|crescent|cross|corps|figures|statistics|estimates|data"
)
_MODIFIERS = (
    r"the|a|an|of|for|and|de|al|el|local|provincial|regional|state|federal|national|district|"
    r"county|city|municipal|government|interior|foreign|defen[cs]e|health|refugee|migration|"
    r"humanitarian|aid|relief|disaster|emergency|management|senior|top|border|security|un|u\.n\.|"
    r"united|nations|international|border|camp|village|community|tribal|military|civil|protection|news|"
    r"semi-official|official|state-run|state-owned|independent|"
    r"'s|\u2019s"
)
_NAME_WORD = r"(?:[A-Z][\w'\u2019.&-]*|\([A-Z][\w.&-]*\)|in|on|to|(?:" + _MODIFIERS + r"|" + _HEADS + r"))"
_SPEAKER = (
    r"(?<![\w'\u2019&.-])(?P<who>(?:[A-Z][\w'\u2019.&-]*|(?:the|a|an|"
    + _MODIFIERS
    + r"|"
    + _HEADS
    + r"))(?:\s+"
    + _NAME_WORD
    + r"){0,9})"
)
_BACK_SPEAKER = re.compile(
    r"\b(?:(?:he|she|it|they)|the (?:agency|ministry|organi[sz]ation|office|mission|official|spokes(?:man|woman|person)))"
    r"\s+(?:also\s+)?(?:said|says|added|adds|told|reported|estimated|estimates|noted)\b",
    re.IGNORECASE,
)
"""A speaker named in an earlier sentence: "he said", "the agency said"."""
_APPOSITION = re.compile(
    r"(?P<who>(?:(?:Gen|Col|Maj|Capt|Lt|Dr|Mr|Mrs|Ms|Prof|Sen|Gov)\.\s+)?[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019.-]+){1,4}),"
    r"\s+(?:the\s+|a\s+|an\s+)?[^,.;]{3,90},\s+(?:has\s+|had\s+)?(?P<verb>said|says|told|tells|reported|added|explained|stated)\b"
)
"""A named person, then their role between commas, then the verb: the person is the speaker."""
_ACCORDING = re.compile(r"\baccording to\s+" + _SPEAKER, re.IGNORECASE)
_WHEN = (
    r"(?:\s+(?:on\s+|last\s+|this\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today|tonight|week|morning|evening|earlier|later))*"
)
_DAY_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "yesterday",
        "today",
        "tonight",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "week",
        "month",
        "year",
    ]
)
_SAID_AFTER = re.compile(
    _SPEAKER
    + r"(?i:"
    + _WHEN
    + r"),?\s+(?:(?:has|have|had|also|later|earlier|previously)\s+)*(?P<verb>"
    + _SPEECH
    + r")\b"
    r"(?:\s+(?:that\b)?)?",
)
_SAID_BEFORE = re.compile(
    r"(?P<verb>" + _SPEECH + r"),?\s+" + _SPEAKER,
)
_TOLD = re.compile(r"\btold\s+(?P<via>(?:the\s+)?[A-Z][\w'\u2019.&-]*(?:\s+[A-Z][\w'\u2019.&-]*){0,4})")
_PRONOUNS = frozenset(["he", "she", "it", "they", "we", "i", "you", "this", "that", "which", "who"])

_EVENTS: tuple[tuple[str, EventKind, str | None], ...] = (
    (r"(?:partial )?mobili[sz]ation|conscription|military draft|the draft", EventKind.MOBILIZATION, None),
    (
        r"invasion|offensive|fighting|war|conflict|clashes|hostilities|violence|attacks?|airstrikes?|"
        r"air strikes?|shelling|bombardment|insurgency|assault|siege|hostilities",
        EventKind.ARMED_CONFLICT,
        None,
    ),
    (r"floods?|flooding|flash floods?", EventKind.DISASTER, "flood"),
    (r"earthquakes?|quake|tremors?", EventKind.DISASTER, "earthquake"),
    (r"cyclones?|typhoons?|hurricanes?|tropical storms?|storms?", EventKind.DISASTER, "storm"),
    (r"drought", EventKind.DISASTER, "drought"),
    (r"landslides?|mudslides?", EventKind.DISASTER, "landslide"),
    (r"wildfires?|bushfires?|forest fires?", EventKind.DISASTER, "wildfire"),
    (r"tsunami", EventKind.DISASTER, "tsunami"),
    (r"volcan(?:o|ic eruption)|eruption", EventKind.DISASTER, "volcanic activity"),
    (r"evacuation orders?", EventKind.EVACUATION_ORDER, None),
    (r"border closures?|closed (?:the )?borders?", EventKind.BORDER_CLOSURE, None),
    (r"protests?|demonstrations?|unrest", EventKind.PROTEST, None),
)
_EVENT = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<e{i}>{p})" for i, (p, _, _) in enumerate(_EVENTS)) + r")(?![\w-])",
    re.IGNORECASE,
)
_CAUSE_LEAD = re.compile(
    r"(?<![\w-])(?:since|after|following|fleeing|escaping|due to|because of|caused by|triggered by|"
    r"driven by|displaced by|amid|in the wake of|ahead of|before|from|by)(?![\w-])",
    re.IGNORECASE,
)

_RATE = re.compile(
    r"\s*(?:a|an|per|each|every)\s+(?P<per>day|week|month|hour)\b|\s*(?P<daily>daily)\b", re.IGNORECASE
)

_ABBREVIATIONS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "gov",
        "sen",
        "rep",
        "no",
        "jr",
        "inc",
        "co",
        "corp",
        "vs",
        "mt",
        "ft",
        "approx",
        "est",
        "dept",
        "univ",
        "prof",
        "capt",
        "maj",
        "cmdr",
        "adm",
        "pres",
        "e.g",
        "i.e",
        "u.s",
        "u.n",
        "u.k",
        "a.m",
        "p.m",
    ]
)
_SENTENCE_END = re.compile(r"[.!?]+[\"”\u2019')]*(?=\s)|\n\s*\n|\n(?=[A-Z\"“])")


# -- the reading ------------------------------------------------------------------------------


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of *text* (abbreviations such as "Sept." and initials do not end one)."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith("."):
            word = re.search(r"([\w.]+)\Z", text[max(start, m.start() - 12) : m.start()])
            if word is not None:
                w = word.group(1).lower()
                if w in _ABBREVIATIONS or len(w) == 1 or re.fullmatch(r"(?:\w\.)+\w", w):
                    continue
            after = text[m.end() : m.end() + 3].lstrip()
            if after[:1].islower() or after[:1].isdigit():
                continue
        end = m.end()
        if text[start:end].strip():
            yield start, end
        start = end
    if text[start:].strip():
        yield start, len(text)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@attrs.frozen
class _Speaker:
    start: int
    end: int
    name: str
    via: tuple[int, int, str] | None  # "X told the New York Times": the outlet between
    earlier: bool = False  # named in an earlier sentence ("he said" here)


def _clean_speaker(text: str, start: int, end: int) -> tuple[int, int] | None:
    words = list(re.finditer(r"\S+", text[start:end]))
    # "border guards on Sunday said": the day is when they spoke, not part of who
    while len(words) > 1 and (
        words[-1].group().lower().strip(",.") in _DAY_WORDS
        and words[-2].group().lower() in ("on", "last", "this", "early", "late")
    ):
        words = words[:-2]
    while words and words[-1].group().lower().strip(",.") in (
        "and",
        "the",
        "of",
        "for",
        "a",
        "an",
        "'s",
        "\u2019s",
    ):
        words.pop()
    while words and words[0].group().lower() in (
        "a",
        "an",
        "the",
        "and",
        "but",
        "as",
        "while",
        "when",
        "which",
        "of",
        "for",
        "in",
        "at",
        "on",
        "to",
    ):
        words.pop(0)
    if not words:
        return None
    s, e = start + words[0].start(), start + words[-1].end()
    name = text[s:e].strip(",.;:")
    e = s + len(name)
    low = name.lower()
    if low in _PRONOUNS or low in ("the", "it", "they") or len(name) < 2:
        return None
    if not any(c.isupper() for c in name) and not re.search(r"(?:" + _HEADS + r")\Z", low):
        return None
    if name == low and len(low.split()) == 1 and low in _GENERIC_SPEAKERS:
        return None  # "the agency said": nobody named
    if all(w.strip(".,") in _DAY_WORDS or w in ("on", "last", "this") for w in low.split()):
        return None  # "said Monday": a day, not a speaker
    while words and words[-1].group().lower().strip(",.") in ("in", "on", "to"):
        words.pop()
        if not words:
            return None
        e = start + words[-1].end()
    return s, e


def _speakers(text: str, start: int, end: int) -> list[_Speaker]:
    """Who the sentence text[start:end] says speaks: "according to X", "X said", "said X"."""
    found: list[_Speaker] = []
    sentence = text[start:end]
    for m in _ACCORDING.finditer(sentence):
        span = _clean_speaker(text, start + m.start("who"), start + m.end("who"))
        if span is not None:
            found.append(_Speaker(*span, text[span[0] : span[1]], None))
    verbs_taken = set()
    for m in _APPOSITION.finditer(sentence):
        # "Gen. Hussein Rashed Zyood, commanding officer of the border troops, says": the name speaks
        found.append(_Speaker(start + m.start("who"), start + m.end("who"), m.group("who"), None))
        verbs_taken.add(m.start("verb"))
    for m in _SAID_AFTER.finditer(sentence):
        if m.start("verb") in verbs_taken:
            continue
        who_start = m.start("who")
        span = _clean_speaker(text, start + who_start, start + m.end("who"))
        if span is None:
            continue
        sub = _SUBORDINATE.search(text, max(start, span[0] - 25), span[0])
        if sub is not None and "," not in text[sub.end() : span[0]]:
            continue  # "since Turkey announced the offer": an event, not who reports the figure
        # the speaker is the last noun phrase before the verb: cut at a clause break or a figure
        phrase = text[span[0] : span[1]]
        cut = max(phrase.rfind(","), phrase.rfind(";"), phrase.rfind(" that "))
        if cut >= 0:
            span2 = _clean_speaker(text, span[0] + cut + 1, span[1])
            if span2 is None:
                continue
            span = span2
        via = None
        if m.group("verb") == "told":
            told = _TOLD.match(sentence, m.start("verb"))
            if told is not None:
                vs, ve = start + told.start("via"), start + told.end("via")
                via = (vs, ve, text[vs:ve])
        found.append(_Speaker(*span, text[span[0] : span[1]], via))
    for m in _SAID_BEFORE.finditer(sentence):
        if m.group("verb") in ("told", "tells"):
            continue  # "told CNN": whom they told, not who speaks
        span = _clean_speaker(text, start + m.start("who"), start + m.end("who"))
        if span is None or (not text[span[0]].isupper() and text[span[0] : span[0] + 4].lower() != "the "):
            continue
        if any(s.start <= span[0] < s.end for s in found):
            continue
        found.append(_Speaker(*span, text[span[0] : span[1]], None))
    found.sort(key=lambda s: s.start)
    return found


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:60] or "source"


_UN = re.compile(
    r"\b(?:UNHCR|IOM|OCHA|UNICEF|WFP|UNRWA|WHO|UNFPA|UNDP|U\.?N\.?|United Nations|refugee agency|"
    r"migration agency|children's agency|food agency)\b"
)
_NGO = re.compile(
    r"\b(?:Red Cross|Red Crescent|IFRC|ICRC|MSF|M[ée]decins|Save the Children|Oxfam|NRC|"
    r"Norwegian Refugee Council|IRC|International Rescue Committee|CARE|charity|NGO|"
    r"aid group|Amnesty|Human Rights Watch)\b",
    re.IGNORECASE,
)
_MEDIA = re.compile(
    r"\b(?:Times|Post|Reuters|Associated Press|AP|AFP|BBC|CNN|Al Jazeera|Guardian|"
    r"Journal|News|Agency|TV|Television|Radio|Tass|Interfax|Xinhua)\b"
)
_GOVERNMENT = re.compile(
    r"(?i)\b(?:ministry|minister|government|president|officials?|authorities|"
    r"police|army|military|governor|mayor|state|department|office|commission)\b"
)


def _source_kind(name: str) -> SourceKind:
    if _UN.search(name):
        return SourceKind.UN_AGENCY
    if _NGO.search(name):
        return SourceKind.NGO
    if _MEDIA.search(name) and not _GOVERNMENT.search(name):
        return SourceKind.NEWS_MEDIA
    if _GOVERNMENT.search(name):
        return SourceKind.GOVERNMENT
    return SourceKind.OTHER


@attrs.define
class _Reading:
    """The records drafted so far, with their evidence (mutable while one article is read)."""

    text: str
    published: date
    article: Source
    sources: dict[str, Source] = attrs.Factory(dict)
    events: dict[str, Event] = attrs.Factory(dict)
    flows: list[Flow] = attrs.Factory(list)
    evidence: list[Evidence] = attrs.Factory(list)
    unread: list[Unread] = attrs.Factory(list)
    last_speaker: _Speaker | None = None
    last_sentence: set[str] = attrs.Factory(set)  # ids of the flows the sentence before drafted

    def note(self, record: str, field: str, span: tuple[int, int], confidence: Confidence, cue: str) -> None:
        s, e = span
        self.evidence.append(Evidence(record, field, s, e, self.text[s:e], confidence, cue))

    def source_for(self, name: str) -> str:
        key = _slug(name)
        if key == self.article.id:
            key = f"{key}-quoted"
        if key not in self.sources:
            self.sources[key] = Source(key, _source_kind(name), publisher=name)
        return key


_RATE_OF = re.compile(
    r"(?:\s+[\w-]+){0,6}?\s+at\s+(?:an?\s+)?(?:average\s+)?(?:rate|pace)\s+of\s+"
    r"(?:an?\s+average\s+of\s+)?(?:about\s+|around\s+|some\s+)?",
    re.IGNORECASE,
)
"""Between a verb and its figure: "flow into the country at an average rate of 2,500 per day"."""
_LINK = re.compile(r"[,;]|\band\b|\bbut\b", re.IGNORECASE)
_FORECAST = re.compile(
    r"\b(?:(?:could|may|might|will|would)(?!\s+have\b)|expected to|projected to|likely to|set to|feared to|plans? to|"
    r"planning to|preparing to|ready to|about to|forecast)\b(?:\s+\w+){0,3}\s*\Z",
    re.IGNORECASE,
)
"""Before a verb or a figure: what may happen, not what happened ("could flee", "expected to rise above")."""
_ROUGHLY = r"(?:around\s+|about\s+|some\s+|nearly\s+|almost\s+|over\s+|more than\s+)?\Z"
"""A rough word before a figure, at the end of the text before it ("around ", "more than ")."""
_TALLY = re.compile(
    r"\b(?:an?\s+)?(?:increase|rise|jump|drop|decrease|decline|fall|change)\s+of\s+" + _ROUGHLY,
    re.IGNORECASE,
)
"""Before a figure: a change between two counts, not a movement ("an increase of around 17,000")."""
_NUMBER_OF = re.compile(r"\b(?:number|tally|total|count)\s+of\b", re.IGNORECASE)
_REACHED = re.compile(
    r"\b(?:risen|rose|rises|climbed|grown|increased|jumped|reached|reaches|stands at|stood at|totalled|totaled|"
    r"is|was|now|to|at)\s+" + _ROUGHLY,
    re.IGNORECASE,
)
"""Before a figure: "the number of civilians who have escaped ... has risen to 77,000"."""
_BARE = re.compile(r"(?:[^\W\d_]+\s+){0,3}[\d.,\u00a0\u202f ]+")
"""A figure with no counted noun ("10,800 have gone to Pakistan"): the people of the figure before."""
_TOTALLED = re.compile(
    r"\b(?:totall?ed|totals|numbered|numbers|stood at|stands at|came to|amounted to)\s+(?:an?\s+)?(?:estimated\s+)?"
    + _ROUGHLY,
    re.IGNORECASE,
)
_LISTED = re.compile(
    r"(?:,|\band\b)\s+(?P<n>\d{1,3}(?:,\d{3})+|\d{1,4})\s+(?=(?:in|into|to|from|through|via)\s)",
    re.IGNORECASE,
)
"""A bare number in a list after a figure: "60 in Lamwo and 292 in Oraba", "and 290 into Sudan"."""
_INCLUDING = re.compile(r"\b(?:including|among them|of whom|of them)\s+\Z", re.IGNORECASE)
_SIDE = re.compile(r"\s+side\b", re.IGNORECASE)
_SUBORDINATE = re.compile(
    r"\b(?:since|after|because|following|when|while|until|amid|as part of|in order to|to escape|to flee)\b",
    re.IGNORECASE,
)
"""Where a clause of another event begins: its places are where that happened, at most an origin."""
_QUALIFIED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w-]+\s+\Z")
_NOT_QUALIFIERS = frozenset(
    [
        "the",
        "some",
        "about",
        "around",
        "over",
        "more",
        "nearly",
        "almost",
        "thousands",
        "hundreds",
        "tens",
        "many",
        "most",
        "several",
        "other",
        "new",
        "young",
        "all",
        "these",
        "those",
        "fleeing",
        "displaced",
        "million",
        "thousand",
        "hundred",
        "least",
        "estimated",
        "an",
        "a",
        "of",
        "including",
    ]
)
"""Capitalized words before a people that do not make it a people of a place ("The Russians")."""
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s\b")
_RELATIVE_BEFORE = re.compile(r"\b(?:who|which|that|whose)(?:\s+\w+){0,2}\s*\Z", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:who|which|that|whose)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"[;:]|\s[-\u2013\u2014]\s|\u2014|,\s+(?:the|a|an|who|which|where|while|but|according|officials?|said|says|"
    r"adding|as|with|after|before|when|triggering|prompting|forcing|leaving)\b|"
    r"\b(?:that|which|who|whose|where|while|but|in a bid|in order|as part of)\b",
    re.IGNORECASE,
)
"""Where the clause of a movement's verb ends: what follows speaks of something else."""
_ELIDED = re.compile(
    r"\s*(?:(?:more|others?|people|refugees|families|each)\s+)?(?:to|into|in|from|for|on|through|via)\s+\S",
    re.IGNORECASE,
)
"""After a figure with no verb of its own: "and 5,300 to Tajikistan" repeats the verb before it."""
_LIST_AFTER = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?\Z")
_POSSESSIVE = re.compile(r"\s*['\u2019]s\s+\Z")
_ETHNIC = re.compile(r"\b(?:ethnic|ethnically)\s+\Z", re.IGNORECASE)
_PEOPLE_AFTER = re.compile(
    r"\s+(?:nationals|citizens|refugees|migrants|asylum[- ]seekers|people|men|women|children|families|"
    r"workers|civilians|residents|troops)\b",
    re.IGNORECASE,
)
_EVENT_IN = re.compile(
    r"\b(?:attacks?|fighting|conflict|war|violence|clashes|floods?|flooding|earthquakes?|drought|unrest|"
    r"insecurity|offensive|hostilities|crisis|persecution|bombing|shelling)\s+(?:\w+\s+){0,2}in\s*\Z",
    re.IGNORECASE,
)
"""Before a place: the event people fled happened there ("fled attacks in Sudan's Darfur region")."""
_OWN_EVENT = re.compile(
    r"['\u2019]s\s+(?:[\w-]+\s+){0,5}?(?:war|conflict|civil war|fighting|drought|floods?|flooding|earthquakes?|"
    r"cyclone|typhoon|hurricane|offensive|violence|crisis|unrest)\b",
    re.IGNORECASE,
)
"""After a place: the event it had ("Somalia's worst drought in more than 40 years")."""
_PERFECT = re.compile(r"(?:has|have|had)\b(?:\s+(?:already|now|reportedly))?(?:\s+been)?", re.IGNORECASE)
_ONGOING = re.compile(
    r"\b(?:are|is|were still|are still|continue to|continues to|continued to|keep|keeps)\s+(?:\w+ing|\w+)\b",
    re.IGNORECASE,
)
_EVENT_WORD_BEFORE = re.compile(
    r"\b(?:attacks?|fighting|clashes|violence|offensive|bombing|shelling|storm|cyclone|earthquake|floods?|"
    r"erupted|broke out|began|started|struck|hit)\b(?:\s+[\w-]+){0,5}\s+\Z",
    re.IGNORECASE,
)
"""Before a date: the event it dates ("attacks Friday and Saturday", "erupted last Saturday")."""
_ACCORDING_WORDS = re.compile(r"\baccording to\b", re.IGNORECASE)
_SAID_DAY = re.compile(
    r"\b(?:said|says|reported|announced|stated|estimated|estimates|told|added)\b", re.IGNORECASE
)
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
_TODAY = re.compile(r"\b(?:this (?:evening|morning|afternoon)|tonight|today)\b", re.IGNORECASE)
_COMPARED = re.compile(
    r"\b(?:compared (?:to|with)|than|versus|vs\.?|against)\s+(?:the\s+)?(?:same\s+)?\Z", re.IGNORECASE
)
_NOT_FIRST = re.compile(
    r"\b(?:since|after|before|because|when|while|until|following|amid|as|if)\b", re.IGNORECASE
)
_POPULATION_OF = re.compile(r"\b(?:country|nation|city|town|state|population|home)\s+of\s+\Z", re.IGNORECASE)
_PLACE_NOUN = re.compile(
    r"\s+(?:border\s+)?(?:town|city|village|capital|region|province|district|state|territory|side|camp|"
    r"port|island|coast|soil|frontier)\b",
    re.IGNORECASE,
)
"""After an adjective, a noun that makes it a place: "the Zairean border town of Goma", "Kenyan soil"."""
_HOME = re.compile(r"\s*(?:back\s+)?home\b", re.IGNORECASE)
_GENERIC_SPEAKERS = frozenset(
    [
        "agency",
        "organization",
        "organisation",
        "group",
        "office",
        "body",
        "ministry",
        "department",
        "data",
        "report",
        "government",
        "statement",
        "it",
        "they",
        "official",
        "source",
        "sources",
    ]
)
"""Speakers that name nobody on their own ("the agency said"): left empty rather than guessed."""


def _listed(text: str, start: int, end: int, figures: list[CountMatch]) -> list[CountMatch]:
    """Bare numbers in a list after the first figure of a sentence, which the figure reader leaves
    alone (a number with no noun): "1,087 refugees crossed into Uganda ..., 60 in Lamwo and 292 in Oraba"."""
    found = []
    for m in _LISTED.finditer(text, start, end):
        n0, n1 = m.span("n")
        digits = m.group("n").replace(",", "")
        if any(f.start <= n0 < f.end for f in figures) or (len(digits) == 4 and 1800 <= int(digits) <= 2100):
            continue
        found.append(CountMatch(n0, n1, text[n0:n1], Count(int(digits))))
    return found


def _forecast(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends in words of what may happen ("could", "expected to").

    "may have crossed" is a report of the past, hedged: not a forecast.
    """
    m = _FORECAST.search(text, start, end)
    if m is None:
        return False
    return re.match(r"\s*(?:\w+\s+)?have\b", text[end : end + 20]) is None and not re.search(
        r"\bhave\s*\Z", m.group()
    )


def _measured(word: str) -> str:
    """What a figure counts, from the word that says it is not a movement ("killed": deaths)."""
    word = " ".join(word.lower().split())
    if word.startswith("death toll"):
        return "deaths"
    if word.startswith(("kill", "die")):
        return "deaths"
    if word.startswith(("injur", "wound")):
        return "injuries"
    if word.startswith(("destroy", "damag")):
        return "homes or buildings"
    if word.startswith(("arrest", "detain")):
        return "arrests"
    if word in ("killed", "dead", "died", "death", "deaths", "death toll", "casualties"):
        return "deaths"
    if word in ("injured", "wounded"):
        return "injuries"
    if word in ("homes", "houses", "buildings", "shelters destroyed", "destroyed", "damaged"):
        return "homes or buildings"
    if word in ("arrested", "detained"):
        return "arrests"
    return word


def _clause_end(text: str, start: int, hi: int) -> int:
    m = _CLAUSE_BREAK.search(text, start, hi)
    return hi if m is None else m.start()


def _cue_at(
    text: str, cues: list[tuple[int, int, _Cue]], figure: CountMatch, lo: int, hi: int
) -> tuple[int, int, _Cue] | None:
    """The movement cue the figure goes with: the verb after it in its clause, or one just before.

    A counted noun that is itself a movement ("3,600 new arrivals") is its own cue. A verb in a
    relative clause or an aside right after the figure ("40,000 Syrians who took shelter in
    Türkiye have returned", "refugees, fleeing the advance, surged into") says where they were or
    why, not where they went: the verb after it wins.
    """
    inside = [c for c in cues if figure.start <= c[0] < figure.end]
    after = [c for c in cues if figure.end <= c[0] < hi]
    if inside and not (after and after[0][0] - figure.end <= 25):
        return inside[-1]  # "3,600 new arrivals have been recorded", unless a verb follows at once
    if after:
        gap = text[figure.end : after[0][0]]
        if len(after) > 1 and (_RELATIVE.search(gap) or gap.rstrip().endswith(",")):
            return after[1]
        first = after[0]
        adjacent = [
            c
            for c in cues
            if lo <= c[0] and c[1] <= figure.start and figure.start - c[1] <= 30 and c[2].received
        ]
        if adjacent and re.match(
            r"\s*\S*\s*(?:fleeing|escaping)\b", text[figure.end : first[1]], re.IGNORECASE
        ):
            return adjacent[-1]  # "Egypt has received 16,000 foreigners fleeing the conflict"
        return first
    if _TOTALLED.search(text, max(lo, figure.start - 30), figure.start) is not None:
        earlier = [
            c
            for c in cues
            if lo <= c[0] and c[1] <= figure.start and _LINK.search(text, c[1], figure.start) is None
        ]
        if earlier:
            return earlier[-1]  # "Arrivals through Morini on Friday totalled an estimated 900"
    number = _NUMBER_OF.search(text, lo, figure.start)
    if number is not None and _REACHED.search(text, max(lo, figure.start - 25), figure.start) is not None:
        counted = [c for c in cues if number.end() <= c[0] and c[1] <= figure.start]
        if counted:
            return counted[0]  # "the number of civilians who have escaped ... has risen to 77,000"
    before = [
        c
        for c in cues
        if lo <= c[0]
        and c[1] <= figure.start
        and (figure.start - c[1] <= 30 or _RATE_OF.fullmatch(text, c[1], figure.start) is not None)
        and _LINK.search(text, c[1], figure.start) is None
    ]
    if before:
        return before[-1]  # "displacing 22,022 people", "Egypt has received more than 16,000"
    return None


def _role(text: str, mention: PlaceMention, lo: int) -> str | None:
    """ "destination", "origin", "within" or None, from the words before a place."""
    before = text[max(lo, mention.start - 60) : mention.start]
    filler = _FILLER.search(before)
    core = before[: filler.start()] if filler is not None else before
    if _FROM.search(core) or _EVENT_IN.search(core):
        return "origin"
    if re.search(r"(?:within|inside|throughout)\s*\Z", core, re.IGNORECASE):
        return "within"
    if _TO.search(core):
        return "destination"
    return None


def _category(
    text: str, figure: CountMatch, hi: int
) -> tuple[PopulationCategory, tuple[int, int], Confidence] | None:
    """The population category the counted words give ("5,000 refugees", "Sudanese asylum seekers")."""
    m = _CATEGORY.search(text, figure.start, min(hi, figure.end + 40))
    if m is not None and m.start() <= figure.end + 25:
        return _CATEGORIES[int((m.lastgroup or "k0")[1:])][1], m.span(), Confidence.HIGH
    return None


def _in_list(text: str, places: list[PlaceMention], mention: PlaceMention) -> bool:
    """Whether *mention* is one of a list of places ("Iran, Pakistan and Tajikistan")."""
    for other in places:
        if other is mention or other.kind in ("demonym", "adjective"):
            continue
        if other.start >= mention.end and _LIST_AFTER.fullmatch(text, mention.end, other.start) is not None:
            return other.place.country != mention.place.country or other.place != mention.place
        if other.end <= mention.start and _LIST_AFTER.fullmatch(text, other.end, mention.start) is not None:
            return True
    return False


def _finer(places: list[PlaceMention], mention: PlaceMention, text: str) -> PlaceMention:
    """The unit a country's name introduces ("Armenia's Syunik region"), else the mention itself."""
    for other in places:
        if (
            other.start > mention.end
            and other.kind == "unit"
            and other.place.country == mention.place.country
            and _POSSESSIVE.fullmatch(text, mention.end, other.start) is not None
        ):
            return other
    return mention


def _confidence(mention: PlaceMention) -> Confidence:
    """How sure a place read from *mention* is: a phrase that refers back is never sure."""
    if mention.kind == "anaphor":
        return Confidence.MEDIUM if mention.confidence == "high" else Confidence.LOW
    conf = Confidence.HIGH if mention.kind in ("name", "unit") else Confidence.LOW
    if mention.confidence == "low":
        return Confidence.LOW
    if mention.confidence == "medium" and conf is Confidence.HIGH:
        return Confidence.MEDIUM
    return conf


def extract(
    text: str,
    *,
    published: date | datetime | None = None,
    source: Source | str | None = None,
) -> Draft:
    """Draft a `Dataset` from the article *text*, with the evidence for every value.

    *published* is the article's date (a `datetime` is read as its date): relative dates
    ("last week", "on Sunday", "since Monday") resolve against it. It may be left out when
    *source* is a `Source` with a publication date. *source* is the article: a `Source` (its
    id is used in every attribution), a publisher's name, or ``None`` for an article known only
    by its text (a `Source` with id ``"article"``).

    Raises `DisplacementError` when *text* is not a string or no publication date is known.
    """
    if not isinstance(text, str):
        raise DisplacementError(f"expected the article as a string, got {v.show(text)}")
    if isinstance(source, Source):
        article = source
    elif isinstance(source, str) or source is None:
        article = Source(
            _slug(source) if source else "article",
            SourceKind.NEWS_MEDIA,
            publisher=source or None,
            published=published,
        )
    else:
        raise DisplacementError(
            f"source: expected a Source, a publisher's name or None, got {v.show(source)}"
        )
    day = published if published is not None else article.published
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date):
        raise DisplacementError(
            "published: the article's date is needed to read relative dates ('last week', 'on Sunday'); "
            f"got {v.show(published)}"
        )
    reading = _Reading(text, day, article)
    figures = list(find_counts(text))
    places = find_places(text)
    periods = find_periods(text, day)
    cues = [(m.start(), m.end(), _CUE_OF[m.lastgroup or ""]) for m in _CUE.finditer(text)]
    # each reader gives its finds in order of start: a sentence takes its slice of each
    starts = (
        [f.start for f in figures],
        [p.start for p in places],
        [p.start for p in periods],
        [c[0] for c in cues],
    )
    for s, e in _sentences(text):
        drafted = len(reading.flows)
        cut = [(bisect.bisect_left(xs, s), bisect.bisect_left(xs, e)) for xs in starts]
        _read_sentence(
            reading,
            s,
            e,
            figures[slice(*cut[0])],
            places[slice(*cut[1])],
            periods[slice(*cut[2])],
            cues[slice(*cut[3])],
        )
        reading.last_sentence = {f.id for f in reading.flows[drafted:]}
    dataset = Dataset(
        sources=[article, *reading.sources.values()],
        events=list(reading.events.values()),
        flows=reading.flows,
    )
    order = {f.id: i for i, f in enumerate(reading.flows)}
    rank = {f: i for i, f in enumerate(FIELDS)}
    evidence = sorted(
        reading.evidence, key=lambda e: (order.get(e.record, len(order)), rank.get(e.field, 99), e.start)
    )
    return Draft(text, dataset, tuple(evidence), tuple(reading.unread))


def _read_sentence(
    reading: _Reading,
    s: int,
    e: int,
    figures: list[CountMatch],
    places: list[PlaceMention],
    periods: list[PeriodMention],
    cues: list[tuple[int, int, _Cue]],
) -> None:
    text = reading.text
    if figures:
        figures = sorted([*figures, *_listed(text, figures[0].end, e, figures)], key=lambda f: f.start)
    for figure in [f for f in figures if _NOT_PEOPLE.search(f.text)]:
        # "1,29,100 people from 294 villages ... have been shifted": things counted end no clause
        things = _NOT_PEOPLE.search(figure.text)
        assert things is not None
        what = things.group().strip().lower()
        reading.unread.append(Unread(figure.start, figure.end, figure.text, f"counts {what}, not people"))
        figures.remove(figure)
    speakers = _speakers(text, s, e)
    if speakers:
        reading.last_speaker = speakers[-1]
    elif reading.last_speaker is not None and _BACK_SPEAKER.search(text, s, e) is not None:
        # "he said", "the agency said": the speaker named before
        speakers = [attrs.evolve(reading.last_speaker, earlier=True)]
    drafted: list[Flow] = []
    # "Yesterday, 2,308 refugees were confirmed as crossing.": a sentence naming no place at all
    # goes on about the corridor of the sentence before
    unnamed = not any(p.kind != "demonym" and p.kind != "adjective" for p in places)
    carried = (
        reading.flows[-1]
        if unnamed and reading.flows and reading.flows[-1].id in reading.last_sentence
        else None
    )
    last_cue: tuple[int, int, _Cue] | None = None
    for i, figure in enumerate(figures):
        lo = figures[i - 1].end if i > 0 else s
        hi = figures[i + 1].start if i + 1 < len(figures) else e
        noun_window = text[figure.start : min(hi, figure.end + 30)]
        not_moving = _HARMED_BEFORE.search(
            text, max(lo, figure.start - 25), figure.start
        ) or _NOT_MOVING.search(noun_window)
        cue = _cue_at(text, cues, figure, lo, hi)
        elided = False
        if (
            cue is None
            and last_cue is not None
            and drafted
            and (_ELIDED.match(text, figure.end) is not None or _RATE.match(text, figure.end) is not None)
        ):
            cue, elided = last_cue, True  # "10,800 have gone to Pakistan and 5,300 to Tajikistan"
        part = False
        if (
            drafted
            and last_cue is not None
            and _INCLUDING.search(text, max(lo, figure.start - 20), figure.start)
        ):
            cue, elided, part = last_cue, True, True  # "16,000 foreigners ..., including 14,000 Sudanese"
        if not_moving is not None and (
            cue is None
            or elided
            or not_moving.start() < figure.start
            or cue[0] > figure.start + not_moving.start()
        ):
            word = not_moving.group().lower()
            reading.unread.append(
                Unread(figure.start, figure.end, figure.text, f"counts {_measured(word)}, not people moving")
            )
            continue
        if _TALLY.search(text, max(lo, figure.start - 50), figure.start) is not None:
            reading.unread.append(
                Unread(figure.start, figure.end, figure.text, "a running total or a change, not one movement")
            )
            continue
        if cue is not None and (
            _forecast(text, max(lo, figure.start - 40), figure.start)
            or _forecast(text, max(figure.end, cue[0] - 40), cue[0])
        ):
            reading.unread.append(
                Unread(figure.start, figure.end, figure.text, "what may happen, not a movement that happened")
            )
            continue
        if _POPULATION_OF.search(text, max(0, figure.start - 30), figure.start) is not None:
            reading.unread.append(
                Unread(figure.start, figure.end, figure.text, "the population of a place, not people moving")
            )
            continue
        if cue is None:
            reason = (
                "a number of people present, not moving"
                if _STOCK.search(text, lo, hi)
                else "no movement is said of it"
            )
            reading.unread.append(Unread(figure.start, figure.end, figure.text, reason))
            continue
        last_cue = cue
        flow = _draft_flow(
            reading,
            s,
            e,
            lo,
            hi,
            figure,
            cue,
            places,
            periods,
            speakers,
            previous=drafted[-1] if elided or (drafted and _BARE.fullmatch(figure.text)) else None,
            part=part,
            then=next((c for c in cues if cue[1] < c[0] < hi and c[2].towards and c[0] - cue[1] < 120), None),
            before=(drafted[-1] if drafted else carried) if not elided else None,
        )
        drafted.append(flow)
    if drafted:
        return
    # a movement said without a figure: one unquantified flow a place it goes to
    for cs, ce, said in cues:
        if not said.towards or _RELATIVE_BEFORE.search(text, max(s, cs - 20), cs) is not None:
            continue  # "Chadians who had fled to Cameroon ... started back home": where they had been
        end = _clause_end(text, ce, e)
        chain: list[PlaceMention] = []
        for p in places:
            if p.start < ce or p.start >= end or p.kind in ("demonym", "adjective"):
                continue
            if chain:
                if _LIST_AFTER.fullmatch(text, chain[-1].end, p.start) is None:
                    break
            elif p.start - ce > 30 and _role(text, p, ce) != "destination":
                break
            chain.append(p)
        for p in chain:
            _draft_flow(reading, s, e, s, e, None, (cs, ce, said), places, periods, speakers, destination=p)
        if chain:
            return


def _draft_flow(
    reading: _Reading,
    s: int,
    e: int,
    lo: int,
    hi: int,
    figure: CountMatch | None,
    cue: tuple[int, int, _Cue],
    places: list[PlaceMention],
    periods: list[PeriodMention],
    speakers: list[_Speaker],
    *,
    destination: PlaceMention | None = None,
    previous: Flow | None = None,
    part: bool = False,
    then: tuple[int, int, _Cue] | None = None,
    before: Flow | None = None,
) -> Flow:
    text = reading.text
    fid = f"flow-{len(reading.flows) + 1}"
    notes: list[tuple[str, tuple[int, int], Confidence, str]] = []
    cs, ce, kind = cue

    def note(field: str, span: tuple[int, int], confidence: Confidence, why: str) -> None:
        notes.append((field, span, confidence, why))

    def has(field: str) -> bool:
        return any(n[0] == field for n in notes)

    def forget(field: str) -> None:
        notes[:] = [n for n in notes if n[0] != field]

    cue_span = _strip_span(text, cs, ce)
    count: Count | None = None
    if figure is not None:
        count = figure.count
        span = (figure.start, figure.end)
        rate = _RATE.match(text, figure.end)
        if rate is not None and "/" not in count.unit:
            per = rate.group("per") or "day"
            count = Count(
                count.magnitude, f"{count.unit} / {per}", count.qualifier, upper=count.upper_magnitude
            )
            span = (figure.start, rate.end())
        note("count", span, Confidence.HIGH, "the figure")
    speaker_spans = [(sp.start, sp.end) for sp in speakers]

    def usable(p: PlaceMention) -> bool:
        qualifier = _QUALIFIED.search(text, max(0, p.start - 20), p.start)
        if (
            p.kind == "demonym"
            and qualifier is not None
            and qualifier.group().strip().lower() not in _NOT_QUALIFIERS
        ):
            return False  # "Kosovo Albanians", "Bosnian Serbs": a people of a place, not a nationality
        if p.kind == "anaphor" and _POSSESSIVE_AFTER.match(text, p.end) is not None:
            return False  # "the nation's main tobacco-growing region": whose, not where to
        return (
            not any(a <= p.start < b for a, b in speaker_spans)
            and _ETHNIC.search(text, max(0, p.start - 12), p.start) is None
        )

    origin: Place | None = None
    dest: Place | None = None
    nationality: str | None = None
    returning = kind.movement is Movement.RETURN
    candidates_seen = True
    # who moved: "98,000 Russians", "Sudanese refugees", "Myanmar nationals", "an exodus of Russian men"
    if figure is not None:
        people = [
            p
            for p in places
            if figure.start <= p.start < figure.end + 25
            and p.start < max(figure.end, cs)
            and usable(p)
            and (
                p.kind in ("demonym", "adjective") or (p.kind == "name" and _PEOPLE_AFTER.match(text, p.end))
            )
        ]
        if not people and cs < figure.start:
            # "Venezuelans flow into the country at a rate of 2,500 per day": the subject before the verb
            people = [
                p
                for p in places
                if lo <= p.start < cs and cs - p.end <= 30 and p.kind == "demonym" and usable(p)
            ][-1:]
    else:
        people = [
            p
            for p in places
            if s <= p.start < cs
            and usable(p)
            and (
                p.kind == "demonym" or (p.kind in ("adjective", "name") and _PEOPLE_AFTER.match(text, p.end))
            )
        ][-1:]
    if people:
        p = people[0]
        nationality = p.place.country
        note("population.nationality", (p.start, p.end), Confidence.HIGH, "a people named as who moved")
        if not returning:
            origin = Place(p.place.country)
            note("origin", (p.start, p.end), Confidence.MEDIUM, "people of a country leave it, most often")
    # where they went and where from: the places of the movement's clause
    if destination is not None:
        dest = destination.place
        note(
            "destination",
            (destination.start, destination.end),
            _confidence(destination),
            "a place the movement went to",
        )
    else:
        if figure is not None and cs >= figure.end:
            between = (figure.end, cs)
            region = (cs, _clause_end(text, ce, hi))
        elif figure is not None and previous is not None:
            # "and around 60,000 from Macedonia": the places after this figure, not the verb's
            between = (figure.end, figure.end)
            region = (figure.start, _clause_end(text, figure.end, hi))
        else:
            between = (ce, ce)
            region = (cs, _clause_end(text, max(ce, figure.end if figure is not None else ce), hi))
        # "thousands fled the mountain, streaming into Iraq's Kurdistan region": a second verb, towards
        towards = ce if kind.towards else (then[1] if then is not None else None)
        second = (
            (then[0], _clause_end(text, then[1], hi)) if then is not None and not kind.towards else (0, 0)
        )
        candidates = [
            p
            for p in places
            if (
                between[0] <= p.start < between[1]
                or region[0] <= p.start < region[1]
                or second[0] <= p.start < second[1]
            )
            and (p.kind not in ("demonym", "adjective") or _PLACE_NOUN.match(text, p.end) is not None)
            and usable(p)
            and not (figure is not None and figure.start <= p.start < figure.end)
        ]
        if figure is not None:
            fronted = [
                p
                for p in places
                if lo <= p.start < figure.start
                and p.kind in ("name", "unit")
                and usable(p)
                and re.search(r"\bfrom\s+(?:the\s+)?\Z", text[max(lo, p.start - 12) : p.start], re.IGNORECASE)
                and re.fullmatch(r"\s*,\s*(?:[^\W\d_]+\s+){0,3}", text[p.end : figure.start]) is not None
            ]
            candidates = fronted[-1:] + candidates
        candidates_seen = bool(candidates)
        skip: set[int] = set()
        for p in candidates:
            if p.start in skip:
                continue
            fine = _finer(candidates, p, text)
            if fine is not p:
                skip.add(fine.start)
            in_between = p.start < cs
            role = _role(text, p, lo)
            sub = _SUBORDINATE.search(text, max(ce, figure.end if figure is not None else ce), p.start)
            if sub is not None and not (
                role == "origin" and _EVENT_IN.search(text, max(lo, p.start - 60), p.start)
            ):
                continue  # "poured into Birak since the army ... from Jebel Moon": another clause's place
            if fine.kind == "anaphor" and re.match(r"(?:his|her|their|its)\b", fine.text, re.IGNORECASE):
                # "to escape fighting in their country": the country of the people who moved
                if nationality is None:
                    continue
                fine = attrs.evolve(fine, place=Place(nationality))
            if role is None and _SIDE.match(text, p.end) is not None and p.start >= ce:
                role = "destination"  # "fled Darfur for camps on the Chad side of the frontier"
            if role is None and p.start >= ce and p.start - ce <= 3:
                role = "destination" if kind.towards else ("origin" if kind.away else None)
            if (
                role is None
                and towards is not None
                and p.start >= towards
                and p.start - towards <= 40
                and dest is None
                and _NOT_FIRST.search(text, towards, p.start) is None
            ):
                role = "destination"  # "crossed over into Adre, eastern Chad": the first place after the verb
            if (
                role is None
                and kind.movement is Movement.CROSS_BORDER
                and re.search(
                    r"\bcross(?:ed|ing)?\s+(?:the\s+)?\Z",
                    text[max(lo, p.start - 20) : p.start],
                    re.IGNORECASE,
                )
            ):
                role = "destination"  # "crossed the Guatemala border"
            if in_between and role != "origin":
                # a place between the figure and its verb says where they were: "Syrians who took
                # shelter in Türkiye have returned" left Türkiye; otherwise it is no end of the movement
                role = "origin" if returning and role == "destination" else None
            if role is None:
                continue
            conf = _confidence(fine)
            if role == "destination" and dest is None:
                if _in_list(text, candidates, p):
                    continue  # one figure for several places: no single destination
                dest = fine.place
                note("destination", (fine.start, fine.end), conf, "a place the movement went to")
            elif role == "origin" and not any(
                n[0] == "origin" and n[2] is not Confidence.MEDIUM for n in notes
            ):
                if _in_list(text, candidates, p):
                    continue
                forget("origin")
                origin = fine.place
                note("origin", (fine.start, fine.end), conf, "a place the movement left")
            elif role == "within" and dest is None and (origin is None or has("origin")):
                forget("origin")
                dest = origin = fine.place
                note("origin", (fine.start, fine.end), conf, "displaced within a place")
                note("destination", (fine.start, fine.end), conf, "displaced within a place")
        if origin is None or not has("origin"):
            # "Somalia's worst drought has displaced", "fighting in South Sudan": the place of the event
            for p in places:
                if (
                    s <= p.start < e
                    and usable(p)
                    and p.kind in ("name", "unit")
                    and (_OWN_EVENT.match(text, p.end) is not None)
                ):
                    forget("origin")
                    origin = p.place
                    note("origin", (p.start, p.end), Confidence.MEDIUM, "the place of the event they fled")
                    break
        if kind.movement is Movement.EVACUATION and origin is None and dest is None:
            # "Bangladesh has evacuated over a million people": evacuated inside the country that moves them
            subject = [
                p
                for p in places
                if s <= p.start
                and p.end <= cs
                and cs - p.end <= 30
                and p.kind in ("name", "unit")
                and usable(p)
            ]
            if subject:
                p = subject[-1]
                origin = p.place
                dest = Place(p.place.country)
                note("origin", (p.start, p.end), Confidence.MEDIUM, "the country evacuating its people")
                note("destination", (p.start, p.end), Confidence.MEDIUM, "an evacuation inside the country")
        if kind.received and dest is None:
            subject = [
                p
                for p in places
                if s <= p.start and p.end <= cs and cs - p.end <= 30 and p.kind in ("name", "unit", "anaphor")
            ]
            if subject and not _in_list(text, places, subject[-1]):
                p = subject[-1]
                dest = p.place
                note("destination", (p.start, p.end), _confidence(p), "the place that took them in")
        if (
            dest is not None
            and nationality is not None
            and dest.country == nationality
            and not returning
            and any(n[0] == "destination" and n[2] is not Confidence.HIGH for n in notes)
        ):
            # "500,000 Venezuelans entered the country": "the country" is not theirs
            dest = None
            forget("destination")
        if returning and dest is None and nationality is not None:
            # "1,790 Syrians have returned home from Turkey", "South Sudanese refugees have returned":
            # people of a country who return go back to it
            home = _HOME.match(text, ce) or re.search(r"\bhome\b", text[cs:ce])
            if home is not None:
                span = (cs + home.start(), cs + home.end()) if home.string is not text else home.span()
                dest = Place(nationality)
                note(
                    "destination",
                    _strip_span(text, *span),
                    Confidence.MEDIUM,
                    "people return home to their country",
                )
            else:
                spans = [n[1] for n in notes if n[0] == "population.nationality"]
                dest = Place(nationality)
                note(
                    "destination", spans[0], Confidence.MEDIUM, "people of a country who return go back to it"
                )
    # the population
    category = None
    if figure is not None:
        found = _category(text, figure, hi)
        if found is not None:
            category = found[0]
            note("population.category", found[1], found[2], "the words for who moved")
    if category is None and kind.category is not None:
        category = kind.category
        note("population.category", _strip_span(text, cs, ce), Confidence.MEDIUM, "the verb says who moved")
    if category is None and figure is None and people and _PEOPLE_AFTER.match(text, people[0].end):
        # "an exodus of Russian men": people of no stated status
        p = people[0]
        word = _PEOPLE_AFTER.match(text, p.end)
        assert word is not None
        category = PopulationCategory.OTHERS
        note(
            "population.category",
            _strip_span(text, word.start(), word.end()),
            Confidence.MEDIUM,
            "people of no stated status",
        )
    if category is None and figure is not None:
        noun = _PEOPLE.search(text, figure.start, min(hi, figure.end + 5))
        if noun is not None or has("population.nationality"):
            category = PopulationCategory.OTHERS
            where = (
                noun.span()
                if noun is not None
                else next(n[1] for n in notes if n[0] == "population.nationality")
            )
            note("population.category", where, Confidence.MEDIUM, "people of no stated status")
    if before is not None and origin is None and dest is None and not candidates_seen:
        # "328,000 have crossed into Moldova ..., with 14,000 refugees having arrived in the past
        # 24 hours": a figure with no place of its own is on the corridor of the one before
        for field, place in (("origin", before.origin), ("destination", before.destination)):
            first = next(
                (ev for ev in reading.evidence if ev.record == before.id and ev.field == field), None
            )
            if first is not None:
                conf = Confidence.MEDIUM if first.start >= s else Confidence.LOW
                note(field, first.span, conf, "the corridor of the figure before")
                if field == "origin":
                    origin = place
                else:
                    dest = place
    if previous is not None:
        # "and 5,300 to Tajikistan": the same people as the figure before, to another place
        fields = ("population.nationality", "population.category", "origin")
        for field in (*fields, "destination") if part else fields:
            if (
                has(field)
                or (field == "origin" and origin is not None)
                or (field == "destination" and dest is not None)
            ):
                continue
            first = next(
                (ev for ev in reading.evidence if ev.record == previous.id and ev.field == field), None
            )
            if first is None:
                continue
            note(field, first.span, Confidence.MEDIUM, "the same people as the figure before")
            if field == "population.nationality":
                nationality = previous.population.nationality
            elif field == "population.category":
                category = previous.population.category
            elif field == "origin":
                origin = previous.origin
            else:
                dest = previous.destination
    # the movement: what the places say when the verb does not
    # the movement: the verb's own ("crossed into", "evacuated", "returned"), else what the places
    # say (two countries, or one); else it is not read: a placeholder, listed by `Draft.missing`
    movement = kind.movement
    movement_read = movement is not None
    if movement is None:
        if origin is not None and dest is not None:
            movement = Movement.INTERNAL if origin.country == dest.country else Movement.CROSS_BORDER
            movement_read = True
        elif kind.category is PopulationCategory.IDPS:
            movement = Movement.INTERNAL  # "displaced", "fled their homes": inside the country
            movement_read = True
        else:
            movement = Movement.CROSS_BORDER
    if (
        movement is Movement.INTERNAL
        and origin is not None
        and dest is not None
        and origin.country != dest.country
    ):
        movement = Movement.CROSS_BORDER
    if movement is Movement.INTERNAL and (origin is None) != (dest is None):
        # displaced inside a country: the other end is in the same country
        known = dest if origin is None else origin
        assert known is not None
        field = "origin" if origin is None else "destination"
        span = next(n[1] for n in notes if n[0] == ("destination" if field == "origin" else "origin"))
        note(field, span, Confidence.MEDIUM, "a movement inside one country")
        if origin is None:
            origin = Place(known.country)
        else:
            dest = Place(known.country)
    if movement_read:
        why = (
            "the verb of the movement"
            if kind.movement is not None
            else "the verb, and where it went from and to"
        )
        note("movement", cue_span, Confidence.HIGH if kind.movement is not None else Confidence.MEDIUM, why)
    period, period_note = _period_of(reading, periods, lo, hi, s, e, figure, cs, speakers)
    if period_note is not None:
        notes.append(period_note)
    attributions, speaker_note = _attribution(reading, speakers, figure, cs, lo, hi)
    if speaker_note is not None:
        notes.append(speaker_note)
    causes, cause_note = _cause(reading, text, s, e, lo, hi, cs, periods)
    if cause_note is not None:
        notes.append(cause_note)
    excerpt = text[s:e].strip()
    term_start, term_end = _strip_span(text, cs, ce)
    flow = Flow(
        fid,
        origin=origin or Place("UNK"),
        destination=dest or Place("UNK"),
        movement=movement,
        population=Population(category or PopulationCategory.OTHERS, nationality=nationality),
        count=count,
        period=period,
        metric=kind.metric,
        causes=causes,
        attributions=[attrs.evolve(a, excerpt=excerpt) for a in attributions],
        term=text[term_start:term_end],
    )
    reading.flows.append(flow)
    for field, span, conf, why in notes:
        reading.note(fid, field, span, conf, why)
    return flow


def _said_date(text: str, p: PeriodMention, speakers: list[_Speaker]) -> bool:
    """True when the date is not when people moved: when someone spoke ("said on Monday"), or a
    time compared with ("compared to December 2021")."""
    before = text[max(0, p.start - 40) : p.start]
    if _COMPARED.search(before) is not None:
        return True  # "compared to December 2021": a time to compare with, not when they moved
    if re.search(
        r"\b(?:" + _SPEECH + r"|released|published|issued)(?:\s+\w+){0,3}\s*(?:on\s+|in\s+)?\Z", before
    ):
        return True
    if p.kind != "point" or p.period.precision is not Precision.DAY:
        return False
    # "On Thursday, the IOM reported that ...", "border guards on Sunday said ...": the day of the
    # statement, when a speaker and their verb follow it at once
    after = text[p.end : p.end + 90]
    verb = re.match(r"[,\s]*(?:[^,.;\d]{0,70}?\s)?(?:" + _SPEECH + r")\b", after)
    return verb is not None and any(
        p.end <= sp.start <= p.end + 70 or sp.end <= p.start <= sp.end + 2 for sp in speakers
    )


def _period_of(
    reading: _Reading,
    periods: list[PeriodMention],
    lo: int,
    hi: int,
    s: int,
    e: int,
    figure: CountMatch | None,
    cs: int,
    speakers: list[_Speaker],
) -> tuple[Period, tuple[str, tuple[int, int], Confidence, str] | None]:
    text = reading.text

    def theirs(p: PeriodMention) -> bool:
        """Not the time someone spoke, nor the time of the event they fled ("after fighting
        erupted last Saturday", "fleeing attacks Friday and Saturday")."""
        if _said_date(text, p, speakers):
            return False
        if p.kind == "since" or p.start < cs:
            return True
        sub = _SUBORDINATE.search(text, cs, p.start)
        return sub is None and _EVENT_WORD_BEFORE.search(text, max(cs, p.start - 30), p.start) is None

    near = [p for p in periods if lo <= p.start < hi and theirs(p)]
    if not near:
        near = [p for p in periods if s <= p.start < e and theirs(p)]
    if not near:
        # "streamed over the river after fighting erupted last Saturday": from that day on
        fled = [
            p
            for p in periods
            if cs <= p.start < e
            and p.kind == "point"
            and p.period.start is not None
            and not _said_date(text, p, speakers)
            and _EVENT_WORD_BEFORE.search(text, max(cs, p.start - 30), p.start) is not None
        ]
        if fled:
            day = reading.published
            first = fled[0]
            start = first.period.start
            assert start is not None
            return Period(start, day, as_of=day, open_start=True), (
                "period",
                (first.start, first.end),
                Confidence.MEDIUM,
                "from the event they fled, up to the day of the report",
            )
    order = {"since": 0, "duration": 1, "range": 2, "point": 3, "until": 4}
    # "..., the agency said on Monday": a cumulative figure is as of the day it was given
    said = [
        p.period.end
        for p in periods
        if s <= p.start < e
        and _said_date(text, p, speakers)
        and p.kind == "point"
        and p.period.precision is Precision.DAY
        and p.period.end is not None
    ]
    said_on = said[0] if len(said) == 1 else None
    if near:
        # the figure's own clause first ("with 1,633 more arriving on Sunday"), then the words before
        # it ("On Friday, more than 10,000 fled"), then the rest of the sentence
        anchor = figure.start if figure is not None else cs
        own_end = _clause_end(text, max(cs, anchor) + 1, hi)

        def rank(p: PeriodMention) -> tuple[int, int, int]:
            where = 0 if anchor <= p.start < own_end else (1 if lo <= p.start < anchor else 2)
            return where, order.get(p.kind, 9), abs(p.start - cs)

        best = min(near, key=rank)
        conf = Confidence(best.confidence) if best.confidence in ("high", "medium", "low") else Confidence.LOW
        period = best.period
        if (
            said_on is not None
            and period.end == reading.published
            and best.kind in ("since", "duration")
            and (period.start is None or period.start <= said_on)
        ):
            period = attrs.evolve(period, end=said_on, as_of=said_on)
        ends = [
            p.period.end for p in near if p.kind == "until" and p is not best and p.period.end is not None
        ]
        if best.kind == "since" and ends and (period.start is None or period.start <= ends[0]):
            # "since 24 March ... as of 2 April 2021": the count runs to the day it is given as of
            period = attrs.evolve(period, end=ends[0], as_of=ends[0])
        return period, (
            "period",
            (best.start, best.end),
            conf,
            f"the time of the movement ({best.kind})",
        )
    perfect = _PERFECT.match(text, cs) or _ONGOING.search(text, max(s, cs - 25), cs + 25)
    if perfect is None and figure is not None and cs < figure.end:
        # "3,600 new arrivals have been recorded": the verb after a figure that is its own cue
        perfect = _PERFECT.match(
            text, figure.end + len(text[figure.end :]) - len(text[figure.end :].lstrip())
        )
    if perfect is None:
        since = _SINCE.search(text, cs, e)
        perfect = since if since is not None else _TODAY.search(text, s, e)
    if perfect is None and (said_on is not None or speakers):
        # "IOM said on Wednesday ... 30,000 were displaced", "2.8 million people displaced, according
        # to provincial authorities": a figure someone gives, with no time of its own, is as of then
        perfect = _SAID_DAY.search(text, s, e) or _ACCORDING_WORDS.search(text, s, e)
    if perfect is not None:
        # "have crossed", "has displaced": up to the day it was said, or the report was published
        day = said_on or reading.published
        return Period(None, day, as_of=day), (
            "period",
            _strip_span(text, perfect.start(), perfect.end()),
            Confidence.LOW,
            "a perfect tense, 'since' or 'today' counts up to the day of the report",
        )
    return Period(), None


def _attribution(
    reading: _Reading,
    speakers: list[_Speaker],
    figure: CountMatch | None,
    cs: int,
    lo: int,
    hi: int,
) -> tuple[list[Attribution], tuple[str, tuple[int, int], Confidence, str] | None]:
    article = reading.article.id
    if not speakers:
        return [Attribution(article)], None
    anchor = figure.start if figure is not None else cs
    speaker = min(speakers, key=lambda sp: (0 if lo <= sp.start < hi else 1, abs(sp.start - anchor)))
    chain: list[str] = []
    publisher = reading.article.publisher
    if speaker.via is not None and _slug(speaker.via[2]) not in (article, _slug(publisher or "")):
        chain.append(reading.source_for(speaker.via[2]))  # "told Reuters", unless Reuters is the article
    who = reading.source_for(speaker.name)
    if who not in chain and who != article:
        chain.append(who)
    conf = Confidence.HIGH if lo <= speaker.start < hi or len(speakers) == 1 else Confidence.MEDIUM
    if speaker.earlier:
        conf = Confidence.MEDIUM
    return [Attribution(article, attributed_to=chain)], (
        "attributions",
        (speaker.start, speaker.end),
        conf,
        "the one the text says reports it",
    )


def _cause(
    reading: _Reading,
    text: str,
    s: int,
    e: int,
    lo: int,
    hi: int,
    cs: int,
    periods: list[PeriodMention],
) -> tuple[list[str], tuple[str, tuple[int, int], Confidence, str] | None]:
    for lead in _CAUSE_LEAD.finditer(text, s, e):
        m = _EVENT.search(text, lead.end(), min(e, lead.end() + 90))
        if m is None:
            continue
        between = text[lead.end() : m.start()]
        if re.search(r"[.;!?]", between):
            continue
        _, kind, hazard = _EVENTS[int((m.lastgroup or "e0")[1:])]
        name = m.group().strip()
        key = f"event-{_slug(name)}"
        if key not in reading.events:
            since = next(
                (
                    p
                    for p in periods
                    if p.start <= lead.start() < p.end or lead.start() <= p.start < m.end() + 40
                ),
                None,
            )
            period = Period()
            if since is not None and since.period.start is not None:
                start = since.period.start
                period = (
                    Period(start, start, precision=since.period.precision)
                    if since.period.precision.value == "day"
                    else Period.around(start, since.period.precision)
                )
            haz = None
            if hazard is not None:
                try:
                    haz = Hazard.parse(hazard)
                except DisplacementError:
                    haz = None
            reading.events[key] = Event(
                key,
                kind,
                name,
                period=period,
                hazard=haz,
                attributions=[Attribution(reading.article.id, excerpt=text[s:e].strip())],
            )
        return [key], ("causes", m.span(), Confidence.MEDIUM, f"'{lead.group().lower()}' names what drove it")
    return [], None


# -- showing a draft --------------------------------------------------------------------------


def describe(draft: Draft) -> str:
    """The draft as text for a reviewer: each flow, then each value's field, confidence and words."""
    lines: list[str] = []
    for flow in draft.dataset.flows:
        count = "unquantified" if flow.count is None else str(flow.count)
        lines.append(
            f"{flow.id}: {count}, {flow.origin} -> {flow.destination}, {flow.period}, "
            f"{flow.movement.value} ({flow.metric.value})"
        )
        for ev in draft.evidence_for(flow.id):
            lines.append(f"  {ev.field:<23} {ev.confidence.value:<7}{v.quoted(ev.text, 90)}")
        missing = draft.missing(flow.id)
        if missing:
            lines.append(f"  not in the text: {', '.join(missing)}")
    for u in draft.unread:
        lines.append(f"not drafted: {v.quoted(u.text, 60)}: {u.reason}")
    return "\n".join(lines)
