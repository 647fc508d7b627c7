"""Render the pack itself: `claims list|show` and `studies list|show` as text or JSON.

Pure rendering over pack models and evidence assessments; no I/O beyond the injected
rich `Console`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from claimcheck.evidence import Assessment, score_evidence, study_tier
from claimcheck.model import Claim, Dose, Study
from claimcheck.pack import Pack
from claimcheck.report.markdown import plural
from claimcheck.report.studyrows import EVIDENCE_COLUMNS, evidence_row, study_n, verdict_piece
from claimcheck.report.text import VERDICT_STYLES

__all__ = [
    "VERDICT_STYLES",
    "claim_json",
    "claims_table",
    "evidence_table",
    "show_claim",
    "show_study",
    "studies_table",
    "study_json",
]


def verdict_text(assessment: Assessment) -> Text:
    """The verdict in its colour, marked when curated."""
    return Text(*verdict_piece(assessment))


def claims_table(pack: Pack, claims: Sequence[Claim]) -> Table:
    """One row per claim: id, substance, kind, verdict, number of studies."""
    table = Table(title=plural(len(claims), "claim"), title_justify="left")
    table.add_column("id", no_wrap=True)
    for column in ("substance", "kind", "verdict", "studies"):
        table.add_column(column, overflow="fold")
    for claim in claims:
        assessment = score_evidence(claim, pack.studies)
        table.add_row(
            claim.id,
            claim.substance,
            claim.kind.value,
            verdict_text(assessment),
            str(len(claim.evidence)),
        )
    return table


def claim_matches(pack: Pack, claim: Claim, query: str) -> bool:
    """Whether every word of `query` occurs in the claim's id, statement or terms.

    Case does not matter, and a word matches inside a longer one ("neuro" finds
    "neuropathy"), so an editor can search with the words of the copy in front of them.
    """
    haystack = " ".join([claim.id, claim.statement, *pack.claim_terms(claim)]).casefold()
    return all(word in haystack for word in query.casefold().split())


def studies_table(studies: Sequence[Study]) -> Table:
    """One row per study: id and identifier, substance, design, species, n, status.

    The identifier goes under the id, in a column that never wraps: a DOI split over lines
    cannot be copied, and a column of its own would leave the others too narrow.
    """
    table = Table(title=plural(len(studies), "study", "studies"), title_justify="left")
    table.add_column("id / identifier", no_wrap=True)
    for column in ("substance", "design", "species", "n", "status"):
        table.add_column(column, overflow="fold")
    for study in studies:
        table.add_row(
            Text.assemble(study.id, "\n", (primary_identifier(study), "dim")),
            study.substance,
            study.design.value,
            study.population.species.value,
            study_n(study),
            study.status.value,
        )
    return table


def primary_identifier(study: Study) -> str:
    """The most specific identifier a reader can look up."""
    ids = study.identifiers
    if ids.pmid:
        return f"PMID {ids.pmid}"
    if ids.doi:
        return f"doi:{ids.doi}"
    if ids.nct:
        return ids.nct
    if ids.pmc:
        return ids.pmc
    return "web page" if ids.url else "no identifier"


def evidence_table(assessment: Assessment) -> Table:
    """The evidence behind a claim: study, design, population, n, status, result.

    Identifiers are not in the table, where a narrow column would split them: `sources`
    lists them one study per line.
    """
    table = Table(show_lines=False, expand=False)
    # NOTE: one-word columns never wrap (rich would cut them with an ellipsis instead);
    # the free text folds only words longer than its column.
    for column in EVIDENCE_COLUMNS:
        free_text = column in ("population", "result")
        table.add_column(column, no_wrap=not free_text, overflow="fold")
    for weighed in assessment.links:
        table.add_row(*evidence_row(weighed).values())
    return table


def show_claim(pack: Pack, claim: Claim) -> Panel | Group:
    """A panel with everything about one claim."""
    assessment = score_evidence(claim, pack.studies)
    head = Text.assemble(
        (claim.statement, "bold"),
        "\n",
        ("verdict: ", "dim"),
        verdict_text(assessment),
        ("   kind: ", "dim"),
        claim.kind.value,
        ("   substance: ", "dim"),
        claim.substance,
    )
    parts: list[Any] = [head]
    if assessment.curated and claim.curated is not None:
        parts.append(Text(f"Why curated: {claim.curated.rationale}", style="italic"))
    outcomes = "; ".join(", ".join(o.all_terms()) for o in claim.outcomes)
    parts += [
        Text(f"Outcome terms: {outcomes}"),
        Text("Phrasings:\n" + "\n".join(f"  - {p}" for p in claim.phrasings)),
        evidence_table(assessment),
        Text.assemble(("Accurate wording: ", "bold green"), claim.accurate_wording),
    ]
    panel = Panel(Group(*parts), title=claim.id, title_align="left")
    if not assessment.links:
        return panel
    # Outside the panel and one link a line, so a reviewer can copy them without borders.
    return Group(panel, Text("Sources:\n" + "\n".join(citation_lines(assessment))))


def citation_lines(assessment: Assessment) -> list[str]:
    """The studies behind a verdict: each citation, then one line per link to it."""
    lines = []
    for weighed in assessment.links:
        study = weighed.study
        lines.append(f"  {study.citation()} ({study.id})")
        urls = [url for _, url in study.identifiers.links()]
        lines += [f"    {url}" for url in urls] or ["    (no identifier: see `studies show`)"]
    return lines


def study_byline(study: Study) -> str:
    """'Fridman V, Suriyanarayanan S, … Neurology 92(4):e359-e370 (2019)', gaps said plainly."""
    who = ", ".join(study.authors) or study.organisation or "authors not given"
    venue = study.journal or "venue not given"
    year = str(study.year) if study.year is not None else "year not given"
    return f"{who}. {venue} ({year})"


def protocol_summary(study: Study) -> str:
    """'phase IIa · not randomized · no control · open-label · 1 arm · 15 g twice daily · …'.

    What copy describing the study is checked against; a fact no source stated is absent.
    """
    p = study.protocol
    parts = [f"phase {p.phase}" if p.phase else ""]
    if p.randomized is not None:
        parts.append("randomized" if p.randomized else "not randomized")
    parts.append(f"control: {p.control}" if p.control else "")
    parts.append(p.blinding or "")
    parts.append(f"{p.arms} arm{'s' if p.arms != 1 else ''}" if p.arms else "")
    if p.crossover is not None:
        parts.append("crossover" if p.crossover else "parallel groups")
    if p.n_completed is not None:
        parts.append(f"{p.n_completed} completed")
    parts += [_dose(d) for d in p.doses]
    if p.duration:
        parts.append(f"{p.duration.value:g} {p.duration.unit.value}(s)")
    parts += list(p.places)
    parts += [f"{f.value:g}{'%' if f.unit == '%' else '-fold'} {f.about}" for f in p.figures]
    return " · ".join(part for part in parts if part)


def _dose(dose: Dose) -> str:
    times = f" {dose.times_daily}x daily" if dose.times_daily and dose.times_daily > 1 else ""
    return f"{dose.amount:g} {dose.unit.value}{times}"


def show_study(study: Study, *, verbose: bool = False) -> Panel:
    """A panel with what a reader needs about one study; curation notes only when verbose."""
    population = study.population.species.value
    if study.population.condition:
        population += f", {study.population.condition}"
    if study.population.n is not None:
        population += f", n={study.population.n}"
    lines = [
        Text(study.title, style="bold"),
        Text(study_byline(study)),
        Text(f"design: {study.design.value}   status: {study.status.value}"),
        Text(f"population: {population}"),
    ]
    protocol = protocol_summary(study)
    if protocol:
        lines.append(Text(f"protocol: {protocol}"))
    lines += [Text(f"{label}: {url}") for label, url in study.identifiers.links()]
    lines += [Text(f"- {f.outcome} ({f.direction.value}): {f.result}") for f in study.findings]
    lines += [Text(f"limitation: {item}", style="dim") for item in study.limitations]
    lines += [Text(f"{key} not given: {why}", style="dim") for key, why in study.missing.items()]
    lines.append(Text(f"reviewed against its source: {study.reviewed.isoformat()}", style="dim"))
    if verbose and study.curation:
        lines.append(Text(f"curation: {study.curation}", style="italic"))
    return Panel(Group(*lines), title=study.id, title_align="left")


def claim_json(pack: Pack, claim: Claim) -> dict[str, Any]:
    """A claim with its computed verdict, as JSON-ready data."""
    assessment = score_evidence(claim, pack.studies)
    data = claim.model_dump(mode="json")
    data["verdict"] = assessment.verdict.value
    data["verdict_curated"] = assessment.curated
    data["verdict_rule"] = assessment.rule
    return data


def study_json(study: Study, *, verbose: bool = False) -> dict[str, Any]:
    """A study as JSON-ready data, with its tier and links; curation notes only when verbose."""
    data = study.model_dump(mode="json", exclude=None if verbose else {"curation"})
    data["tier"] = study_tier(study).label
    data["links"] = [{"label": label, "url": url} for label, url in study.identifiers.links()]
    return data


def to_json(data: object) -> str:
    """Pretty, stable JSON text (UTF-8 kept readable)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
