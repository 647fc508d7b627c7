"""Wording: how firmly a sentence states a claim, whether it denies it, and about whom.

Pipeline stage "assess wording" (segment -> match -> **assess wording** -> score evidence
-> judge). It takes one sentence and, optionally, the focus: the span of the words that
matched the claim (usually the outcome term). It returns a `Wording`. The cues live in
`lexicons/wording.yaml`; this module only interprets them (the file's header documents the
cue syntax). It must not look at claims, studies or verdicts (that is `judge.py`), and it
reads nothing but its own lexicon, once.

How a sentence is read:

1. **Scope.** With a focus, the sentence is cut into clauses at the lexicon's boundaries
   (``;`` ``:`` dashes, "but", "while", "although", ", and", "and is" ...); a sentence
   opening with "Although / While / Because / If ..." has its first clause end at the
   first comma, and an aside ("rather than X,", ", not X,") ends at its next comma.
   Relative and conditional segments ("which ...", "who ...", "if ...") and brackets are
   left out unless the focus is inside them, so "L-serine, which is not essential,
   improves sleep" still asserts; a segment runs to the next comma, and one in subject
   position ("People who take it may ...") stops at the main clause's first cue. The
   clause holding the focus is the scope. A clause that only continues the one before it
   (it opens with "that / whether / if", with a bare verb as in "may lower stress, and
   improve sleep", or has no verb at all as in "sleep, focus, and mood") takes that
   clause into its scope, so a governing "may" or "no evidence that" still reaches it.
   Without a focus the scope is the whole sentence minus those segments and a leading
   subordinate clause.
2. **Stance.** The scope denies the claim when it holds a negation cue that is not part of
   a longer phrase that only looks negative ("not only", "no doubt", "not without",
   "cannot be ruled out"). Negating determiners ("no supplement cures ALS") count only
   before the focus (without a focus: before the first wording cue), so "improves sleep
   with no side effects" still asserts. A negation inside the focus is the claim's own
   ("has no side effects", "cannot overdose" match claims worded that way), except a
   negated verb ("is not ...", "doesn't ..."), which still denies.
3. **Strength**, first rule that applies:

   - a question ("Does L-serine help sleep?") is hedged and asserts;
   - an absolute cue -> absolute, unless the scope denies ("not proven" is a denial);
   - a hedge -> hedged; it lowers causal and associative wording ("may help", "may be
     linked to");
   - an associative cue -> associative, unless a finite causal verb comes first
     ("reduces symptoms associated with ALS" is causal);
   - otherwise causal: any plain statement, with or without a listed verb.

   Why a hedge does not lower an absolute cue: readers separate three tiers, "makes X" >
   "can X" > "might X" / "linked to X" (Adams et al. 2017, research/anchors.md); hedged
   and associative are that bottom tier. Absolute cues ("cure", "proven", "guaranteed")
   name a complete or certain effect, and a "may" in front does not take the promise back:
   "may cure ALS" still tells the reader that the product can cure ALS. US rules bar
   supplement copy from claiming to cure a disease at all, and the FTC judges a claim by
   what consumers take away (anchors.md, section 7). So absolute cues are never lowered
   and "may cure" is absolute; the judge never allows absolute wording for efficacy
   claims. "Promising" and "preliminary" are hedges here although the FTC notes that
   readers take them as selling points; weighing that is the judge's job.
4. **Population**: the population cue in the scope nearest the focus; if the scope names
   none, the nearest in the sentence ("In rats it lowered anxiety, and it improved
   memory"). Bare "cells" ("protects brain cells") is a promised effect, not a laboratory
   population, so only laboratory wording ("in cell culture", "in vitro") gives `cells`;
   a human population counts only when named ("patients with ALS", "adults", "in people").
5. **reports_study**: a report phrase ("in a trial of 20 patients", "participants who
   took"), or a research subject followed by a reporting verb ("a study in mice found"),
   in the scope or in the clauses joined to it before. It is independent of strength:
   "Research shows that it cures ALS" reports a study and is absolute.

Speed: four regular-expression scans per sentence, each over several lists at once and
built as prefix trees, and the focus-free part of the work cached per sentence, because
the pipeline assesses a sentence once per claim it matches. Measured on the seed articles'
391 sentences: about 12,000 sentences a second uncached and 50,000 for a sentence seen
before, on one core of a shared machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from claimcheck import lexicons
from claimcheck.cues import WORD, compiled_alternation, cue_pattern, phrase_regex
from claimcheck.findings import Stance, Strength
from claimcheck.model import StrEnum
from claimcheck.records import Record

if TYPE_CHECKING:
    from claimcheck.lexicons.wording_file import LexiconFile

__all__ = [
    "Lexicon",
    "PopulationKind",
    "Scanner",
    "Wording",
    "assess_wording",
    "cue_pattern",
    "install_lexicon",
    "load_lexicon",
    "reports_a_study",
]


class PopulationKind(StrEnum):
    """What a sentence says was studied or affected."""

    HUMAN = "human"
    ANIMAL = "animal"
    CELLS = "cells"


@dataclass(frozen=True, kw_only=True)
class Wording(Record):
    """How one sentence words the claim it makes."""

    stance: Stance
    strength: Strength
    population: PopulationKind | None  # what the sentence says was studied, if it names it
    population_term: str | None  # the words, e.g. "mice", "patients with ALS"
    reports_study: bool  # reports what a study found, rather than promising a benefit
    cues: tuple[str, ...]  # the lexicon cues that decided stance and strength
    question: bool = False  # asks rather than states ("Does L-serine help sleep?")
    attributed: bool = False  # reports someone's view ("the authors suspect that ...")


# The cue syntax and its compiler live in `cues.py`, shared with the other lexicons.

# --- the compiled lexicon ----------------------------------------------------------------


class _Hit(NamedTuple):
    """One cue found in a sentence."""

    start: int
    end: int
    text: str  # as matched in the folded sentence


_MEMO_LIMIT = 8192


@dataclass(frozen=True)
class Scanner:
    """Several cue lists found in one pass over a sentence.

    Where cues overlap, the longest match wins and counts for every list that has a cue
    matching all of it: "not only" is only a not-denial (its "not" never counts),
    "unlikely" is both a hedge and a denial. One pass instead of one per list is most of
    what keeps the stage fast.
    """

    pattern: re.Pattern[str]
    lists: tuple[tuple[str, re.Pattern[str]], ...]  # each list alone, to classify a match
    memo: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)

    def scan(self, text: str) -> list[tuple[_Hit, frozenset[str]]]:
        """Every match in `text` with the names of the lists it belongs to."""
        return [
            (_Hit(m.start(), m.end(), m.group()), self._lists_of(m.group()))
            for m in self.pattern.finditer(text)
        ]

    def _lists_of(self, words: str) -> frozenset[str]:
        names = self.memo.get(words)
        if names is None:
            if len(self.memo) > _MEMO_LIMIT:  # NOTE: "+" phrases make the key set open
                self.memo.clear()
            names = frozenset(name for name, regex in self.lists if regex.fullmatch(words))
            self.memo[words] = names
        return names


def _scanner(lists: Mapping[str, Iterable[str]], phrase: str = WORD) -> Scanner:
    every = (cue for cues in lists.values() for cue in cues)
    return Scanner(
        pattern=compiled_alternation(every, phrase),
        lists=tuple((name, compiled_alternation(cues, phrase)) for name, cues in lists.items()),
    )


@dataclass(frozen=True)
class Lexicon:
    """The wording lexicon, compiled once (`load_lexicon`)."""

    words: Scanner  # the strength lists, the stance lists and "ignore"
    boundaries: Scanner  # clause boundaries ("join", "contrast") and "subordinate" openers
    population: Scanner  # lists named after `PopulationKind` values
    report: Scanner  # "phrase", "subject", "verb", "infinitive"
    leading: re.Pattern[str]
    conjunctions: re.Pattern[str]
    complementizers: re.Pattern[str]
    finite: re.Pattern[str]
    question_openers: re.Pattern[str]
    verb_negations: re.Pattern[str]
    attribution: re.Pattern[str]


def _compile(data: LexiconFile) -> Lexicon:
    strength, stance, clauses = data.strength, data.stance, data.clauses
    population, report = data.population, data.report
    words = {level.value: getattr(strength, level.value) for level in Strength}
    words |= {
        "denies": stance.denies,
        "denies_following": stance.denies_following,
        "not_denials": stance.not_denials,
        "ignore": data.ignore,
    }
    kinds = {kind.value: getattr(population, kind.value) for kind in PopulationKind}
    boundaries = {
        "join": clauses.join,
        "contrast": clauses.contrast,
        "aside": clauses.aside,
        "subordinate": clauses.subordinate,
    }
    reports = {
        "phrase": report.phrases,
        "subject": report.subjects,
        "verb": report.verbs,
        "infinitive": report.infinitives,
    }
    return Lexicon(
        words=_scanner(words),
        boundaries=_scanner(boundaries),
        population=_scanner(kinds, phrase_regex(population.phrase_stops)),
        report=_scanner(reports),
        leading=compiled_alternation(clauses.leading),
        conjunctions=compiled_alternation(clauses.conjunctions),
        complementizers=compiled_alternation(clauses.complementizers),
        finite=compiled_alternation(clauses.finite),
        question_openers=compiled_alternation(data.question.openers),
        verb_negations=compiled_alternation(stance.verb_negations),
        attribution=compiled_alternation(data.attribution),
    )


_installed: dict[str, Lexicon] = {}  # the lexicon brought by the compiled-pack cache


@cache
def load_lexicon() -> Lexicon:
    """Read, validate and compile the shipped lexicon (once per process, or per cache file)."""
    if "wording" in _installed:
        return _installed["wording"]
    from claimcheck.lexicons.wording_file import LexiconFile  # NOTE: only a cache miss

    data = LexiconFile.model_validate(lexicons.load("wording"))
    return _compile(data)


def install_lexicon(lexicon: object) -> None:
    """Use the lexicon an earlier process compiled (from the compiled-pack cache).

    NOTE: validating the lexicon file needs pydantic, which a cached run never imports.
    """
    if isinstance(lexicon, Lexicon):
        _installed["wording"] = lexicon
        load_lexicon.cache_clear()


# --- one sentence: cue hits --------------------------------------------------------------

_APOSTROPHES = "\u2018\u2019\u02bc\u2032"
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_SPACE = re.compile(r"[\s,;:\u2014\u2013\-\"'(]*")
_HAS_WORD = re.compile(r"\w")
_TRAILING = " \t\n\"')]}\u201d*"
_LEVELS = tuple((level.value, level) for level in Strength)

Span = tuple[int, int]
Kind = Literal["start", "join", "contrast", "aside", "leading", "main"]


class _Clause(NamedTuple):
    start: int
    end: int
    kind: Kind  # the boundary it opens with; "leading" | "main": "Although X, | Y"


class _Hits(NamedTuple):
    """The cue hits of one sentence, found once and then filtered by scope."""

    text: str  # the folded sentence
    levels: dict[Strength, list[_Hit]]  # the strength lists, every level present
    denies: list[_Hit]
    following: list[_Hit]  # negating determiners
    cuts: list[tuple[int, Kind]]  # where clauses start, with the kind of boundary
    subordinate: list[_Hit]  # openers of relative and conditional segments
    wording: list[_Hit]  # every strength cue, in sentence order
    brackets: list[Span]  # "( ... )" and "[ ... ]"
    population: list[tuple[_Hit, PopulationKind]]
    report: list[tuple[_Hit, frozenset[str]]]  # "phrase", "subject", "verb"


def _fold(sentence: str) -> str:
    """Lower case with straight apostrophes, keeping every character's position."""
    text = sentence
    for apostrophe in _APOSTROPHES:  # NOTE: str.replace is several times faster here
        if apostrophe in text:
            text = text.replace(apostrophe, "'")
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


