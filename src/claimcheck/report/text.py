"""Text renderer: findings grouped by claim within each file, for people at a terminal or in a log.

A claim the copy makes nine times is one group: its verdict, the lines it is made on, the
accurate wording once, then each judgement with the sentences it applies to, quoted whole,
with the words that tie them to the claim marked »like this«. Studies are numbered once
per report and listed at the end with their identifiers and links.

Pure: renders into a string through a recording rich `Console` of fixed width, with
colour only when asked (the CLI asks when stdout is a terminal). Every string from the
report passes through `flatten`: one line, no terminal escapes, bidi controls shown.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from io import StringIO

from rich.console import Console
from rich.text import Text

from claimcheck.findings import (
    Citation,
    FileResult,
    Finding,
    Notice,
    Report,
    Severity,
    Span,
    Stance,
)
from claimcheck.report import RenderOptions
from claimcheck.report.markdown import citation_links, flatten, plural

__all__ = [
    "SEVERITY_STYLES",
    "VERDICT_STYLES",
    "citation_text",
    "claimed_words",
    "judgement_text",
    "marked_sentence",
    "notice_text",
    "render_text",
    "summary_line",
    "wording",
]

SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
VERDICT_STYLES = {
    "supported": "green",
    "preliminary": "yellow",
    "observational-only": "yellow",
    "animal-only": "magenta",
    "mechanistic-only": "magenta",
    "mixed": "yellow",
    "contradicted": "red",
    "wrong-substance": "red",
    "no-evidence": "red",
}
MARK_OPEN, MARK_CLOSE = "»", "«"
MARK_STYLE = "bold underline"
LEGEND = (
    "Key: verdict = what the evidence shows; wording = how strongly a sentence states the "
    "claim (hedged < associative < causal < absolute), “denies” when it denies it; "
    f"{MARK_OPEN}words{MARK_CLOSE} tie a sentence to its claim; [n] = source n, listed at the end."
)
# Private-use characters: they survive `flatten` and never come from the copy (removed).
_SPAN_START, _SPAN_END = "\ue000", "\ue001"

# --- grouping ------------------------------------------------------------------------------


def grouped(findings: Iterable[Finding], key: Callable[[Finding], Hashable]) -> list[list[Finding]]:
    """Findings with equal keys together, groups in order of first appearance."""
    groups: dict[Hashable, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(key(finding), []).append(finding)
    return list(groups.values())


def by_claim(findings: Iterable[Finding]) -> list[list[Finding]]:
    """Findings of the same claim together."""
    return grouped(findings, lambda finding: finding.claim_id)


def by_judgement(findings: Iterable[Finding]) -> list[list[Finding]]:
    """Findings with the same severity, code and message together."""
    return grouped(findings, lambda finding: (finding.severity, finding.code, finding.message))


def number_sources(findings: Iterable[Finding]) -> dict[str, tuple[int, Citation]]:
    """Study id -> (number, citation), numbered in the order the report first cites them."""
    numbers: dict[str, tuple[int, Citation]] = {}
    for finding in findings:
        for citation in finding.citations:
            numbers.setdefault(citation.study_id, (len(numbers) + 1, citation))
    return numbers


def cited_in_group_order(report: Report) -> list[Finding]:
    """Every finding in the order the report shows them (file, then claim group)."""
    return [
        finding
        for result in report.files
        for group in by_claim(result.findings)
        for finding in group
    ]


# --- small pieces --------------------------------------------------------------------------


def number_ranges(numbers: Sequence[int]) -> str:
    """'1, 3-5, 9' from sorted, distinct numbers."""
    ranges: list[list[int]] = []
    for number in numbers:
        if ranges and number == ranges[-1][-1] + 1:
            ranges[-1].append(number)
        else:
            ranges.append([number])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in ranges)


def listed_lines(findings: Sequence[Finding]) -> str:
    """'1 sentence, line 3' or '4 sentences, lines 13, 17 and 51'."""
    lines = sorted({finding.line for finding in findings})
    shown = [str(line) for line in lines]
    where = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
    return f"{plural(len(findings), 'sentence')}, {'line' if len(lines) == 1 else 'lines'} {where}"


def wording(finding: Finding) -> str:
    """'hedged', or 'causal, denies' when the sentence denies the claim."""
    if finding.stance is Stance.DENIES:
        return f"{finding.strength.value}, denies"
    return finding.strength.value


def claim_span(finding: Finding) -> Span | None:
    """The finding's claimed words, if it has them and they lie within its sentence."""
    span = finding.claim_span
    if span is None or not span.start < span.end <= len(finding.sentence):
        return None
    return span


