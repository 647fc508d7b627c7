"""Judgement: a claim's verdict plus a sentence's wording -> code, severity, message.

Pure functions; the rules are the tables of `docs/judging.md`. This module knows
nothing about files or positions (the pipeline adds those) and does not score evidence
(that is `evidence.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from claimcheck import digests
from claimcheck.evidence import Assessment, WeighedLink
from claimcheck.findings import Citation, Code, Severity, Stance, Strength
from claimcheck.model import Claim, ClaimKind, Design, Relation, Species, Study, Verdict
from claimcheck.wording import PopulationKind, Wording

__all__ = [
    "Judgement",
    "allowed_strength",
    "citations",
    "describe_evidence",
    "fingerprint",
    "judge",
    "study_citation",
]

# The strongest wording each verdict allows; None: no assertion at all.
ALLOWED: dict[Verdict, Strength | None] = {
    Verdict.SUPPORTED: Strength.CAUSAL,
    Verdict.PRELIMINARY: Strength.HEDGED,
    Verdict.OBSERVATIONAL_ONLY: Strength.ASSOCIATIVE,
    # DESIGN.md: animal evidence allows hedged wording only when the sentence names the
    # animal model, and then it describes that evidence (see DESCRIBABLE).
    Verdict.ANIMAL_ONLY: None,
    Verdict.MECHANISTIC_ONLY: Strength.HEDGED,
    Verdict.MIXED: Strength.HEDGED,
    Verdict.CONTRADICTED: None,
    Verdict.WRONG_SUBSTANCE: None,
    Verdict.NO_EVIDENCE: None,
}
# Verdicts whose evidence a sentence may describe in plain words when it reports a study
# of the right kind, or names the population the evidence comes from.
# NOTE: a report must name who was studied; "studies show X improves Y" is an appeal
# to evidence that still promises the benefit, not a description of a study.
DESCRIBABLE: dict[Verdict, frozenset[PopulationKind]] = {
    Verdict.SUPPORTED: frozenset({PopulationKind.HUMAN}),
    Verdict.PRELIMINARY: frozenset({PopulationKind.HUMAN}),
    Verdict.OBSERVATIONAL_ONLY: frozenset({PopulationKind.HUMAN}),
    Verdict.MIXED: frozenset({PopulationKind.HUMAN, PopulationKind.ANIMAL}),
    Verdict.ANIMAL_ONLY: frozenset({PopulationKind.ANIMAL}),
    Verdict.MECHANISTIC_ONLY: frozenset({PopulationKind.CELLS}),
}
BENEFIT_KINDS = frozenset({ClaimKind.EFFICACY, ClaimKind.DOSAGE})
SEVERITY: dict[Code, Severity] = {
    Code.OVERSTATED: Severity.ERROR,
    Code.CONTRADICTED: Severity.ERROR,
    Code.WRONG_SUBSTANCE: Severity.ERROR,
    Code.UNBACKED: Severity.WARNING,
    Code.WITHIN_EVIDENCE: Severity.INFO,
}


@dataclass(frozen=True)
class Judgement:
    """What a sentence's claim amounts to, before positions are attached."""

    code: Code
    severity: Severity
    overstated: bool
    message: str


def describes_evidence(verdict: Verdict, wording: Wording) -> bool:
    """Whether the sentence describes the evidence itself (a study, the animal, the cells)."""
    kinds = DESCRIBABLE.get(verdict, frozenset())
    if wording.population is not None and wording.population is not PopulationKind.HUMAN:
        return wording.population in kinds
    return wording.reports_study and wording.population in kinds


def allowed_strength(verdict: Verdict, wording: Wording, kind: ClaimKind) -> Strength | None:
    """The strongest wording allowed for this verdict in this sentence."""
    allowed = ALLOWED[verdict]
    if verdict is Verdict.MECHANISTIC_ONLY and kind is ClaimKind.MECHANISM:
        allowed = Strength.CAUSAL  # a mechanism is what mechanistic evidence can establish
    if verdict in DESCRIBABLE and describes_evidence(verdict, wording):
        allowed = Strength.CAUSAL
    if wording.attributed and verdict in DESCRIBABLE and _exceeds(Strength.HEDGED, allowed):
        allowed = Strength.HEDGED  # "he theorizes it could protect people": a reported view
    return allowed