def _hits(lexicon: Lexicon, text: str) -> _Hits:
    found: dict[str, list[_Hit]] = {}
    for hit, names in lexicon.words.scan(text):
        for name in names:
            found.setdefault(name, []).append(hit)
    cuts: list[tuple[int, Kind]] = []
    subordinate: list[_Hit] = []
    previous = 0
    for hit, names in lexicon.boundaries.scan(text):
        if "subordinate" in names:
            subordinate.append(hit)
        # NOTE: ", and is" matches two boundaries; an empty clause between them is dropped.
        elif _HAS_WORD.search(text, previous, hit.start):
            cuts.append((hit.start, _boundary_kind(names)))
            previous = hit.start
    levels = {level: found.get(name, []) for name, level in _LEVELS}
    return _Hits(
        text=text,
        levels=levels,
        denies=found.get("denies", []),
        following=found.get("denies_following", []),
        cuts=cuts,
        subordinate=subordinate,
        wording=sorted(hit for hits in levels.values() for hit in hits),
        brackets=[(m.start(), m.end()) for m in _BRACKETS.finditer(text)],
        population=[
            (hit, PopulationKind(min(names)))
            for hit, names in lexicon.population.scan(text)
            if names
        ],
        report=lexicon.report.scan(text),
    )


def _boundary_kind(names: frozenset[str]) -> Kind:
    if "aside" in names:
        return "aside"
    return "join" if "join" in names else "contrast"


