"""HTML renderer: one self-contained page showing every finding highlighted in its copy.

Pure, like every renderer: it reads the output contract (`findings.py`) and, to show the
copy, the text of each audited file that the CLI hands over in `RenderOptions.sources`.
Without a file's text (or when the text no longer fits the findings' positions) the file's
findings are still listed, only not highlighted in place.

The page needs nothing from the network: its style sheet and its small script are inline,
and its Content-Security-Policy admits exactly those two (by hash), so markup that ever
slipped past escaping could neither run nor load anything. Every piece of copy, path,
message and pack text is escaped before it reaches the page (`inline`, `copy_text`), with
bidi and other control characters written out visibly as in the other formats.

Without its script the page still works as a document: each highlight links to its
finding's card below the copy. The script adds the details popover and the filters.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

from claimcheck.bidi import show_bidi
from claimcheck.findings import Citation, FileResult, Finding, Notice, Report, Severity, Verdict
from claimcheck.report import RenderOptions
from claimcheck.report.markdown import citation_links, flatten, plural, scope_line, sentence_case
from claimcheck.segment import line_spans

__all__ = ["content_security_policy", "render_html", "stream_html"]

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)  # most severe first
# NOTE: as `segment.LineIndex`: lines break at CRLF, CR and LF only, so a finding's
# line and column point at the same character here as in an editor.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Control characters other than tab and line feed would vanish or garble the copy.
_COPY_CONTROLS = {
    code: f"<U+{code:04X}>"
    for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))
    if chr(code) not in "\t\n"
}
_HAS_COPY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Piece:
    """A run `[start, end)` of the copy and the ids of the findings whose spans cover it."""

    start: int
    end: int
    finding_ids: tuple[str, ...]


@dataclass(frozen=True)
class FileView:
    """One file's section: its number on the page, result, copy, and its findings' ids."""

    number: int
    result: FileResult
    source: str | None

    @property
    def anchor(self) -> str:
        """The section's id."""
        return f"file-{self.number}"

    def finding_id(self, index: int) -> str:
        """The id of the card of the file's `index`-th finding (0-based)."""
        return f"f{self.number}-{index + 1}"


# --- escaping ---------------------------------------------------------------------------


def inline(value: str) -> str:
    """Untrusted text on one line, as HTML text or a quoted attribute value."""
    return html.escape(flatten(value), quote=True)


def copy_text(value: str) -> str:
    """A run of copy as HTML text: line breaks kept as LF, control characters shown."""
    shown = show_bidi(_LINE_BREAK.sub("\n", value))
    if _HAS_COPY_CONTROL.search(shown):  # NOTE: rare; translating looks up every character
        shown = shown.translate(_COPY_CONTROLS)
    return html.escape(shown, quote=True)


# --- positions --------------------------------------------------------------------------


def offset_at(bounds: Sequence[tuple[int, int]], line: int, column: int) -> int | None:
    """Index of a 1-based line and column; None when the text has no such place."""
    if line > len(bounds):
        return None
    start, end = bounds[line - 1]
    offset = start + column - 1
    return offset if offset <= end else None


def finding_span(bounds: Sequence[tuple[int, int]], finding: Finding) -> tuple[int, int] | None:
    """The finding's `[start, end)` in the text; None when it does not fit the text."""
    start = offset_at(bounds, finding.line, finding.column)
    end = offset_at(bounds, finding.end_line, finding.end_column)
    if start is None or end is None or start >= end:
        return None
    return start, end


def pieces(length: int, spans: Sequence[tuple[int, int, str]]) -> list[Piece]:
    """The copy cut at every span boundary; each piece names the spans covering all of it."""
    starting: dict[int, list[str]] = {}
    ending: dict[int, list[str]] = {}
    for start, end, finding_id in spans:
        starting.setdefault(start, []).append(finding_id)
        ending.setdefault(end, []).append(finding_id)
    cuts = sorted({0, length, *starting, *ending})
    covering: dict[str, None] = {}  # a dict keeps the findings in the order they start
    result: list[Piece] = []
    for start, end in pairwise(cuts):
        for finding_id in ending.get(start, ()):
            del covering[finding_id]
        covering.update(dict.fromkeys(starting.get(start, ())))
        result.append(Piece(start, end, tuple(covering)))
    return result


# --- small parts ------------------------------------------------------------------------


def most_severe(findings: Iterable[Finding]) -> Severity:
    """The highest severity among findings (info when there are none)."""
    return max(
        (finding.severity for finding in findings), key=lambda s: s.rank, default=Severity.INFO
    )


def severity_counts(findings: Iterable[Finding]) -> Counter[Severity]:
    """How many findings of each severity."""
    return Counter(finding.severity for finding in findings)


