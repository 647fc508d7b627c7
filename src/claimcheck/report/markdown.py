"""Markdown renderer: a report for pull-request comments and GitHub job summaries.

Pure: reads only the output contract (`findings.py`) and returns GitHub-Flavored Markdown.
It never matches, judges or touches files; the CLI decides where the text goes (stdout,
`--output`, `$GITHUB_STEP_SUMMARY`). Every piece of copy quoted from a document is
untrusted, so it passes through `escape_markdown` before it reaches a table or a heading:
no markup, no bidi control that could reorder the report, no mention or issue reference
that would notify people or link issues when the report is posted as a comment.

Also home of the small helpers the other CI formats share: whitespace flattening, sentence
excerpts, Markdown escaping and citation links.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from urllib.parse import quote

from claimcheck.bidi import show_bidi
from claimcheck.findings import Citation, FileResult, Finding, Notice, Report, Severity
from claimcheck.report import RenderOptions

__all__ = [
    "SEVERITY_ICONS",
    "citation_links",
    "escape_markdown",
    "excerpt",
    "flatten",
    "markdown_links",
    "plural",
    "render_markdown",
    "sentence_case",
    "stream_markdown",
    "totals",
]

# NOTE: GitHub renders emoji shortcodes; anywhere else they still read as words.
SEVERITY_ICONS = {
    Severity.ERROR: ":x:",
    Severity.WARNING: ":warning:",
    Severity.INFO: ":information_source:",
}
EXCERPT_CHARS = 140

# Characters that start Markdown or HTML constructs inside a line: code spans, emphasis,
# links and images, raw HTML and autolinks, table cells, strikethrough, entities and
# GitHub's `$` maths. CommonMark lets a backslash escape any ASCII punctuation.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
_PMID = re.compile(r"\d{1,9}")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_NCT = re.compile(r"NCT\d{8}")
_WEB_URL = re.compile(r"https?://[^\s]+")
_CONTROL = dict.fromkeys([*range(0x20), 0x7F, *range(0x80, 0xA0)], " ")
# Controls but the whitespace `str.split` drops anyway: text without them needs no
# translating, which looks up every character.
_HAS_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# GitHub links @user, @org/team, #123 and GH-123 in the rendered HTML, so neither a
# backslash nor an entity stops the notification (github/markup#1168, cmark-gfm#181); text
# inside a code span is left alone. A run of them becomes one span: two adjacent spans
# would read as one double-backtick delimiter.
_GITHUB_REFERENCE = re.compile(
    r"(?:(?<![A-Za-z0-9_])@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9][A-Za-z0-9-]*)?"
    r"|#[0-9]+|(?<![A-Za-z0-9_])GH-[0-9]+)+",
    re.IGNORECASE,
)


def flatten(text: str) -> str:
    """One line: control characters dropped, bidi controls shown, whitespace runs one space."""
    # NOTE: str.split() also splits on CR, LF, U+2028/2029 and the other Unicode line
    # breaks, so quoted copy cannot start a new line in a line-based format; control
    # characters go too, so it cannot smuggle terminal or log escape sequences either, and
    # bidi controls are written out (`<U+202E>`) so they cannot reorder the report.
    shown = show_bidi(text)
    return " ".join((shown.translate(_CONTROL) if _HAS_CONTROL.search(shown) else shown).split())


def excerpt(sentence: str, limit: int = EXCERPT_CHARS) -> str:
    """The sentence on one line, shortened at a word boundary."""
    flat = flatten(sentence)
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut + " …"


def sentence_case(message: str) -> str:
    """The message with a capital first letter and a closing full stop."""
    flat = flatten(message)
    if not flat:
        return flat
    flat = flat[0].upper() + flat[1:]
    return flat if flat.endswith((".", "!", "?")) else flat + "."


def plural(count: int, word: str, words: str = "") -> str:
    """'1 error', '2 errors'; `words` for irregular plurals ('2 studies')."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {words or word + 's'}"