@lru_cache(maxsize=1024)
def _analyse(sentence: str) -> tuple[_Hits, tuple[_Clause, ...]]:
    """Everything about a sentence that does not depend on the focus.

    NOTE: cached because the pipeline assesses a sentence once per claim it matches.
    Callers must not mutate the lists inside.
    """
    lexicon = load_lexicon()
    hits = _hits(lexicon, _fold(sentence))
    return hits, _clauses(lexicon, hits)


def _inside(hit: _Hit, spans: Sequence[Span]) -> bool:
    # NOTE: a plain loop: any() over a generator is measurably slower on this hot path.
    for start, end in spans:  # noqa: SIM110
        if start <= hit.start and hit.end <= end:
            return True
    return False


def _within(hits: Sequence[_Hit], spans: Sequence[Span]) -> list[_Hit]:
    return [hit for hit in hits if _inside(hit, spans)] if hits else []


# --- one sentence: clauses and scope -----------------------------------------------------


def _skip(text: str, position: int) -> int:
    """The first position at or after `position` that is not space or punctuation."""
    match = _SPACE.match(text, position)
    return match.end() if match else position


def _clauses(lexicon: Lexicon, hits: _Hits) -> tuple[_Clause, ...]:
    """The sentence cut into clauses (see the module docstring)."""
    text = hits.text
    starts: list[tuple[int, Kind]] = [(0, "start"), *hits.cuts]
    ends = [position for position, _ in starts[1:]] + [len(text)]
    clauses = [
        piece
        for (start, kind), end in zip(starts, ends, strict=True)
        for piece in _close_aside(text, _Clause(start, end, kind))
    ]
    first = clauses[0]
    comma = text.find(",", first.start, first.end)
    if comma > 0 and lexicon.leading.match(text, _skip(text, 0)):
        clauses[0:1] = [_Clause(0, comma, "leading"), _Clause(comma, first.end, "main")]
    return tuple(clauses)