def severity_noun(severity: Severity, count: int) -> str:
    """'errors', 'warning', 'info' (which has no plural)."""
    if severity is Severity.INFO or count == 1:
        return severity.value
    return f"{severity.value}s"


def counts_text(counts: Mapping[Severity, int]) -> str:
    """'2 errors, 1 warning, 3 info'."""
    return ", ".join(
        f"{counts.get(severity, 0)} {severity_noun(severity, counts.get(severity, 0))}"
        for severity in SEVERITIES
    )


def chip(severity: Severity, count: int) -> str:
    """'12 warnings' in the severity's colours."""
    return (
        f'<li class="chip sev-{severity.value}" data-severity="{severity.value}">'
        f'<span class="count">{count}</span> {severity_noun(severity, count)}</li>'
    )


def summary_bar(counts: Mapping[Severity, int]) -> str:
    """Counts by severity as labelled chips over a bar whose parts are in proportion."""
    chips = "".join(chip(severity, counts.get(severity, 0)) for severity in SEVERITIES)
    total = sum(counts.get(severity, 0) for severity in SEVERITIES)
    if not total:
        return f'<ul class="chips">{chips}</ul>'
    # NOTE: an SVG bar, not styled boxes: widths in `style` attributes would need the
    # policy to allow inline styles, and SVG fills print even when backgrounds do not.
    rects, x = [], 0
    for severity in SEVERITIES:
        width = counts.get(severity, 0)
        if width:
            rects.append(f'<rect class="sev-{severity.value}" x="{x}" width="{width}" height="1"/>')
            x += width
    bar = (
        f'<svg class="bar" viewBox="0 0 {total} 1" preserveAspectRatio="none" aria-hidden="true">'
        f"{''.join(rects)}</svg>"
    )
    return f'<ul class="chips">{chips}</ul>{bar}'


def citation_item(citation: Citation) -> str:
    """A study: its citation, id and a link for each well-formed identifier."""
    links = " ".join(
        f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
        f"{inline(label)}</a>"
        for label, url in citation_links(citation)
    )
    unlinked = " ".join(f"<span>{inline(label)}</span>" for label in unlinked_identifiers(citation))
    ids = " ".join(part for part in (links, unlinked) if part)
    return (
        f'<li><span class="citation">{inline(citation.citation)}</span> '
        f'<code>{inline(citation.study_id)}</code> <span class="ids">{ids}</span></li>'
    )


def unlinked_identifiers(citation: Citation) -> list[str]:
    """Identifiers too malformed to link: still shown, as text."""
    linked = " ".join(label for label, _ in citation_links(citation))
    shown = [
        (citation.pmid, f"PMID {citation.pmid}"),
        (citation.doi, f"doi:{citation.doi}"),
        (citation.nct, f"{citation.nct}"),
    ]
    return [label for value, label in shown if value and label not in linked]


def wording_text(finding: Finding) -> str:
    """'absolute, asserts the claim; overstated'."""
    judged = "overstated" if finding.overstated else "not overstated"
    return f"{finding.strength.value} strength, {finding.stance.value} the claim; {judged}"


def finding_card(finding_id: str, finding: Finding, mark_id: str | None) -> str:
    """A finding's card: why, the claim, verdict, wording, accurate wording and evidence."""
    where = f"line {finding.line}, column {finding.column}"
    severity = finding.severity.value
    jump = f' <a class="jump" href="#{mark_id}">show in the copy</a>' if mark_id else ""
    evidence = (
        '<ul class="citations">' + "".join(map(citation_item, finding.citations)) + "</ul>"
        if finding.citations
        else "no study in the pack"
    )
    facts = [
        ("Claim", f"{inline(finding.claim)} <code>{inline(finding.claim_id)}</code>"),
        ("Verdict", f'<span class="verdict">{finding.verdict.value}</span>'),
        ("Wording", f'<span class="wording">{inline(wording_text(finding))}</span>'),
        ("Accurate wording", f'<span class="suggestion">{inline(finding.suggestion)}</span>'),
        ("Evidence", evidence),
    ]
    rows = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
    return (
        f'<li class="finding" id="{finding_id}" data-severity="{severity}" '
        f'data-verdict="{finding.verdict.value}">'
        f'<h4 id="{finding_id}-h"><span class="badge sev-{severity}">{severity}</span> '
        f"{finding.code.value} · {where}{jump}</h4>"
        f'<p class="message">{inline(sentence_case(finding.message))}</p>'
        f'<blockquote class="sentence">{inline(finding.sentence)}</blockquote>'
        f'<dl class="facts">{rows}</dl></li>'
    )