@lru_cache(maxsize=4096)  # NOTE: a report repeats each claim's texts in all its findings
def escape_markdown(text: str) -> str:
    """Text on one line that renders literally in GFM: no markup, HTML, links or cells.

    Mentions and issue references go in code spans, so they neither notify nor link.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", flatten(text))
    # NOTE: a reference holds only letters, digits, `-` and `/`, which need no escape, and
    # every backtick of the copy is escaped above, so these spans are the only ones.
    return _GITHUB_REFERENCE.sub(lambda match: f"`{match.group()}`", escaped)


def citation_links(citation: Citation) -> tuple[tuple[str, str], ...]:
    """(label, URL) for each identifier that has a well-formed value."""
    links: list[tuple[str, str]] = []
    if citation.pmid and _PMID.fullmatch(citation.pmid):
        links.append((f"PMID {citation.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{citation.pmid}/"))
    if citation.doi and _DOI.fullmatch(citation.doi):
        links.append((f"doi:{citation.doi}", f"https://doi.org/{quote(citation.doi, safe='/')}"))
    if citation.nct and _NCT.fullmatch(citation.nct):
        links.append((citation.nct, f"https://clinicaltrials.gov/study/{citation.nct}"))
    if not links and citation.url and _WEB_URL.fullmatch(citation.url):
        # NOTE: percent-encode parentheses and angle brackets so the URL cannot end the
        # Markdown link early; the other reserved characters keep their meaning.
        links.append(("source", quote(citation.url, safe=":/?#@!$&'*+,;=%-._~")))
    return tuple(links)


def markdown_links(citation: Citation) -> str:
    """'Doe 2020 ([PMID 1](https://…), [doi:…](https://…))' with the text escaped."""
    links = ", ".join(
        f"[{escape_markdown(label)}]({url})" for label, url in citation_links(citation)
    )
    text = escape_markdown(citation.citation)
    return f"{text} ({links})" if links else text


def totals(report: Report) -> str:
    """'2 errors, 1 warning, 3 info' over all findings."""
    counts = report.summary().by_severity
    return ", ".join(
        [
            plural(counts[Severity.ERROR.value], "error"),
            plural(counts[Severity.WARNING.value], "warning"),
            f"{counts[Severity.INFO.value]} info",
        ]
    )


def scope_line(report: Report) -> str:
    """'3 files, 40 sentences checked; 1 notice; 1 file could not be read'."""
    summary = report.summary()
    parts = [f"{plural(summary.files, 'file')}, {plural(summary.sentences, 'sentence')} checked"]
    if report.notices:
        parts.append(plural(len(report.notices), "notice"))
    if report.errors:
        unread = len(report.errors)
        parts.append(f"{plural(unread, 'file')} could not be read")
    return "; ".join(parts)


def title(report: Report) -> str:
    """The heading: totals, or 'no findings'."""
    if not report.findings:
        return "## claimcheck: no findings"
    return f"## claimcheck: {totals(report)}"


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def severity_label(severity: Severity) -> str:
    """':x: error'."""
    return f"{SEVERITY_ICONS[severity]} {severity.value}"


def location(path: str, line: int) -> str:
    """'path:line', escaped."""
    return escape_markdown(f"{path}:{line}")


def findings_table(findings: Iterable[Finding]) -> list[str]:
    """One row per finding: severity, location, code, verdict, claim, sentence."""
    lines = [
        _row(["Severity", "Location", "Code", "Verdict", "Claim", "Sentence"]),
        _row(["---"] * 6),
    ]
    for finding in findings:
        lines.append(
            _row(
                [
                    severity_label(finding.severity),
                    location(finding.path, finding.line),
                    escape_markdown(finding.code.value),
                    escape_markdown(finding.verdict.value),
                    escape_markdown(finding.claim_id),
                    f"“{escape_markdown(excerpt(finding.sentence))}”",
                ]
            )
        )
    return lines


def notices_table(notices: Iterable[Notice]) -> list[str]:
    """One row per notice: severity, location, code, message."""
    lines = [_row(["Severity", "Location", "Notice", "Message"]), _row(["---"] * 4)]
    for notice in notices:
        lines.append(
            _row(
                [
                    severity_label(notice.severity),
                    location(notice.path, notice.line),
                    escape_markdown(notice.code.value),
                    escape_markdown(notice.message),
                ]
            )
        )
    return lines


def file_section(result: FileResult) -> list[str]:
    """A file's heading, its findings table and its notices table."""
    lines = [f"### {escape_markdown(result.path)}", ""]
    if result.findings:
        lines += [*findings_table(result.findings), ""]
    if result.notices:
        lines += [*notices_table(result.notices), ""]
    return lines


def finding_details(finding: Finding) -> list[str]:
    """What to change: the sentence, why, the accurate wording and the evidence."""
    head = f"{location(finding.path, finding.line)} · {escape_markdown(finding.code.value)}"
    lines = [
        f"#### {SEVERITY_ICONS[finding.severity]} {head}",
        "",
        f"> “{escape_markdown(finding.sentence)}”",
        "",
        escape_markdown(sentence_case(finding.message)),
        "",
        f"- **Claim:** {escape_markdown(finding.claim)} ({escape_markdown(finding.claim_id)}; "
        f"verdict {escape_markdown(finding.verdict.value)}, "
        f"wording {escape_markdown(finding.strength.value)})",
        f"- **Accurate wording:** {escape_markdown(finding.suggestion)}",
    ]
    if finding.citations:
        lines.append("- **Evidence:**")
        lines += [f"  - {markdown_links(citation)}" for citation in finding.citations]
    lines.append("")
    return lines


def errors_section(report: Report) -> list[str]:
    """The files that could not be read, one bullet each."""
    if not report.errors:
        return []
    lines = ["### Files that could not be checked", ""]
    lines += [
        f"- {escape_markdown(path)}: {escape_markdown(error)}" for path, error in report.errors
    ]
    return [*lines, ""]


def markdown_lines(report: Report) -> Iterator[str]:
    """The report's lines: totals, a table per file, then details per error/warning."""
    yield from (title(report), "", scope_line(report) + ".", "")
    for result in report.files:
        if result.findings or result.notices:
            yield from file_section(result)
    yield from errors_section(report)
    serious = (f for r in report.files for f in r.findings if f.severity is not Severity.INFO)
    first = next(serious, None)
    if first is not None:
        yield from ("### Details", "")
        for finding in itertools.chain((first,), serious):
            yield from finding_details(finding)


def joined_lines(lines: Iterable[str]) -> Iterator[str]:
    """The lines joined by newlines, ending in one newline, written as they come."""
    pending = ""  # newlines that count only if more text follows
    for number, line in enumerate(lines):
        piece = ("\n" if number else "") + line
        body = piece.rstrip("\n")
        if body:
            yield pending + body
            pending = piece[len(body) :]
        else:
            pending += piece
    yield "\n"


def stream_markdown(report: Report, options: RenderOptions) -> Iterator[str]:
    """GitHub-Flavored Markdown, written section by section."""
    del options  # Markdown does not depend on terminal width or colour
    return joined_lines(markdown_lines(report))


def render_markdown(report: Report, options: RenderOptions) -> str:
    """GitHub-Flavored Markdown: totals, a table per file, then details per error/warning."""
    return "".join(stream_markdown(report, options))