def _close_aside(text: str, clause: _Clause) -> list[_Clause]:
    """An aside ("rather than X, ...") ends at its next comma; the clause resumes there."""
    comma = text.find(",", clause.start + 1, clause.end) if clause.kind == "aside" else -1
    if comma < 0:
        return [clause]
    return [_Clause(clause.start, comma, "aside"), _Clause(comma, clause.end, "join")]


def _segments(hits: _Hits, clause: _Clause) -> list[Span]:
    """Relative and conditional segments, and brackets, inside a clause."""
    text = hits.text
    segments = [(a, b) for a, b in hits.brackets if clause.start <= a and b <= clause.end]
    if not hits.subordinate:
        return segments
    cues = [hit.start for hit in hits.wording if clause.start <= hit.start < clause.end]
    for opener in hits.subordinate:
        if clause.start < opener.start < clause.end:
            segments.append((opener.start, _segment_end(text, clause, opener, cues)))
    return segments


def _segment_end(text: str, clause: _Clause, opener: _Hit, cues: list[int]) -> int:
    """Where a segment ends: at the next comma.

    An insertion right after the opener ("because, in some cases, ...") is stepped over.
    A segment in subject position ("People who skip meals may ...") also ends where the
    main clause's first wording cue begins.
    """
    position = _skip(text, opener.end)
    if text[opener.end : position].strip().startswith(","):
        inserted = text.find(",", position, clause.end)
        position = clause.end if inserted < 0 else inserted + 1
    comma = text.find(",", position, clause.end)
    end = clause.end if comma < 0 else comma
    if any(start < opener.start for start in cues):
        return end
    return min([start for start in cues if opener.end < start < end] or [end])


