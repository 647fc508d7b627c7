"""What a sentence states about a study: size, year, phase, design, status, dose, length.

The "extract" half of checking study descriptions (issue 9): each statement is a field name,
the words of the copy that state it, and a value in a form the record can be compared with.
Counts, doses and lengths become the interval of record values the words honestly allow
("about 20 patients" allows 17-23; "more than 100" anything above 100), so tolerances live
in `lexicons/studies.yaml`, not in code. Which study the sentence describes is
`claimcheck.studyrefs`; comparing is `claimcheck.studycheck`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from claimcheck import lexicons
from claimcheck.model import Dose, DoseUnit

__all__ = [
    "Amount",
    "Statement",
    "dose_fits",
    "doses",
    "given_doses",
    "lexicon",
    "parse_number",
    "phases",
    "same_phase",
    "stated",
]

# A value a statement carries: a count, dose or length as the interval of record values
# the words allow, or a label ("placebo", "double-blind", "Japan").
Value = Any


@dataclass(frozen=True)
class Amount:
    """A dose as copy states it: an interval of amounts in a base unit, and how often."""

    low: float
    high: float
    kind: str  # "mass" (mg), "per-kg" (mg/kg), "mmol/kg" or "%"
    times_daily: int | None  # None when the copy gave no frequency
    daily: bool  # the amount is stated as a day's total ("30 g a day")
    # "0.5 to 15 g": both ends are doses given; otherwise one dose given falls in [low, high].
    both_ends: bool = False


@dataclass(frozen=True)
class Statement:
    """One fact a sentence states about a study."""

    field: str
    value: Value
    text: str  # the copy's own words
    span: tuple[int, int]


@cache
def lexicon() -> Mapping[str, Any]:
    """The study-description lexicon (`lexicons/studies.yaml`)."""
    data: Mapping[str, Any] = lexicons.load("studies")
    return data


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _number_pattern() -> str:
    words = _alternation(list(lexicon()["numbers"]))
    # "thirty-five": a tens word and a unit word
    return rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{words})(?:-(?:{words}))?)"


@cache
def _qualifier_pattern() -> str:
    return _alternation([q for q in lexicon()["qualifiers"] if q != "exact"])


def parse_number(text: str) -> float | None:
    """'18', '1,200', '0.5', 'eighteen' -> the number; None when it is not one."""
    cleaned = text.strip().lower().replace(",", "")
    words: Mapping[str, int] = lexicon()["numbers"]
    if cleaned in words:
        return float(words[cleaned])
    tens, _, unit = cleaned.partition("-")
    if tens in words and unit in words and words[tens] % 10 == 0 and words[unit] < 10:
        return float(words[tens] + words[unit])
    try:
        return float(cleaned)
    except ValueError:
        return None


def _interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The record values a qualified number allows: 'about 20' -> (17, 23)."""
    rule = lexicon()["qualifiers"].get((qualifier or "exact").lower(), [1.0, 1.0])
    if rule == "gt":
        return (math.nextafter(value, math.inf), math.inf)
    if rule == "ge":
        return (value, math.inf)
    if rule == "lt":
        return (0.0, math.nextafter(value, 0.0))
    if rule == "le":
        return (0.0, value)
    low, high = rule
    return (value * float(low), value * float(high))


def _words(name: str) -> list[str]:
    return [str(w) for w in lexicon()[name]]


@cache
def _count_pattern() -> re.Pattern[str]:
    people = _words("people")
    animals = [w for words in lexicon()["animals"].values() for w in words]
    nouns = _alternation(people + [str(a) for a in animals])
    vague = _alternation(list(lexicon()["vague_counts"]))
    number = _number_pattern()
    # Up to three describing words: "18 adult HSAN1 patients", never a clause ("two
    # researchers estimated that women").
    stop = r"(?!(?:that|who|which|whose|and|or|but|were|was|had|have|has|are|is|of|per|in|for|to"
    stop += r"|researchers|scientists|investigators|authors|doctors|estimated|said|found)\b)"
    adjectives = rf"(?:{stop}[a-z][a-z0-9]*(?:-[a-z0-9]+)* ){{0,3}}"
    return re.compile(
        rf"(?<![\w.-])(?:(?P<qual>{_qualifier_pattern()}|just|only) )?"
        rf"(?:(?P<vague>{vague})|(?P<num>{number})) (?P<adj>{adjectives})(?P<noun>{nouns})\b"
        rf"|\b[nN] ?= ?(?P<eq>\d[\d,]*)",
        re.IGNORECASE,
    )


