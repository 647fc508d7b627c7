"""The `check` view: one sentence, each claim it makes, and the reasoning behind the verdict.

Pure rendering over pipeline explanations; the CLI prints what this returns.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from claimcheck.bidi import escape_bidi_in_json, show_bidi
from claimcheck.pipeline import Explanation
from claimcheck.report.catalog import evidence_table, verdict_text
from claimcheck.report.text import SEVERITY_STYLES

__all__ = ["render", "to_json"]


def wording_line(explanation: Explanation) -> Text:
    """Stance, strength, population and whether the sentence reports a study."""
    wording = explanation.wording
    population = wording.population_term or "not named"
    parts = [
        f"stance: {wording.stance.value}",
        f"strength: {wording.strength.value}",
        f"population: {population}",
        f"reports a study: {'yes' if wording.reports_study else 'no'}",
    ]
    if wording.cues:
        parts.append(f"cues: {', '.join(wording.cues)}")
    return Text("Wording: " + "   ".join(parts))


def explanation_panel(explanation: Explanation) -> Panel:
    """Everything about one matched claim."""
    finding = explanation.finding
    head = Text.assemble(
        (finding.claim, "bold"),
        "\n",
        ("verdict: ", "dim"),
        verdict_text(explanation.assessment),
        ("   match score: ", "dim"),
        str(finding.match_score),
    )
    judgement = Text.assemble(
        (f"{finding.severity.value} ", SEVERITY_STYLES[finding.severity]),
        (f"{finding.code.value}: ", "bold"),
        finding.message,
    )
    parts: list[RenderableType] = [head, wording_line(explanation), judgement]
    if explanation.assessment.links:
        parts.append(evidence_table(explanation.assessment))
    parts.append(Text.assemble(("Accurate wording: ", "bold green"), finding.suggestion))
    return Panel(Group(*parts), title=finding.claim_id, title_align="left")


def render(
    sentence: str, explained: Sequence[Explanation], notes: Sequence[str] = ()
) -> RenderableType:
    """The check report for one sentence, with notes on what was assumed or not covered."""
    parts: list[RenderableType] = [Text(f"note: {note}", style="dim") for note in notes]
    if not explained:
        parts.append(Text(f"No claim in the pack matched: “{show_bidi(sentence)}”"))
    parts += [explanation_panel(e) for e in explained]
    return Group(*parts)


def explanation_data(explanation: Explanation) -> dict[str, Any]:
    """One explanation as JSON-ready data."""
    wording = explanation.wording.model_dump(mode="json")
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
        "wording": wording,
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