def _exceeds(strength: Strength, allowed: Strength | None) -> bool:
    return allowed is None or strength.rank > allowed.rank


def judge(
    claim: Claim,
    assessment: Assessment,
    wording: Wording,
    names: Mapping[str, str],
    *,
    evidence: str | None = None,
) -> Judgement:
    """Apply the judgement table (docs/judging.md) to one matched sentence.

    `evidence` is `describe_evidence` of the claim, when the caller has it already.
    """
    verdict = assessment.verdict
    if evidence is None:
        evidence = describe_evidence(assessment, claim.substance, names)
    if wording.question:  # asks what the evidence says; the answer is the suggestion
        return _judgement(Code.WITHIN_EVIDENCE, False, f"a question, not a claim: {evidence}")
    if wording.stance is Stance.DENIES:
        if verdict is Verdict.SUPPORTED:
            message = f"denies what the evidence supports: {evidence}"
            return _judgement(Code.CONTRADICTED, False, message)
        return _judgement(Code.WITHIN_EVIDENCE, False, f"the denial fits the evidence: {evidence}")
    if verdict is Verdict.CONTRADICTED:
        return _judgement(Code.CONTRADICTED, True, f"the claim is {evidence}")
    if verdict is Verdict.WRONG_SUBSTANCE:
        return _judgement(Code.WRONG_SUBSTANCE, True, evidence)
    if verdict is Verdict.NO_EVIDENCE:
        if claim.kind in BENEFIT_KINDS:  # a promised benefit needs evidence, hedged or not
            message = f"{evidence}, yet stated as {_promise(wording.strength)}"
            return _judgement(Code.OVERSTATED, True, message)
        return _judgement(Code.UNBACKED, False, evidence)
    allowed = allowed_strength(verdict, wording, claim.kind)
    too_strong = _exceeds(wording.strength, allowed) or (
        wording.strength is Strength.ABSOLUTE and claim.kind is ClaimKind.EFFICACY
    )
    if too_strong:
        message = f"{evidence}, yet stated as {_promise(wording.strength, verdict)}"
        return _judgement(Code.OVERSTATED, True, message)
    return _judgement(Code.WITHIN_EVIDENCE, False, f"within the evidence: {evidence}")


def _judgement(code: Code, overstated: bool, message: str) -> Judgement:  # noqa: FBT001
    return Judgement(code, SEVERITY[code], overstated, message)


def _promise(strength: Strength, verdict: Verdict | None = None) -> str:
    """How the sentence's wording reads to a customer."""
    if strength is Strength.ABSOLUTE:
        return "a proven, certain effect"
    if strength is Strength.ASSOCIATIVE:
        return "an established link"
    if strength is Strength.HEDGED:
        return "a possibility"
    if verdict in (Verdict.ANIMAL_ONLY, Verdict.MECHANISTIC_ONLY):
        return "a human benefit"
    return "an established fact"


# --- describing the evidence ----------------------------------------------------------

DESIGN_NOUNS: dict[Design, str] = {
    Design.META_ANALYSIS: "meta-analysis",
    Design.SYSTEMATIC_REVIEW: "systematic review",
    Design.RCT: "randomized trial",
    Design.CONTROLLED_TRIAL: "controlled trial",
    Design.UNCONTROLLED_TRIAL: "uncontrolled trial",
    Design.CASE_SERIES: "case series",
    Design.CASE_REPORT: "case report",
    Design.COHORT: "cohort study",
    Design.CROSS_SECTIONAL: "cross-sectional study",
    Design.ECOLOGICAL: "ecological study",
    Design.ANIMAL: "animal study",
    Design.IN_VITRO: "cell study",
    Design.NARRATIVE_REVIEW: "review",
    Design.REGULATORY: "regulatory record",
    Design.REFERENCE: "reference source",
}
SPECIES_NOUNS: dict[Species, str] = {
    Species.MOUSE: "mouse study",
    Species.RAT: "rat study",
    Species.MONKEY: "monkey study",
    Species.CELLS: "cell study",
}
VERDICT_PHRASES: dict[Verdict, str] = {
    Verdict.SUPPORTED: "supported",
    Verdict.PRELIMINARY: "preliminary evidence",
    Verdict.OBSERVATIONAL_ONLY: "observational evidence only",
    Verdict.ANIMAL_ONLY: "animal-only evidence",
    Verdict.MECHANISTIC_ONLY: "mechanistic evidence only",
    Verdict.MIXED: "mixed evidence",
    Verdict.CONTRADICTED: "contradicted",
    Verdict.WRONG_SUBSTANCE: "the evidence is for another substance",
    Verdict.NO_EVIDENCE: "no study in the pack backs this",
}


