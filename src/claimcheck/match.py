"""Matching: which substance a sentence is about, and which claims it makes.

Pure functions over text and a `ClaimIndex` built once per pack. A sentence is scored
(rapidfuzz) only against claims whose substance it is about and whose outcome terms it
mentions, so cost grows with the text, not with the corpus. This module does not judge
wording or evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from claimcheck import lexicons
from claimcheck.cues import AnyCase, any_case, cue_list_pattern, matches_found_by
from claimcheck.model import Claim, ClaimKind, Substance
from claimcheck.pack import Pack

__all__ = [
    "DEFAULT_MIN_SCORE",
    "ClaimIndex",
    "Match",
    "Mention",
    "Subject",
    "Topic",
    "build_index",
    "find_mentions",
    "main_substance",
    "match_sentence",
    "normalise",
    "states_predicate",
    "uncovered_substances",
]

MIN_COVERAGE_WORDS, MAX_COVERAGE_WORDS = 3, 8  # "short" for the vocabulary coverage score
DEFAULT_MIN_SCORE = 65  # tuned on the seed gold and tests/cases (benchmarks/seed_scores.py)
# A sentence that names no substance and does not refer back to one is matched against the
# main substance's claims only if it scores this much higher.
IMPLICIT_SUBJECT_PENALTY = 10
# ... unless it is a clear claim: in an article about a substance, "Most customers notice
# sharper focus within the first week" makes the focus claim however little it resembles
# the phrasings. Chosen on the benchmark's dev split (recall +0.8 points for +0.03 false
# alarms per 10 silent sentences; 45 and 50 traded more false alarms for little).
IMPLICIT_CLEAR_SCORE = 55
# Claims on the same words within this many points of the best are all reported.
TIE_MARGIN = 6
# Another substance's claim on the same words is reported beside the best one when it is
# within this many points: "D-serine harmed rats' kidneys, unlike L-serine" is about both,
# but "D-serine, which the body makes from L-serine, harmed kidneys" only about D-serine.
OTHER_SUBSTANCE_MARGIN = 20
# A claim found through one of its own outcome terms ranks above one found only through a
# shared concept: "lowers blood sugar" is the blood-sugar claim, not the type 2 diabetes one.
OWN_TERM_BONUS = 10
# The most specific claim wins: each `requires` group a claim needed and the sentence met
# ("for people with low serine levels") ranks it above the general claim on the same words.
REQUIRES_BONUS = 8
# A clear claim: the sentence names its substance (or refers back to it), and the clause
# that mentions what the claim is about is short and says something about it (a predicate,
# or the claim's own required words). A clear claim needs no phrasing score: the score only
# ranks it among rivals. Other candidates need `LOOSE_FLOOR`, and sentences whose subject is
# only implied still need `min_score` plus a penalty.
CLEAR_WINDOW_WORDS = 4  # how far from the claim's words its predicate may be
CLEAR_WINDOW_CHARS = 160  # ... as characters: generous for four words and a long cue
LOOSE_FLOOR = 50
# Below `min_score`, a clear claim is kept only when it is (near) the sentence's best match:
# a short "L-serine cures ALS." stands alone, but a weak second reading of a longer sentence
# ("nerve damage" in a sentence about the HSAN1 trial) is noise.
SECONDARY_MARGIN = 8

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "as",
        "at",
        "from",
        "into",
        "than",
        "that",
        "this",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "it's",
        "their",
        "there",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "how",
        "also",
        "very",
        "more",
        "most",
        "much",
        "many",
        "some",
        "any",
        "such",
        "can",
        "could",
        "may",
        "might",
        "will",
        "would",
        "should",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "not",
        "no",
        "nor",
        "so",
        "too",
        "just",
        "only",
        "even",
        "about",
        "over",
        "under",
        "per",
        "your",
        "you",
        "our",
        "we",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "i",
        "me",
        "my",
        "one",
        "two",
        "three",
    ]
)
REGISTRY_ID = re.compile(r"\bNCT\d{8}\b", re.IGNORECASE)
WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
SUFFIXES = ("ations", "ation", "ments", "ment", "ing", "ies", "ied", "es", "ed", "ly", "s")


@dataclass(frozen=True)
class SubjectCues:
    """Compiled `lexicons/matching.yaml`.

    References back to the main substance, and other substances that make a sentence
    about something else.
    """

    anaphora: AnyCase
    other_substances: AnyCase  # supplements and drugs no loaded pack describes
    other_subjects: AnyCase  # the above plus drug classes and body chemicals
    benefit: AnyCase
    advice: AnyCase
    retractions: AnyCase
    predicates: dict[str, AnyCase]  # "@benefit" and the like in `requires`
    says_benefit: tuple[AnyCase, ...]  # what an efficacy claim needs: benefit, evidence
    not_predicates: re.Pattern[str]  # phrases whose predicate words say nothing
    advice_openers: AnyCase
    usage: AnyCase
    benefit_framing: AnyCase


@lru_cache(maxsize=1)
def subject_cues() -> SubjectCues:
    """The subject lexicon, parsed once."""
    data = lexicons.load("matching")
    predicates = {name: _cues(cues) for name, cues in lexicons.predicate_classes().items()}
    return SubjectCues(
        anaphora=_cues(data["anaphora"]),
        other_substances=_cues(data["other_substances"]),
        other_subjects=_cues([*data["other_substances"], *data["other_subjects"]]),
        benefit=predicates["benefit"],
        predicates=predicates,
        says_benefit=(predicates["benefit"], predicates["evidence"]),
        not_predicates=cue_list_pattern(data["not_predicates"]),
        advice=_cues(data["advice_cues"]),
        advice_openers=_cues(data["advice_openers"]),
        usage=_cues(data["usage"]),
        benefit_framing=_cues(data["benefit_framing"]),
        retractions=_cues(data["retractions"]),
    )


def _cues(cues: Sequence[str]) -> AnyCase:
    return any_case(cue_list_pattern(cues))


@dataclass(frozen=True)
class Subject:
    """A substance a sentence is about, and whether the sentence only implies it."""

    substance_id: str
    implicit: bool = False


@dataclass(frozen=True)
class Mention:
    """A substance named in a text span."""

    substance_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """A claim a sentence makes, with its score and the words that tied it to the claim."""

    claim_id: str
    score: int
    focus: tuple[int, int]  # span of the outcome term within the sentence
    phrasing: str
    rank: int = 0  # score plus preferences (own outcome term); orders rival claims
    own: bool = True  # found through the claim's own outcome terms, not only a shared concept
    # The substance is named only to be excluded: "seen with D-serine, not with L-serine".
    subject_negated: bool = False


@dataclass(frozen=True)
class IndexedClaim:
    """A claim with its compiled outcome and requirement patterns."""

    claim: Claim
    requires: tuple[tuple[AnyCase, ...], ...]  # each group: any pattern may match
    phrasings: tuple[str, ...]  # normalised
    raw_phrasings: tuple[str, ...]
    needs_benefit: bool  # efficacy claims match only sentences that promise something
    vocabulary: frozenset[str]  # every normalised word of the statement and phrasings
    own_terms: frozenset[str] = frozenset()  # keys of the claim's own outcome terms
    excludes: AnyCase | None = None  # words that make the sentence another claim


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key for `term_mentions`
class TermTable:
    """Every key a word run is looked up by, and the word runs that can begin one.

    A run of words is extended only while it begins some key, so a sentence costs a set
    lookup or two per word however many terms the pack lists.
    """

    keys: frozenset[str]
    prefixes: frozenset[str]  # word runs that a longer key begins with ("sleep" of "sleep quality")
    longest: int  # runs longer than this many words are never looked up
    # Words a run worth building can begin with: first words of keys, and one-word keys
    # with a plural ending. Any other word is skipped at the cost of one set lookup.
    starts: frozenset[str] = frozenset()


def term_table(keys: Iterable[str], longest: int) -> TermTable:
    """The lookup table for `keys` (normalised as by `_key`)."""
    unique = frozenset(keys)
    prefixes = frozenset(
        " ".join(words[:size])
        for key in unique
        for words in [key.split(" ")]
        for size in range(1, len(words))
    )
    firsts = {key.split(" ")[0] for key in unique}
    plurals = {key + suffix for key in unique if " " not in key for suffix in ("s", "es")}
    return TermTable(unique, prefixes, longest, frozenset(firsts | plurals))


@dataclass(frozen=True)
class ClaimIndex:
    """Claims indexed by substance and outcome term, plus the substance alias matcher."""

    aliases: AnyCase
    blockers: AnyCase | None
    alias_owner: dict[str, str]
    outcomes: dict[str, int]  # substance id -> longest outcome term, in words
    by_term: dict[tuple[str, str], tuple[IndexedClaim, ...]]  # (substance, term) -> claims
    claims: dict[str, IndexedClaim] = field(default_factory=dict)
    # Trial registry numbers of pack studies -> their substance: "NCT03580616 was ..."
    # is about L-serine even when the sentence never names it.
    registry_ids: dict[str, str] = field(default_factory=dict)
    concept_terms: frozenset[str] = frozenset()  # keys of every concept term (conditions ...)
    # Disease concept terms -> the concept's first term: "the disease" stands for it.
    conditions: dict[str, str] = field(default_factory=dict)
    terms: TermTable = field(default_factory=lambda: term_table((), 1))
    # Matches where `blockers` does: see `_blocked_spans`.
    blocker_starts: AnyCase | None = None

    @property
    def longest_term(self) -> int:
        """The longest term of any substance, in words: the word runs worth looking up."""
        return max(self.outcomes.values(), default=1)


def stem(word: str) -> str:
    """A crude suffix stripper: enough to make 'improves' meet 'improve'."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


