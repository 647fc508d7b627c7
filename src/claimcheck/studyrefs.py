"""Which study a sentence describes: by registry id, by author, or by description.

The "resolve" half of checking study descriptions (issue 9). A sentence refers to a study
by a registry identifier (NCT, PMID, PMC, DOI: certain), by its first author ("Levine et
al. (2017)", "Fridman and colleagues": certain once the year or the description leaves one
record), or by a description the registry can resolve ("a 2019 trial in people with HSAN1",
"a study of vervet monkeys"): each record is scored on the identifying details the sentence
gives, and only a clear winner counts. An ambiguous reference resolves to nothing: a wrong
study would turn every true statement into a false alarm.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from claimcheck.cues import (
    AnyCase,
    any_case,
    ascii_lower,
    literal_alternation,
    matches_found_by,
)
from claimcheck.model import Concept, Design, Species, Study
from claimcheck.statements import (
    Amount,
    dose_fits,
    doses,
    durations,
    given_doses,
    lexicon,
    phases,
    places,
    same_phase,
)

__all__ = [
    "Reference",
    "StudyIndex",
    "build_study_index",
    "clauses",
    "condition_mentions",
    "find_reference",
    "has_study_noun",
    "record_countries",
    "record_institutions",
    "record_years",
]

# A description must score this much, and beat the runner-up by MARGIN, to name a study.
MIN_DESCRIPTION_SCORE = 5
MARGIN = 2
# Where a sentence names substances: a record of one of them, or of another.
NAMED_SUBSTANCE, OTHER_SUBSTANCE = 1, -4
# How far (characters) a year may sit from an author's name and still date that citation.
AUTHOR_YEAR_WINDOW = 40

IDENTIFIER = re.compile(
    r"\b(?P<nct>NCT\d{8})\b"
    r"|\bPMID:?\s?(?P<pmid>\d{1,9})\b"
    r"|\b(?P<pmc>PMC\d{4,9})\b"
    r"|\b(?:doi:\s?|https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/[^\s,;\"\u201d)\]]+)",
    re.IGNORECASE,
)
TRIAL_DESIGNS = {Design.RCT, Design.CONTROLLED_TRIAL, Design.UNCONTROLLED_TRIAL}
REVIEW_DESIGNS = {Design.SYSTEMATIC_REVIEW, Design.META_ANALYSIS, Design.NARRATIVE_REVIEW}


_NONE_SUCH = any_case(
    re.compile(
        r"\b(?:no|not a|not any|never an?|without an?)\s+(?:[\w/-]+\s+){0,4}$", re.IGNORECASE
    )
)
# Where one study's description ends and another's may begin inside a sentence.
_CLAUSE_BREAK = any_case(
    re.compile(
        r"\s*;\s*|\s+\|\s+|\s+[\u2014\u2013]\s+|,\s+(?=(?:but|while|whereas|although|though|yet|unlike)\b)",
        re.IGNORECASE,
    )
)


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Spans of the parts of a sentence that may each describe a different study."""
    spans, start = [], 0
    for found in _CLAUSE_BREAK.finditer(sentence):
        if found.start() > start:
            spans.append((start, found.start()))
        start = found.end()
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return spans


def has_study_noun(text: str) -> bool:
    """Whether a clause speaks of a study of its own ("the phase IIa trial ...")."""
    return _study_noun_pattern().search(text) is not None


@dataclass(frozen=True)
class Reference:
    """A study a sentence describes, how it was found, and the words that name it."""

    study_id: str
    how: str  # "id", "author-year", "author", "description" or "context"
    span: tuple[int, int]