def claimed_words(finding: Finding) -> str | None:
    """The words tying the sentence to its claim, on one line; None when not known."""
    span = claim_span(finding)
    if span is None:
        return None
    return flatten(finding.sentence[span.start : span.end]) or None


def marked_sentence(finding: Finding) -> Text:
    """The whole sentence on one line, the words tying it to the claim marked when known."""
    sentence, span = finding.sentence, claim_span(finding)
    if span is None:
        return Text(flatten(sentence))
    pieces = (sentence[: span.start], sentence[span.start : span.end], sentence[span.end :])
    before, words, after = (_without_sentinels(piece) for piece in pieces)
    flat = flatten(f"{before}{_SPAN_START}{words}{_SPAN_END}{after}")
    head, rest = flat.split(_SPAN_START, 1)
    marked, tail = rest.split(_SPAN_END, 1)
    return Text.assemble(head, (f"{MARK_OPEN}{marked}{MARK_CLOSE}", MARK_STYLE), tail)


def _without_sentinels(text: str) -> str:
    return text.replace(_SPAN_START, "").replace(_SPAN_END, "")


def citation_text(citation: Citation) -> Text:
    """'Doe et al. 2020, J Test 1:1 (doe-2020-trial): PMID 1 https://pubmed…/1/ · doi:…'."""
    text = Text(f"{flatten(citation.citation)} ({flatten(citation.study_id)})")
    links = citation_links(citation)
    if not links:
        why = f"`claimcheck studies show {flatten(citation.study_id)}` says why"
        text.append(f": no identifier recorded ({why})", style="dim")
    for index, (label, url) in enumerate(links):
        text.append(": " if index == 0 else " · ")
        text.append(flatten(label))
        text.append(f" {flatten(url)}", style="blue")
    return text


def source_line(number: int, citation: Citation) -> Text:
    """'  [1] ' and the citation with its identifiers and links."""
    return Text.assemble((f"  [{number}] ", "bold"), citation_text(citation))


# --- one claim group -----------------------------------------------------------------------


def claim_heading(findings: Sequence[Finding], sources: dict[str, tuple[int, Citation]]) -> Text:
    """'l-serine-improves-mood · animal-only · 9 sentences, lines 12, 19 … · sources [1-3]'.

    A claim judged one way throughout carries its judgement here too, and one sentence needs
    no count: its position starts the next line.
    """
    first = findings[0]
    text = Text.assemble((flatten(first.claim_id), "bold"))
    text.append(" · ")
    text.append(first.verdict.value, style=VERDICT_STYLES[first.verdict.value])
    if len(findings) > 1:
        text.append(f" · {listed_lines(findings)}")
    if len(by_judgement(findings)) == 1:
        text.append(" · ")
        text.append_text(judgement_text(first))
    numbers = sorted({sources[c.study_id][0] for f in findings for c in f.citations})
    if numbers:
        text.append(f" · sources [{number_ranges(numbers)}]", style="dim")
    return text


def judgement_text(finding: Finding) -> Text:
    """'error overstated: animal-only evidence (1 rat study), yet stated as a possibility'."""
    text = Text.assemble(
        (f"{finding.severity.value} {finding.code.value}", SEVERITY_STYLES[finding.severity])
    )
    text.append(f": {flatten(finding.message)}")
    return text


