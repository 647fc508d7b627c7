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
from claimcheck.findings import Finding
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

FIELD_LABELS = {
    "n": "size",
    "duration": "length",
    "placebo": "control",
    "randomized": "randomized",
}


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


REFERENCE_WORDS = {
    "id": "named by its identifier",
    "author-year": "named by author and year",
    "author": "named by author",
    "description": "recognised from its description",
    "context": "named in the sentence before",
}


def comparison_table(findings: Sequence[Finding]) -> list[Text]:
    """Field, copy and record, one row per misreported fact, in aligned plain columns.

    Plain text rather than a boxed table: cells never wrap, so nothing is cut in two.
    """
    rows = [("field", "copy", "record")]
    rows += [
        (FIELD_LABELS.get(c.field, c.field), c.copy_text, c.record_text)
        for f in findings
        if (c := f.study_check) is not None
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = []
    for number, (field, copy, record) in enumerate(rows):
        style = "dim" if number == 0 else ""
        line = Text("    ")
        line.append(field.ljust(widths[0] + 2), style=style or "bold")
        line.append(copy.ljust(widths[1] + 2), style=style or "red")
        line.append(record, style=style or "green")
        lines.append(line)
    return lines


def study_lines(findings: Sequence[Finding]) -> list[RenderableType]:
    """One study the sentence misdescribes: what it gets wrong, beside the record."""
    first = findings[0]
    check = first.study_check
    assert check is not None  # callers pass misreported-study findings only
    title = first.citations[0].citation if first.citations else check.study
    lines: list[RenderableType] = [
        Text.assemble(
            (check.study, "bold"),
            " · ",
            ("misreported study", "red"),
            f" · {REFERENCE_WORDS.get(check.reference, check.reference)}",
        ),
        label("study").append(title),
        label("why").append(
            "the sentence describes this study differently from its record (error)"
        ),
        *comparison_table(findings),
    ]
    if first.citations:
        lines.append(Text.assemble(("  sources:", "dim")))
        lines += [Text("    ").append_text(citation_text(c)) for c in first.citations]
    return lines


def by_study(findings: Sequence[Finding]) -> list[list[Finding]]:
    """Misreported-study findings grouped by the study, in sentence order."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.study_check is not None:
            groups.setdefault(finding.study_check.study, []).append(finding)
    return list(groups.values())


def render(
    sentence: str,
    explained: Sequence[Explanation],
    notes: Sequence[str] = (),
    *,
    verbose: bool = False,
    studies: Sequence[Finding] = (),
) -> RenderableType:
    """The check report for one sentence, with notes on what was assumed or not covered.

    `studies` are its misreported-study findings: each study it misdescribes gets a small
    table of field, copy and record.
    """
    parts: list[RenderableType] = [Text(f"note: {note}", style="dim") for note in notes]
    if not explained and not studies:
        parts.append(Text(f"No claim in the pack matched: “{show_bidi(sentence)}”"))
    blocks = [explanation_lines(e, verbose=verbose) for e in explained]
    blocks += [study_lines(group) for group in by_study(studies)]
    for index, block in enumerate(blocks):
        if index or notes:
            parts.append(Text())
        parts += block
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


def to_json(
    sentence: str,
    explained: Sequence[Explanation],
    notes: Sequence[str] = (),
    studies: Sequence[Finding] = (),
) -> str:
    """The check report as JSON text."""
    data = {
        "sentence": sentence,
        "matches": [explanation_data(e) for e in explained],
        "misreported_studies": [f.model_dump(mode="json") for f in studies],
        "notes": list(notes),
    }
    return escape_bidi_in_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