def _main_spans(hits: _Hits, clause: _Clause, focus: int | None) -> list[Span]:
    """The clause minus the segments that do not hold the focus."""
    spans = [(clause.start, clause.end)]
    for segment in _segments(hits, clause):
        if focus is None or not segment[0] <= focus < segment[1]:
            spans = [piece for span in spans for piece in _subtract(span, segment)]
    return spans


def _subtract(span: Span, cut: Span) -> list[Span]:
    pieces = [(span[0], min(span[1], cut[0])), (max(span[0], cut[1]), span[1])]
    return [(start, end) for start, end in pieces if start < end]


_LIST_INTRO = re.compile(
    r"\b(?:include|includes|included|including|are|were|such as|following|follows|namely)\s*\Z",
    re.IGNORECASE,
)


def _introduces_list(text: str, end: int) -> bool:
    """Whether a colon before `end` follows a list lead-in ("... include:")."""
    colon = text.rfind(":", 0, end + 1)
    return colon >= 0 and _LIST_INTRO.search(text, 0, colon) is not None


_ONLY = re.compile(r"only\b")


def _continues(lexicon: Lexicon, hits: _Hits, clause: _Clause) -> bool:
    """Whether a clause only continues the verb of the clause before it."""
    if clause.kind not in ("join", "contrast", "aside"):
        return False
    if hits.text.startswith((":", ";"), clause.start) and _introduces_list(hits.text, clause.start):
        return True  # "mechanisms include: (1) ...; (2) ...": the lead-in governs the list
    text, position = hits.text, _skip(hits.text, clause.start)
    while match := lexicon.conjunctions.match(text, position):
        position = _skip(text, match.end())
    if _ONLY.match(text, position):
        return False  # "no serious events and only mild upset": a restricted assertion
    if lexicon.complementizers.match(text, position):
        return True
    verbs = hits.levels[Strength.CAUSAL] + hits.levels[Strength.ABSOLUTE]
    if any(hit.start == position and _is_bare(hit.text) for hit in verbs):
        return True
    return not _has_verb(lexicon, hits, clause)


def _has_verb(lexicon: Lexicon, hits: _Hits, clause: _Clause) -> bool:
    """Whether a clause has a wording cue, a negation or a finite verb of its own."""
    span = [(clause.start, clause.end)]
    if _within(hits.wording, span) or _within(hits.denies, span):
        return True
    return bool(lexicon.finite.search(hits.text, clause.start, clause.end))


def _is_label(lexicon: Lexicon, hits: _Hits, clauses: Sequence[_Clause], index: int) -> bool:
    """A verbless lead-in before a colon ("Sleep: it may help"): its claim follows."""
    following = clauses[index + 1] if index + 1 < len(clauses) else None
    if following is None or not hits.text.startswith(":", following.start):
        return False
    return not _has_verb(lexicon, hits, clauses[index])


def _is_bare(cue: str) -> bool:
    """A base-form verb ("reduce", not "reduces"/"reduced"): it needs an earlier subject."""
    return not cue.split()[0].endswith(("s", "ed", "ing"))


