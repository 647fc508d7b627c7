"""The pipeline: the one place the stages are composed.

segment -> match -> assess wording -> score evidence -> judge -> Finding. Text stages
work on character spans; spans become 1-based line/column positions once, here, at the
edge. `audit_text` is the public Python API (re-exported as `claimcheck.audit_text`).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import groupby

from claimcheck.bidi import REORDERING, find_bidi
from claimcheck.cues import any_case
from claimcheck.evidence import Assessment, score_evidence
from claimcheck.findings import (
    Citation,
    Code,
    FileResult,
    Finding,
    Notice,
    NoticeCode,
    Severity,
    Span,
    Stance,
    StudyCheck,
    Verdict,
)
from claimcheck.judge import citations, describe_evidence, fingerprint, judge, study_citation
from claimcheck.match import (
    DEFAULT_MIN_SCORE,
    ClaimIndex,
    Match,
    Mention,
    Topic,
    build_index,
    condition_mentioned,
    elliptical,
    find_mentions,
    main_substance,
    match_sentence,
    retracted,
    sentence_subjects,
    states_predicate,
    uncovered_substances,
)
from claimcheck.model import Claim, ClaimKind, Study
from claimcheck.pack import Pack, load_pack
from claimcheck.segment import LineIndex, Sentence, segment_text, split_overlong
from claimcheck.sources import Document, SourceFormat, document_from_text
from claimcheck.studycheck import FIELD_NAMES, Mismatch, check_study
from claimcheck.studyrefs import (
    Reference,
    StudyIndex,
    build_study_index,
    clauses,
    find_reference,
    has_study_noun,
)
from claimcheck.suppress import apply_suppressions, blank_directives, parse_suppressions
from claimcheck.wording import PopulationKind, Wording, assess_wording, reports_a_study

__all__ = [
    "AuditOptions",
    "Engine",
    "ExplainedDocument",
    "Explanation",
    "SentenceClaim",
    "audit_document",
    "audit_text",
    "build_engine",
    "default_engine",
    "explain_document",
]

HEADING_MAX_WORDS = 12
# Longer "sentences" (run-on text with no full stop, table rows with hundreds of cells) are
# matched in pieces of at most this many characters: the longest sentence in the seed
# articles and the benchmark copy is under 700.
MAX_SENTENCE_CHARS = 2000
_TERMINAL = re.compile(r"[.!?:;\"\u201d)\]]\s*$")


@dataclass(frozen=True)
class AuditOptions:
    """Knobs of one audit run."""

    min_score: int = DEFAULT_MIN_SCORE
    ignore_claims: frozenset[str] = frozenset()
    substance: str | None = None  # main substance when the text names none
    today: date | None = None  # for suppression expiry; None: suppressions never expire
    report_unused_suppressions: bool = False


@dataclass(frozen=True)
class Part:
    """A stretch of a document's audited text, [start, end), checked by one worker.

    The claims of the sentences that start inside it are matched and judged; the sentences
    before it are still read for what they set up (the paragraph, the topic, a references
    list, the study named before), so a part's findings are exactly the whole run's there.
    `first` marks the part that reports the notices about the whole document.
    """

    start: int
    end: int
    first: bool = True

    def holds(self, sentence: Sentence) -> bool:
        """Whether the sentence starts inside this part."""
        return self.start <= sentence.start < self.end


@dataclass(frozen=True)
class Engine:
    """A pack compiled for auditing: the claim index and every claim's assessment."""

    pack: Pack
    index: ClaimIndex
    assessments: dict[str, Assessment]
    names: dict[str, str]
    # Each claim's citations, built once: findings share them instead of each holding a copy.
    citations: dict[str, tuple[Citation, ...]]
    studies: StudyIndex
    # Each claim's evidence in words (`describe_evidence`), for every finding on it.
    evidence: dict[str, str]


