"""The evidence behind a claim as plain facts: shared by the catalog's tables and `check`.

No rich here: `check` writes these as plain lines to a pipe without importing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimcheck.report.text import VERDICT_STYLES, Piece

if TYPE_CHECKING:
    from claimcheck.evidence import Assessment, WeighedLink
    from claimcheck.model import Study

__all__ = ["EVIDENCE_COLUMNS", "evidence_row", "study_n", "verdict_piece"]

EVIDENCE_COLUMNS = ("study", "relation", "tier", "design", "population", "n", "status", "result")


def verdict_piece(assessment: Assessment) -> Piece:
    """The verdict and its colour, marked when curated."""
    label = assessment.verdict.value + (" (curated)" if assessment.curated else "")
    return (label, VERDICT_STYLES.get(assessment.verdict.value, ""))


def study_n(study: Study) -> str:
    """The number of participants, or "" when the record has none."""
    return "" if study.population.n is None else str(study.population.n)


def evidence_row(weighed: WeighedLink) -> dict[str, str]:
    """One study behind a claim, by column name (see `EVIDENCE_COLUMNS`)."""
    study = weighed.study
    population = study.population.species.value
    if study.population.condition:
        population += f": {study.population.condition}"
    return {
        "study": study.id,
        "relation": weighed.link.relation.value,
        "tier": weighed.tier.label,
        "design": study.design.value,
        "population": population,
        "n": study_n(study),
        "status": study.status.value,
        "result": study.findings[0].result if study.findings else "",
    }
