"""The `check` view: one sentence, each claim it makes, and the reasoning behind the verdict.

Compact by default, one fact per line: the claim and its verdict, why the sentence is
judged so, its wording, the accurate wording and the sources, each with its full
identifiers and links. `verbose` adds how the sentence was read and each study's design,
population, status and result. Lines are plain text, never boxed or wrapped into table
cells, so an identifier or a link can be copied whole.

Pure rendering over pipeline explanations. Like the text report (`report/text.py`), every
line is built as styled pieces `(text, style)`: `plain_text` joins them for a pipe or a
file, byte for byte what rich writes there, without importing rich; `to_rich` styles them
for a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from claimcheck.bidi import escape_bidi_in_json, show_bidi
from claimcheck.consoles import RICH_DROPS
from claimcheck.findings import Citation, Finding
from claimcheck.pipeline import Explanation
from claimcheck.report.studyrows import evidence_row, verdict_piece
from claimcheck.report.text import (
    MARK_CLOSE,
    MARK_OPEN,
    MARK_STYLE,
    Line,
    Piece,
    citation_pieces,
    claimed_words,
    judgement_pieces,
)

if TYPE_CHECKING:
    from rich.console import Group

__all__ = ["plain_text", "render", "to_json", "to_rich", "view_lines"]

FIELD_LABELS = {
    "n": "size",
    "duration": "length",
    "placebo": "control",
    "randomized": "randomized",
}


def label(name: str) -> Line:
    """'  name: ' in the dim style every field label has."""
    return ((f"  {name}:", "dim"), (" ", ""))


def heading(explanation: Explanation) -> Line:
    """'l-serine-improves-mood · animal-only · matched on »mood«'."""
    finding = explanation.finding
    line: Line = ((finding.claim_id, "bold"), (" · ", ""), verdict_piece(explanation.assessment))
    words = claimed_words(finding)
    if words is not None:
        line += ((" · matched on ", ""), (f"{MARK_OPEN}{words}{MARK_CLOSE}", MARK_STYLE))
    return line


def wording_line(explanation: Explanation) -> Line:
    """'  wording: causal, asserts (cues: boosts)'."""
    finding, cues = explanation.finding, explanation.wording.cues
    line = (*label("wording"), (f"{finding.strength.value}, {finding.stance.value}", ""))
    if cues:
        line += ((f" (cues: {', '.join(cues)})", ""),)
    return line


def reading_line(explanation: Explanation) -> Line:
    """'  read as: population not named, reports no study, match score 57' (verbose)."""
    read = explanation.wording
    population = read.population_term or "not named"
    study = "reports a study" if read.reports_study else "reports no study"
    score = explanation.finding.match_score
    return (*label("read as"), (f"population {population}, {study}, match score {score}", ""))


def evidence_lines(explanation: Explanation) -> list[Line]:
    """The evidence as plain lines, two per study: what it is, then what it found."""
    lines: list[Line] = []
    for weighed in explanation.assessment.links:
        row = evidence_row(weighed)
        facts = [row["relation"], f"{row['tier']} tier", row["design"], row["population"]]
        facts += [f"n {row['n']}"] if row["n"] else []
        facts.append(row["status"])
        lines.append((("    ", ""), (row["study"], "bold"), (" · ", ""), (" · ".join(facts), "")))
        if row["result"]:
            lines.append((("    ", ""), (f"  {row['result']}", "dim")))
    return lines


def sources_lines(citations: Sequence[Citation]) -> list[Line]:
    """'  sources:', then each citation with its identifiers and links."""
    if not citations:
        return []
    return [(("  sources:", "dim"),), *((("    ", ""), *citation_pieces(c)) for c in citations)]


def explanation_lines(explanation: Explanation, *, verbose: bool) -> list[Line]:
    """Everything about one matched claim, one fact per line."""
    finding = explanation.finding
    lines: list[Line] = [
        heading(explanation),
        (*label("claim"), (finding.claim, "")),
        (*label("why"), *judgement_pieces(finding)),
        wording_line(explanation),
    ]
    if verbose:
        lines.append(reading_line(explanation))
    lines.append((*label("accurate"), (finding.suggestion, "green")))
    if verbose and explanation.assessment.links:
        lines.append((("  evidence:", "dim"),))
        lines += evidence_lines(explanation)
    return lines + sources_lines(finding.citations)


REFERENCE_WORDS = {
    "id": "named by its identifier",
    "author-year": "named by author and year",
    "author": "named by author",
    "description": "recognised from its description",
    "context": "named in the sentence before",
}


def comparison_table(findings: Sequence[Finding]) -> list[Line]:
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
    lines: list[Line] = []
    for number, (field, copy, record) in enumerate(rows):
        style = "dim" if number == 0 else ""
        cells: tuple[Piece, ...] = (
            (field.ljust(widths[0] + 2), style or "bold"),
            (copy.ljust(widths[1] + 2), style or "red"),
            (record, style or "green"),
        )
        lines.append((("    ", ""), *cells))
    return lines


def study_lines(findings: Sequence[Finding]) -> list[Line]:
    """One study the sentence misdescribes: what it gets wrong, beside the record."""
    first = findings[0]
    check = first.study_check
    assert check is not None  # callers pass misreported-study findings only
    title = first.citations[0].citation if first.citations else check.study
    why = "the sentence describes this study differently from its record (error)"
    lines: list[Line] = [
        (
            (check.study, "bold"),
            (" · ", ""),
            ("misreported study", "red"),
            (f" · {REFERENCE_WORDS.get(check.reference, check.reference)}", ""),
        ),
        (*label("study"), (title, "")),
        (*label("why"), (why, "")),
        *comparison_table(findings),
    ]
    return lines + sources_lines(first.citations)


def by_study(findings: Sequence[Finding]) -> list[list[Finding]]:
    """Misreported-study findings grouped by the study, in sentence order."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.study_check is not None:
            groups.setdefault(finding.study_check.study, []).append(finding)
    return list(groups.values())


