"""Judgement messages: every template rendered for every verdict, count and wording.

A reader sees these messages in every report format, so they are pinned word for word
where the wording matters and swept for grammar slips ("1 sentences", "by ()") everywhere.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from claimcheck.evidence import Assessment, Tier, WeighedLink
from claimcheck.findings import Code, Stance, Strength
from claimcheck.judge import DESIGN_NOUNS, count_studies, describe_evidence, judge
from claimcheck.model import Claim, ClaimKind, Design, EvidenceLink, Relation, Study, Verdict
from claimcheck.wording import PopulationKind, Wording
from tests.conftest import claim_data, study_data

NAMES = {"testine": "L-testine", "d-testine": "D-testine"}


def link(
    design: str = "rct",
    species: str = "human",
    relation: Relation = Relation.SUPPORTS,
    substance: str = "testine",
    tier: Tier = Tier.HUMAN_PRELIMINARY,
) -> WeighedLink:
    population = {"species": species, "n": 20}
    study = Study.model_validate(
        study_data(
            f"s-{design}-{species}", design=design, population=population, substance=substance
        )
    )
    role = Relation.OTHER_SUBSTANCE if substance != "testine" else relation
    if relation is Relation.INDIRECT:
        role = Relation.SUPPORTS
    return WeighedLink(EvidenceLink(study=study.id, relation=relation), study, tier, role)


def assessment(verdict: Verdict, *links: WeighedLink, curated: bool = False) -> Assessment:
    return Assessment(verdict, curated, "curated" if curated else "test", links)


RCT, MOUSE = link("rct"), link("animal", "mouse", tier=Tier.ANIMAL)
AGAINST = link("rct", relation=Relation.CONTRADICTS)
OTHER = link("rct", substance="d-testine")
INDIRECT = link("narrative-review", "none", Relation.INDIRECT, tier=Tier.MECHANISTIC)

# One realistic assessment per verdict, as the verdict table produces them.
TYPICAL = {
    Verdict.SUPPORTED: assessment(Verdict.SUPPORTED, RCT, RCT),
    Verdict.PRELIMINARY: assessment(Verdict.PRELIMINARY, RCT),
    Verdict.OBSERVATIONAL_ONLY: assessment(Verdict.OBSERVATIONAL_ONLY, link("cohort")),
    Verdict.ANIMAL_ONLY: assessment(Verdict.ANIMAL_ONLY, MOUSE, MOUSE, INDIRECT),
    Verdict.MECHANISTIC_ONLY: assessment(Verdict.MECHANISTIC_ONLY, INDIRECT),
    Verdict.MIXED: assessment(Verdict.MIXED, RCT, AGAINST),
    Verdict.CONTRADICTED: assessment(Verdict.CONTRADICTED, AGAINST),
    Verdict.WRONG_SUBSTANCE: assessment(Verdict.WRONG_SUBSTANCE, OTHER, OTHER),
    Verdict.NO_EVIDENCE: assessment(Verdict.NO_EVIDENCE),
}


def claim(kind: ClaimKind = ClaimKind.EFFICACY, **overrides: Any) -> Claim:
    return Claim.model_validate(claim_data(kind=kind.value, **overrides))


def wording(
    strength: Strength = Strength.CAUSAL,
    stance: Stance = Stance.ASSERTS,
    *,
    question: bool = False,
    population: PopulationKind | None = None,
) -> Wording:
    return Wording(
        stance=stance,
        strength=strength,
        population=population,
        population_term=None,
        reports_study=False,
        cues=(),
        question=question,
    )


# --- describing the evidence --------------------------------------------------------------


@pytest.mark.parametrize(
    ("verdict", "expected"),
    [
        (Verdict.SUPPORTED, "supported by 2 randomized trials"),
        (Verdict.PRELIMINARY, "preliminary evidence (1 randomized trial)"),
        (Verdict.OBSERVATIONAL_ONLY, "observational evidence only (1 cohort study)"),
        (Verdict.ANIMAL_ONLY, "animal-only evidence (2 mouse studies, plus 1 indirect)"),
        (Verdict.MECHANISTIC_ONLY, "mechanistic evidence only (no direct study, plus 1 indirect)"),
        (Verdict.MIXED, "mixed evidence (1 randomized trial for, 1 randomized trial against)"),
        (Verdict.CONTRADICTED, "contradicted by 1 randomized trial"),
        (
            Verdict.WRONG_SUBSTANCE,
            "the only evidence is for D-testine (2 randomized trials), not L-testine",
        ),
        (Verdict.NO_EVIDENCE, "no study in the pack backs this"),
    ],
    ids=str,
)
def test_evidence_description_of_each_verdict(verdict: Verdict, expected: str) -> None:
    assert describe_evidence(TYPICAL[verdict], "testine", NAMES) == expected


@pytest.mark.parametrize(
    ("verdict", "expected"),
    [
        (Verdict.SUPPORTED, "supported (curated verdict)"),
        (Verdict.PRELIMINARY, "preliminary evidence (curated verdict)"),
        (Verdict.OBSERVATIONAL_ONLY, "observational evidence only (curated verdict)"),
        (Verdict.ANIMAL_ONLY, "animal-only evidence (curated verdict)"),
        (Verdict.MECHANISTIC_ONLY, "mechanistic evidence only (curated verdict)"),
        (Verdict.MIXED, "mixed evidence (curated verdict)"),
        (Verdict.CONTRADICTED, "contradicted (curated verdict)"),
        (Verdict.WRONG_SUBSTANCE, "the evidence is for another substance (curated verdict)"),
        (Verdict.NO_EVIDENCE, "no study in the pack backs this (curated verdict)"),
    ],
    ids=str,
)
def test_curated_verdicts_read_as_plain_phrases(verdict: Verdict, expected: str) -> None:
    curated = assessment(verdict, RCT, curated=True)
    assert describe_evidence(curated, "testine", NAMES) == expected


def test_wrong_substance_names_every_other_substance() -> None:
    glycine = link("rct", substance="glycine")
    both = assessment(Verdict.WRONG_SUBSTANCE, OTHER, glycine)
    described = describe_evidence(both, "testine", NAMES)
    assert described == (
        "the only evidence is for D-testine and glycine (2 randomized trials), not L-testine"
    )


PLURALS = {
    Design.META_ANALYSIS: "meta-analyses",
    Design.SYSTEMATIC_REVIEW: "systematic reviews",
    Design.RCT: "randomized trials",
    Design.CONTROLLED_TRIAL: "controlled trials",
    Design.UNCONTROLLED_TRIAL: "uncontrolled trials",
    Design.CASE_SERIES: "case series",
    Design.CASE_REPORT: "case reports",
    Design.COHORT: "cohort studies",
    Design.CROSS_SECTIONAL: "cross-sectional studies",
    Design.ECOLOGICAL: "ecological studies",
    Design.ANIMAL: "animal studies",
    Design.IN_VITRO: "cell studies",
    Design.NARRATIVE_REVIEW: "reviews",
    Design.REGULATORY: "regulatory records",
    Design.REFERENCE: "reference sources",
}


def test_every_design_has_a_plural() -> None:
    assert set(PLURALS) == set(DESIGN_NOUNS) == set(Design)


@pytest.mark.parametrize("design", list(Design), ids=str)
def test_study_counts_agree_in_number(design: Design) -> None:
    one = link(design.value, "human")
    assert count_studies([one]) == f"1 {DESIGN_NOUNS[design]}"
    assert count_studies([one, one]) == f"2 {PLURALS[design]}"


@pytest.mark.parametrize(
    ("species", "one", "two"),
    [
        ("mouse", "1 mouse study", "2 mouse studies"),
        ("rat", "1 rat study", "2 rat studies"),
        ("monkey", "1 monkey study", "2 monkey studies"),
        ("dog", "1 animal study", "2 animal studies"),
    ],
)
def test_animal_counts_name_the_species(species: str, one: str, two: str) -> None:
    study = link("animal", species)
    assert count_studies([study]) == one
    assert count_studies([study, study]) == two


def test_meta_analyses_and_case_series_plurals() -> None:
    meta, series = link("meta-analysis"), link("case-series")
    assert count_studies([meta, meta]) == "2 meta-analyses"
    assert count_studies([series, series]) == "2 case series"
    assert count_studies([]) == "no study"


# --- judgement messages -------------------------------------------------------------------


ANIMAL_EVIDENCE = "animal-only evidence (2 mouse studies, plus 1 indirect)"


def message(
    verdict: Verdict, strength: Strength = Strength.CAUSAL, **kwargs: Any
) -> tuple[Code, str]:
    stance = kwargs.pop("stance", Stance.ASSERTS)
    kind = kwargs.pop("kind", ClaimKind.EFFICACY)
    found = judge(claim(kind), TYPICAL[verdict], wording(strength, stance, **kwargs), NAMES)
    return found.code, found.message


@pytest.mark.parametrize(
    ("verdict", "strength", "kwargs", "expected"),
    [
        (
            Verdict.PRELIMINARY,
            Strength.CAUSAL,
            {},
            (
                Code.OVERSTATED,
                "preliminary evidence (1 randomized trial), yet stated as an established fact",
            ),
        ),
        (
            Verdict.ANIMAL_ONLY,
            Strength.HEDGED,
            {},
            (
                Code.OVERSTATED,
                f"{ANIMAL_EVIDENCE}, yet stated as a possibility",
            ),
        ),
        (
            Verdict.ANIMAL_ONLY,
            Strength.CAUSAL,
            {},
            (
                Code.OVERSTATED,
                f"{ANIMAL_EVIDENCE}, yet stated as a human benefit",
            ),
        ),
        (
            Verdict.SUPPORTED,
            Strength.ABSOLUTE,
            {},
            (
                Code.OVERSTATED,
                "supported by 2 randomized trials, yet stated as a proven, certain effect",
            ),
        ),
        (
            Verdict.OBSERVATIONAL_ONLY,
            Strength.CAUSAL,
            {},
            (
                Code.OVERSTATED,
                "observational evidence only (1 cohort study), yet stated as an established fact",
            ),
        ),
        (
            Verdict.NO_EVIDENCE,
            Strength.ASSOCIATIVE,
            {},
            (Code.OVERSTATED, "no study in the pack backs this, yet stated as an established link"),
        ),
        (
            Verdict.NO_EVIDENCE,
            Strength.CAUSAL,
            {"kind": ClaimKind.MECHANISM},
            (Code.UNBACKED, "no study in the pack backs this"),
        ),
        (
            Verdict.CONTRADICTED,
            Strength.HEDGED,
            {},
            (Code.CONTRADICTED, "the claim is contradicted by 1 randomized trial"),
        ),
        (
            Verdict.WRONG_SUBSTANCE,
            Strength.HEDGED,
            {},
            (
                Code.WRONG_SUBSTANCE,
                "the only evidence is for D-testine (2 randomized trials), not L-testine",
            ),
        ),
        (
            Verdict.SUPPORTED,
            Strength.CAUSAL,
            {},
            (Code.WITHIN_EVIDENCE, "within the evidence: supported by 2 randomized trials"),
        ),
        (
            Verdict.SUPPORTED,
            Strength.HEDGED,
            {"stance": Stance.DENIES},
            (
                Code.CONTRADICTED,
                "denies what the evidence supports: supported by 2 randomized trials",
            ),
        ),
        (
            Verdict.ANIMAL_ONLY,
            Strength.HEDGED,
            {"stance": Stance.DENIES},
            (
                Code.WITHIN_EVIDENCE,
                f"the denial fits the evidence: {ANIMAL_EVIDENCE}",
            ),
        ),
        (
            Verdict.NO_EVIDENCE,
            Strength.CAUSAL,
            {"question": True},
            (Code.WITHIN_EVIDENCE, "a question, not a claim: no study in the pack backs this"),
        ),
    ],
)
def test_each_message_template_reads_as_a_sentence(
    verdict: Verdict, strength: Strength, kwargs: dict[str, Any], expected: tuple[Code, str]
) -> None:
    assert message(verdict, strength, **kwargs) == expected


# Slips a proofreader would mark: empty or dangling clauses, a number disagreeing with its
# noun, doubled or misplaced spaces and punctuation.
SLIPS = re.compile(
    r"\(\s*\)|\bby \(|\bby ;|\bby ,|\bby$|\bwith (?:no study in|the evidence is)"
    r"|\b1 (?:[a-z-]+ )?(?:studies|trials|reports|reviews|analyses|sources|records)\b"
    r"|\b(?:[02-9]|\d\d+) (?:[a-z-]+ )?(?:study|trial|report|review|analysis|source|record)\b"
    r"|  | [,.;:)]|\( |[,;:]\S|;;|,,|\.\."
)


@pytest.mark.parametrize("verdict", list(Verdict), ids=str)
@pytest.mark.parametrize("curated", [False, True], ids=["computed", "curated"])
def test_no_message_has_a_grammar_slip(verdict: Verdict, curated: bool) -> None:
    links = TYPICAL[verdict].links or (RCT,)
    judged = assessment(verdict, *links, curated=curated)
    combinations = itertools.product(
        Strength, Stance, [False, True], [None, *PopulationKind], ClaimKind
    )
    for strength, stance, question, population, kind in combinations:
        words = wording(strength, stance, question=question, population=population)
        text = judge(claim(kind), judged, words, NAMES).message
        assert not SLIPS.search(text), text
        assert text == text.strip() and not text.endswith(".")