# Word -> its stem, "" for a stopword. Copy reuses a small vocabulary, so this stays small;
# the bound only caps what text of random words could make it hold.
_STEMS: dict[str, str] = {}
_STEMS_MAX = 100_000


def _stem_or_drop(word: str) -> str:
    stemmed = _STEMS.get(word)
    if stemmed is None:
        stemmed = "" if word in STOPWORDS else stem(word)
        if len(_STEMS) < _STEMS_MAX:
            _STEMS[word] = stemmed
    return stemmed


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Lower-case content words, stemmed, stopwords dropped, in order."""
    words = WORD.findall(text.lower().replace("\u2019", "'"))
    return " ".join(filter(None, map(_stem_or_drop, words)))


def term_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """Terms as one case-insensitive, whole-word pattern, plural optional.

    A space in a term matches any run of spaces or hyphens. The alternation is built as a
    prefix tree, so a sentence is scanned once however many terms there are (a flat
    alternation of a thousand terms retries every term at every position).
    """
    unique = {" ".join(t.lower().split()) for t in terms if t.strip()}
    body = _trie_regex(_build_trie(unique))
    return re.compile(r"(?<![\w-])" + body + r"(?:s|es)?(?![\w-])", re.IGNORECASE)


Trie = dict[str, "Trie"]
END = ""  # marks the end of a term in the trie


def _build_trie(terms: Iterable[str]) -> Trie:
    root: Trie = {}
    for term in terms:
        node = root
        for char in term:
            node = node.setdefault(char, {})
        node[END] = {}
    return root


def _trie_regex(node: Trie) -> str:
    """Regex for a trie; longer continuations are tried before a term may end."""
    branches = [
        (r"[\s-]+" if char == " " else re.escape(char)) + _trie_regex(child)
        for char, child in sorted(node.items())
        if char != END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if END in node:
        return f"(?:{body})?"
    return body


_KEY_SEPARATOR = re.compile(r"[\s-]+")


# NOTE: asked for every substance name found in copy, a few spellings over and over.
@lru_cache(maxsize=1024)
def _key(term: str) -> str:
    return _KEY_SEPARATOR.sub(" ", term.strip().lower())


def _index_claim(claim: Claim, aliases: AnyCase) -> IndexedClaim:
    requires = tuple(_requirement(tuple(group)) for group in claim.requires)
    raw = (claim.statement, *claim.phrasings)
    phrasings = tuple(normalised_without_aliases(p, aliases) for p in raw)
    needs_benefit = claim.kind is ClaimKind.EFFICACY
    vocabulary = frozenset(word for p in phrasings for word in p.split())
    own = frozenset(_key(t) for outcome in claim.outcomes for t in outcome.all_terms())
    excludes = _cues(claim.excludes) if claim.excludes else None
    return IndexedClaim(claim, requires, phrasings, raw, needs_benefit, vocabulary, own, excludes)


# NOTE: cached so that claims listing the same group share one tuple (see `_candidates`).
@cache
def _requirement(group: tuple[str, ...]) -> tuple[AnyCase, ...]:
    """A `requires` group: its literal terms, plus the predicate classes it names."""
    prefix = lexicons.PREDICATE_PREFIX
    terms = [t for t in group if not t.startswith(prefix)]
    classes = subject_cues().predicates
    named = [classes[t[len(prefix) :]] for t in group if t.startswith(prefix)]
    return (any_case(term_pattern(terms)), *named) if terms else tuple(named)


def _meets(sentence: str, requirement: tuple[AnyCase, ...], topic: str | None = None) -> bool:
    """Whether the sentence mentions one alternative of a `requires` group.

    The condition the copy last named counts ("A larger phase II trial was stopped" in an
    article about ALS meets a group listing ALS).
    """
    return any(
        pattern.search(sentence) or (topic is not None and pattern.fullmatch(topic))
        for pattern in requirement
    )


def _excluded(sentence: str, indexed: IndexedClaim) -> bool:
    return indexed.excludes is not None and indexed.excludes.search(sentence) is not None


def _alias_patterns(
    substances: Iterable[Substance],
) -> tuple[AnyCase, tuple[AnyCase, AnyCase] | None, dict[str, str]]:
    owner: dict[str, str] = {}
    blockers: set[str] = set()
    for substance in substances:
        for alias in (substance.name, *substance.aliases):
            owner.setdefault(_key(alias), substance.id)
        blockers.update(substance.not_aliases)
    # A blocker that is itself another substance's alias is matched as that substance.
    blockers = {b for b in blockers if _key(b) not in owner}
    blocking = None
    if blockers:
        blocking = any_case(_blocker_pattern(blockers)), any_case(_blocker_starts(blockers))
    return any_case(alias_pattern(owner)), blocking, owner


def alias_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """Substance names as whole words, which may be hyphen-joined ("serine-rich").

    Unlike outcome terms, a hyphen may touch a name, because longer names such as
    "D-serine" are listed too and win at the same position. Names are compared as `_key`
    gives them (a space or hyphen matches any run of spaces or hyphens). The alternation is
    a prefix tree, so a sentence is scanned once however many substances the packs name;
    along the one path a text can take through the tree, longer names are tried first.
    """
    body = _trie_regex(_build_trie({_key(n) for n in names if n.strip()}))
    return re.compile(r"(?<!\w)" + body + r"(?:s|es)?(?!\w)", re.IGNORECASE)


def _blocker_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """Names that are not a substance's, as written (a hyphen is literal), longest first.

    Names are grouped by their first letter, behind a look-ahead for it, so a position is
    tried against one group rather than every name (the order within a group is kept, and
    no two ASCII letters match the same character, so the longest name still wins).
    """
    unique = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for name in unique:
        first = name[0].lower() if name[0].isascii() and name[0].isalnum() else ""
        groups.setdefault(first, []).append(re.escape(name).replace(r"\ ", r"[\s-]+"))
    if "" in groups:  # a name that opens with a symbol or a non-ASCII letter: no grouping
        parts = [re.escape(n).replace(r"\ ", r"[\s-]+") for n in unique]
    else:
        parts = [f"(?={re.escape(first)})(?:{'|'.join(group)})" for first, group in groups.items()]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?:s|es)?(?!\w)", re.IGNORECASE)


def _blocker_starts(names: Iterable[str]) -> re.Pattern[str]:
    """Matches where `_blocker_pattern` does, as one prefix tree (perhaps a shorter name).

    NOTE: the longest-first list is tried name by name wherever a name's first letter is,
    so it slows with each name the packs add; the tree is searched for the next match, and
    the list read only there.
    """
    body = _trie_regex(_build_trie({n.strip() for n in names if n.strip()}))
    return re.compile(r"(?<!\w)" + body + r"(?:s|es)?(?!\w)", re.IGNORECASE)


def _blocked_spans(text: str, index: ClaimIndex) -> list[tuple[int, int]]:
    """Where `index.blockers` matches in `text`, as its `finditer` would find."""
    if index.blockers is None:
        return []
    scan = index.blocker_starts or index.blockers
    return [match.span() for match in matches_found_by(scan, index.blockers, text)]


def build_index(pack: Pack) -> ClaimIndex:
    """Compile the pack's aliases, outcome terms and phrasings for matching."""
    aliases, blocking, owner = _alias_patterns(pack.substances.values())
    blockers, blocker_starts = blocking or (None, None)
    by_term: dict[tuple[str, str], list[IndexedClaim]] = {}
    terms_by_substance: dict[str, set[str]] = {}
    claims: dict[str, IndexedClaim] = {}
    for claim in pack.claims.values():
        indexed = _index_claim(claim, aliases)
        claims[claim.id] = indexed
        for term in pack.claim_terms(claim):
            key = _key(term)
            if indexed not in by_term.setdefault((claim.substance, key), []):
                by_term[(claim.substance, key)].append(indexed)
            terms_by_substance.setdefault(claim.substance, set()).add(term)
    outcomes = {
        sid: max(len(_key(term).split()) for term in terms)
        for sid, terms in terms_by_substance.items()
    }
    frozen = {key: tuple(value) for key, value in by_term.items()}
    registry = {s.identifiers.nct: s.substance for s in pack.studies.values() if s.identifiers.nct}
    concept_terms = frozenset(_key(t) for c in pack.concepts.values() for t in c.terms)
    conditions = {
        _key(t): _key(c.terms[0]) for c in pack.concepts.values() if c.disease for t in c.terms
    }
    # Every key a word run is looked up by: claim terms, concept terms, conditions.
    keys = {key for _, key in frozen} | concept_terms | set(conditions)
    terms = term_table(keys, max(outcomes.values(), default=1))
    return ClaimIndex(
        aliases,
        blockers,
        owner,
        outcomes,
        frozen,
        claims,
        registry,
        concept_terms,
        conditions,
        terms,
        blocker_starts,
    )