def notice_item(notice: Notice) -> str:
    """One notice: severity, place, code and message."""
    return (
        f'<li class="notice"><span class="badge sev-{notice.severity.value}">'
        f"{notice.severity.value}</span> line {notice.line}, column {notice.column} · "
        f"{notice.code.value}: "
        f"{inline(sentence_case(notice.message))}</li>"
    )


def highlight(mark_id: str, text: str, covering: Sequence[tuple[str, Finding]]) -> str:
    """A run of copy inside a mark, linked to (and described by) its findings' cards."""
    ids = " ".join(finding_id for finding_id, _ in covering)
    headings = " ".join(f"{finding_id}-h" for finding_id, _ in covering)
    label = "; ".join(
        f"{f.severity.value}: {f.code.value} ({f.verdict.value})" for _, f in covering
    )
    top = most_severe(finding for _, finding in covering)
    return (
        f'<mark class="hl" id="{mark_id}" data-shown="{top.value}" data-findings="{ids}" '
        f'title="{inline(label)}"><a href="#{covering[0][0]}" aria-describedby="{headings}">'
        f"{text}</a></mark>"
    )


# --- a file's section -------------------------------------------------------------------


def highlighted_copy(view: FileView, source: str) -> tuple[str, dict[str, str]] | None:
    """The copy with every finding marked, and each finding's first mark; None if stale."""
    bounds = line_spans(source)  # the audit's own line breaks
    spans: list[tuple[int, int, str]] = []
    by_id: dict[str, Finding] = {}
    for index, finding in enumerate(view.result.findings):
        span = finding_span(bounds, finding)
        if span is None:
            return None
        finding_id = view.finding_id(index)
        spans.append((*span, finding_id))
        by_id[finding_id] = finding
    parts: list[str] = []
    first_mark: dict[str, str] = {}
    marks = 0
    for piece in pieces(len(source), spans):
        text = copy_text(source[piece.start : piece.end])
        if not piece.finding_ids:
            parts.append(text)
            continue
        marks += 1
        mark_id = f"m{view.number}-{marks}"
        for finding_id in piece.finding_ids:
            first_mark.setdefault(finding_id, mark_id)
        covering = [(finding_id, by_id[finding_id]) for finding_id in piece.finding_ids]
        parts.append(highlight(mark_id, text, covering))
    return "".join(parts), first_mark


def copy_section(view: FileView) -> tuple[str, dict[str, str]]:
    """The copy block (or why it is missing) and each finding's first mark."""
    if view.source is None:
        note = (
            "The text of this file was not available to the report; its findings are listed below."
        )
        return f'<p class="note">{note}</p>', {}
    marked = highlighted_copy(view, view.source)
    if marked is None:
        note = (
            "The file no longer matches the positions of its findings (was it changed after "
            "the audit?); its findings are listed below without highlighting."
        )
        return f'<p class="note">{note}</p>', {}
    text, first_mark = marked
    block = f'<div class="copy" aria-label="The copy of {inline(view.result.path)}">{text}</div>'
    if not view.result.findings:
        block = f"<details><summary>Show the copy</summary>{block}</details>"
    return block, first_mark


def file_section(view: FileView) -> str:
    """A file's heading, summary bar, notices, highlighted copy and finding cards."""
    return "".join(file_section_parts(view))


def file_section_parts(view: FileView) -> Iterator[str]:
    """`file_section` in pieces: one per finding card, so a long report is never whole."""
    result = view.result
    heading = f'<h2 id="{view.anchor}-h">{inline(result.path)}</h2>'
    opening = f'<section class="file" id="{view.anchor}" aria-labelledby="{view.anchor}-h">'
    if result.error is not None:
        error = f'<p class="error">Could not be checked: {inline(result.error)}</p>'
        yield f"{opening}{heading}{error}</section>"
        return
    scope = f'<p class="scope">{plural(result.sentences, "sentence")} checked</p>'
    yield opening + heading + summary_bar(severity_counts(result.findings)) + scope
    if result.notices:
        notices = "".join(map(notice_item, result.notices))
        yield f'<h3>Notices</h3><ul class="notices">{notices}</ul>'
    copy, first_mark = copy_section(view)
    yield copy
    del copy  # the marked-up copy can be megabytes: not kept while the cards are written
    if result.findings:
        yield f'<h3>{plural(len(result.findings), "finding")}</h3><ol class="findings">'
        for index, finding in enumerate(result.findings):
            finding_id = view.finding_id(index)
            yield finding_card(finding_id, finding, first_mark.get(finding_id))
        yield "</ol>"
    yield "</section>"


# --- the page ---------------------------------------------------------------------------