def sentence_line(finding: Finding, indent: str) -> Text:
    """'12:1 hedged “L-serine may »lift your mood«.”' after the indent."""
    text = Text.assemble((f"{indent}{finding.line}:{finding.column} ", "dim"))
    text.append(f"{wording(finding)} ")
    text.append("“")
    text.append_text(marked_sentence(finding))
    text.append("”")
    return text


def claim_group_text(findings: Sequence[Finding], sources: dict[str, tuple[int, Citation]]) -> Text:
    """A claim's heading, its accurate wording (when any sentence goes beyond it), sentences.

    Sentences are listed under their judgement when the claim is judged more than one way.
    """
    lines = [claim_heading(findings, sources)]
    if any(finding.severity is not Severity.INFO for finding in findings):
        accurate = Text.assemble(("  accurate: ", "dim"))
        accurate.append(flatten(findings[0].suggestion), style="green")
        lines.append(accurate)
    judgements = by_judgement(findings)
    if len(judgements) == 1:
        lines += [sentence_line(finding, "  ") for finding in findings]
        return Text("\n").join(lines)
    for judged in judgements:
        lines.append(Text("  ").append_text(judgement_text(judged[0])))
        lines += [sentence_line(finding, "    ") for finding in judged]
    return Text("\n").join(lines)


# --- files and the report ------------------------------------------------------------------


def notice_text(notice: Notice) -> Text:
    """'notice 2:1 warning bidi-control: the copy holds …' on one line."""
    text = Text.assemble((f"notice {notice.line}:{notice.column} ", "dim"))
    text.append(f"{notice.severity.value} {notice.code.value}", SEVERITY_STYLES[notice.severity])
    text.append(f": {flatten(notice.message)}")
    return text


def file_text(result: FileResult, sources: dict[str, tuple[int, Citation]]) -> Text:
    """A file's heading, its claim groups and its notices; or one line when it was unreadable."""
    heading = Text.assemble((flatten(result.path), "bold underline"))
    if result.error is not None:
        heading.append(": ", style="bold")
        heading.append(f"error: {flatten(result.error)}", style=SEVERITY_STYLES[Severity.ERROR])
        return heading
    lines = [heading]
    lines += [claim_group_text(group, sources) for group in by_claim(result.findings)]
    lines += [notice_text(notice) for notice in result.notices]
    return Text("\n").join(lines)


def sources_text(sources: dict[str, tuple[int, Citation]]) -> Text:
    """The numbered list of every study the report cites."""
    lines = [Text("Sources", style="bold underline")]
    lines += [source_line(number, citation) for number, citation in sources.values()]
    return Text("\n").join(lines)


def summary_line(report: Report) -> str:
    """'2 files, 80 sentences checked: 3 errors, 1 warning, 5 info; 1 notice'."""
    summary = report.summary()
    counts = summary.by_severity
    parts = [
        plural(counts["error"], "error"),
        plural(counts["warning"], "warning"),
        f"{counts['info']} info",
    ]
    checked = f"{plural(summary.files, 'file')}, {plural(summary.sentences, 'sentence')} checked"
    line = f"{checked}: {', '.join(parts)}"
    if report.notices:
        line += f"; {plural(len(report.notices), 'notice')}"
    if report.errors:
        line += f"; {len(report.errors)} unreadable"
    return line


def render_text(report: Report, options: RenderOptions) -> str:
    """Human-readable report: a key, each file's claim groups, the sources, a summary."""
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )
    sources = number_sources(cited_in_group_order(report))
    blocks = [Text(LEGEND, style="dim")] if report.findings else []
    blocks += [
        file_text(result, sources)
        for result in report.files
        if result.findings or result.notices or result.error is not None
    ]
    if sources:
        blocks.append(sources_text(sources))
    blocks.append(Text(summary_line(report), style="bold"))
    console.print(Text("\n\n").join(blocks))
    return buffer.getvalue()