def find_mentions(text: str, index: ClaimIndex) -> list[Mention]:
    """Every substance named in `text`, skipping longer names that merely contain an alias."""
    blocked = _blocked_spans(text, index)
    # Blocked spans do not overlap and come in order: only the last to start at or before
    # a name can hold it (a search, not a scan: a long document holds many of them).
    blocked_starts = [b_start for b_start, _ in blocked]
    mentions = []
    for found in index.aliases.finditer(text):
        start, end = found.span()
        holder = bisect_right(blocked_starts, start) - 1
        if holder >= 0 and end <= blocked[holder][1]:
            continue
        owner = index.alias_owner.get(_key(_singular(found.group(0), index)))
        if owner is not None:
            mentions.append(Mention(owner, start, end))
    for found in REGISTRY_ID.finditer(text):
        owner = index.registry_ids.get(found.group(0).upper())
        if owner is not None:
            mentions.append(Mention(owner, found.start(), found.end()))
    return sorted(mentions, key=lambda m: m.start)


def _singular(word: str, index: ClaimIndex) -> str:
    """Undo the optional plural the alias pattern allows."""
    key = _key(word)
    if key in index.alias_owner:
        return word
    for suffix in ("es", "s"):
        if key.endswith(suffix) and key[: -len(suffix)] in index.alias_owner:
            return word[: -len(suffix)]
    return word


