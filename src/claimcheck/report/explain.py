"""The `check` view: one sentence, each claim it makes, and the reasoning behind the verdict.

Compact by default, one fact per line: the claim and its verdict, why the sentence is
judged so, its wording, the accurate wording and the sources, each with its full
identifiers and links. `verbose` adds how the sentence was read and each study's design,
population, status and result. Lines are plain text, never boxed or wrapped into table
cells, so an identifier or a link can be copied whole.

Pure rendering over pipeline explanations; the CLI prints what this returns.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from claimcheck.bidi import escape_bidi_in_json, show_bidi
from claimcheck.pipeline import Explanation
from claimcheck.report.catalog import evidence_lines, verdict_text
from claimcheck.report.text import (
    MARK_CLOSE,
    MARK_OPEN,
    MARK_STYLE,
    citation_text,
    claimed_words,
    judgement_text,
)

__all__ = ["render", "to_json"]


def label(name: str) -> Text:
    """'  name: ' in the dim style every field label has."""
    return Text.assemble((f"  {name}:", "dim"), " ")


def heading(explanation: Explanation) -> Text:
    """'l-serine-improves-mood · animal-only · matched on »mood«'."""
    finding = explanation.finding
    text = Text.assemble((finding.claim_id, "bold"), " · ", verdict_text(explanation.assessment))
    words = claimed_words(finding)
    if words is not None:
        text.append(" · matched on ")
        text.append(f"{MARK_OPEN}{words}{MARK_CLOSE}", style=MARK_STYLE)
    return text


def wording_line(explanation: Explanation) -> Text:
    """'  wording: causal, asserts (cues: boosts)'."""
    finding, cues = explanation.finding, explanation.wording.cues
    line = label("wording")
    line.append(f"{finding.strength.value}, {finding.stance.value}")
    if cues:
        line.append(f" (cues: {', '.join(cues)})")
    return line


def reading_line(explanation: Explanation) -> Text:
    """'  read as: population not named, reports no study, match score 57' (verbose)."""
    read = explanation.wording
    population = read.population_term or "not named"
    study = "reports a study" if read.reports_study else "reports no study"
    line = label("read as")
    line.append(f"population {population}, {study}, match score {explanation.finding.match_score}")
    return line


def explanation_lines(explanation: Explanation, *, verbose: bool) -> list[RenderableType]:
    """Everything about one matched claim, one fact per line."""
    finding = explanation.finding
    lines: list[RenderableType] = [
        heading(explanation),
        label("claim").append(finding.claim),
        label("why").append_text(judgement_text(finding)),
        wording_line(explanation),
    ]
    if verbose:
        lines.append(reading_line(explanation))
    lines.append(label("accurate").append(finding.suggestion, style="green"))
    if verbose and explanation.assessment.links:
        lines.append(Text.assemble(("  evidence:", "dim")))
        lines += [Text("    ").append_text(line) for line in evidence_lines(explanation.assessment)]
    if finding.citations:
        lines.append(Text.assemble(("  sources:", "dim")))
        lines += [Text("    ").append_text(citation_text(c)) for c in finding.citations]
    return lines


def render(
    sentence: str,
    explained: Sequence[Explanation],
    notes: Sequence[str] = (),
    *,
    verbose: bool = False,
) -> RenderableType:
    """The check report for one sentence, with notes on what was assumed or not covered."""
    parts: list[RenderableType] = [Text(f"note: {note}", style="dim") for note in notes]
    if not explained:
        parts.append(Text(f"No claim in the pack matched: “{show_bidi(sentence)}”"))
    for index, explanation in enumerate(explained):
        if index or notes:
            parts.append(Text())
        parts += explanation_lines(explanation, verbose=verbose)
    return Group(*parts)


def explanation_data(explanation: Explanation) -> dict[str, Any]:
    """One explanation as JSON-ready data."""
    wording_data = explanation.wording.model_dump(mode="json")
    evidence = [
        {
            "study_id": w.study.id,
            "relation": w.link.relation.value,
            "tier": w.tier.label,
            "design": w.study.design.value,
            "species": w.study.population.species.value,
            "condition": w.study.population.condition,
            "n": w.study.population.n,
            "status": w.study.status.value,
            "result": w.study.findings[0].result if w.study.findings else "",
        }
        for w in explanation.assessment.links
    ]
    return {
        "finding": explanation.finding.model_dump(mode="json"),
        "wording": wording_data,
        "verdict_curated": explanation.assessment.curated,
        "evidence": evidence,
    }


def to_json(sentence: str, explained: Sequence[Explanation], notes: Sequence[str] = ()) -> str:
    """The check report as JSON text."""
    data = {
        "sentence": sentence,
        "matches": [explanation_data(e) for e in explained],
        "notes": list(notes),
    }
    return escape_bidi_in_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