def view_lines(
    sentence: str,
    explained: Sequence[Explanation],
    notes: Sequence[str] = (),
    *,
    verbose: bool = False,
    studies: Sequence[Finding] = (),
) -> list[Line]:
    """The check report for one sentence, with notes on what was assumed or not covered.

    `studies` are its misreported-study findings: each study it misdescribes gets a small
    table of field, copy and record.
    """
    lines: list[Line] = [((f"note: {note}", "dim"),) for note in notes]
    if not explained and not studies:
        lines.append(((f"No claim in the pack matched: “{show_bidi(sentence)}”", ""),))
    blocks = [explanation_lines(e, verbose=verbose) for e in explained]
    blocks += [study_lines(group) for group in by_study(studies)]
    for index, block in enumerate(blocks):
        if index or notes:
            lines.append(())
        lines += block
    return lines


def plain_text(lines: Sequence[Line]) -> str | None:
    """The lines as rich writes them to a file or pipe; None where only rich knows how.

    rich drops a few control codes, which is done here too, and expands tabs to its tab
    stops by the width of what precedes them, which is left to rich (None).
    """
    text = "".join(f"{''.join(piece for piece, _ in line)}\n" for line in lines)
    return None if "\t" in text else text.translate(RICH_DROPS)


def to_rich(lines: Sequence[Line]) -> Group:
    """The lines as rich text, styled for a terminal."""
    from rich.console import Group
    from rich.text import Text

    return Group(*(Text.assemble(*line) for line in lines))


def render(
    sentence: str,
    explained: Sequence[Explanation],
    notes: Sequence[str] = (),
    *,
    verbose: bool = False,
    studies: Sequence[Finding] = (),
) -> Group:
    """The check report for one sentence as rich text (see `view_lines`)."""
    return to_rich(view_lines(sentence, explained, notes, verbose=verbose, studies=studies))


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
    import json  # NOTE: here: the text view needs none

    return escape_bidi_in_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