@dataclass(frozen=True)
class KeyedTerms:
    """Many keys' terms in one pattern: one scan finds every key a text names.

    The longest term wins where terms overlap ("diabetic neuropathy" over "diabetic"), and
    a term several keys share names them all.
    """

    # The longest term at a position: see `_longest_first`.
    pattern: AnyCase | None
    owners: Mapping[str, tuple[str, ...]]  # normalised term -> keys
    # Matches where `pattern` does, searched for each next match: most texts name none of
    # the terms, and a prefix tree is searched several times faster than the terms one by
    # one (it may stop at a shorter term, so `pattern` says which term is there).
    quick: AnyCase | None = None
    exact_case: bool = False

    @classmethod
    def build(
        cls, entries: Sequence[tuple[str, Sequence[str]]], *, exact_case: bool = False
    ) -> KeyedTerms:
        """`entries`: (key, its terms). Terms match whole words, with a plural ending."""
        owners: dict[str, list[str]] = defaultdict(list)
        for key, terms in entries:
            for term in terms:
                owners[_normal(term, exact_case=exact_case)].append(key)
        if not owners:
            return cls(None, {})
        # NOTE: case ignored, ASCII letters in lower case match the same (and make a twin).
        written = {t if exact_case else ascii_lower(t) for _, ts in entries for t in ts}
        flags = 0 if exact_case else re.IGNORECASE
        body = _longest_first(written)
        pattern = re.compile(rf"(?<![\w-])(?P<term>{body})(?:s|es)?(?![\w-])", flags)
        tree = literal_alternation(written, space=_SPACE)
        quick = re.compile(rf"(?<![\w-])(?:{tree})(?:s|es)?(?![\w-])", flags)
        keyed = {t: tuple(dict.fromkeys(k)) for t, k in owners.items()}
        return cls(any_case(pattern), keyed, any_case(quick), exact_case)

    def find(self, text: str) -> dict[str, tuple[int, int]]:
        """Each key `text` names, with where it first does."""
        found: dict[str, tuple[int, int]] = {}
        if self.pattern is None:
            return found
        for match in matches_found_by(self.quick or self.pattern, self.pattern, text):
            term = _normal(match.group("term"), exact_case=self.exact_case)
            for key in self.owners.get(term, ()):
                found.setdefault(key, match.span())
        return found


def _longest_first(terms: Iterable[str]) -> str:
    """An alternation that matches the longest term that fits, as a flat list would.

    NOTE: a flat list of every term, longest first, is tried term by term at each place, so
    it slows with every term the pack adds. One prefix tree per length, longest first, is
    tried a length at a time: a tree tries another of its terms when one fails, and
    all of one length that fit at a place match the same text.
    """
    by_length: dict[int, list[str]] = defaultdict(list)
    for term in terms:
        by_length[len(term)].append(term)
    return "|".join(
        f"(?:{literal_alternation(by_length[n], space=_SPACE)})"
        for n in sorted(by_length, reverse=True)
    )


_SPACE = r"[\s-]"  # a space in a term matches one space or hyphen


def _normal(term: str, *, exact_case: bool) -> str:
    """A term as written in the pack and as matched in copy compare equal."""
    words = " ".join(term.replace("-", " ").split())
    return words if exact_case else words.lower()


@dataclass(frozen=True)
class StudyIndex:
    """The registry arranged for resolving references."""

    studies: Mapping[str, Study]
    identifiers: Mapping[str, tuple[str, ...]]
    surnames: Mapping[str, tuple[str, ...]]
    surname_pattern: re.Pattern[str] | None
    # Concepts a study population can have (concepts.yaml), with a pattern for each.
    conditions: KeyedTerms
    condition_names: Mapping[str, str]
    known_as: KeyedTerms
    # Each record's trial: records of one trial (a paper and its conference abstract) share
    # the id of the record the others name in `same_trial_as`.
    trial_of: Mapping[str, str]
    # Per study: the countries its places name, and patterns for its other places
    # (institutions) and for its journal, each a detail that identifies it in copy.
    countries: Mapping[str, frozenset[str]]
    institutions: KeyedTerms
    venues: KeyedTerms
    # Any word a description could identify a study by: a sentence without one is not
    # scored against every record (most sentences that say "study" describe none).
    any_detail: AnyCase
    # Any sign that a sentence speaks of a study at all: an identifier, an author, a study
    # noun. Found in one scan of the document; other sentences are not looked at.
    signal: re.Pattern[str]
    # Kinds of record (see `kind_of`) by each detail they can share with copy ("year:2019",
    # "condition:als", "species:rat", "country:Japan", "dose:per-kg", "phase"): a
    # description is scored only against records that share something with it.
    by_detail: Mapping[str, frozenset[str]]
    # Each record's place in the registry: of the records of one trial that fit a
    # description best, the first stands for it (ties resolve the same every run).
    position: Mapping[str, int]
    # Each trial's records in registry order: a check looks them up, not through the registry.
    trials: Mapping[str, tuple[str, ...]]
    # Each record's kind: the first record alike in all that `_fit` reads but the substance
    # (`_alike`). A description is scored once per kind, not once per record, and a pack
    # of many substances with alike records scores no more kinds than one.
    kind_of: Mapping[str, str]
    kinds: Mapping[str, Kind]

    def records_of_trial(self, study_id: str) -> list[Study]:
        """Every record of the trial `study_id` belongs to, that record first."""
        others = [self.studies[sid] for sid in self.trials[self.trial_of[study_id]]]
        return sorted(others, key=lambda s: s.id != study_id)