def _noun_kind(noun: str) -> str:
    """'patients' -> 'human', 'mice' -> 'mouse'."""
    lowered = noun.lower()
    for species, words in lexicon()["animals"].items():
        if lowered in (str(w).lower() for w in words):
            return str(species)
    return "human"


def counts(sentence: str) -> Iterator[Statement]:
    """Sample sizes: '18 patients', 'eighteen adults', 'more than 100 children', 'n = 20'."""
    for found in _count_pattern().finditer(sentence):
        if found.group("eq"):
            value = parse_number(found.group("eq"))
            if value is not None:
                yield Statement("n", (value, value, None), found.group(0), found.span())
            continue
        noun = found.group("noun")
        if found.group("vague"):
            low, high = lexicon()["vague_counts"][found.group("vague").lower()]
            interval = (float(low), float(high))
        else:
            value = parse_number(found.group("num"))
            # A year or a dose is not a head count: "2019 patients" is rare, "400 mg" excluded.
            if value is None or value != int(value) or 1900 <= value <= 2100 or value > 10**7:
                continue
            interval = _interval(value, found.group("qual"))
        adjectives = found.group("adj") or ""
        if re.search(r"\b(?:of|per|in|for|times|year|years|months|weeks|days)\b", adjectives):
            continue  # "20 mg of" / "3 years in patients": not a count of people
        yield Statement("n", (*interval, _noun_kind(noun)), found.group(0), found.span())


_STUDY_WORD = (
    r"(?:study|studies|trial|paper|report|review|survey|experiment|analysis|pilot|abstract)"
)
_DATED = r"(?:published|presented|conducted|reported|carried out|run|started|began|begun|launched)"
_YEAR = re.compile(
    r"\((?P<paren>(?:19|20)\d\d)[a-z]?\)"
    rf"|\b{_DATED} in (?P<prep>(?:19|20)\d\d)\b"
    rf"|^\W*In (?P<lead>(?:19|20)\d\d),"
    rf"|\b(?P<bare>(?:19|20)\d\d)(?= (?:[\w-]+ ){{0,3}}{_STUDY_WORD})",
    re.IGNORECASE,
)


def years(sentence: str) -> Iterator[Statement]:
    """Years stated for a study: '(2019)', 'a 2019 trial', 'published in 2019'."""
    for found in _YEAR.finditer(sentence):
        text = next(g for g in found.groups() if g)
        start = found.start() + found.group(0).index(text)
        yield Statement("year", int(text), text, (start, start + len(text)))