def _scope(
    lexicon: Lexicon, hits: _Hits, clauses: Sequence[_Clause], index: int, focus: int | None
) -> list[Span]:
    """The spans that carry the claim.

    Its clause (minus foreign segments), the claim after a verbless label ("Sleep: ..."),
    and the clause it continues, recursively.
    """
    spans = _main_spans(hits, clauses[index], focus)
    if focus is not None and _is_label(lexicon, hits, clauses, index):
        spans += _main_spans(hits, clauses[index + 1], None)
    if index > 0 and _continues(lexicon, hits, clauses[index]):
        return _scope(lexicon, hits, clauses, index - 1, None) + spans
    return spans


def _report_scope(
    hits: _Hits, clauses: Sequence[_Clause], index: int, scope: list[Span]
) -> list[Span]:
    """The scope plus the clauses joined to it before ("A study found X; it also Y")."""
    spans = list(scope)
    while index > 0 and clauses[index].kind in ("join", "main"):
        index -= 1
        spans += _main_spans(hits, clauses[index], None)
    return spans


class _Scopes(NamedTuple):
    clause: _Clause | None  # the clause holding the focus
    focus: int | None  # where the focus starts
    own: Span  # the focus: negation inside it is the claim's own ("has no side effects")
    claim: list[Span]  # what stance, strength and population are read from
    report: list[Span]  # what reports_study is read from


def _scopes(
    lexicon: Lexicon,
    hits: _Hits,
    clauses: Sequence[_Clause],
    focus: tuple[int, int] | None,
) -> _Scopes:
    if focus is None:
        spans = [(clause, _main_spans(hits, clause, None)) for clause in clauses]
        claim = [span for clause, main in spans if clause.kind != "leading" for span in main]
        return _Scopes(None, None, (0, 0), claim, [span for _, main in spans for span in main])
    start = min(max(focus[0], 0), max(len(hits.text) - 1, 0))
    index = next(i for i, c in enumerate(clauses) if c.end > start or i == len(clauses) - 1)
    claim = _scope(lexicon, hits, clauses, index, start)
    own = (start, max(start, focus[1]))
    return _Scopes(clauses[index], start, own, claim, _report_scope(hits, clauses, index, claim))


# --- one sentence: the judgements --------------------------------------------------------


def _is_question(lexicon: Lexicon, text: str, clause: _Clause | None) -> bool:
    """A clause ending in "?", or a sentence that opens like a question and ends in one."""
    whole = text.rstrip(_TRAILING)
    if clause is None:
        return whole.endswith("?")
    if text[clause.start : clause.end].rstrip(_TRAILING).endswith("?"):
        return True
    return whole.endswith("?") and bool(lexicon.question_openers.match(text, _skip(text, 0)))


def _stance(
    lexicon: Lexicon, hits: _Hits, scopes: _Scopes, anchor: int
) -> tuple[Stance, list[_Hit]]:
    """Negation in the scope, except where it is part of the claim's own words."""
    cues = _within(hits.denies, scopes.claim)
    cues += [hit for hit in _within(hits.following, scopes.claim) if hit.end <= anchor]
    start, end = scopes.own
    cues = [
        hit
        for hit in cues
        if hit.end <= start or hit.start >= end or lexicon.verb_negations.fullmatch(hit.text)
    ]
    return (Stance.DENIES if cues else Stance.ASSERTS), sorted(cues)


def _strength(hits: _Hits, scope: Sequence[Span], *, denied: bool) -> tuple[Strength, list[_Hit]]:
    found = {level: _within(cues, scope) for level, cues in hits.levels.items()}
    if found[Strength.ABSOLUTE] and not denied:
        return Strength.ABSOLUTE, found[Strength.ABSOLUTE]
    if found[Strength.HEDGED]:
        return Strength.HEDGED, found[Strength.HEDGED]
    causal, associative = found[Strength.CAUSAL], found[Strength.ASSOCIATIVE]
    if associative and not any(
        hit.start < associative[0].start and _is_finite(hit.text) for hit in causal
    ):
        return Strength.ASSOCIATIVE, associative
    return Strength.CAUSAL, causal


