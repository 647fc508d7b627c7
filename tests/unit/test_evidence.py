"""Evidence scoring: one test per row of the tier table and of the verdict table."""

from __future__ import annotations

from typing import Any

import pytest

from claimcheck.evidence import TIER_RULES, VERDICT_RULES, Tier, score_evidence, study_tier
from claimcheck.model import Claim, Study, Verdict
from tests.conftest import claim_data, study_data


def study(study_id: str = "st", **overrides: Any) -> Study:
    return Study.model_validate(study_data(study_id, **overrides))


def human(design: str, n: int | None = 200, status: str = "completed", **more: Any) -> Study:
    population = {"species": "human", "condition": "adults", "n": n, **more}
    return study(design=design, population=population, status=status)


TIER_CASES = {
    "reference source": (
        study(design="regulatory", population={"species": "none"}),
        Tier.REFERENCE,
    ),
    "in vitro": (study(design="in-vitro", population={"species": "cells"}), Tier.MECHANISTIC),
    "cells": (study(design="animal", population={"species": "cells"}), Tier.MECHANISTIC),
    "non-human species": (
        study(design="rct", population={"species": "rat", "n": 500}),
        Tier.ANIMAL,
    ),
    "narrative review": (
        study(design="narrative-review", population={"species": "human"}),
        Tier.MECHANISTIC,
    ),
    "no population": (
        study(design="systematic-review", population={"species": "none"}),
        Tier.MECHANISTIC,
    ),
    "observational": (human("cohort", n=5000), Tier.HUMAN_OBSERVATIONAL),
    "completed, adequately sized controlled human study": (
        human("rct", n=100),
        Tier.HUMAN_CONTROLLED,
    ),
    "other human study": (human("rct", n=99), Tier.HUMAN_PRELIMINARY),
}


def test_every_tier_rule_has_a_case() -> None:
    assert {name for name, _, _ in TIER_RULES} == set(TIER_CASES)


@pytest.mark.parametrize("rule", list(TIER_CASES))
def test_tier_rule(rule: str) -> None:
    example, expected = TIER_CASES[rule]
    assert study_tier(example) is expected


@pytest.mark.parametrize(
    ("example", "expected"),
    [
        (human("rct", n=18, rare_condition=True), Tier.HUMAN_CONTROLLED),
        (human("rct", n=9, rare_condition=True), Tier.HUMAN_PRELIMINARY),
        (human("rct", n=None), Tier.HUMAN_PRELIMINARY),
        (human("rct", n=400, status="terminated"), Tier.HUMAN_PRELIMINARY),
        (human("uncontrolled-trial", n=400), Tier.HUMAN_PRELIMINARY),
        (human("case-report", n=1), Tier.HUMAN_PRELIMINARY),
        (human("meta-analysis", n=3000), Tier.HUMAN_CONTROLLED),
    ],
    ids=["rare-18", "rare-9", "n-unknown", "terminated", "uncontrolled", "case", "meta"],
)
def test_tier_edges(example: Study, expected: Tier) -> None:
    assert study_tier(example) is expected


STUDIES = {
    "rct": human("rct", n=300),
    "pilot": human("uncontrolled-trial", n=20),
    "mouse": study("mouse"),
    "mouse2": study("mouse2"),
    "cells": study("cells", design="in-vitro", population={"species": "cells"}),
    "other": study(
        "other", substance="d-testine", design="rct", population={"species": "human", "n": 35}
    ),
    "ref": study("ref", design="reference", population={"species": "none"}),
}
STUDIES = {key: value.model_copy(update={"id": key}) for key, value in STUDIES.items()}


def claim(*links: tuple[str, str], **overrides: Any) -> Claim:
    evidence = [{"study": s, "relation": r} for s, r in links]
    return Claim.model_validate(claim_data(evidence=evidence, **overrides))


VERDICT_CASES = {
    "only another substance's evidence": (claim(("other", "supports")), Verdict.WRONG_SUBSTANCE),
    "no evidence": (
        claim(("mouse", "indirect")).model_copy(update={"evidence": ()}),
        Verdict.NO_EVIDENCE,
    ),
    "contradicted, nothing supports": (claim(("mouse", "contradicts")), Verdict.CONTRADICTED),
    "stronger evidence contradicts": (
        claim(("mouse", "supports"), ("rct", "contradicts")),
        Verdict.CONTRADICTED,
    ),
    "evidence of equal weight both ways": (
        claim(("mouse", "supports"), ("mouse2", "contradicts")),
        Verdict.MIXED,
    ),
    "best supporting tier": (
        claim(("rct", "supports"), ("mouse", "contradicts")),
        Verdict.SUPPORTED,
    ),
}


def test_every_verdict_rule_has_a_case() -> None:
    assert {name for name, _, _ in VERDICT_RULES} == set(VERDICT_CASES)


@pytest.mark.parametrize("rule", list(VERDICT_CASES))
def test_verdict_rule(rule: str) -> None:
    example, expected = VERDICT_CASES[rule]
    assessment = score_evidence(example, STUDIES)
    assert assessment.verdict is expected
    assert assessment.rule == rule
    assert not assessment.curated


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ((("rct", "supports"),), Verdict.SUPPORTED),
        ((("pilot", "supports"), ("mouse", "supports")), Verdict.PRELIMINARY),
        ((("mouse", "supports"), ("cells", "supports")), Verdict.ANIMAL_ONLY),
        ((("cells", "supports"),), Verdict.MECHANISTIC_ONLY),
        ((("rct", "indirect"),), Verdict.MECHANISTIC_ONLY),
        ((("other", "other-substance"), ("mouse", "supports")), Verdict.ANIMAL_ONLY),
    ],
    ids=["controlled", "pilot", "animal", "cells", "indirect-caps", "other-ignored"],
)
def test_verdict_follows_best_supporting_tier(
    links: tuple[tuple[str, str], ...], expected: Verdict
) -> None:
    assert score_evidence(claim(*links), STUDIES).verdict is expected


def test_curated_verdict_wins_and_is_reported() -> None:
    curated = claim(
        ("rct", "supports"),
        curated={"verdict": "no-evidence", "rationale": "the trial measured sleep"},
    )
    assessment = score_evidence(curated, STUDIES)
    assert (assessment.verdict, assessment.curated, assessment.rule) == (
        Verdict.NO_EVIDENCE,
        True,
        "curated",
    )


def test_factual_claims_take_reviews_and_records_as_references() -> None:
    review = study("review", design="narrative-review", population={"species": "none"})
    studies = {**STUDIES, "review": review}
    mechanism = claim(("review", "supports"), kind="mechanism")
    efficacy = claim(("review", "supports"), kind="efficacy")
    research = claim(("pilot", "contradicts"), kind="research")
    assert score_evidence(mechanism, studies).verdict is Verdict.SUPPORTED
    assert score_evidence(efficacy, studies).verdict is Verdict.MECHANISTIC_ONLY
    assert score_evidence(research, studies).verdict is Verdict.CONTRADICTED
    assert (
        score_evidence(claim(("pilot", "supports"), kind="research"), studies).verdict
        is Verdict.SUPPORTED
    )
