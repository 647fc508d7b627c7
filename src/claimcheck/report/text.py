"""Text renderer: findings grouped by claim within each file, for people at a terminal or in a log.

A claim the copy makes nine times is one group: its verdict, the lines it is made on, the
accurate wording once, then each judgement with the sentences it applies to, the words
that tie them to the claim marked »like this«. Groups with an error come first, then
warnings, then info, each in document order. A sentence is quoted whole the first time a
file shows it; a later claim in the same sentence refers to it by position and marked
words ("quoted above"), several to a line. Studies are numbered once per report and
listed at the end with their identifiers and links.

Every line is built once as styled pieces `(text, style)`. The plain writer joins their
texts (a pipe, a log, a file) without building any rich object; the rich writer styles
them for a terminal. Both stream claim group by claim group, so the report is never held
whole. Every string from the report passes through `flatten`: one line, no terminal
escapes, bidi controls shown.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from io import StringIO
from typing import TYPE_CHECKING, TextIO

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

if TYPE_CHECKING:
    from rich.text import Text

__all__ = [
    "LEGEND",
    "SEVERITY_STYLES",
    "VERDICT_STYLES",
    "citation_text",
    "claimed_words",
    "flatten_fast",
    "judgement_text",
    "marked_sentence",
    "notice_text",
    "render_text",
    "summary_line",
    "wording",
    "write_plain",
    "write_rich",
    "write_text",
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
QUOTED_ABOVE = "quoted above: "
LEGEND = (
    "Key: verdict = what the evidence shows; wording = how strongly a sentence states the "
    "claim (hedged < associative < causal < absolute), “denies” when it denies it; "
    f"{MARK_OPEN}words{MARK_CLOSE} tie a sentence to its claim; each sentence is quoted whole once "
    "per file, then named by line:column (“quoted above”); [n] = source n, listed at the end."
)
# Private-use characters: they survive `flatten` and never come from the copy (removed).
_SPAN_START, _SPAN_END = "\ue000", "\ue001"

Piece = tuple[str, str]
"""Some text and its rich style ("" for none)."""
Line = tuple[Piece, ...]
Chunk = list[Line]
"""Lines written together: the key, a file heading, one claim group, the sources."""
BLANK: Chunk = [()]
SentenceKey = tuple[int, int, str]
"""Where a sentence starts and what it says: one quoted sentence of a file."""

# --- grouping ------------------------------------------------------------------------------


def grouped(findings: Iterable[Finding], key: Callable[[Finding], Hashable]) -> list[list[Finding]]:
    """Findings with equal keys together, groups in order of first appearance."""
    groups: dict[Hashable, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(key(finding), []).append(finding)
    return list(groups.values())


def worst_first(groups: list[list[Finding]]) -> list[list[Finding]]:
    """Groups holding an error first, then warnings, then info; stable, so in document order."""
    return sorted(groups, key=lambda group: -max(f.severity.rank for f in group))


def by_claim(findings: Iterable[Finding]) -> list[list[Finding]]:
    """Findings of the same claim together, the groups with the worst findings first."""
    return worst_first(grouped(findings, lambda finding: finding.claim_id))


def by_judgement(findings: Iterable[Finding]) -> list[list[Finding]]:
    """Findings with the same severity, code and message together, the most severe first."""
    return worst_first(grouped(findings, lambda f: (f.severity, f.code, f.message)))


def number_sources(findings: Iterable[Finding]) -> dict[str, tuple[int, Citation]]:
    """Study id -> (number, citation), numbered in the order the report first cites them."""
    numbers: dict[str, tuple[int, Citation]] = {}
    for finding in findings:
        for citation in finding.citations:
            numbers.setdefault(citation.study_id, (len(numbers) + 1, citation))
    return numbers


def cited_in_shown_order(report: Report) -> Iterator[Finding]:
    """Every finding in the order the report shows them (file, claim group, judgement)."""
    for result in report.files:
        for group in by_claim(result.findings):
            for judged in by_judgement(group):
                yield from judged


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
    return flatten_fast(finding.sentence[span.start : span.end]) or None


def sentence_key(finding: Finding) -> SentenceKey:
    return (finding.line, finding.column, finding.sentence)


def marked_pieces(finding: Finding) -> Line:
    """The whole sentence on one line, the words tying it to the claim marked when known."""
    sentence, span = finding.sentence, claim_span(finding)
    if span is None:
        return ((flatten_fast(sentence), ""),)
    pieces = (sentence[: span.start], sentence[span.start : span.end], sentence[span.end :])
    before, words, after = (_without_sentinels(piece) for piece in pieces)
    joined = f"{before}{_SPAN_START}{words}{_SPAN_END}{after}"
    # The sentinels are not printable: whether the fast path applies is the sentence's call.
    flat = " ".join(joined.split()) if sentence.isprintable() else flatten(joined)
    head, rest = flat.split(_SPAN_START, 1)
    marked, tail = rest.split(_SPAN_END, 1)
    return ((head, ""), (f"{MARK_OPEN}{marked}{MARK_CLOSE}", MARK_STYLE), (tail, ""))


def flatten_fast(text: str) -> str:
    """`flatten`, without its character tables for text that has nothing to drop or show."""
    # NOTE: every character `flatten` replaces (C0/C1 controls, bidi controls, line and
    # paragraph separators) is non-printable, so printable text only has its spaces folded;
    # the tables cost most of the plain report's time.
    return " ".join(text.split()) if text.isprintable() else flatten(text)


def _without_sentinels(text: str) -> str:
    return text.replace(_SPAN_START, "").replace(_SPAN_END, "")


def citation_pieces(citation: Citation) -> Line:
    """'Doe et al. 2020, J Test 1:1 (doe-2020-trial): PMID 1 https://pubmed…/1/ · doi:…'."""
    pieces: list[Piece] = [
        (f"{flatten_fast(citation.citation)} ({flatten_fast(citation.study_id)})", "")
    ]
    links = citation_links(citation)
    if not links:
        why = f"`claimcheck studies show {flatten_fast(citation.study_id)}` says why"
        pieces.append((f": no identifier recorded ({why})", "dim"))
    for index, (label, url) in enumerate(links):
        pieces.append((f"{': ' if index == 0 else ' · '}{flatten_fast(label)}", ""))
        pieces.append((f" {flatten_fast(url)}", "blue"))
    return tuple(pieces)


def judgement_pieces(finding: Finding) -> Line:
    """'error overstated: animal-only evidence (1 rat study), yet stated as a possibility'."""
    label = f"{finding.severity.value} {finding.code.value}"
    return ((label, SEVERITY_STYLES[finding.severity]), (f": {flatten_fast(finding.message)}", ""))


def notice_pieces(notice: Notice) -> Line:
    """'notice 2:1 warning bidi-control: the copy holds …' on one line."""
    return (
        (f"notice {notice.line}:{notice.column} ", "dim"),
        (f"{notice.severity.value} {notice.code.value}", SEVERITY_STYLES[notice.severity]),
        (f": {flatten_fast(notice.message)}", ""),
    )


# --- one claim group -----------------------------------------------------------------------


def claim_heading(
    findings: Sequence[Finding], sources: dict[str, tuple[int, Citation]], *, judged_once: bool
) -> Line:
    """'l-serine-improves-mood · animal-only · 9 sentences, lines 12, 19 … · sources [1-3]'.

    A claim judged one way throughout carries its judgement here too, and one sentence needs
    no count: its position starts the next line.
    """
    first = findings[0]
    verdict = first.verdict.value
    pieces: list[Piece] = [(flatten_fast(first.claim_id), "bold"), (" · ", "")]
    pieces.append((verdict, VERDICT_STYLES.get(verdict, "")))
    if len(findings) > 1:
        pieces.append((f" · {listed_lines(findings)}", ""))
    if judged_once:
        pieces += [(" · ", ""), *judgement_pieces(first)]
    numbers = sorted({sources[c.study_id][0] for f in findings for c in f.citations})
    if numbers:
        pieces.append((f" · sources [{number_ranges(numbers)}]", "dim"))
    return tuple(pieces)


def accurate_lines(findings: Sequence[Finding]) -> list[Line]:
    """The accurate wording, once, when any sentence goes beyond the evidence.

    NOTE: a claim's findings normally share one wording; a kind of finding that words it per
    sentence gets each distinct one, and a finding without one (empty) adds nothing.
    """
    wordings = dict.fromkeys(f.suggestion for f in findings if f.severity is not Severity.INFO)
    flat = dict.fromkeys(flatten_fast(wording) for wording in wordings)
    return [(("  accurate: ", "dim"), (text, "green")) for text in flat if text]


def sentence_line(finding: Finding, indent: str) -> Line:
    """'12:1 hedged “L-serine may »lift your mood«.”' after the indent."""
    return (
        (f"{indent}{finding.line}:{finding.column} ", "dim"),
        (f"{wording(finding)} “", ""),
        *marked_pieces(finding),
        ("”", ""),
    )


def reference(finding: Finding) -> Line:
    """'51:1 hedged »peak levels«': a sentence quoted earlier in the file, and its claimed words."""
    pieces: list[Piece] = [(f"{finding.line}:{finding.column} ", "dim"), (wording(finding), "")]
    words = claimed_words(finding)
    if words is not None:
        pieces += [(" ", ""), (f"{MARK_OPEN}{words}{MARK_CLOSE}", MARK_STYLE)]
    return tuple(pieces)


def references(findings: Sequence[Finding]) -> Line:
    """'quoted above: 51:1 hedged »peak levels«; 53:1 causal »forced swim test«'."""
    pieces: list[Piece] = [(QUOTED_ABOVE, "dim")]
    for index, finding in enumerate(findings):
        if index:
            pieces.append(("; ", ""))
        pieces += reference(finding)
    return tuple(pieces)


def quoted_sentences(
    findings: Sequence[Finding], indent: str, quoted: set[SentenceKey]
) -> tuple[list[Line], list[Finding]]:
    """Lines quoting each sentence the file has not shown yet, and the findings it has."""
    lines: list[Line] = []
    earlier: list[Finding] = []
    for finding in findings:
        key = sentence_key(finding)
        if key in quoted:
            earlier.append(finding)
        else:
            quoted.add(key)
            lines.append(sentence_line(finding, indent))
    return lines, earlier


def with_references(head: Line, earlier: Sequence[Finding]) -> Line:
    """The head line, then the sentences quoted earlier in the file, if any."""
    return (*head, (" · ", ""), *references(earlier)) if earlier else head


def claim_group(
    findings: Sequence[Finding],
    sources: dict[str, tuple[int, Citation]],
    quoted: set[SentenceKey],
) -> Chunk:
    """A claim's heading, its accurate wording, then its sentences under each judgement.

    Sentences are listed under their judgement when the claim is judged more than one way.
    A sentence quoted earlier in the file is referred to on its judgement's line (the
    heading, when there is one judgement), so the lines below quote only new sentences.
    """
    judgements = by_judgement(findings)
    heading = claim_heading(findings, sources, judged_once=len(judgements) == 1)
    accurate = accurate_lines(findings)
    if len(judgements) == 1:
        lines, earlier = quoted_sentences(findings, "  ", quoted)
        return [with_references(heading, earlier), *accurate, *lines]
    group = [heading, *accurate]
    for judged in judgements:
        lines, earlier = quoted_sentences(judged, "    ", quoted)
        head: Line = (("  ", ""), *judgement_pieces(judged[0]))
        group += [with_references(head, earlier), *lines]
    return group


# --- files and the report ------------------------------------------------------------------


def file_chunks(result: FileResult, sources: dict[str, tuple[int, Citation]]) -> Iterator[Chunk]:
    """A file's heading, its claim groups and its notices; or one line when it was unreadable."""
    heading: Line = ((flatten_fast(result.path), "bold underline"),)
    if result.error is not None:
        error = (f"error: {flatten_fast(result.error)}", SEVERITY_STYLES[Severity.ERROR])
        yield [(*heading, (": ", "bold"), error)]
        return
    yield [heading]
    quoted: set[SentenceKey] = set()
    for group in by_claim(result.findings):
        yield claim_group(group, sources, quoted)
    if result.notices:
        yield [notice_pieces(notice) for notice in result.notices]