@cache
def asset(name: str) -> str:
    """The text of a file shipped beside this module (the style sheet, the script)."""
    return resources.files("claimcheck.report").joinpath(name).read_text(encoding="utf-8")


def source_hash(text: str) -> str:
    """The CSP source expression admitting exactly this inline style or script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy() -> str:
    """Nothing from anywhere, except this page's own style sheet and script."""
    return (
        f"default-src 'none'; style-src {source_hash(asset('html.css'))}; "
        f"script-src {source_hash(asset('html.js'))}; base-uri 'none'; form-action 'none'"
    )


def table_of_contents(views: Sequence[FileView]) -> str:
    """Links to every file's section with its counts (only for several files)."""
    if len(views) < 2:
        return ""
    items = []
    for view in views:
        result = view.result
        counts = (
            "could not be checked"
            if result.error is not None
            else counts_text(severity_counts(result.findings))
        )
        items.append(
            f'<li><a href="#{view.anchor}">{inline(result.path)}</a> '
            f'<span class="counts">{counts}</span></li>'
        )
    return (
        '<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Files</h2>'
        f"<ol>{''.join(items)}</ol></nav>"
    )


def checkbox(name: str, value: str) -> str:
    """A checked filter box."""
    return f'<label><input type="checkbox" name="{name}" value="{value}" checked> {value}</label>'


def filters(report: Report) -> str:
    """Severity and verdict filters; hidden until the script can make them work."""
    if not report.findings:
        return ""
    present = {finding.verdict for finding in report.findings}
    verdicts = [verdict for verdict in Verdict if verdict in present]
    severity_boxes = "".join(checkbox("severity", severity.value) for severity in SEVERITIES)
    verdict_boxes = "".join(checkbox("verdict", verdict.value) for verdict in verdicts)
    return (
        '<form class="filters" id="filters" aria-label="Filter findings" hidden>'
        f"<fieldset><legend>Severity</legend>{severity_boxes}</fieldset>"
        f"<fieldset><legend>Verdict</legend>{verdict_boxes}</fieldset>"
        '<p class="shown" id="shown" aria-live="polite"></p></form>'
    )


def page_header(report: Report) -> str:
    """The title, totals over every file and what the highlight colours mean."""
    findings = report.findings
    totals = counts_text(severity_counts(findings)) if findings else "no findings"
    legend = (
        '<ul class="legend">'
        '<li><mark data-shown="error">error</mark> the wording overstates the evidence, the '
        "claim is contradicted, or the evidence is for another substance</li>"
        '<li><mark data-shown="warning">warning</mark> an assertion no study in the pack '
        "backs</li>"
        '<li><mark data-shown="info">info</mark> stated within the evidence</li></ul>'
    )
    return (
        "<header><h1>claimcheck report</h1>"
        f'<p class="totals">{totals}</p>'
        f'<p class="scope">{inline(scope_line(report))}.</p>'
        f"{summary_bar(severity_counts(findings))}{legend if findings else ''}</header>"
    )


def popover() -> str:
    """The details panel the script fills from the cards of the highlight chosen."""
    return (
        '<div class="popover" id="popover" role="dialog" aria-label="Finding details" hidden>'
        '<button type="button" class="close" aria-label="Close the details">&times;</button>'
        '<ol class="popover-body"></ol></div>'
    )


def stream_html(report: Report, options: RenderOptions) -> Iterator[str]:
    """The whole report as one HTML page, written file section by file section."""
    views = [
        FileView(number, result, options.sources.get(result.path))
        for number, result in enumerate(report.files, start=1)
    ]
    title = counts_text(severity_counts(report.findings)) if report.findings else "no findings"
    version = f" {inline(options.tool_version)}" if options.tool_version else ""
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>claimcheck: {title}</title>",
        f"<style>{asset('html.css')}</style>",
        "</head>",
        "<body>",
        page_header(report),
        table_of_contents(views),
        filters(report),
        "<main>",
    ]
    yield from (line + "\n" for line in head if line)
    if not views:
        yield '<p class="note">No files were audited.</p>\n'
    for number, view in enumerate(views):
        if number:
            yield "\n"
        yield from file_section_parts(view)
    if views:
        yield "\n"
    tail = [
        popover() if report.findings else "",
        "</main>",
        f"<footer><p>claimcheck{version}, report format {inline(report.version)}.</p></footer>",
        f"<script>{asset('html.js')}</script>",
        "</body>",
        "</html>",
    ]
    yield from (line + "\n" for line in tail if line)


def render_html(report: Report, options: RenderOptions) -> str:
    """The whole report as one HTML page: a section per file, then the script."""
    return "".join(stream_html(report, options))