@dataclass(frozen=True)
class Kind:
    """The records alike for scoring: by substance, and the first of each trial."""

    members: Mapping[str, tuple[str, ...]]  # substance -> records, in registry order
    trials: Mapping[str, str]  # trial -> its first record of this kind


def _key(kind: str, value: str) -> str:
    return f"{kind}:{value.lower().rstrip('.')}"


def build_study_index(studies: Mapping[str, Study], concepts: Mapping[str, Concept]) -> StudyIndex:
    """Index every study by identifier, first-author surname, condition and other name."""
    identifiers: dict[str, list[str]] = defaultdict(list)
    surnames: dict[str, list[str]] = defaultdict(list)
    for study in studies.values():
        ids = study.identifiers
        named = {"nct": ids.nct, "pmid": ids.pmid, "pmc": ids.pmc, "doi": ids.doi}
        for kind, value in named.items():
            if value:
                identifiers[_key(kind, value)].append(study.id)
        surname = study.first_author()
        if surname:
            surnames[surname].append(study.id)
    names = sorted(surnames, key=len, reverse=True)
    pattern = (
        re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
        if names
        else None
    )
    # Every disease, and whatever else a study population is described by.
    used = {c for study in studies.values() for c in study.protocol.conditions}
    used |= {cid for cid, concept in concepts.items() if concept.disease}
    population = [cid for cid in sorted(used) if cid in concepts]
    conditions = KeyedTerms.build([(cid, concepts[cid].terms) for cid in population])
    known_as = KeyedTerms.build(
        [(s.id, s.protocol.known_as) for s in studies.values() if s.protocol.known_as]
    )
    trial_of = {sid: study.protocol.same_trial_as or sid for sid, study in studies.items()}
    kind_of = _kind_of(studies)
    return StudyIndex(
        studies,
        {k: tuple(v) for k, v in identifiers.items()},
        {k: tuple(v) for k, v in surnames.items()},
        pattern,
        conditions,
        {cid: concepts[cid].name for cid in population},
        known_as,
        trial_of,
        {sid: _countries(study) for sid, study in studies.items()},
        KeyedTerms.build(
            [(sid, held) for sid, study in studies.items() if (held := _institutions(study))]
        ),
        KeyedTerms.build(
            [(sid, [venue]) for sid, study in studies.items() if (venue := _venue(study))],
            exact_case=True,
        ),
        _detail_pattern(studies, [concepts[cid] for cid in population]),
        _signal_pattern(names),
        _by_detail(studies, kind_of),
        {sid: number for number, sid in enumerate(studies)},
        _records_by_trial(trial_of),
        kind_of,
        _kinds(studies, kind_of, trial_of),
    )


def _kind_of(studies: Mapping[str, Study]) -> dict[str, str]:
    first: dict[tuple[object, ...], str] = {}
    return {sid: first.setdefault(_alike(study), sid) for sid, study in studies.items()}


def _kinds(
    studies: Mapping[str, Study], kind_of: Mapping[str, str], trial_of: Mapping[str, str]
) -> dict[str, Kind]:
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    trials: dict[str, dict[str, str]] = defaultdict(dict)
    for sid, kind in kind_of.items():
        members[kind][studies[sid].substance].append(sid)
        trials[kind].setdefault(trial_of[sid], sid)
    return {
        kind: Kind({s: tuple(ids) for s, ids in members[kind].items()}, trials[kind])
        for kind in members
    }