def main_substance(mentions: Iterable[Mention], known: Sequence[str]) -> str | None:
    """The substance an article is about: the most mentioned one (ties: pack order)."""
    counts = Counter(m.substance_id for m in mentions)
    if not counts:
        return None
    best = max(counts.values())
    return next(sid for sid in known if counts.get(sid) == best)


def sentence_subjects(
    sentence: str,
    mentions: Sequence[Mention],
    main: str | None,
    *,
    heading: bool = False,
    recent: str | None = None,
) -> list[Subject]:
    """Substances a sentence is about (see `lexicons/matching.yaml`).

    `recent` is the one substance the sentence before named, if any: "D-serine activates
    NMDA receptors. It may help schizophrenia." is about D-serine, whatever the article's
    main substance is.
    """
    cues = subject_cues()
    named = list(dict.fromkeys(m.substance_id for m in mentions))
    if main is None:
        return [Subject(sid) for sid in named]
    if named:  # most sentences: only a reference back before the names can add the main one
        if main not in named:
            reference = cues.anaphora.search(sentence)
            if reference is not None and reference.start() < min(m.start for m in mentions):
                named.insert(0, main)  # "It is a precursor of glycine": "it" is the main one
        return [Subject(sid) for sid in named]
    reference = cues.anaphora.search(sentence)
    if reference is not None and recent is not None:
        return [Subject(recent)]
    verb_first = elliptical(sentence)
    other = None if verb_first else _other_subject(sentence)  # "Boosts serotonin"
    if other is not None and (reference is None or other.start() < reference.start()):
        return []  # "Creatine remains the most researched supplement": about creatine
    if heading or reference is not None or verb_first:
        return [Subject(main)]
    return [Subject(main, implicit=True)]


# "Unlike melatonin pills, it ...": another substance named only as a comparison.
_COMPARED = any_case(
    re.compile(
        r"\b(?:unlike|like|than|instead of|rather than|as with|along with|together with|"
        r"alongside|compared (?:to|with)|versus|vs\.?)\s+(?:\w+\s+){0,2}$",
        re.IGNORECASE,
    )
)


def _other_subject(sentence: str) -> re.Match[str] | None:
    """The first other substance named as a subject, not as a comparison."""
    for found in subject_cues().other_subjects.finditer(sentence):
        if not _COMPARED.search(sentence, max(0, found.start() - 40), found.start()):
            return found
    return None


# Copy that drops its subject: bullets and taglines that open with a verb ("Crosses the
# blood-brain barrier", "Keeps brain cells from dying", "Clinically proven to ...").
_ELLIPTICAL = re.compile(
    r"^[\W\d]*(?:(?:clinically|scientifically|medically) |)"
    r"(?:[a-z]+(?:es|s)|proven|shown|studied|tested|backed|formulated|designed|made|gave|"
    r"kept|helped|worked|knocked|took)\b",
    re.IGNORECASE,
)
_NOT_VERBS = frozenset(
    [
        "studies",
        "researchers",
        "results",
        "patients",
        "people",
        "doctors",
        "scientists",
        "trials",
        "experts",
        "users",
        "customers",
        "adults",
        "children",
        "mice",
        "rats",
        "animals",
        "effects",
        "benefits",
        "levels",
        "doses",
        "its",
        "this",
        "has",
        "was",
        "is",
        "does",
        "as",
        "always",
        "sometimes",
        "perhaps",
    ]
)


def elliptical(sentence: str) -> bool:
    """Whether a sentence opens with a verb and has no subject of its own.

    After a short label too: "BRIGHTER MORNINGS: Supports a positive mood".
    """
    label = _LEAD_IN.match(sentence)
    found = _ELLIPTICAL.match(sentence[label.end() :] if label else sentence)
    if found is None:
        return False
    word = found.group(0).strip(" \t\n-*\u2022\u2013\u2014.:;0123456789").split()[-1]
    if word.isupper() and len(word) > 1:
        return False  # an abbreviation ("ALS affects ..."), not a verb
    return word.lower() not in _NOT_VERBS


@dataclass
class Candidate:
    """A claim whose terms a sentence mentions: where, and whether through its own terms."""

    indexed: IndexedClaim
    spans: list[tuple[int, int]]  # the own-term mentions when there are any, else all
    own: bool

    def add(self, span: tuple[int, int], *, own: bool) -> None:
        """One more mention; once an own term is seen, concept-only mentions are dropped."""
        if own and not self.own:
            self.spans, self.own = [span], True
        elif own or not self.own:
            self.spans.append(span)


