"""Evidence scoring: a tier per study, a verdict per claim, as two small tables.

Pure functions over pack models. The rules are the tables in `docs/pack-guide.md`
("From studies to a verdict"); each row is tested on its own. This module does not
look at sentences or wording (that is `wording.py` and `judge.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import IntEnum

from claimcheck.model import (
    Claim,
    ClaimKind,
    Design,
    EvidenceLink,
    Relation,
    Species,
    Status,
    Study,
    Verdict,
)

__all__ = [
    "ADEQUATE_N",
    "ADEQUATE_N_RARE",
    "Assessment",
    "Tier",
    "WeighedLink",
    "score_evidence",
    "study_tier",
]

ADEQUATE_N = 100  # a controlled trial this size can carry a general health claim
ADEQUATE_N_RARE = 10  # rare diseases cannot recruit more; a trial this size can


class Tier(IntEnum):
    """How much a study can carry; higher is stronger."""

    MECHANISTIC = 1
    ANIMAL = 2
    HUMAN_OBSERVATIONAL = 3
    HUMAN_PRELIMINARY = 4
    HUMAN_CONTROLLED = 5
    REFERENCE = 6

    @property
    def label(self) -> str:
        """Kebab-case name, as in DESIGN.md."""
        return self.name.lower().replace("_", "-")


CONTROLLED_DESIGNS = frozenset(
    {Design.RCT, Design.CONTROLLED_TRIAL, Design.META_ANALYSIS, Design.SYSTEMATIC_REVIEW}
)
OBSERVATIONAL_DESIGNS = frozenset({Design.COHORT, Design.CROSS_SECTIONAL, Design.ECOLOGICAL})
REVIEW_DESIGNS = frozenset(
    {Design.NARRATIVE_REVIEW, Design.SYSTEMATIC_REVIEW, Design.META_ANALYSIS}
)
REFERENCE_DESIGNS = frozenset({Design.REGULATORY, Design.REFERENCE})
FACTUAL_KINDS = frozenset(
    {ClaimKind.MECHANISM, ClaimKind.COMPOSITION, ClaimKind.REGULATORY, ClaimKind.EPIDEMIOLOGY}
)
NON_ANIMAL = frozenset({Species.HUMAN, Species.CELLS, Species.NONE})


def _adequately_sized(study: Study) -> bool:
    needed = ADEQUATE_N_RARE if study.population.rare_condition else ADEQUATE_N
    return study.population.n is not None and study.population.n >= needed


# The tier table: first row whose test holds gives the tier.
TIER_RULES: tuple[tuple[str, Callable[[Study], bool], Tier], ...] = (
    ("reference source", lambda s: s.design in REFERENCE_DESIGNS, Tier.REFERENCE),
    ("in vitro", lambda s: s.design is Design.IN_VITRO, Tier.MECHANISTIC),
    ("cells", lambda s: s.population.species is Species.CELLS, Tier.MECHANISTIC),
    ("non-human species", lambda s: s.population.species not in NON_ANIMAL, Tier.ANIMAL),
    ("narrative review", lambda s: s.design is Design.NARRATIVE_REVIEW, Tier.MECHANISTIC),
    ("no population", lambda s: s.population.species is Species.NONE, Tier.MECHANISTIC),
    ("observational", lambda s: s.design in OBSERVATIONAL_DESIGNS, Tier.HUMAN_OBSERVATIONAL),
    (
        "completed, adequately sized controlled human study",
        lambda s: (
            s.design in CONTROLLED_DESIGNS and s.status is Status.COMPLETED and _adequately_sized(s)
        ),
        Tier.HUMAN_CONTROLLED,
    ),
    ("other human study", lambda s: True, Tier.HUMAN_PRELIMINARY),
)


def study_tier(study: Study) -> Tier:
    """The tier of one study on its own (DESIGN.md's tier table)."""
    return next(tier for _, test, tier in TIER_RULES if test(study))


def _link_tier(study: Study, link: EvidenceLink, kind: ClaimKind) -> Tier:
    """A study's tier for one claim: factual claims take reviews and records as references."""
    if kind is ClaimKind.RESEARCH:
        return Tier.REFERENCE  # the study's own record settles facts about the study
    if kind in FACTUAL_KINDS and study.design in REVIEW_DESIGNS | REFERENCE_DESIGNS:
        return Tier.REFERENCE
    tier = study_tier(study)
    if link.relation is Relation.INDIRECT:
        return min(tier, Tier.MECHANISTIC)
    return tier


@dataclass(frozen=True)
class WeighedLink:
    """One evidence link with its study and the tier it counts at for this claim."""

    link: EvidenceLink
    study: Study
    tier: Tier
    role: Relation  # supports, contradicts, or other-substance after substance checks


@dataclass(frozen=True)
class Assessment:
    """A claim's verdict, why, and the evidence behind it."""

    verdict: Verdict
    curated: bool
    rule: str
    links: tuple[WeighedLink, ...]

    @property
    def supporting(self) -> tuple[WeighedLink, ...]:
        """Links that support the claim on its own substance."""
        return tuple(w for w in self.links if w.role is Relation.SUPPORTS)

    @property
    def contradicting(self) -> tuple[WeighedLink, ...]:
        """Links that contradict the claim."""
        return tuple(w for w in self.links if w.role is Relation.CONTRADICTS)

    @property
    def other_substance(self) -> tuple[WeighedLink, ...]:
        """Links whose evidence is about another substance."""
        return tuple(w for w in self.links if w.role is Relation.OTHER_SUBSTANCE)


def _role(link: EvidenceLink, study: Study, claim: Claim) -> Relation:
    """What a link does for the verdict: indirect links count as weak support."""
    if link.relation is Relation.CONTRADICTS:
        return Relation.CONTRADICTS
    if link.relation is Relation.OTHER_SUBSTANCE or study.substance != claim.substance:
        return Relation.OTHER_SUBSTANCE
    return Relation.SUPPORTS


def weigh_links(claim: Claim, studies: Mapping[str, Study]) -> tuple[WeighedLink, ...]:
    """Each resolvable evidence link with its role and tier."""
    weighed = []
    for link in claim.evidence:
        study = studies.get(link.study)
        if study is not None:
            tier = _link_tier(study, link, claim.kind)
            weighed.append(WeighedLink(link, study, tier, _role(link, study, claim)))
    return tuple(weighed)


TIER_VERDICT: dict[Tier, Verdict] = {
    Tier.REFERENCE: Verdict.SUPPORTED,
    Tier.HUMAN_CONTROLLED: Verdict.SUPPORTED,
    Tier.HUMAN_PRELIMINARY: Verdict.PRELIMINARY,
    Tier.HUMAN_OBSERVATIONAL: Verdict.OBSERVATIONAL_ONLY,
    Tier.ANIMAL: Verdict.ANIMAL_ONLY,
    Tier.MECHANISTIC: Verdict.MECHANISTIC_ONLY,
}


@dataclass(frozen=True)
class Balance:
    """Best supporting and contradicting tiers (0 = none) and whether other substances back it."""

    support: int
    contradict: int
    other_substance: bool


# The verdict table: first row whose test holds gives the verdict. `None` means: by tier.
VERDICT_RULES: tuple[tuple[str, Callable[[Balance], bool], Verdict | None], ...] = (
    (
        "only another substance's evidence",
        lambda b: not b.support and not b.contradict and b.other_substance,
        Verdict.WRONG_SUBSTANCE,
    ),
    ("no evidence", lambda b: not b.support and not b.contradict, Verdict.NO_EVIDENCE),
    ("contradicted, nothing supports", lambda b: not b.support, Verdict.CONTRADICTED),
    ("stronger evidence contradicts", lambda b: b.contradict > b.support, Verdict.CONTRADICTED),
    ("evidence of equal weight both ways", lambda b: b.contradict == b.support, Verdict.MIXED),
    ("best supporting tier", lambda b: True, None),
)


def _balance(links: tuple[WeighedLink, ...]) -> Balance:
    support = max((w.tier for w in links if w.role is Relation.SUPPORTS), default=0)
    contradict = max((w.tier for w in links if w.role is Relation.CONTRADICTS), default=0)
    other = any(w.role is Relation.OTHER_SUBSTANCE for w in links)
    return Balance(int(support), int(contradict), other)


def score_evidence(claim: Claim, studies: Mapping[str, Study]) -> Assessment:
    """The verdict of a claim from its evidence links; a curated verdict wins."""
    links = weigh_links(claim, studies)
    if claim.curated is not None:
        return Assessment(claim.curated.verdict, True, "curated", links)
    balance = _balance(links)
    rule, verdict = next((name, v) for name, test, v in VERDICT_RULES if test(balance))
    if verdict is None:
        verdict = TIER_VERDICT[Tier(balance.support)]
    return Assessment(verdict, False, rule, links)
