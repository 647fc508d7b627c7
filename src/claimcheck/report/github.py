"""GitHub Actions renderer: workflow commands that GitHub turns into annotations.

Pure: reads only the output contract (`findings.py`) and returns one command per line
(`::error file=…,line=…::message`). It never matches, judges or touches files; the CLI
prints it and writes the Markdown job summary separately.

Every line starts with `::`, and no quoted copy can start a line or add a property: data
and property values are escaped exactly as actions/toolkit does (`escapeData` and
`escapeProperty` in packages/core/src/command.ts). Bidi controls are written out as
`<U+202E>` everywhere, file paths included: a path that holds one is hostile, and an
annotation that shows it plainly beats one placed on the file but misread. Syntax:
https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from claimcheck.bidi import show_bidi
from claimcheck.findings import Citation, Finding, Notice, Report, Severity
from claimcheck.report import RenderOptions
from claimcheck.report.markdown import (
    citation_links,
    excerpt,
    flatten,
    scope_line,
    sentence_case,
    totals,
)

__all__ = [
    "ANNOTATION_LIMIT",
    "COMMANDS",
    "command",
    "escape_data",
    "escape_property",
    "render_github",
    "stream_github",
]

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# NOTE: GitHub keeps at most 10 error and 10 warning annotations per step (50 per job);
# the summary line says so when a run has more, since the rest are silently dropped.
ANNOTATION_LIMIT = 10
CITED = 3

Property = tuple[str, str | int]


def escape_data(text: str) -> str:
    """A command's message: `%`, CR and LF percent-encoded (`%` first)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as data, plus `:` and `,`, which end a value or the properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: Sequence[Property], message: str) -> str:
    """`::name key=value,key=value::message`, every part escaped and bidi controls shown."""
    props = ",".join(f"{key}={escape_property(show_bidi(str(value)))}" for key, value in properties)
    head = f"::{name} {props}" if props else f"::{name}"
    return f"{head}::{escape_data(show_bidi(message))}"


def position(path: str, line: int, column: int, end_line: int, end_column: int) -> list[Property]:
    """file/line/col/endLine/endColumn; columns only for one-line spans, as GitHub requires."""
    properties: list[Property] = [("file", path), ("line", line)]
    if end_line == line:
        properties += [("col", column), ("endLine", end_line), ("endColumn", end_column)]
    else:
        properties.append(("endLine", end_line))
    return properties


def cited(citation: Citation) -> str:
    """'Doe 2020 (PMID 12345)'."""
    links = citation_links(citation)
    label = f" ({links[0][0]})" if links else ""
    return f"{flatten(citation.citation)}{label}"


def finding_message(finding: Finding) -> str:
    """What the annotation says, one fact per line (rendered as line breaks by GitHub)."""
    lines = [
        sentence_case(finding.message),
        f"Sentence: “{excerpt(finding.sentence)}”",
        f"Claim: {flatten(finding.claim_id)} ({finding.verdict.value})",
    ]
    if finding.severity is not Severity.INFO:
        lines.append(f"Accurate wording: {flatten(finding.suggestion)}")
    if finding.citations:
        more = len(finding.citations) - CITED
        evidence = "; ".join(cited(c) for c in finding.citations[:CITED])
        lines.append(f"Evidence: {evidence}" + (f" (+{more} more)" if more > 0 else ""))
    return "\n".join(lines)


def finding_command(finding: Finding) -> str:
    """One finding as an annotation titled with its code."""
    properties = position(
        finding.path, finding.line, finding.column, finding.end_line, finding.end_column
    )
    properties.append(("title", f"claimcheck: {finding.code.value}"))
    return command(COMMANDS[finding.severity], properties, finding_message(finding))


def notice_command(notice: Notice) -> str:
    """One notice (suppression problem, decoding note) as an annotation."""
    properties: list[Property] = [
        ("file", notice.path),
        ("line", notice.line),
        ("col", notice.column),
        ("title", f"claimcheck: {notice.code.value}"),
    ]
    return command(COMMANDS[notice.severity], properties, sentence_case(notice.message))


def error_command(path: str, error: str) -> str:
    """A file that could not be read, as a file-level error annotation."""
    properties: list[Property] = [("file", path), ("title", "claimcheck: unreadable file")]
    return command("error", properties, f"Could not check this file: {flatten(error)}")


def summary_command(report: Report) -> str:
    """The closing notice: totals, and a warning when GitHub will drop annotations."""
    text = f"{totals(report)} ({scope_line(report)})."
    counts = report.summary().by_severity
    if max(counts[Severity.ERROR.value], counts[Severity.WARNING.value]) > ANNOTATION_LIMIT:
        text += (
            f" GitHub shows only the first {ANNOTATION_LIMIT} errors and {ANNOTATION_LIMIT}"
            " warnings of a step; the job summary lists every finding."
        )
    return command("notice", [("title", "claimcheck")], text)


def stream_github(report: Report, options: RenderOptions) -> Iterator[str]:
    """One workflow command per finding, notice and unreadable file, then a summary."""
    del options  # annotations do not depend on display options
    for result in report.files:
        if result.error is not None:
            yield error_command(result.path, result.error) + "\n"
        for finding in result.findings:
            yield finding_command(finding) + "\n"
        for notice in result.notices:
            yield notice_command(notice) + "\n"
    yield summary_command(report) + "\n"


def render_github(report: Report, options: RenderOptions) -> str:
    """The workflow commands of `stream_github`, one per line."""
    return "".join(stream_github(report, options))