def sources_chunk(sources: dict[str, tuple[int, Citation]]) -> Chunk:
    """The numbered list of every study the report cites."""
    lines: Chunk = [(("Sources", "bold underline"),)]
    lines += [((f"  [{n}] ", "bold"), *citation_pieces(c)) for n, c in sources.values()]
    return lines


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


def report_chunks(report: Report) -> Iterator[Chunk]:
    """The report in the order it is written: a key, each file, the sources, a summary.

    Blank lines separate the blocks; only the source numbering looks at the whole report
    first (it follows the order findings are shown in).
    """
    sources = number_sources(cited_in_shown_order(report))
    if report.findings:
        yield [((LEGEND, "dim"),)]
        yield BLANK
    for result in report.files:
        if result.findings or result.notices or result.error is not None:
            yield from file_chunks(result, sources)
            yield BLANK
    if sources:
        yield sources_chunk(sources)
        yield BLANK
    yield [((summary_line(report), "bold"),)]


# --- writers -------------------------------------------------------------------------------


def plain(line: Line) -> str:
    return "".join(text for text, _ in line)


def write_plain(report: Report, out: TextIO) -> None:
    """Write the report as plain lines, chunk by chunk: no styles, no rich objects."""
    for chunk in report_chunks(report):
        out.write("".join(f"{plain(line)}\n" for line in chunk))