@cache
def _labelled_patterns(section: str) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(field, label, pattern) for a section of `field -> label -> [patterns]`."""
    out = []
    for field, labels in lexicon()[section].items():
        for label, patterns in labels.items():
            joined = "|".join(f"(?:{p})" for p in patterns)
            pattern = re.compile(rf"(?<![\w-])(?:{joined})(?![\w])", re.IGNORECASE)
            out.append((str(field), str(label), pattern))
    return tuple(out)


def _label_value(field: str, label: str) -> Value:
    if field in {"randomized", "crossover"}:
        return label.lower() == "true"
    if field == "arms":
        return int(label)
    return label


_DENIED = re.compile(r"\b(?:neither|nor|none of)\b[^,;:]*$", re.IGNORECASE)
_CONNECTOR = re.compile(r"(?:against|versus|vs\.?|with|to|or|and)\s+(?:an?\s+)?", re.IGNORECASE)


def design(sentence: str) -> Iterator[Statement]:
    """Design words: randomized, placebo-controlled, double-blind, single-arm, crossover."""
    found = []
    for field, label, pattern in _labelled_patterns("design"):
        for match in pattern.finditer(sentence):
            if _negated_design(sentence, match.start(), field):
                continue
            start, end = match.span()
            connector = _CONNECTOR.match(sentence, start, end)
            if connector and connector.end() < end:
                start = connector.end()  # "or placebo" states "placebo"
            value = _label_value(field, label)
            if field == "randomized" and value is True and _DENIED.search(sentence[:start][-40:]):
                value = False  # "neither of them was randomized"
            found.append(Statement(field, value, sentence[start:end], (start, end)))
    # Of overlapping readings of one field the longest wins: "non-randomized" over the
    # "randomized" inside it, "placebo-controlled" over "placebo".
    kept: list[Statement] = []
    for statement in sorted(found, key=lambda s: s.span[0] - s.span[1]):
        if not any(k.field == statement.field and _overlaps(k.span, statement.span) for k in kept):
            kept.append(statement)
    yield from sorted(kept, key=lambda s: s.span)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _negated_design(sentence: str, start: int, field: str) -> bool:
    """'was not randomized' / 'had no placebo' are handled by their own patterns."""
    before = sentence[max(0, start - 12) : start].lower()
    return field == "randomized" and bool(re.search(r"\b(?:not|non|never)[- ]?$", before))


@cache
def _phase_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (str(label), re.compile(rf"\b(?:{pattern})", re.IGNORECASE))
        for label, patterns in lexicon()["phases"].items()
        for pattern in patterns
    )


@cache
def _any_phase() -> re.Pattern[str]:
    """Every phase pattern in one: it matches where one of `_phase_patterns` does."""
    every = "|".join(f"(?:{pattern.pattern})" for _, pattern in _phase_patterns())
    return re.compile(every, re.IGNORECASE)


def phases(sentence: str) -> Iterator[Statement]:
    """'phase IIa', 'phase 2', 'phase I/II'."""
    if not _any_phase().search(sentence):
        return  # one scan for the many sentences that name no phase
    for label, pattern in _phase_patterns():
        for found in pattern.finditer(sentence):
            yield Statement("phase", label, found.group(0), found.span())


def same_phase(stated_phase: str, record: str) -> bool:
    """'II' fits a IIa record and 'IIa' a phase II one; 'I' never fits II."""
    if stated_phase == record:
        return True
    return {stated_phase, record} in ({"II", "IIa"}, {"II", "IIb"})


_NEGATED_BEFORE = re.compile(r"\b(?:no|not|never|wasn't|hasn't|n't)\s+$", re.IGNORECASE)
_NEGATED_AFTER = re.compile(
    r"\s*(?:(?:are|is|were|was|have|has|remain|remains)\s+(?:still\s+)?"
    r"(?:not|never|unavailable|lacking|missing)\b|(?:do|does|did)\s+not\s+exist)",
    re.IGNORECASE,
)


def statuses(sentence: str) -> Iterator[Statement]:
    """'was terminated', 'is still recruiting', 'results were published'."""
    for label, patterns in lexicon()["status"].items():
        joined = "|".join(f"(?:{p})" for p in patterns)
        for found in re.finditer(rf"\b(?:{joined})\b", sentence, re.IGNORECASE):
            before, after = sentence[: found.start()][-10:], sentence[found.end() :][:40]
            if _NEGATED_BEFORE.search(before) or _NEGATED_AFTER.match(after):
                continue  # "has not been completed", "published data are not available"
            yield Statement("status", str(label), found.group(0), found.span())


@cache
def _dose_pattern() -> re.Pattern[str]:
    units = lexicon()["units"]
    unit_words = _alternation([str(w) for words in units.values() for w in words])
    number = r"\d+(?:[.,]\d+)?"
    per_kg = (
        r"(?:\s?/\s?kg/d(?:ay)?|\s?/\s?kg"
        r"|\s?per\s?(?:kilogram|kg)(?: of (?:body ?weight|weight))?|\s?a kilogram)"
    )
    frequency = _alternation([str(w) for words in lexicon()["frequencies"].values() for w in words])
    return re.compile(
        rf"(?<![\w.])(?:(?P<qual>{_qualifier_pattern()}) )?(?P<low>{number})"
        rf"(?:\s?(?:{unit_words}))?(?:\s?(?:-|\u2013|to|and)\s?(?P<high>{number}))?"
        rf"\s?(?P<unit>{unit_words}|%)(?![\w])(?P<perkg>{per_kg})?"
        rf"(?:,? (?:of (?:L-serine|D-serine|serine) |of it )?(?P<freq>{frequency}))?(?![\w])",
        re.IGNORECASE,
    )


@cache
def _unit_of() -> dict[str, str]:
    return {str(w).lower(): str(unit) for unit, words in lexicon()["units"].items() for w in words}


@cache
def _times_of() -> dict[str, int]:
    return {str(w).lower(): int(t) for t, words in lexicon()["frequencies"].items() for w in words}


def _dose_number(text: str) -> float:
    """'15,000' is fifteen thousand; '1,5' (a decimal comma) one and a half."""
    thousands = text.count(",") == 1 and len(text.split(",")[1]) == 3
    return float(text.replace(",", "") if thousands else text.replace(",", "."))


# A percentage is a dose only as a share of the diet or of drinking water ("2% solution").
_SHARE_OF_INTAKE = re.compile(
    r"\s*(?:(?:l-|d-)?serine )?(?:solution|of the diet|diet|in (?:the )?(?:drinking )?water"
    r"|drinking water|w/v)",
    re.IGNORECASE,
)


def doses(sentence: str) -> Iterator[Statement]:
    """'15 g twice daily', '400 mg/kg per day', '0.5 to 15 g', '2% L-serine solution'."""
    for found in _dose_pattern().finditer(sentence):
        unit = found.group("unit").lower()
        after = sentence[found.end() : found.end() + 30].lower()
        if unit == "%":
            # Only a share of the diet or of drinking water is a dose; other percentages are
            # results ("59% lower"), confidence levels or shares of people.
            if not _SHARE_OF_INTAKE.match(after):
                continue
            kind, scale = "%", 1.0
        else:
            base = _unit_of().get(unit)
            if base is None:
                continue
            scale = float(lexicon()["unit_mg"].get(base, 1.0)) if base != "mmol" else 1.0
            if base == "mmol":
                if not found.group("perkg"):
                    continue
                kind = "mmol/kg"
            else:
                kind = "per-kg" if found.group("perkg") else "mass"
        low = _dose_number(found.group("low")) * scale
        high = _dose_number(found.group("high")) * scale if found.group("high") else low
        qualifier = found.group("qual")
        if qualifier:
            low, high = _interval(low, qualifier)[0], _interval(high, qualifier)[1]
        freq = (found.group("freq") or "").lower()
        times = _times_of().get(freq)
        daily = "/d" in (found.group("perkg") or "").lower() or times == 1
        amount = Amount(low, high, kind, times, daily, both_ends=bool(found.group("high")))
        yield Statement("dose", amount, found.group(0), found.span())


_KIND_OF_UNIT = {
    DoseUnit.MG: ("mass", 1.0),
    DoseUnit.G: ("mass", 1000.0),
    DoseUnit.MG_PER_KG: ("per-kg", 1.0),
    DoseUnit.G_PER_KG: ("per-kg", 1000.0),
    DoseUnit.MMOL_PER_KG: ("mmol/kg", 1.0),
    DoseUnit.PERCENT: ("%", 1.0),
}


def given_doses(doses: Sequence[Dose], kind: str) -> list[tuple[float, float]]:
    """(per dose, per day) in the base unit of `kind`, for each recorded dose of that kind."""
    given = []
    for dose in doses:
        dose_kind, scale = _KIND_OF_UNIT[dose.unit]
        if dose_kind == kind:
            given.append((dose.amount * scale, dose.per_day() * scale))
    return given


def dose_fits(amount: Amount, doses: list[tuple[float, float]]) -> bool:
    """Whether a dose the study gave (per dose or per day) is the dose the copy states.

    A range ("0.5 to 15 g") must match a dose at each end; "up to 15 g" any dose inside.
    """
    tolerance = float(lexicon()["tolerances"]["dose"])
    times = amount.times_daily if amount.times_daily and amount.times_daily > 1 else None

    def given(low: float, high: float) -> bool:
        def inside(value: float) -> bool:
            return low * (1 - tolerance) <= value <= high * (1 + tolerance)

        if times:
            return any(inside(per_day / times) and inside(each) for each, per_day in doses)
        if amount.daily:
            return any(inside(per_day) for _, per_day in doses)
        return any(inside(each) or inside(per_day) for each, per_day in doses)

    if amount.both_ends:
        return given(amount.low, amount.low) and given(amount.high, amount.high)
    return given(amount.low, amount.high)


@cache
def _duration_pattern() -> re.Pattern[str]:
    time_words = _alternation([str(w) for words in lexicon()["time_units"].values() for w in words])
    number = _number_pattern() + r"|an?|one"
    nouns = (
        r"(?:trial|study|course|period|treatment|supplementation|programme|program|extension"
        r"|phase|follow-up|intervention|regimen|experiment|dosing)"
    )
    lead = r"(?:for|over|lasting|lasted|across|during|spanning|throughout)"
    return re.compile(
        rf"\b{lead} (?:(?P<qual>{_qualifier_pattern()}) )?(?:just |only )?"
        rf"(?:a period of |the (?:first |full )?)?"
        rf"(?P<num>{number})(?:[- ]and[- ]a[- ]half)? (?:full |whole |entire )?"
        rf"(?P<unit>{time_words})\b"
        r"(?! (?:ago|old|of age|after|before|since|later))"
        rf"|\b(?P<num2>{number})[- ](?P<unit2>{time_words})[- ](?:long |)(?:\w+ ){{0,2}}{nouns}\b"
        rf"|\b(?P<num3>{number})[- ](?P<unit3>{time_words})(?:-long)\b",
        re.IGNORECASE,
    )


@cache
def _unit_after_space() -> re.Pattern[str]:
    """What every `_duration_pattern` match holds: a time unit after a space or hyphen."""
    time_words = _alternation([str(w) for words in lexicon()["time_units"].values() for w in words])
    return re.compile(rf"[- ](?:{time_words})\b", re.IGNORECASE)


@cache
def _time_unit_of() -> dict[str, str]:
    return {str(w).lower(): str(u) for u, words in lexicon()["time_units"].items() for w in words}


def durations(sentence: str) -> Iterator[Statement]:
    """'for six months', 'a 12-week trial', 'over two years', 'a year-long study'."""
    if not _unit_after_space().search(sentence):
        return  # most sentences: the full pattern tries a number at every word
    for found in _duration_pattern().finditer(sentence):
        raw = found.group("num") or found.group("num2") or found.group("num3")
        unit = (found.group("unit") or found.group("unit2") or found.group("unit3")).lower()
        value = 1.0 if raw.lower() in {"a", "an", "one"} else parse_number(raw)
        if value is None:
            continue
        if "and-a-half" in found.group(0).replace(" ", "-").lower():
            value += 0.5
        days = value * float(lexicon()["days_per"][_time_unit_of()[unit]])
        interval = _interval(days, found.group("qual"))
        yield Statement("duration", interval, found.group(0), found.span())


@cache
def _species_pattern() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """Per species: its name, its names alone, and a study in it.

    NOTE: every alternative of a study pattern holds one of its names, which alone are found
    far faster: most clauses name no animal, and a name is looked for before the study.
    """
    nouns = r"(?:study|studies|trial|trials|experiment|experiments|research|work|model|models|data)"
    out = []
    for species, words in lexicon()["animals"].items():
        names = _alternation([str(w) for w in words])
        out.append(
            (
                str(species),
                re.compile(names, re.IGNORECASE),
                re.compile(
                    rf"\b{nouns} (?:in|on|of|with|using) (?:\w+ ){{0,2}}(?:{names})\b"
                    rf"|\b(?:{names})[- ](?:based )?{nouns}\b|\bgave (?:\w+ ){{0,1}}(?:{names})\b"
                    rf"|\b(?:{names}) (?:given|fed|treated|that received|receiving)\b"
                    rf"|\b(?:in|of|from|on) (?:[\w-]+ ){{0,2}}(?:{names})\b",
                    re.IGNORECASE,
                ),
            )
        )
    humans = _alternation(_words("humans"))
    out.append(
        (
            "human",
            re.compile(rf"human|clinical|{humans}", re.IGNORECASE),
            re.compile(
                rf"\b(?:human|clinical) {nouns}\b"
                rf"|\b{nouns} (?:in|on|of|with) (?:\w+ ){{0,2}}(?:{humans})\b",
                re.IGNORECASE,
            ),
        )
    )
    return tuple(out)


def species(sentence: str) -> Iterator[Statement]:
    """Who a study was done in, when the copy ties it to the study: 'a study in mice'."""
    for name, names, pattern in _species_pattern():
        if not names.search(sentence):
            continue
        for found in pattern.finditer(sentence):
            yield Statement("species", name, found.group(0), found.span())


_HEALTHY = re.compile(
    r"\bhealthy (?:adult |young |older |elderly |male |female )?"
    r"(?:volunteers|adults|people|participants|subjects|men|women|students|individuals|seniors)\b",
    re.IGNORECASE,
)


_PATIENTS = re.compile(r"\b(?:patients|sufferers)\b", re.IGNORECASE)


def populations(sentence: str) -> Iterator[Statement]:
    """Who took part: 'healthy volunteers', 'patients', 'autistic adults'."""
    for found in _HEALTHY.finditer(sentence):
        yield Statement("population", "healthy", found.group(0), found.span())
    for found in _PATIENTS.finditer(sentence):
        yield Statement("population", "patients", found.group(0), found.span())
    for group, words in lexicon()["age_groups"].items():
        names = _alternation([str(w) for w in words])
        for found in re.finditer(rf"\b(?:{names})\b", sentence, re.IGNORECASE):
            yield Statement("age", str(group), found.group(0), found.span())


@cache
def _place_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for place, names in lexicon()["places"].items():
        joined = _alternation([str(n) for n in names])
        out.append((str(place), re.compile(rf"(?<![\w.])(?:{joined})(?![\w])")))
    return tuple(out)


_INSTITUTION = re.compile(
    r"\b(?:University of (?:[A-Z][\w'-]+)(?: (?:at )?[A-Z][\w'-]+)*"
    r"|(?:[A-Z][\w'-]+ )+(?:University|Institute|Hospital|Clinic|Labs?|Laboratories"
    r"|Medical Center|Medical Centre|College|School of Medicine))\b"
    r"|\b(?:Institute|Center|Centre) for (?:[A-Z][\w'-]+)(?: [A-Z][\w'-]+)*"
)


@cache
def _any_place() -> re.Pattern[str]:
    """Every place's names in one pattern: it matches where one of `_place_patterns` does."""
    names = "|".join(
        _alternation([str(n) for n in names]) for names in lexicon()["places"].values()
    )
    return re.compile(rf"(?<![\w.])(?:{names})(?![\w])")