def _is_finite(cue: str) -> bool:
    """A verb that carries the clause ("reduces", "can help"), not a participle."""
    return cue.startswith("can ") or cue.split()[0].endswith("s")


def _anchor(hits: _Hits, scope: Sequence[Span], focus: int | None) -> int:
    """Where negating determiners stop counting: the focus, else the first wording cue."""
    if focus is not None:
        return focus
    return min((hit.start for hit in _within(hits.wording, scope)), default=len(hits.text))


def _population(
    hits: _Hits, sentence: str, scope: Sequence[Span], focus: int | None
) -> tuple[PopulationKind | None, str | None]:
    """The population named nearest the focus: in the scope if it names one."""
    candidates = [pair for pair in hits.population if _inside(pair[0], scope)] or hits.population
    if not candidates:
        return None, None
    target = 0 if focus is None else focus

    def nearest(pairs: Sequence[tuple[_Hit, PopulationKind]]) -> tuple[_Hit, PopulationKind]:
        return min(pairs, key=lambda pair: (_distance(pair[0], target), pair[0].start))

    hit, kind = nearest(candidates)
    # "People with cancer should be cautious, because in mice serine helped tumours grow":
    # the animals named next to the claim are who was studied.
    closest, closest_kind = nearest(hits.population)
    if kind is PopulationKind.HUMAN and closest_kind is not PopulationKind.HUMAN:
        hit, kind = closest, closest_kind
    return kind, " ".join(sentence[hit.start : hit.end].split())


def _distance(hit: _Hit, position: int) -> int:
    return max(hit.start - position, position - hit.end, 0)


def _reports_study(hits: _Hits, spans: Sequence[Span]) -> bool:
    """A report phrase, or a research subject followed by a reporting verb."""
    subject = False
    for hit, names in hits.report:
        # NOTE: the start decides: "participants who took" opens a relative segment.
        if not any(start <= hit.start < end for start, end in spans):
            continue
        if "phrase" in names or (subject and "verb" in names):
            return True
        subject = subject or "subject" in names
    return False


def reports_a_study(sentence: str) -> bool:
    """Whether any part of the sentence reports a study, leading clauses included.

    `assess_wording` looks only at the clause carrying the claim; "When participants were
    given it, scores improved" reports its study in the leading clause.
    """
    hits, _ = _analyse(sentence)
    return _reports_study(hits, [(0, len(hits.text))])


def _cue_texts(hits: Iterable[_Hit]) -> tuple[str, ...]:
    """The cues as messages quote them: lower case, single spaces, each once."""
    return tuple(dict.fromkeys(" ".join(hit.text.split()) for hit in hits))


def assess_wording(sentence: str, focus: tuple[int, int] | None = None) -> Wording:
    """Assess the stance, strength, population and report framing of one sentence.

    `focus` is the span (in `sentence`) of the words that matched the claim; the clause
    that carries it is judged. Without it, the whole sentence is.
    """
    lexicon = load_lexicon()
    hits, clauses = _analyse(sentence)
    scopes = _scopes(lexicon, hits, clauses, focus)
    cues: tuple[str, ...] = ("?",)
    question = _is_question(lexicon, hits.text, scopes.clause)
    if question:
        stance, strength = Stance.ASSERTS, Strength.HEDGED
    else:
        anchor = _anchor(hits, scopes.claim, scopes.focus)
        stance, denials = _stance(lexicon, hits, scopes, anchor)
        strength, decisive = _strength(hits, scopes.claim, denied=stance is Stance.DENIES)
        cues = _cue_texts([*denials, *decisive])
    population, term = _population(hits, sentence, scopes.claim, scopes.focus)
    return Wording(
        stance=stance,
        strength=strength,
        population=population,
        population_term=term,
        reports_study=_reports_study(hits, scopes.report),
        cues=cues,
        question=question,
        attributed=lexicon.attribution.search(hits.text) is not None,
    )