def _alike(study: Study) -> tuple[object, ...]:
    """All that `_fit` reads of a record but its id and substance.

    NOTE: keep this in step with `_fit`: records alike here are scored as one. (The id is
    read only to look the record up in what the sentence names, by these same fields.)
    """
    protocol = study.protocol
    return (
        study.year,
        study.journal,
        study.design,
        study.population.species,
        protocol.conditions,
        protocol.places,
        protocol.phase,
        protocol.known_as,
        protocol.doses,
        protocol.duration,
    )


def _records_by_trial(trial_of: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for sid, trial in trial_of.items():
        grouped[trial].append(sid)
    return {trial: tuple(ids) for trial, ids in grouped.items()}


def _by_detail(
    studies: Mapping[str, Study], kind_of: Mapping[str, str]
) -> dict[str, frozenset[str]]:
    keyed: dict[str, set[str]] = defaultdict(set)
    for sid in set(kind_of.values()):
        study = studies[sid]
        protocol = study.protocol
        keys = [f"year:{y}" for y in record_years(study)]
        keys += [f"condition:{c}" for c in protocol.conditions]
        keys.append(f"species:{study.population.species.value}")
        keys += [f"country:{c}" for c in _countries(study)]
        keys += [f"dose:{_KIND_OF[d.unit.value]}" for d in protocol.doses]
        keys += ["phase"] if protocol.phase else []
        keys += ["duration"] if protocol.duration else []
        for key in keys:
            keyed[key].add(sid)
    return {key: frozenset(kinds) for key, kinds in keyed.items()}


_KIND_OF = {"mg": "mass", "g": "mass", "mg/kg": "per-kg", "g/kg": "per-kg"}
_KIND_OF |= {"mmol/kg": "mmol/kg", "%": "%"}


def _signal_pattern(surnames: Sequence[str]) -> re.Pattern[str]:
    """Any identifier, study noun or first author; only where a match starts is used.

    NOTE: the names as a prefix tree (see `_study_nouns`), several times faster to scan a
    document with. The tree tries a longer name before a shorter one, as the longest-first
    flat list did, so it matches where and as far as the list would.
    """
    parts = [f"(?i:{IDENTIFIER.pattern})", rf"(?i:\b(?:{_study_nouns()})\b)"]
    if surnames:
        parts.append(rf"(?<![\w-])(?:{literal_alternation(surnames)})(?![\w-])")
    return re.compile("|".join(f"(?:{p})" for p in parts))


def _detail_pattern(studies: Mapping[str, Study], concepts: Sequence[Concept]) -> AnyCase:
    """One pattern for every detail `_details` looks for (a cheap first test)."""
    words = [t for concept in concepts for t in concept.terms]
    words += [str(w) for names in lexicon()["animals"].values() for w in names]
    words += [str(n) for names in lexicon()["places"].values() for n in names]
    for study in studies.values():
        words += [*study.protocol.places, *study.protocol.known_as]
        venue = _venue(study)
        if venue:
            words.append(venue)
    # Only asked whether a sentence holds one: a prefix tree is over five times faster to
    # search than the words one by one.
    alternatives = literal_alternation({ascii_lower(word) for word in words})  # see KeyedTerms
    numbers = r"(?:19|20)\d\d|phase|\d\s?(?:%|mg|g\b|mmol|grams?|milligrams?)"
    return any_case(re.compile(rf"(?<![\w-])(?:{alternatives})|{numbers}", re.IGNORECASE))


def _countries(study: Study) -> frozenset[str]:
    return record_countries(study.protocol.places)


def _institutions(study: Study) -> tuple[str, ...]:
    return record_institutions(study.protocol.places)


@lru_cache(maxsize=1024)
def record_countries(where: tuple[str, ...]) -> frozenset[str]:
    """Countries and regions a record's places name ("Ogimi, Okinawa, Japan")."""
    return frozenset(str(s.value) for place in where for s in places(place) if s.field == "place")


@lru_cache(maxsize=1024)
def record_institutions(where: tuple[str, ...]) -> tuple[str, ...]:
    """A record's places that name no country: institutions ("Dartmouth-Hitchcock")."""
    return tuple(p for p in where if not any(s.field == "place" for s in places(p)))


GENERIC_VENUES = {"ClinicalTrials.gov registry record", "Conference abstract"}


def _venue(study: Study) -> str | None:
    """The journal's name without volume and pages, when it is specific enough to name."""
    venue = re.split(r"[\d(,:;]", study.journal, maxsplit=1)[0].strip()
    return venue if len(venue) >= 4 and venue not in GENERIC_VENUES else None


def _terms_pattern(terms: Iterable[str]) -> AnyCase:
    alternatives = "|".join(
        re.escape(t).replace(r"\ ", r"[\s-]") for t in sorted(terms, key=len, reverse=True)
    )
    return any_case(re.compile(rf"(?<![\w-])(?:{alternatives})(?:s|es)?(?![\w-])", re.IGNORECASE))


def record_years(study: Study) -> set[int]:
    """The years copy may honestly date a study by: its year, and an online/print year."""
    years = {study.year} if study.year is not None else set()
    if lexicon().get("year_slack_from_venue"):
        years |= {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", study.journal)}
    return years


def find_reference(
    sentence: str,
    index: StudyIndex,
    substances: Sequence[str] = (),
) -> Reference | None:
    """The one study `sentence` describes, or None when it names none or several.

    `substances` are the pack substances the sentence names (they rule out records of
    another substance in a description).
    """
    by_id = _by_identifier(sentence, index)
    if by_id is not None:
        return by_id if isinstance(by_id, Reference) else None
    by_author = _by_author(sentence, index, substances)
    if by_author is not None:
        return by_author if isinstance(by_author, Reference) else None
    return _by_description(sentence, index, substances)


def _by_identifier(sentence: str, index: StudyIndex) -> Reference | Literal[False] | None:
    """A registry identifier: certain.

    False when the sentence cites ids of several studies, or one the registry does not
    hold (there is nothing to check it against).
    """
    found: dict[str, tuple[int, int]] = {}
    cited = False
    for match in IDENTIFIER.finditer(sentence):
        kind = next(k for k, v in match.groupdict().items() if v)
        cited = True
        for study_id in index.identifiers.get(_key(kind, match.group(kind)), ()):
            found.setdefault(study_id, match.span())
    if not cited:
        return None
    if len(found) != 1:
        return False
    ((study_id, span),) = found.items()
    return Reference(study_id, "id", span)


_REPORTING_VERB = re.compile(
    r"\s+(?:found|reported|showed|shows|tested|gave|observed|studied|measured|noted|described"
    r"|published|led|ran|concluded|and (?:his|her|their) )"
)


# "the Kantrowitz high-dose paper", "Levine's phase I trial"
_AUTHOR_OWNED = re.compile(
    r"(?:'s|\u2019s)?\s+(?:[\w-]+\s+){0,3}(?:paper|study|trial|team|group|lab|report|work)\b"
)


def _author_cited(sentence: str, start: int, end: int) -> bool:
    """A capitalised surname is a citation when copy treats it as one."""
    after = sentence[end : end + 30]
    before = sentence[max(0, start - 25) : start]
    cues = "|".join(lexicon()["author_cues"])
    return bool(
        re.match(rf"\s*(?:{cues})", after, re.IGNORECASE)
        or re.match(r"\s*,?\s*\(?(?:19|20)\d\d", after)
        or re.search(r"\b(?:by|from|of|to|per|Dr\.?|Professor|Prof\.)\s+$", before)
        or _REPORTING_VERB.match(after)
        or _AUTHOR_OWNED.match(after)
    )


def _nearby_years(sentence: str, start: int, end: int) -> set[int]:
    window = sentence[max(0, start - AUTHOR_YEAR_WINDOW) : end + AUTHOR_YEAR_WINDOW]
    return {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", window)}


def _by_author(
    sentence: str, index: StudyIndex, substances: Sequence[str]
) -> Reference | Literal[False] | None:
    """First author, narrowed by a nearby year and then by description.

    False: an author is cited but the records it could be are several (or none that year).
    """
    if index.surname_pattern is None:
        return None
    for match in index.surname_pattern.finditer(sentence):
        if not _author_cited(sentence, *match.span()):
            continue
        candidates = list(index.surnames[match.group(0)])
        years = _nearby_years(sentence, *match.span())
        how = "author"
        dated = [c for c in candidates if record_years(index.studies[c]) & years]
        if years and dated:
            candidates, how = dated, "author-year"
        if len(candidates) > 1:
            scores = _description_scores(sentence, index, substances, candidates)
            candidates = _winner(_by_trial(scores, index), minimum=1)
        if len(candidates) == 1:
            return Reference(candidates[0], how, match.span())
        return False
    return None


def _by_trial(scores: Mapping[str, int], index: StudyIndex) -> dict[str, int]:
    """The best-fitting record of each trial.

    A paper and its conference abstract are one candidate, not a tie; the record the copy
    fits better stands for the trial.
    """
    best: dict[str, tuple[str, int]] = {}
    for sid, score in scores.items():
        trial = index.trial_of.get(sid, sid)
        if trial not in best or score > best[trial][1]:
            best[trial] = (sid, score)
    return dict(best.values())


def _winner(scores: Mapping[str, int], minimum: int) -> list[str]:
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < minimum:
        return []
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MARGIN:
        return []
    return [ranked[0][0]]


@cache
def _study_noun_pattern() -> AnyCase:
    return any_case(re.compile(rf"\b(?:{_study_nouns()})\b", re.IGNORECASE))


def _study_nouns() -> str:
    """The study nouns as an alternation to put between word boundaries.

    NOTE: a prefix tree where every noun is one word: it is several times faster to search
    than the flat list, and finds the same match, since between two word boundaries at most
    one such noun fits. In lower case, which ignoring case makes the same for ASCII words,
    so that the pattern can have a twin (`any_case`).
    """
    nouns = [str(n) for n in lexicon()["study_nouns"]]
    if all(re.fullmatch(r"\w+", n) for n in nouns):
        return literal_alternation({n.lower() if n.isascii() else n for n in nouns})
    return "|".join(re.escape(n) for n in nouns)


def _by_description(
    sentence: str, index: StudyIndex, substances: Sequence[str]
) -> Reference | None:
    """A description names a study when one record clearly fits it best."""
    noun = _study_noun_pattern().search(sentence)
    if noun is None or _NONE_SUCH.search(sentence[: noun.start()]):
        return None  # "no phase III trial has been completed" describes no study
    if not index.any_detail.search(sentence):
        return None
    details = _details(sentence, index, substances)
    kinds = {
        kind: _fit_but_substance(details, index.studies[kind], index)
        for kind in _sharing(details, index)
    }
    if not kinds:
        return None
    top = max(score + _best_substance_score(details, index.kinds[k]) for k, score in kinds.items())
    best_without = _best_without_sharing(details)
    if max(top, best_without) < MIN_DESCRIPTION_SCORE:
        return None  # no record, sharing a detail or not, can reach the minimum
    if top - best_without < MARGIN:
        # a record sharing nothing could still come within the margin: score them all
        scores = _scores(details, index, index.studies)
        winner = _winner(_by_trial(scores, index), MIN_DESCRIPTION_SCORE)
    else:
        winner = _clear_winner(details, index, kinds, top)
    if not winner:
        return None
    return Reference(winner[0], "description", noun.span())


def _clear_winner(
    details: _Details, index: StudyIndex, kinds: Mapping[str, int], top: int
) -> list[str]:
    """The record that fits best, when no record of another trial comes within the margin.

    As `_winner(_by_trial(scores))` decides over every record of these kinds (`kinds`:
    each one's score but the substance; `top` the best record's score), without scoring or
    passing over records that fall short of the margin, nor over all of a kind's trials.
    """
    near = top - MARGIN + 1
    best: dict[str, tuple[int, int, str]] = {}  # trial -> (-score, position, record)
    for kind, score in kinds.items():
        for sid, total in _members_from(details, index.kinds[kind], score, near):
            trial = index.trial_of[sid]
            entry = (-total, index.position[sid], sid)  # the best, then the first
            if trial not in best or entry < best[trial]:
                best[trial] = entry
            if len(best) > 1:
                return []  # records of two trials fit within the margin
    return [sid for _, _, sid in best.values()]


def _members_from(
    details: _Details, kind: Kind, score: int, near: int
) -> Iterator[tuple[str, int]]:
    """The records of a kind that score at least `near` (`score` but the substance's point).

    Where a sentence names no substance, all of a kind score alike: only the first record
    of each trial is given. Records of another substance than those named are looked at
    only when they too come near (in a pack of many substances, rarely).
    """
    if not details.substances:
        if score >= near:
            yield from ((sid, score) for sid in kind.trials.values())
        return
    named = dict.fromkeys(details.substances)
    if score + NAMED_SUBSTANCE >= near:
        for substance in named:
            yield from ((sid, score + NAMED_SUBSTANCE) for sid in kind.members.get(substance, ()))
    if score + OTHER_SUBSTANCE >= near:
        others = (ids for substance, ids in kind.members.items() if substance not in named)
        yield from ((sid, score + OTHER_SUBSTANCE) for ids in others for sid in ids)


def _best_substance_score(details: _Details, kind: Kind) -> int:
    """The substance's point for the record of the kind that earns the most."""
    if not details.substances:
        return 0
    named = any(s in kind.members for s in details.substances)
    return NAMED_SUBSTANCE if named else OTHER_SUBSTANCE


def condition_mentions(sentence: str, index: StudyIndex) -> dict[str, tuple[int, int]]:
    """Population concepts the sentence names, with where."""
    return index.conditions.find(sentence)


@cache
def _species_patterns() -> tuple[tuple[str, AnyCase], ...]:
    return tuple(
        (str(species), _terms_pattern([str(w) for w in words]))
        for species, words in lexicon()["animals"].items()
    )


@cache
def _any_species() -> AnyCase:
    return _terms_pattern([str(w) for words in lexicon()["animals"].values() for w in words])


def _species_named(sentence: str) -> set[str]:
    if not _any_species().search(sentence):
        return set()  # one scan for the many sentences that name no animal
    return {species for species, pattern in _species_patterns() if pattern.search(sentence)}


@dataclass(frozen=True)
class _Details:
    """The identifying details a sentence gives about the study it describes."""

    text: str
    years: frozenset[int]
    conditions: frozenset[str]
    animals: frozenset[str]
    places: frozenset[str]
    phase: str | None
    trial: bool
    review: bool
    known: frozenset[str]
    named_places: frozenset[str]  # studies whose institution the sentence names
    venues: frozenset[str]  # studies whose journal the sentence names
    amounts: tuple[Amount, ...]
    days: tuple[tuple[float, float], ...]  # stated lengths, as intervals in days
    substances: tuple[str, ...]


def _details(sentence: str, index: StudyIndex, substances: Sequence[str]) -> _Details:
    phase = next(phases(sentence), None)
    return _Details(
        text=sentence,
        years=frozenset(int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", sentence)),
        conditions=frozenset(condition_mentions(sentence, index)),
        animals=frozenset(_species_named(sentence)),
        places=frozenset(str(s.value) for s in places(sentence) if s.field == "place"),
        phase=str(phase.value) if phase else None,
        trial=bool(re.search(r"\b(?:trial|trials|RCT)\b", sentence, re.IGNORECASE)),
        review=bool(re.search(r"\b(?:review|meta-analysis)\b", sentence, re.IGNORECASE)),
        known=frozenset(index.known_as.find(sentence)),
        named_places=frozenset(index.institutions.find(sentence)),
        venues=frozenset(index.venues.find(sentence)),
        amounts=tuple(s.value for s in doses(sentence)),
        days=tuple(s.value for s in durations(sentence)),
        substances=tuple(substances),
    )


def _description_scores(
    sentence: str, index: StudyIndex, substances: Sequence[str], candidates: Sequence[str]
) -> dict[str, int]:
    """How well each candidate record fits the identifying details of the sentence."""
    details = _details(sentence, index, substances)
    if not _identifies(details):
        return {}  # nothing to tell one study from another: no need to score each
    return _scores(details, index, candidates)


def _scores(details: _Details, index: StudyIndex, records: Iterable[str]) -> dict[str, int]:
    """`_fit` of each record, in the order given; worked out once for each kind of record."""
    of_kind: dict[str, int] = {}
    scores = {}
    for sid in records:
        kind = index.kind_of[sid]
        if kind not in of_kind:
            of_kind[kind] = _fit_but_substance(details, index.studies[kind], index)
        scores[sid] = of_kind[kind] + _substance_score(details, index.studies[sid].substance)
    return scores


def _sharing(details: _Details, index: StudyIndex) -> set[str]:
    """Kinds of record that share at least one identifying detail with the sentence.

    Any other record scores at most a point or two (a trial, the substance), far below
    what a description needs, so it is never scored.
    """
    keys = [f"year:{y}" for y in details.years]
    keys += [f"condition:{c}" for c in details.conditions]
    keys += [f"species:{a}" for a in details.animals]
    keys += [f"country:{c}" for c in details.places]
    keys += [f"dose:{a.kind}" for a in details.amounts]
    keys += ["phase"] if details.phase else []
    keys += ["duration"] if details.days else []
    named = details.known | details.named_places | details.venues
    found = {index.kind_of[sid] for sid in named}
    for key in keys:
        found |= index.by_detail.get(key, frozenset())
    return found


def _best_without_sharing(details: _Details) -> int:
    """The most a record sharing no identifying detail can score.

    A point each for being a trial, a review and of the named substance.
    """
    return int(details.trial) + int(details.review) + int(bool(details.substances))


def _identifies(details: _Details) -> bool:
    """Whether the sentence gives any detail that could single out a study."""
    return bool(
        details.years
        or details.conditions
        or details.animals
        or details.places
        or details.phase
        or details.known
        or details.named_places
        or details.venues
        or details.amounts
    )


def _fit(details: _Details, study: Study, index: StudyIndex) -> int:
    """Points for each detail the record shares with the sentence, minus clashes."""
    return _fit_but_substance(details, study, index) + _substance_score(details, study.substance)


def _substance_score(details: _Details, substance: str) -> int:
    if not details.substances:
        return 0
    return NAMED_SUBSTANCE if substance in details.substances else OTHER_SUBSTANCE


def _fit_but_substance(details: _Details, study: Study, index: StudyIndex) -> int:
    """`_fit` without the point for the substance: the same for records `_alike`."""
    score = 0
    if details.years:
        # A wrong year is a common slip: it counts against a record, but less than a wrong
        # disease or species does.
        score += 3 if record_years(study) & details.years else -1
    record_conditions = set(study.protocol.conditions)
    if details.conditions and record_conditions:
        score += 3 * len(details.conditions & record_conditions) or -3
    if details.animals:
        score += 2 if study.population.species.value in details.animals else -3
    score += _place_score(details, study, index)
    if details.phase:
        score += _phase_score(details.phase, study.protocol.phase)
    if details.trial:  # "trial" is nearly always a clinical trial, not an animal experiment
        score += 1 if study.design in TRIAL_DESIGNS else -2
    if details.review:
        score += 1 if study.design in REVIEW_DESIGNS else -1
    if study.id in details.known:
        score += 4
    if study.id in details.venues:
        score += 3
    score += _dose_score(details.amounts, study)
    score += _duration_score(details.days, study)
    if details.conditions and not record_conditions and study.population.species is Species.HUMAN:
        score -= 2  # the copy names a disease; this study's people had none recorded
    if study.population.species is Species.NONE:
        score -= 2  # reference works are cited by name, not described
    return score


def _place_score(details: _Details, study: Study, index: StudyIndex) -> int:
    """A country or an institution the record names; another country counts against it."""
    if study.id in details.named_places:
        return 3
    if details.places:
        record = index.countries[study.id]
        return 3 if details.places & record else (-2 if record else 0)
    return 0


def _phase_score(stated: str, record: str | None) -> int:
    """Only clinical trials have phases: a phase the record lacks counts against it."""
    if record is None:
        return -1
    return 2 if same_phase(stated, record) else -3


def _duration_score(days: Sequence[tuple[float, float]], study: Study) -> int:
    """A length the record gives ("for 13 weeks") is one more detail that fits."""
    duration = study.protocol.duration
    if duration is None or not days:
        return 0
    length = duration.value * float(lexicon()["days_per"][duration.unit.value])
    tolerance = float(lexicon()["tolerances"]["duration"])
    fits = any(low * (1 - tolerance) <= length <= high * (1 + tolerance) for low, high in days)
    return 2 if fits else 0


def _dose_score(amounts: Sequence[Amount], study: Study) -> int:
    """An exact dose is a fingerprint: "6 mmol/kg" and "a 2% solution" name one study."""
    matched = 0
    for amount in amounts:
        given = given_doses(study.protocol.doses, amount.kind)
        matched += bool(given) and dose_fits(amount, given)
    return min(3, 2 * matched)