def places(sentence: str) -> Iterator[Statement]:
    """Countries, demonyms and institutions: 'a Japanese study', 'at Dartmouth-Hitchcock'."""
    # One scan first: most sentences name no place, and each place alone is one more scan.
    if _any_place().search(sentence):
        for place, pattern in _place_patterns():
            for found in pattern.finditer(sentence):
                yield Statement("place", place, found.group(0), found.span())
    for found in _INSTITUTION.finditer(sentence):
        name = found.group(0)
        if name.split()[0] in {"The", "A", "An", "In", "At", "From", "By"}:
            name = name.split(" ", 1)[1] if " " in name else name
        yield Statement("institution", name, found.group(0), found.span())


_FIGURE = re.compile(
    r"(?<![\w.])(?P<num>\d+(?:\.\d+)?)\s?(?:%|percent|per cent)"
    r"|(?<![\w.])(?P<fold>\d+(?:\.\d+)?|two|three|four|five|six|ten)[- ]?"
    r"(?:fold|times (?:higher|lower|more|greater))",
    re.IGNORECASE,
)
_NOT_A_RESULT = re.compile(
    r"^\s*(?:confidence|CI\b|(?:l-|d-)?serine solution|solution|in (?:the )?(?:drinking )?water"
    r"|of (?:the )?(?:diet|participants|patients|people|subjects|adults|children|those)|w/v)",
    re.IGNORECASE,
)


def figures(sentence: str) -> Iterator[Statement]:
    """Headline numbers: '34% slower decline', 'fell 59 percent', 'a fourfold rise'."""
    for found in _FIGURE.finditer(sentence):
        if _NOT_A_RESULT.match(sentence[found.end() :]):
            continue
        if re.search(r"\b(?:95|99|90)\s?$", sentence[: found.start()]):
            continue
        unit = "%" if found.group("num") else "fold"
        value = parse_number(found.group("num") or found.group("fold"))
        if value is not None:
            yield Statement("result", (value, unit), found.group(0), found.span())


EXTRACTORS = (
    counts,
    years,
    phases,
    design,
    statuses,
    doses,
    durations,
    species,
    populations,
    places,
    figures,
)


def stated(sentence: str) -> list[Statement]:
    """Every statement about a study the sentence makes, in sentence order."""
    found = [s for extract in EXTRACTORS for s in extract(sentence)]
    return sorted(found, key=lambda s: (s.span, s.field))