def uncovered_substances(sentence: str, mentions: Sequence[Mention]) -> list[str]:
    """Supplements no loaded pack describes, named in a sentence that names no pack substance.

    claimcheck cannot judge what the sentence says about them, and should say so.
    """
    if mentions:
        return []
    found = subject_cues().other_substances.finditer(sentence)
    return [sentence[name.start() : name.end()] for name in found]  # as written


def _candidates(
    sentence: str, substance_id: str, index: ClaimIndex, topic: Topic | None = None
) -> dict[str, Candidate]:
    """Claims about `substance_id` whose terms (concepts or outcomes) the sentence mentions.

    Each comes with the spans of all its mentions, for `best_focus` to choose from. `topic`
    is the condition the copy last named: "the disease" stands for it.
    """
    found: dict[str, Candidate] = {}
    if substance_id not in index.outcomes:
        return found
    promises: bool | None = None  # whether the sentence promises a benefit: asked when needed
    rejected: set[str] = set()
    condition = topic.copy if topic else None
    # NOTE: keyed by identity: hashing a tuple of patterns hashes their compiled code, tens
    # of microseconds for a predicate class. Claims share requirement groups (`_requirement`).
    meets: dict[int, bool] = {}

    def met(requirement: tuple[AnyCase, ...]) -> bool:
        known = meets.get(id(requirement))
        if known is None:
            known = meets[id(requirement)] = _meets(sentence, requirement, condition)
        return known

    mentions = term_mentions(sentence, index.terms)
    if topic is not None:
        mentions = (*mentions, *_topic_mentions(sentence, topic, index))
    for key, span in mentions:
        for indexed in index.by_term.get((substance_id, key), ()):
            claim_id = indexed.claim.id
            if claim_id in rejected:
                continue
            if indexed.needs_benefit:
                if promises is None:
                    promises = _promises(sentence)
                if not promises:
                    continue
            own = key in indexed.own_terms
            if claim_id in found:
                found[claim_id].add(span, own=own)
            elif _excluded(sentence, indexed):
                rejected.add(claim_id)
            elif all(met(r) for r in indexed.requires):
                found[claim_id] = Candidate(indexed, [span], own)
            else:
                rejected.add(claim_id)
    return _specific_to_topic(found, sentence, substance_id, index, topic)


def _promises(sentence: str) -> bool:
    """Whether the sentence promises a benefit or cites evidence (what efficacy claims need)."""
    text = predicate_text(sentence)
    return any(pattern.search(text) for pattern in subject_cues().says_benefit)


def _specific_to_topic(
    found: dict[str, Candidate],
    sentence: str,
    substance_id: str,
    index: ClaimIndex,
    topic: Topic | None,
) -> dict[str, Candidate]:
    """General claims read as the claim on the condition the paragraph is about.

    In a report on the HSAN1 trial, "neuropathy scores worsened less on L-serine" is the HSAN1
    claim, not a claim about every neuropathy: a claim on the topic's condition that
    `narrows` a candidate takes its place.
    """
    condition = topic.before if topic else None
    if condition is None or not found:
        return found
    on_topic = index.by_term.get((substance_id, condition), ())
    if not on_topic:
        return found
    before = set(found)
    fits: dict[str, bool] = {}  # claim id -> whether the sentence can make it

    def fit(indexed: IndexedClaim) -> bool:
        claim_id = indexed.claim.id
        if claim_id not in fits:
            fits[claim_id] = not _excluded(sentence, indexed) and all(
                _meets(sentence, r, condition) for r in indexed.requires
            )
        return fits[claim_id]

    for general_id in list(found):
        # Only claims that narrow a candidate are checked against the sentence.
        narrower = next(
            (
                s
                for s in on_topic
                if general_id in s.claim.narrows and s.claim.id not in before and fit(s)
            ),
            None,
        )
        if narrower is not None and narrower.claim.id not in found:
            spans = found.pop(general_id).spans
            found[narrower.claim.id] = Candidate(narrower, spans, own=True)
    return found


# Words that stand for the condition a paragraph is about: "the disease", "this illness".
_CONDITION_REFERENCE = any_case(
    re.compile(
        r"\b(?:the|this|that|their|his|her|its) (?:disease|illness|condition|disorder)\b|"
        r"\b(?:the|these|those|both|all three|all) (?:diseases|illnesses|conditions|disorders)\b",
        re.IGNORECASE,
    )
)


def _topic_mentions(
    sentence: str, topic: Topic, index: ClaimIndex
) -> tuple[tuple[str, tuple[int, int]], ...]:
    """The copy's condition, where a sentence that names none refers to it.

    "The disease" stands for the condition the copy last named; a bare promise ("It's not a
    cure", "this stuff is buying me time") stands for the one its paragraph named.
    """
    if any(key in index.concept_terms for key, _ in term_mentions(sentence, index.terms)):
        return ()
    if topic.copy is not None:
        found = tuple((topic.copy, m.span()) for m in _CONDITION_REFERENCE.finditer(sentence))
        if found:
            return found
    promise = subject_cues().benefit.search(predicate_text(sentence)) if topic.paragraph else None
    return ((topic.paragraph, promise.span()),) if topic.paragraph and promise else ()


@dataclass(frozen=True)
class Topic:
    """The conditions a sentence's context is about: last named in the copy, in the paragraph.

    `before` is the condition the copy was about before this sentence, which may name a
    broader one itself ("neuropathy scores" in a report on the HSAN1 trial).
    """

    copy: str | None = None
    paragraph: str | None = None
    before: str | None = None


def condition_mentioned(sentence: str, index: ClaimIndex) -> str | None:
    """The last condition the sentence names, as its concept's first term ("als")."""
    found = [
        (span[1], span[1] - span[0], key)
        for key, span in term_mentions(sentence, index.terms)
        if key in index.conditions
    ]
    return index.conditions[max(found)[2]] if found else None