def build_engine(pack: Pack) -> Engine:
    """Compile a pack once; reuse the engine for every document."""
    assessments = {cid: score_evidence(claim, pack.studies) for cid, claim in pack.claims.items()}
    names = {sid: substance.name for sid, substance in pack.substances.items()}
    cited = {cid: citations(assessment) for cid, assessment in assessments.items()}
    studies = build_study_index(pack.studies, pack.concepts)
    evidence = {
        cid: describe_evidence(assessments[cid], claim.substance, names)
        for cid, claim in pack.claims.items()
    }
    return Engine(pack, build_index(pack), assessments, names, cited, studies, evidence)


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The engine for the shipped pack, built on first use."""
    return build_engine(load_pack())


@dataclass(frozen=True)
class SentenceClaim:
    """One claim found in one sentence, before it becomes a positioned Finding."""

    sentence: Sentence
    match: Match
    heading: bool
    # Up to three sentences before, nearest first, while in the same paragraph.
    previous: tuple[Sentence, ...] = ()


def is_heading(sentence: Sentence) -> bool:
    """A short line without final punctuation: a heading or a list label."""
    return len(sentence.text.split()) <= HEADING_MAX_WORDS and not _TERMINAL.search(sentence.text)


def find_claims(
    text: str,
    sentences: Sequence[Sentence],
    engine: Engine,
    options: AuditOptions,
    uncovered: dict[str, int] | None = None,
    part: Part | None = None,
) -> Iterator[SentenceClaim]:
    """Match every sentence (of `part`, if given) against the claims about its substances.

    Supplements named in sentences that name no pack substance are added to `uncovered`
    (lower-case name -> offset of the first mention).
    """
    index = engine.index
    mentions = find_mentions(text, index)
    main = main_substance(mentions, list(engine.pack.substances)) or options.substance
    starts = [m.start for m in mentions]  # sorted: find_mentions returns text order
    paragraph: list[Sentence] = []
    history: list[Sentence] = []
    recent: str | None = None
    in_references = False
    topic = Topic()  # the conditions the copy and the paragraph last named
    reference_lines = _ReferenceLines()
    newlines = [-1, *(m.start() for m in _NEWLINE.finditer(text))]
    for sentence in sentences:
        if part is not None and sentence.start >= part.end:
            return
        matching = part is None or part.holds(sentence)
        if paragraph and not _same_paragraph(text, paragraph[-1], sentence):
            paragraph, recent, topic = [], None, Topic(topic.copy)
        first, last = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
        inside = [
            Mention(m.substance_id, m.start - sentence.start, m.end - sentence.start)
            for m in mentions[first:last]
        ]
        if uncovered is not None and matching:
            for name in uncovered_substances(sentence.text, inside):
                uncovered.setdefault(name.lower(), sentence.start)
        heading = is_heading(sentence)
        if heading:
            in_references = bool(REFERENCES_HEADING.match(sentence.text)) or (
                in_references and bool(_YEAR.search(sentence.text))
            )
        line_start = newlines[bisect_left(newlines, sentence.start) - 1] + 1
        if (
            in_references
            or reference_lines.get(line_start, text, sentence)
            or ("|" in sentence.text and _NAVIGATION.search(sentence.text))
        ):
            continue  # a cited title is not the article's claim
        condition = condition_mentioned(sentence.text, index)
        so_far = topic.paragraph or topic.copy
        topic = Topic(condition or topic.copy, condition or topic.paragraph, so_far)
        if matching:
            subjects = sentence_subjects(
                sentence.text, inside, main, heading=heading, recent=recent
            )
            # "This data suggests ..." may refer back across a paragraph break.
            context = history if BACK_REFERENCE.match(sentence.text) else paragraph
            before = tuple(reversed(context[-3:]))
            for match in match_sentence(sentence.text, subjects, index, options.min_score, topic):
                if match.claim_id not in options.ignore_claims:
                    yield SentenceClaim(sentence, match, heading, before)
        paragraph.append(sentence)
        history = [*history[-2:], sentence]
        named = {m.substance_id for m in inside}
        recent = named.pop() if len(named) == 1 else None


# A reference-list entry: a link, an identifier, or authors and a year with a journal's
# volume and pages ("Ito Y, Takahashi S (2014). ... SpringerPlus 3:456").
_BRACKETED_SITE = r"\[[\w.-]+\.(?:com|org|net|gov|edu|io|co)\]"
_LINKISH = re.compile(
    rf"https?://|\bwww\.|{_BRACKETED_SITE}|\bdoi\s*:|\b10\.\d{{4,9}}/"
    r"|\bPMID\s*:?\s*\d|\bPMC\d{4,}",
    re.IGNORECASE,
)
# Where a line holds no other link text, only this part of `_LINKISH` can match; opening
# with a literal "[", it is searched far faster.
_BRACKETED_LINK = re.compile(_BRACKETED_SITE, re.IGNORECASE)
_CITED_AUTHORS = re.compile(
    r"\bet al\b|^\W*(?:\d+[.)]\s*)?[A-Z][\w'\u2019-]+,?\s+[A-Z]{1,3}\b\.?[,;]", re.MULTILINE
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}[a-z]?\b")
_VOLUME = re.compile(
    r"\b\d+\s*(?:\(\s*[\w\s-]+\))?\s*:\s*[eE]?\d+|\bpp?\.\s*\d+|\bvol\.", re.IGNORECASE
)


REFERENCES_HEADING = re.compile(
    r"^\W*(?:references|sources|bibliography|citations|works cited|further reading|"
    r"selected references|studies cited|literature cited|notes and references)\W*$",
    re.IGNORECASE,
)


# Text every `_LINKISH` match but a bracketed site holds, lower-cased: a line without any is
# searched only for a bracketed site. The dotted and dotless capital/small I match "i" in
# the pattern but lower-case to other text.
_LINK_TEXT = ("http", "www.", "doi", "10.", "pmid", "pmc")
_ODD_I = ("\u0130", "\u0131")


def in_reference_entry(line: str) -> bool:
    """Whether a line is a reference-list entry or a link."""
    lowered = line.lower()
    if any(text in lowered for text in _LINK_TEXT) or any(i in line for i in _ODD_I):
        if _LINKISH.search(line):
            return True
    elif "[" in line and _BRACKETED_LINK.search(line):
        return True
    return _cites_a_work(line)


def _cites_a_work(line: str) -> bool:
    """A reference-list entry (authors, year, volume and pages), not copy naming a PMID."""
    # The year first: the cheapest test, and the one most lines fail (a year holds "19" or
    # "20", found far faster than the pattern is searched).
    years = ("19" in line or "20" in line) and _YEAR.search(line)
    return bool(years and _CITED_AUTHORS.search(line) and _VOLUME.search(line))


_NEWLINE = re.compile("\n")
# Menus and link rows: "MORE FROM X: Walking and blood sugar | New sensors approved | ...".
_NAVIGATION = re.compile(r"^[^|]+\s\|\s[^|]+\s\|\s")


class _ReferenceLines:
    """`in_reference_entry` once per line: a long line holds many sentences."""

    def __init__(self) -> None:
        self.seen: dict[int, bool] = {}

    def get(self, start: int, text: str, sentence: Sentence) -> bool:
        if start not in self.seen:
            end = text.find("\n", sentence.end)
            self.seen[start] = in_reference_entry(text[start : end if end >= 0 else len(text)])
        return self.seen[start]


def _same_paragraph(text: str, first: Sentence, second: Sentence) -> bool:
    return "\n\n" not in text[first.end : second.start].replace("\r", "")


BACK_REFERENCE = re.compile(
    r"\W*(?:this|these|those|such|the) (?:data|study|studies|finding|findings|result|results|"
    r"research|work|evidence|experiment|experiments|trial|trials)\b",
    re.IGNORECASE,
)

# A sentence that goes on reporting results ("It also lowered blood glucose.") rather
# than addressing the reader ("It will help you too.").
_REPORTED_RESULT = any_case(
    re.compile(
        r"\b[a-z]{3,}ed\b|^\W*(?:this|these|the|such) (?:data|study|studies|finding|findings|"
        r"result|results|research|work|evidence|experiment|experiments)\b",
        re.IGNORECASE,
    )
)
_ADDRESSES_READER = any_case(re.compile(r"\b(?:you|your|will|can|should)\b", re.IGNORECASE))


def _continues_report(text: str) -> bool:
    return bool(_REPORTED_RESULT.search(text)) and not _ADDRESSES_READER.search(text)


def reported_population(previous: Sequence[Sentence]) -> Wording | None:
    """The wording of the nearest earlier sentence that names an animal or cell population.

    The look-back goes on only through sentences that continue reporting the same study.
    """
    for sentence in previous:
        earlier = assess_wording(sentence.text)
        if earlier.population in (PopulationKind.ANIMAL, PopulationKind.CELLS):
            return earlier
        if earlier.population is not None or not _continues_report(sentence.text):
            return None
    return None


# A short lead-in label ("Possible cause:", "Answer:", "Q2:") before the sentence proper.
_LABEL = re.compile(r"^\W*(?:[\w'\u2019-]+\s+){0,3}[\w'\u2019-]+\s*:\s+")


def without_label(text: str, focus: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """The sentence without a lead-in label, so "Cause: While X, Y" reads as "While X, Y"."""
    label = _LABEL.match(text)
    if label is None or focus[0] < label.end():
        return text, focus
    cut = label.end()
    return text[cut:], (focus[0] - cut, focus[1] - cut)


_TOPIC_CONDITION = re.compile(
    r"^\W*(?:if|when) (?:your|you're|you are|the) (?:goal|aim|concern|problem|issue|"
    r"interest|main concern|taking it for|looking for|trying to)\b[^,]*,",
    re.IGNORECASE,
)


def _in_topic_condition(text: str, focus: tuple[int, int]) -> bool:
    condition = _TOPIC_CONDITION.match(text)
    return condition is not None and focus[1] <= condition.end()


def assess_in_context(found: SentenceClaim) -> Wording | None:
    """The sentence's wording, read in its paragraph.

    A study's population is carried over from the sentence before when this one goes on
    reporting it ("It also lowered blood glucose."). A heading that claims nothing gives
    None.
    """
    text, focus = found.sentence.text, found.match.focus
    if _in_topic_condition(text, focus):
        # "If your goal is better sleep, L-serine might be worth a try": the condition names
        # the topic; the main clause says how firmly.
        wording = assess_wording(text)
    elif found.heading:
        wording = assess_wording(text, focus)
    else:
        wording = assess_wording(*without_label(text, focus))
    if found.heading and not wording.cues and not states_predicate(text) and not elliptical(text):
        return None  # a topic label ("Safety and dose"), not a claim; a bullet that
        # promises something ("Builds lean muscle") is one
    if wording.stance is Stance.ASSERTS and (
        found.match.subject_negated or retracted(found.sentence.text, found.match.focus)
    ):
        wording = wording.model_copy(update={"stance": Stance.DENIES})
    if not wording.reports_study and reports_a_study(found.sentence.text):
        # "When participants were given ..., scores improved": the report is in a leading
        # clause the claim's own clause does not include.
        wording = wording.model_copy(update={"reports_study": True})
    if wording.population is not None or not _continues_report(found.sentence.text):
        return wording
    earlier = reported_population(found.previous)
    if earlier is None:
        return wording
    return wording.model_copy(
        update={
            "population": earlier.population,
            "population_term": earlier.population_term,
            "reports_study": True,
        }
    )


@dataclass(frozen=True)
class Explanation:
    """A finding with the intermediate results behind it (for `check` and debugging)."""

    finding: Finding
    wording: Wording
    assessment: Assessment


def explain(
    found: SentenceClaim, document: Document, lines: LineIndex, engine: Engine
) -> Explanation | None:
    """Judge one sentence-claim, place it in the original file, keep the reasoning."""
    claim = engine.pack.claims[found.match.claim_id]
    assessment = engine.assessments[claim.id]
    wording = assess_in_context(found)
    if wording is None:
        return None
    judgement = judge(claim, assessment, wording, engine.names, evidence=engine.evidence[claim.id])
    start, end = document.span_to_original(found.sentence.start, found.sentence.end)
    line, column = lines.position(start)
    end_line, end_column = lines.position(end)
    finding = Finding(
        path=document.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        sentence=collapse_whitespace(found.sentence.text),
        claim_id=claim.id,
        claim=claim.statement,
        verdict=assessment.verdict,
        strength=wording.strength,
        stance=wording.stance,
        overstated=judgement.overstated,
        severity=judgement.severity,
        code=judgement.code,
        fingerprint=fingerprint(claim.id, found.sentence.text),
        match_score=found.match.score,
        message=sys.intern(judgement.message),  # a few dozen texts, repeated
        suggestion=claim.accurate_wording.strip(),
        citations=engine.citations[claim.id],
        claim_span=span_after_collapsing(found.sentence.text, found.match.focus),
    )
    return Explanation(finding, wording, assessment)


def collapse_whitespace(text: str) -> str:
    """The text on one line, each run of whitespace one space, none at either end."""
    return " ".join(text.split())


def span_after_collapsing(text: str, span: tuple[int, int]) -> Span | None:
    """Where `text[start:end]` lies in `collapse_whitespace(text)`; None if it holds no words."""
    start, end = span
    words = collapse_whitespace(text[start:end])
    if not 0 <= start <= end <= len(text) or not words:
        return None
    start += len(text[start:end]) - len(text[start:end].lstrip())
    before = collapse_whitespace(text[:start])
    if before and text[start - 1].isspace():
        before += " "
    return shared_span(len(before), len(before) + len(words))


@lru_cache(maxsize=4096)
def shared_span(start: int, end: int) -> Span:
    """A `Span`, one object per place: a long report holds tens of thousands of them."""
    return Span(start=start, end=end)


@dataclass(frozen=True)
class ExplainedDocument:
    """Every explained finding of one document, in file order, and what was not checked."""

    sentences: int
    explanations: list[Explanation]
    notices: tuple[Notice, ...]
    # What the copy says about studies that their records contradict (misreported-study).
    study_findings: tuple[Finding, ...] = ()


# "The trial enrolled 20 people": a sentence that goes on describing the study the sentence
# before named. Only definite references count; "it" and "they" are too often the substance.
_STUDY_ANAPHORA = any_case(
    re.compile(
        r"\b(?:the|this|that|these|its|their) (?:same )?(?:study|trial|experiment|pilot|paper|"
        r"research|work|researchers|investigators|scientists|authors|team)\b",
        re.IGNORECASE,
    )
)


def study_references(
    text: str, sentences: Sequence[Sentence], engine: Engine, part: Part | None = None
) -> Iterator[tuple[Sentence, tuple[int, int], Reference]]:
    """Each clause that describes one study of the registry, with that study.

    Clauses split a sentence where it may move on to another study ("Phase I had 20
    patients; the phase IIa trial was stopped"). A clause that names no study of its own
    goes on describing the one before it; a sentence that names none but refers back ("The
    trial was open-label.") takes the study the sentence before, in the same paragraph,
    named. Reference lists are skipped: a cited title is not the copy's description.

    With a `part`, only its sentences are yielded; its first paragraph is read from the
    paragraph's start, since a study named there may be what the part's first sentence
    goes on about.
    """
    previous: tuple[Sentence, Reference] | None = None
    in_references = False
    signals = [m.start() for m in engine.studies.signal.finditer(text)]
    cited: dict[tuple[int, int], bool] = {}  # NOTE: a line holds several sentences
    begin = _paragraph_start(text, sentences, part)
    for number, sentence in enumerate(sentences):
        if part is not None and sentence.start >= part.end:
            return
        if number < begin:  # before the part's paragraph: only where references begin
            if is_heading(sentence):
                in_references = bool(REFERENCES_HEADING.match(sentence.text))
            continue
        if is_heading(sentence):  # a heading can describe a study too: only a
            # references heading starts a part of the page that is not copy
            in_references = bool(REFERENCES_HEADING.match(sentence.text))
            if in_references:
                continue
        first = bisect_left(signals, sentence.start)
        if first == len(signals) or signals[first] >= sentence.end:
            previous = None  # names no study, no author, no identifier
            continue
        if in_references or _cites_a_work_on_lines(text, sentence, cited):
            continue
        named = [m.substance_id for m in find_mentions(sentence.text, engine.index)]
        current: Reference | None = None
        follows = previous is not None and _same_paragraph(text, previous[0], sentence)
        if previous is not None and follows and _STUDY_ANAPHORA.search(sentence.text):
            current = Reference(previous[1].study_id, "context", (0, 0))
        last: Reference | None = None
        for start, end in clauses(sentence.text):
            clause = sentence.text[start:end]
            found = find_reference(clause, engine.studies, named)
            if found is None and (not has_study_noun(clause) or _STUDY_ANAPHORA.search(clause)):
                found = current  # goes on about the study named before
            if found is not None:
                current = last = found
                if part is None or part.holds(sentence):
                    yield sentence, (start, end), found
        previous = (sentence, last) if last is not None else None


def _cites_a_work_on_lines(
    text: str, sentence: Sentence, seen: dict[tuple[int, int], bool]
) -> bool:
    """`_cites_a_work` of the lines holding the sentence, asked once per stretch (`seen`)."""
    start = text.rfind("\n", 0, sentence.start) + 1
    end = text.find("\n", sentence.end)
    lines = (start, end if end >= 0 else len(text))
    cites = seen.get(lines)
    if cites is None:
        cites = seen[lines] = _cites_a_work(text[lines[0] : lines[1]])
    return cites


def _paragraph_start(text: str, sentences: Sequence[Sentence], part: Part | None) -> int:
    """The number of the first sentence of the paragraph in which `part` begins (0: none)."""
    if part is None:
        return 0
    number = bisect_left([s.start for s in sentences], part.start)
    while 0 < number < len(sentences) and _same_paragraph(
        text, sentences[number - 1], sentences[number]
    ):
        number -= 1
    return number


def study_findings(
    document: Document,
    sentences: Sequence[Sentence],
    lines: LineIndex,
    engine: Engine,
    part: Part | None = None,
) -> tuple[Finding, ...]:
    """A misreported-study finding for each study fact the copy (or `part` of it) gets wrong."""
    out: dict[tuple[int, str], Finding] = {}
    references = study_references(document.text, sentences, engine, part)
    for sentence, (start, end), reference in references:
        study = engine.pack.studies[reference.study_id]
        whole_trial = reference.how in {"description", "context"}
        clause = sentence.text[start:end]
        for mismatch in check_study(clause, study, engine.studies, whole_trial=whole_trial):
            placed = replace(mismatch, span=(mismatch.span[0] + start, mismatch.span[1] + start))
            finding = misreported_study(placed, study, reference, sentence, document, lines)
            out.setdefault((sentence.start, finding.claim_id), finding)
    return tuple(out.values())


# How sure the reference is, as the finding's match score.
REFERENCE_SCORE = {"id": 100, "author-year": 95, "author": 90, "description": 80, "context": 75}


def misreported_study(
    mismatch: Mismatch,
    study: Study,
    reference: Reference,
    sentence: Sentence,
    document: Document,
    lines: LineIndex,
) -> Finding:
    """The finding for one contradicted fact about a study."""
    start, end = document.span_to_original(sentence.start, sentence.end)
    line, column = lines.position(start)
    end_line, end_column = lines.position(end)
    field = FIELD_NAMES[mismatch.field]
    claim_id = f"{study.id}#{mismatch.field}"
    cited = study.short_citation()
    return Finding(
        path=document.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        sentence=collapse_whitespace(sentence.text),
        claim_id=claim_id,
        claim=f"{cited}, {field}: {mismatch.record}",
        verdict=Verdict.CONTRADICTED,
        strength=assess_wording(sentence.text).strength,
        stance=Stance.ASSERTS,
        overstated=False,
        severity=Severity.ERROR,
        code=Code.MISREPORTED_STUDY,
        fingerprint=fingerprint(claim_id, sentence.text),
        match_score=REFERENCE_SCORE[reference.how],
        message=(
            f"{field}: the copy says “{mismatch.copy}”; the record of {cited} says "
            f"{mismatch.record}"
        ),
        suggestion=f"{field.capitalize()} per the record of {cited}: {mismatch.record}.",
        citations=(study_citation(study),),
        claim_span=span_after_collapsing(sentence.text, mismatch.span),
        study_check=StudyCheck(
            study=study.id,
            field=mismatch.field,
            copy_text=mismatch.copy,
            record_text=mismatch.record,
            reference=reference.how,
        ),
    )


def explain_document(
    document: Document, engine: Engine | None = None, options: AuditOptions | None = None
) -> ExplainedDocument:
    """Sentence count, every explained finding and the coverage notices of one document."""
    document = audited_text(document)
    read = read_part(document, engine or default_engine(), options or AuditOptions())
    return ExplainedDocument(
        read.sentences, read.explanations, read.notices(document), read.study_findings
    )


@dataclass(frozen=True)
class PartRead:
    """One document, or one part of it, explained; notices are made when parts are joined."""

    sentences: int  # in the whole document
    explanations: list[Explanation]
    study_findings: tuple[Finding, ...]
    uncovered: dict[str, int]  # supplements no pack covers -> offset of the first mention
    long_notices: tuple[Notice, ...]  # run-on text (the first part reports it)

    def notices(self, document: Document) -> tuple[Notice, ...]:
        """The coverage and long-sentence notices (`document` as audited)."""
        return reading_notices(document, self.uncovered, self.long_notices)


def reading_notices(
    document: Document, uncovered: dict[str, int], long_notices: tuple[Notice, ...]
) -> tuple[Notice, ...]:
    """What could not be checked as usual: supplements no pack covers, run-on text."""
    lines = LineIndex(document.original)
    return (*coverage_notices(document, lines, uncovered), *long_notices)


def read_part(
    document: Document, engine: Engine, options: AuditOptions, part: Part | None = None
) -> PartRead:
    """The explained findings of a document as audited (`audited_text`), or of one part."""
    whole = segment_text(document.text)
    sentences = split_overlong(whole, MAX_SENTENCE_CHARS)
    lines = LineIndex(document.original)
    uncovered: dict[str, int] = {}
    found = find_claims(document.text, sentences, engine, options, uncovered, part)
    explained = list(kept_readings(found, document, lines, engine))
    explained.sort(key=lambda e: e.finding.sort_key())
    long = [s for s in whole if len(s.text) > MAX_SENTENCE_CHARS]
    first = part is None or part.first
    long_notices = long_sentence_notices(document, lines, long) if first else ()
    studies = study_findings(document, sentences, lines, engine, part)
    explained = without_research_claims_on(studies, explained, engine.pack.claims)
    return PartRead(len(whole), explained, studies, uncovered, long_notices)


def kept_readings(
    found: Iterable[SentenceClaim], document: Document, lines: LineIndex, engine: Engine
) -> Iterator[Explanation]:
    """Each sentence's claims judged, then `one_reading_per_mention`.

    NOTE: sentence by sentence (the claims of a sentence come together), so that only the
    readings kept stay in memory, not every candidate of a long document.
    """
    for _, in_sentence in groupby(found, key=lambda item: item.sentence.start):
        judged = [
            (item, explanation)
            for item in in_sentence
            if (explanation := explain(item, document, lines, engine)) is not None
        ]
        yield from one_reading_per_mention(judged, engine.pack.claims)


def without_research_claims_on(
    studies: Sequence[Finding], explained: list[Explanation], claims: Mapping[str, Claim]
) -> list[Explanation]:
    """Drop a curated research claim's error where the record comparison has spoken.

    A pack keeps hand-written claims about studies ("the GRIN trial was randomized") for
    copy the record comparison cannot resolve. Where a sentence's study was found and a fact
    about it is misreported, the comparison's findings name the fields; the research claim
    about the same study would say it again.
    """
    misreported = {(f.line, f.column, f.study_check.study) for f in studies if f.study_check}
    return [
        e
        for e in explained
        if not (
            claims[e.finding.claim_id].kind is ClaimKind.RESEARCH
            and e.finding.severity is Severity.ERROR
            and any(
                (e.finding.line, e.finding.column, c.study_id) in misreported
                for c in e.finding.citations
            )
        )
    ]


def long_sentence_notices(
    document: Document, lines: LineIndex, long: Sequence[Sentence]
) -> tuple[Notice, ...]:
    """One notice, at the first of them, when run-on text was matched in pieces."""
    if not long:
        return ()
    count = f"{len(long)} stretch{'es' if len(long) != 1 else ''} of text"
    message = (
        f"{count} ran for over {MAX_SENTENCE_CHARS:,} characters without a sentence break "
        "and were checked in pieces cut at clause breaks"
    )
    return (info_notice(document, lines, long[0].start, NoticeCode.LONG_SENTENCE, message),)


def info_notice(
    document: Document, lines: LineIndex, offset: int, code: NoticeCode, message: str
) -> Notice:
    """An info notice placed at `offset` of the document's text."""
    line, column = lines.position(document.to_original(offset))
    return Notice(
        path=document.path,
        line=line,
        column=column,
        code=code,
        severity=Severity.INFO,
        message=message,
    )


def audited_text(document: Document) -> Document:
    """The document as it is audited: suppression directives in plain text are not copy.

    (Markdown and HTML stripping already drops them with the comments they sit in.)
    """
    if document.format is not SourceFormat.TEXT:
        return document
    return replace(document, text=blank_directives(document.text))


def one_reading_per_mention(
    judged: Sequence[tuple[SentenceClaim, Explanation]], claims: Mapping[str, Claim]
) -> list[Explanation]:
    """Where rival claims on the same words of a sentence disagree in severity, keep the best.

    Near-tie claims are all reported when they agree ("turns serine into serotonin" is both
    a false mechanism and an unbacked promise); a sentence never reads as an error and as
    within the evidence for the same words. Claims about different substances are not
    rivals: "Unlike D-serine, which harmed rats' kidneys, L-serine ..." makes one of each.
    """
    kept: dict[int, list[tuple[SentenceClaim, Explanation]]] = {}  # by sentence start
    for item, explanation in sorted(judged, key=lambda p: -p[0].match.rank):
        in_sentence = kept.setdefault(item.sentence.start, [])
        rivals = [
            e
            for i, e in in_sentence
            if _overlap(i.match.focus, item.match.focus)
            and claims[i.match.claim_id].substance == claims[item.match.claim_id].substance
        ]
        if all(e.finding.severity == explanation.finding.severity for e in rivals):
            in_sentence.append((item, explanation))
    return [explanation for pairs in kept.values() for _, explanation in pairs]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def coverage_notices(
    document: Document, lines: LineIndex, uncovered: dict[str, int]
) -> tuple[Notice, ...]:
    """One notice naming the supplements the copy discusses that no loaded pack covers."""
    if not uncovered:
        return ()
    names = ", ".join(uncovered)
    message = f"no knowledge pack covers: {names}; what the copy says about them was not checked"
    first = min(uncovered.values())
    return (info_notice(document, lines, first, NoticeCode.OUTSIDE_PACK, message),)


def audit_document(
    document: Document, engine: Engine | None = None, options: AuditOptions | None = None
) -> FileResult:
    """Every claim in one document, judged, positioned and filtered by its suppressions."""
    options = options or AuditOptions()
    # NOTE: as one part, so that a document shared out among workers joins the same way
    whole = audit_part(document, engine or default_engine(), options)
    return audit_parts(document, [whole], options)


def audit_parts(
    document: Document, parts: Sequence[PartFindings], options: AuditOptions
) -> FileResult:
    """The audit of a document read in parts (in text order), as `audit_document` gives it."""
    uncovered: dict[str, int] = {}
    for part in parts:
        for name, offset in part.uncovered.items():
            uncovered.setdefault(name, offset)
    notices = reading_notices(audited_text(document), uncovered, parts[0].long_notices)
    findings = [f for part in parts for f in part.findings]
    studies = [f for part in parts for f in part.study_findings]
    return audited_result(document, parts[0].sentences, (*findings, *studies), notices, options)


@dataclass(frozen=True)
class PartFindings:
    """A `PartRead` reduced to what crosses a process boundary: findings, not explanations."""

    sentences: int
    findings: tuple[Finding, ...]  # in file order
    study_findings: tuple[Finding, ...]
    uncovered: dict[str, int]
    long_notices: tuple[Notice, ...]


def audit_part(
    document: Document, engine: Engine, options: AuditOptions, part: Part | None = None
) -> PartFindings:
    """One part of a document (None: all of it) read, for `audit_parts`."""
    read = read_part(audited_text(document), engine, options, part)
    findings = tuple(e.finding for e in read.explanations)
    return PartFindings(
        read.sentences, findings, read.study_findings, read.uncovered, read.long_notices
    )


def audited_result(
    document: Document,
    sentences: int,
    found: Sequence[Finding],
    notices_found: Sequence[Notice],
    options: AuditOptions,
) -> FileResult:
    """The findings in file order, filtered by the document's suppressions, with all notices."""
    suppressions, invalid = parse_suppressions(document.original, document.path)
    outcome = apply_suppressions(
        sorted(found, key=Finding.sort_key),
        suppressions,
        path=document.path,
        today=options.today or date.min,
        report_unused=options.report_unused_suppressions,
    )
    notices = (
        *decoding_notices(document),
        *bidi_notices(document),
        *invalid,
        *outcome.notices,
        *notices_found,
    )
    return FileResult(
        path=document.path, sentences=sentences, findings=outcome.kept, notices=tuple(notices)
    )


def decoding_notices(document: Document) -> tuple[Notice, ...]:
    """The reader's notes (such as an encoding fallback) as notices on line 1."""
    return tuple(
        Notice(
            path=document.path,
            line=1,
            code=NoticeCode.DECODING_FALLBACK,
            severity=Severity.INFO,
            message=note,
        )
        for note in document.notices
    )


def bidi_notices(document: Document) -> tuple[Notice, ...]:
    """One notice, at the first of them, when the file holds bidirectional controls.

    The file as written is searched, not the extracted text, so a control hidden in markup
    counts too: what a reviewer's editor or browser shows is what can mislead. Controls that
    reorder whole runs make it a warning; marks alone (common in right-to-left copy), info.
    """
    found = find_bidi(document.original)
    if not found:
        return ()
    line, column = LineIndex(document.original).position(found[0][0])
    chars = [char for _, char in found]
    return (
        Notice(
            path=document.path,
            line=line,
            column=column,
            code=NoticeCode.BIDI_CONTROL,
            severity=Severity.WARNING if REORDERING.intersection(chars) else Severity.INFO,
            message=bidi_message(chars),
        ),
    )


def bidi_message(chars: Sequence[str]) -> str:
    """'the copy holds 2 bidirectional control characters (U+202E, U+202C), which ...'."""
    codes = [f"U+{ord(char):04X}" for char in dict.fromkeys(chars)]
    count = f"{len(chars)} bidirectional control character{'s' if len(chars) != 1 else ''}"
    return (
        f"the copy holds {count} ({', '.join(codes)}), which can make it display in a "
        f"different order than it is checked; reports show them as <{codes[0]}>"
    )


def audit_text(
    text: str,
    pack: Pack | None = None,
    *,
    path: str = "<text>",
    source_format: SourceFormat = SourceFormat.TEXT,
    options: AuditOptions | None = None,
) -> list[Finding]:
    """Audit a string and return its findings (the public Python API)."""
    engine = build_engine(pack) if pack is not None else default_engine()
    document = document_from_text(text, path=path, format=source_format)
    return list(audit_document(document, engine, options).findings)
