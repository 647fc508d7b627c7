"""Text renderer: findings grouped by file, for people at a terminal or in a CI log.

Pure: renders into a string through a recording rich `Console` of fixed width, with
colour only when asked (the CLI asks when stdout is a terminal). Every string from the
report passes through `flatten`: one line, no terminal escapes, bidi controls shown.
"""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.text import Text

from claimcheck.findings import FileResult, Finding, Notice, Report, Severity
from claimcheck.report import RenderOptions
from claimcheck.report.markdown import flatten, plural

__all__ = ["SEVERITY_STYLES", "VERDICT_STYLES", "notice_text", "render_text", "summary_line"]

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
EXCERPT_CHARS = 160


def excerpt(sentence: str, limit: int = EXCERPT_CHARS) -> str:
    """The sentence on one line, shortened at a word boundary."""
    flat = flatten(sentence)
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


def finding_text(finding: Finding) -> Text:
    """One finding: position, severity, code, message, then the sentence and the evidence."""
    text = Text()
    text.append(f"  {finding.line}:{finding.column}", style="dim")
    text.append(f"  {finding.severity.value:<7}", style=SEVERITY_STYLES[finding.severity])
    text.append(f" {finding.code.value}", style="bold")
    text.append(f"  {flatten(finding.message)}\n")
    text.append(f"      “{excerpt(finding.sentence)}”\n", style="italic")
    text.append("      claim: ", style="dim")
    text.append(flatten(finding.claim_id))
    text.append(f" ({finding.verdict.value}", style=VERDICT_STYLES[finding.verdict.value])
    text.append(
        f", {finding.strength.value}, {finding.stance.value})\n",
        style=VERDICT_STYLES[finding.verdict.value],
    )
    if finding.severity is not Severity.INFO:
        text.append("      accurate: ", style="dim")
        text.append(f"{flatten(finding.suggestion)}\n", style="green")
    if finding.citations:
        cited = "; ".join(flatten(c.citation) for c in finding.citations[:3])
        more = f" (+{len(finding.citations) - 3} more)" if len(finding.citations) > 3 else ""
        text.append(f"      evidence: {cited}{more}\n", style="dim")
    return text


def notice_text(notice: Notice) -> Text:
    """One notice: position, severity, code and message on one line."""
    text = Text()
    text.append(f"  {notice.line}:{notice.column}", style="dim")
    text.append(f"  {notice.severity.value:<7}", style=SEVERITY_STYLES[notice.severity])
    text.append(f" {notice.code.value}", style="bold")
    text.append(f"  {flatten(notice.message)}\n")
    return text


def file_text(result: FileResult) -> Text:
    """A file's heading, its findings and its notices; or one line when it was unreadable."""
    if result.error is not None:
        text = Text(flatten(result.path), style="bold underline")
        text.append(": ", style="bold")
        text.append(f"error: {flatten(result.error)}\n", style=SEVERITY_STYLES[Severity.ERROR])
        return text
    text = Text(flatten(result.path), style="bold underline")
    text.append("\n")
    for finding in result.findings:
        text.append_text(finding_text(finding))
    for notice in result.notices:
        text.append_text(notice_text(notice))
    return text


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
    """Human-readable report."""
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
    for result in report.files:
        if result.findings or result.notices or result.error is not None:
            console.print(file_text(result))
    console.print(Text(summary_line(report), style="bold"))
    return buffer.getvalue()