TOKEN = re.compile(r"[^\s\-\u2010-\u2015]+")
EDGE_PUNCTUATION = "\"'\u201c\u201d\u2018\u2019()[]{},.;:!?*_"
_EDGE = re.escape(EDGE_PUNCTUATION)
# A TOKEN without the punctuation at its edges, as group 1 (a token of edge punctuation
# only has none): leading edge characters, the word from its first to its last other
# character, trailing edge characters.
_WORD_IN_TOKEN = re.compile(
    rf"[{_EDGE}]*([^\s\-\u2010-\u2015{_EDGE}](?:[^\s\-\u2010-\u2015]*[^\s\-\u2010-\u2015{_EDGE}])?)"
    rf"[{_EDGE}]*"
)


# NOTE: a sentence is tokenised by several callers in a row; a few entries serve them.
@lru_cache(maxsize=32)
def _tokens(sentence: str) -> tuple[tuple[str, int, int], ...]:
    """Lower-case words with their spans; hyphens split words, as in outcome terms."""
    if sentence.isascii():  # lowered at once: ASCII keeps its offsets and its word breaks
        return tuple(
            [(m[1], m.start(1), m.end(1)) for m in _WORD_IN_TOKEN.finditer(sentence.lower())]
        )
    return tuple(
        [
            (m[1].lower().replace("\u2019", "'"), m.start(1), m.end(1))
            for m in _WORD_IN_TOKEN.finditer(sentence)
        ]
    )


# NOTE: the callers ask for one sentence's runs several times in a row; a few entries serve
# them, and a large cache of long table rows' runs once held gigabytes.
@lru_cache(maxsize=32)
def term_mentions(sentence: str, table: TermTable) -> tuple[tuple[str, tuple[int, int]], ...]:
    """Every run of up to `table.longest` words that is a key of the table, in text order.

    A run also counts without a plural ending ("sleep disorders" as "sleep disorder"). Runs
    overlap, so "sleep" is found inside "sleep quality" and "neuroprotection" inside "offer
    neuroprotection": each claim sees the terms it listed. A run is extended only while it
    begins a longer key.
    """
    tokens = _tokens(sentence)
    keys, prefixes, starts, longest = table.keys, table.prefixes, table.starts, table.longest
    found: list[tuple[str, tuple[int, int]]] = []
    count = len(tokens)
    for first, (key, start, end) in enumerate(tokens):
        if key not in starts:
            continue  # no key begins with this word: most words of a sentence
        word, last = key, first
        while True:  # the runs from `first`, one word longer each time
            if key in keys:
                found.append((key, (start, end)))
            if word[-1] == "s":  # cheap test first: most words have no plural ending
                if word.endswith("es") and len(word) > 3 and key[:-2] in keys:
                    found.append((key[:-2], (start, end)))
                if len(word) > 2 and key[:-1] in keys:
                    found.append((key[:-1], (start, end)))
            last += 1
            if key not in prefixes or last == count or last - first == longest:
                break
            word, _, end = tokens[last]
            key = f"{key} {word}"
    return tuple(found)


# NOTE: "[a-z]" matches what "[A-Z]" did, case being ignored, and lets the pattern have a twin.
CLAUSE_BREAK = any_case(
    re.compile(
        r"[;:\u2014\u2013]|\.\s+(?=[a-z])|\b(?:but|while|whereas|however|although)\b",
        re.IGNORECASE,
    )
)


def _clause_span(sentence: str, span: tuple[int, int]) -> tuple[int, int]:
    """Where the clause holding a span starts and ends (the sentence's breaks found once)."""
    return _clause_bounds(_clause_breaks(sentence), span, len(sentence))


# A condition on the reader: "if you are pregnant", "people with kidney disease (should)".
CONDITION = any_case(
    re.compile(
        r"\b(?:if|unless|whether|(?:people|patients|anyone|those|individuals|adults|children) "
        r"(?:with|who))\b[^;:.]*",
        re.IGNORECASE,
    )
)


def states_predicate(text: str) -> bool:
    """Whether the text says a substance does something (any predicate class)."""
    return any(pattern.search(text) for pattern in subject_cues().predicates.values())


_CLAUSE_LEAD = re.compile(r"[\s\W]*")
_NEW_PREDICATE = any_case(
    re.compile(r"\band (?:is|are|was|were|it|its|has|have|had|can|may|might|will|does|do)\b", re.I)
)


# NOTE: the checks on the words around a focus are asked once per rival claim on the same
# words; a few entries per sentence serve them.
@lru_cache(maxsize=64)
def not_a_claim(sentence: str, focus: tuple[int, int]) -> bool:
    """Whether the claim's words sit in advice to the reader or in a report of use.

    "Consider a dose reduction if kidney function declines" advises; "L-serine is mostly
    taken for memory support" reports what buyers do. Neither says what L-serine does.
    """
    start = _CLAUSE_LEAD.match(sentence, _clause_span(sentence, focus)[0]).end()  # type: ignore[union-attr]
    cues = subject_cues()
    if cues.advice_openers.match(sentence, start):
        return True
    # "is sold as a supplement and is not an approved treatment": a new predicate
    predicate = max(
        (m.end() for m in _NEW_PREDICATE.finditer(sentence, start, focus[0])), default=start
    )
    return cues.usage.search(sentence, predicate, focus[0]) is not None


def retracted(sentence: str, focus: tuple[int, int]) -> bool:
    """Whether a later clause takes back the claim ("..., but there is no evidence for this")."""
    return subject_cues().retractions.search(sentence, focus[1]) is not None


@lru_cache(maxsize=64)
def conditional_advice(sentence: str, focus: tuple[int, int]) -> bool:
    """Whether the claim's words sit in the condition of a piece of advice.

    "If you are pregnant, check with your doctor" asks a question of the reader; it does
    not claim that L-serine is (un)safe in pregnancy.
    """
    conditions = _conditions(sentence)
    if not conditions:
        return False  # most sentences: no advice needs looking for
    cues = subject_cues()
    for start, end in conditions:
        # "If kidney function declines, consider a lower dose": advice right after the
        # condition, in the imperative.
        comma = sentence.find(",", start, end)
        if comma < 0 or not start <= focus[0] < comma:
            continue
        after = _CLAUSE_LEAD.match(sentence, comma).end()  # type: ignore[union-attr]
        if cues.advice_openers.match(sentence, after):
            return True
    advice = cues.advice.search(sentence)
    if advice is None:
        return False
    for start, end in conditions:
        # The condition runs to the advice ("If you take medication, are pregnant, ...,
        # ask your doctor") or, when the advice comes first, to the end of the clause.
        until = advice.start() if advice.start() > start else end
        if start <= focus[0] < until:
            return True
    return False