def study_noun(link: WeighedLink) -> str:
    """'mouse study', 'randomized trial', 'case report'..."""
    study = link.study
    if study.population.species is not Species.HUMAN and study.design is Design.ANIMAL:
        return SPECIES_NOUNS.get(study.population.species, "animal study")
    return DESIGN_NOUNS[study.design]


def count_studies(links: Sequence[WeighedLink]) -> str:
    """'2 mouse studies, 1 rat study'; 'no study' when there are none."""
    if not links:
        return "no study"
    counts = Counter(study_noun(link) for link in links)
    return ", ".join(f"{n} {_plural(noun, n)}" for noun, n in counts.most_common())


def _plural(noun: str, n: int) -> str:
    if n == 1:
        return noun
    if noun.endswith("study"):
        return noun[:-5] + "studies"
    if noun.endswith("series"):
        return noun
    if noun.endswith("analysis"):
        return noun[:-8] + "analyses"
    return noun + "s"


def describe_evidence(assessment: Assessment, substance_id: str, names: Mapping[str, str]) -> str:
    """A copy editor's summary of the evidence behind a verdict.

    `names` maps substance ids to the names readers know ("L-serine").
    """
    verdict = assessment.verdict
    phrase = VERDICT_PHRASES[verdict]
    if assessment.curated:
        return f"{phrase} (curated verdict)"
    if verdict is Verdict.WRONG_SUBSTANCE:
        others = sorted(
            {names.get(w.study.substance, w.study.substance) for w in assessment.other_substance}
        )
        counted = count_studies(assessment.other_substance)
        name = names.get(substance_id, substance_id)
        return f"the only evidence is for {_join_with_and(others)} ({counted}), not {name}"
    supporting = _direct_first(assessment.supporting)
    if verdict is Verdict.CONTRADICTED:
        return f"{phrase} by {count_studies(assessment.contradicting)}"
    if verdict is Verdict.SUPPORTED:
        return f"{phrase} by {supporting}"
    if verdict is Verdict.MIXED:
        return f"{phrase} ({supporting} for, {count_studies(assessment.contradicting)} against)"
    if verdict is Verdict.NO_EVIDENCE:
        return phrase
    return f"{phrase} ({supporting})"


def _join_with_and(names: Sequence[str]) -> str:
    """'D-serine', 'D-serine and glycine', 'a, b and c'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _direct_first(links: Sequence[WeighedLink]) -> str:
    """'1 randomized trial, plus 1 indirect': background studies counted apart."""
    direct = [w for w in links if w.link.relation is not Relation.INDIRECT]
    indirect = len(links) - len(direct)
    counted = count_studies(direct) if direct else "no direct study"
    return f"{counted}, plus {indirect} indirect" if indirect else counted


# --- citations and fingerprints -------------------------------------------------------


def citations(assessment: Assessment) -> tuple[Citation, ...]:
    """The studies behind the verdict, strongest first."""
    links = sorted(assessment.links, key=lambda w: (-w.tier, w.study.id))
    return tuple(study_citation(w.study) for w in links)


def study_citation(study: Study) -> Citation:
    """How a finding cites one study: its citation and every identifier."""
    return Citation(
        study_id=study.id,
        citation=study.citation(),
        pmid=study.identifiers.pmid,
        doi=study.identifiers.doi,
        nct=study.identifiers.nct,
        url=study.identifiers.url,
    )


_FINGERPRINT_NOISE = re.compile(r"[^\w]+")


def fingerprint(claim_id: str, sentence: str) -> str:
    """Stable id of (claim, sentence): survives case, spacing and punctuation edits."""
    normalised = _FINGERPRINT_NOISE.sub(" ", sentence.casefold()).strip()
    digest = digests.sha256(f"{claim_id}\x00{normalised}".encode()).hexdigest()
    return digest[:32]