def write_rich(report: Report, options: RenderOptions, out: TextIO) -> None:
    """Write the report through a rich console of fixed width, styled when `options.color`."""
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=out,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )
    for chunk in report_chunks(report):
        console.print(Text("\n").join(Text.assemble(*line) for line in chunk))


def write_text(report: Report, options: RenderOptions, out: TextIO) -> None:
    """Stream the report to `out`: styled for a terminal (`options.color`), else plain."""
    if options.color:
        write_rich(report, options, out)
    else:
        write_plain(report, out)


def render_text(report: Report, options: RenderOptions) -> str:
    """Human-readable report: a key, each file's claim groups, the sources, a summary."""
    buffer = StringIO()
    write_text(report, options, buffer)
    return buffer.getvalue()


# --- rich text for other views (`check`) ---------------------------------------------------


def _text(line: Line) -> Text:
    from rich.text import Text

    return Text.assemble(*line)


def marked_sentence(finding: Finding) -> Text:
    """The whole sentence on one line, the words tying it to the claim marked when known."""
    return _text(marked_pieces(finding))


def citation_text(citation: Citation) -> Text:
    """A citation with its identifiers and links, styled."""
    return _text(citation_pieces(citation))


def judgement_text(finding: Finding) -> Text:
    """Severity, code and message, styled."""
    return _text(judgement_pieces(finding))


def notice_text(notice: Notice) -> Text:
    """A notice on one line, styled."""
    return _text(notice_pieces(notice))