# NOTE: asked once per focus; a few entries serve a sentence's foci.
@lru_cache(maxsize=32)
def _conditions(sentence: str) -> tuple[tuple[int, int], ...]:
    """Where the sentence states a condition on the reader (`CONDITION`)."""
    return tuple(m.span() for m in CONDITION.finditer(sentence))


def best_focus(
    sentence: str,
    spans: list[tuple[int, int]],
    indexed: IndexedClaim,
    aliases: AnyCase,
    scored: dict[str, tuple[int, str]] | None = None,
) -> tuple[int, int]:
    """Of several mentions, the one whose clause reads most like the claim.

    `scored` collects the claim's score of each normalised clause: the caller scores the
    whole sentence next, often one of them.
    """
    if len(spans) == 1:
        return spans[0]
    breaks = _clause_breaks(sentence)
    scores: dict[tuple[int, int], int] = {}  # one score per clause, however many mentions
    memo: dict[str, tuple[int, str]] = {} if scored is None else scored

    def fit(span: tuple[int, int]) -> tuple[int, int]:
        bounds = _clause_bounds(breaks, span, len(sentence))
        if bounds not in scores:
            clause = normalised_without_aliases(sentence[bounds[0] : bounds[1]], aliases)
            if clause not in memo:
                memo[clause] = score_claim(clause, indexed)
            scores[bounds] = memo[clause][0]
        return scores[bounds], span[1] - span[0]

    return max(spans, key=fit)


@lru_cache(maxsize=256)
def _clause_breaks(sentence: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in CLAUSE_BREAK.finditer(sentence))


def _clause_bounds(
    breaks: Sequence[tuple[int, int]], span: tuple[int, int], length: int
) -> tuple[int, int]:
    """The clause around a span, from the sentence's clause breaks (found once)."""
    index = bisect_left(breaks, (span[0], span[0]))
    start = breaks[index - 1][1] if index > 0 and breaks[index - 1][1] <= span[0] else 0
    following = bisect_left(breaks, (span[1], span[1]))
    end = breaks[following][0] if following < len(breaks) else length
    return start, end


def score_claim(sentence_norm: str, indexed: IndexedClaim) -> tuple[int, str]:
    """How closely a sentence says what a claim says, 0-100, and the closest phrasing.

    The better of two measures: the best fuzzy token-set ratio against one phrasing, and,
    for short sentences, the share of the sentence's words found anywhere in the claim's
    phrasings (short copy mixes words from several ways of saying the same thing).
    """
    best, best_phrasing = 0.0, ""
    # The first of equally close phrasings wins, as extractOne keeps the first best.
    found = process.extractOne(sentence_norm, indexed.phrasings, scorer=fuzz.token_set_ratio)
    if found is not None and found[1] > 0:
        best, best_phrasing = found[1], indexed.raw_phrasings[found[2]]
    words = sentence_norm.split()
    if MIN_COVERAGE_WORDS <= len(words) <= MAX_COVERAGE_WORDS:
        covered = sum(word in indexed.vocabulary for word in words)
        best = max(best, 100.0 * covered / len(words))
    return round(best), best_phrasing


def match_sentence(
    sentence: str,
    subjects: Sequence[Subject],
    index: ClaimIndex,
    min_score: int = DEFAULT_MIN_SCORE,
    topic: Topic | None = None,
) -> list[Match]:
    """Claims the sentence makes about its subjects, best first."""
    if not subjects:
        return []  # about another substance, or none
    if _opens_with_condition(sentence, index) and not index.aliases.search(sentence):
        return []  # "ALS affects the nerve cells ...; no drug reverses it": about the disease
    kept: list[Match] = []
    for subject in subjects:
        candidates = _candidates(sentence, subject.substance_id, index, topic)
        if not candidates:
            continue  # most sentences: nothing below is worth computing
        sentence_norm = normalised_without_aliases(sentence, index.aliases)
        matches = []
        for claim_id, candidate in candidates.items():
            match = _match(sentence, sentence_norm, claim_id, candidate, subject, index, min_score)
            if match is not None:
                matches.append(match)
        if matches and _subject_negated(sentence, subject.substance_id, index):
            matches = [replace(m, subject_negated=True) for m in matches]
        # Each substance gets its own reading: "D-serine damaged rats' kidneys, which
        # L-serine did not" makes a claim about each, on the same words.
        kept += _keep_best_per_focus(_drop_narrowed(_drop_weak(matches, min_score), index))
    ranked = sorted(kept, key=lambda m: (-m.rank, m.claim_id))
    return [
        m
        for m in ranked
        if all(
            m.rank >= k.rank - OTHER_SUBSTANCE_MARGIN for k in ranked if _overlaps(k.focus, m.focus)
        )
    ]


def _match(
    sentence: str,
    sentence_norm: str,
    claim_id: str,
    candidate: Candidate,
    subject: Subject,
    index: ClaimIndex,
    min_score: int,
) -> Match | None:
    """One candidate claim as a match, or None when the sentence does not make it."""
    indexed = candidate.indexed
    scored: dict[str, tuple[int, str]] = {}
    focus = best_focus(sentence, candidate.spans, indexed, index.aliases, scored)
    if indexed.needs_benefit and _framed(sentence, focus):
        return None
    # NOTE: the phrasing score comes last: the checks on the words around the focus are
    # cached per sentence and focus (rival claims share them), the score is per claim.
    if conditional_advice(sentence, focus) or not_a_claim(sentence, focus):
        return None
    clear = clear_claim(sentence, focus, indexed)
    if subject.implicit:
        needed = (
            min(min_score, IMPLICIT_CLEAR_SCORE) if clear else min_score + IMPLICIT_SUBJECT_PENALTY
        )
    else:
        needed = 0 if clear else min(min_score, LOOSE_FLOOR)
    score, phrasing = scored.get(sentence_norm) or score_claim(sentence_norm, indexed)
    if score < needed:
        return None
    rank = score + (OWN_TERM_BONUS if candidate.own else 0)
    rank += REQUIRES_BONUS * len(indexed.requires)
    return Match(claim_id, score, focus, phrasing, rank, candidate.own)


def _opens_with_condition(sentence: str, index: ClaimIndex) -> bool:
    """Whether the sentence's first words name a disease (its subject).

    A short lead-in label does not count: "If you're new here: ALS ... takes away ...".
    """
    label = _LEAD_IN.match(sentence)
    after = label.end() if label else 0
    first = next((start for _, start, _ in _tokens(sentence) if start >= after), None)
    if first is None:
        return False
    return any(
        span[0] == first and key in index.conditions
        for key, span in term_mentions(sentence, index.terms)
    )


_LEAD_IN = re.compile(r"^[^:;]{0,40}:\s+")
_EXCLUDING = any_case(
    re.compile(r"\b(?:not\s+(?:with|in|for|from|by|of|to|on|about|)|unlike)\s*(?:the\s+)?$", re.I)
)


def _subject_negated(sentence: str, substance_id: str, index: ClaimIndex) -> bool:
    """Whether every mention of the substance is excluded ("not with L-serine", "unlike it")."""
    named = [
        m
        for m in index.aliases.finditer(sentence)
        if index.alias_owner.get(_key(_singular(m.group(0), index))) == substance_id
    ]
    return bool(named) and all(
        _EXCLUDING.search(sentence, max(0, m.start() - 20), m.start()) for m in named
    )


@lru_cache(maxsize=64)
def _framed(sentence: str, focus: tuple[int, int]) -> bool:
    """Whether a benefit word is framed as research interest or biochemistry."""
    start = _clause_span(sentence, focus)[0]
    return subject_cues().benefit_framing.search(sentence, start, focus[0]) is not None


@lru_cache(maxsize=2048)
def predicate_text(sentence: str) -> str:
    """The sentence with `not_predicates` phrases blanked out (same length, same offsets)."""
    return subject_cues().not_predicates.sub(lambda m: " " * len(m.group()), sentence)


def clear_claim(sentence: str, focus: tuple[int, int], indexed: IndexedClaim) -> bool:
    """Whether the clause holding the claim's words is short and says something about them.

    "L-serine cures ALS." is a claim however little it resembles the claim's phrasings; in
    "... have generated investigational interest in neuroprotective applications, ..." the
    word "neuroprotective" sits in a long clause that promises nothing.
    """
    return _predicate_near(sentence, focus, benefit=indexed.needs_benefit) or (
        not indexed.needs_benefit and bool(indexed.requires)
    )


@lru_cache(maxsize=64)
def _predicate_near(sentence: str, focus: tuple[int, int], *, benefit: bool) -> bool:
    """Whether a predicate (a promise of benefit, when `benefit`) sits next to the focus."""
    start, end = _clause_span(sentence, focus)
    # A predicate more than a few words away cannot count, so only a window around the
    # claim's words is searched: the cost per mention stays constant in a long clause.
    start = max(start, focus[0] - CLEAR_WINDOW_CHARS)
    end = min(end, focus[1] + CLEAR_WINDOW_CHARS)
    cues = subject_cues()
    patterns = list(cues.says_benefit if benefit else cues.predicates.values())
    text = predicate_text(sentence)
    for pattern in patterns:
        for cue in pattern.finditer(text, start, end):
            if focus[0] <= cue.start() and cue.end() <= focus[1]:
                continue  # the claim's own words are not its predicate
            if cue.start() < focus[1] and focus[0] < cue.end():
                return True  # a cue built around them is: "patients reported nausea"
            gap = (
                sentence[cue.end() : focus[0]]
                if cue.end() <= focus[0]
                else sentence[focus[1] : cue.start()]
            )
            if len(gap.split()) <= CLEAR_WINDOW_WORDS:
                return True
    return False


def _drop_weak(matches: list[Match], min_score: int) -> list[Match]:
    """Matches below the threshold survive only near the sentence's best match."""
    if not matches:
        return matches
    best = max(m.score for m in matches)
    return [m for m in matches if m.score >= min_score or m.score >= best - SECONDARY_MARGIN]


def _drop_narrowed(matches: list[Match], index: ClaimIndex) -> list[Match]:
    """A specific claim that matched replaces the general claims it narrows.

    Only when the specific claim was found through its own terms: "lowers blood sugar"
    reaches the type 2 diabetes claim through the shared diabetes concept, but says nothing
    specific to type 2 diabetes.
    """
    matched = {m.claim_id for m in matches}
    narrowed = {
        general for m in matches if m.own for general in index.claims[m.claim_id].claim.narrows
    } & matched
    return [m for m in matches if m.claim_id not in narrowed]


def without_aliases(text: str, aliases: AnyCase) -> str:
    """Text with substance names removed: the subject is resolved before scoring."""
    return aliases.pattern.sub(" ", text)


def normalised_without_aliases(text: str, aliases: AnyCase) -> str:
    """`normalise(without_aliases(text, aliases))`.

    NOTE: ASCII text is lowered first and its names found by the twin pattern: `normalise`
    lowers the text anyway, and the twin finds the same names twice as fast.
    """
    if aliases.twin is not None and text.isascii():
        return normalise(aliases.twin.sub(" ", text.lower()))
    return normalise(without_aliases(text, aliases))


def _keep_best_per_focus(matches: list[Match]) -> list[Match]:
    """Per outcome mention, keep the best claim and near-ties; order best first."""
    ranked = sorted(matches, key=lambda m: (-m.rank, m.claim_id))
    kept: list[Match] = []
    for match in ranked:
        rivals = [k for k in kept if _overlaps(k.focus, match.focus)]
        if not rivals or match.rank >= rivals[0].rank - TIE_MARGIN:
            kept.append(match)
    return kept


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
