"""Output formats: one pure renderer per format, looked up in one registry.

A renderer is `(Report, RenderOptions) -> str`. Renderers read only the contract in
`findings.py` and their options (the HTML report also the audited texts the CLI passes in
`RenderOptions.sources`); they never match, judge or touch files. `cli.py` writes one with
`stream`, which hands over the text in pieces (finding by finding where the format allows),
so a long report is never held whole; `render` joins them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from typing_extensions import assert_never

from claimcheck.findings import Report
from claimcheck.model import StrEnum

__all__ = ["Format", "RenderOptions", "Renderer", "render", "renderer_for", "stream"]


class Format(StrEnum):
    """Every output format `audit --format` accepts."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"
    MARKDOWN = "markdown"
    HTML = "html"
    CLAIMREVIEW = "claimreview"


@dataclass(frozen=True)
class RenderOptions:
    """How to render: terminal colour and width for text, tool version for machine formats.

    `sources` maps a report path to the text of that file as it was audited (decoded, not
    stripped); only the HTML report uses it, to show the copy with its findings in place.
    """

    color: bool = False
    width: int = 100
    tool_version: str = ""
    sources: Mapping[str, str] = field(default_factory=dict, hash=False)


Renderer = Callable[[Report, RenderOptions], str]
StreamRenderer = Callable[[Report, RenderOptions], Iterable[str]]


def renderer_for(output_format: Format) -> Renderer:
    """The renderer of a format (imported lazily so `check` stays light)."""
    if output_format is Format.TEXT:
        from claimcheck.report.text import render_text

        return render_text
    if output_format is Format.JSON:
        from claimcheck.report.json import render_json

        return render_json
    if output_format is Format.SARIF:
        from claimcheck.report.sarif import render_sarif

        return render_sarif
    if output_format is Format.GITHUB:
        from claimcheck.report.github import render_github

        return render_github
    if output_format is Format.MARKDOWN:
        from claimcheck.report.markdown import render_markdown

        return render_markdown
    if output_format is Format.HTML:
        from claimcheck.report.html import render_html

        return render_html
    if output_format is Format.CLAIMREVIEW:
        from claimcheck.report.claimreview import render_claimreview

        return render_claimreview
    assert_never(output_format)


def stream_renderer_for(output_format: Format) -> StreamRenderer:
    """The renderer of a format that hands over its text in pieces."""
    if output_format is Format.JSON:
        from claimcheck.report.json import stream_json

        return stream_json
    if output_format is Format.SARIF:
        from claimcheck.report.sarif import stream_sarif

        return stream_sarif
    if output_format is Format.GITHUB:
        from claimcheck.report.github import stream_github

        return stream_github
    if output_format is Format.MARKDOWN:
        from claimcheck.report.markdown import stream_markdown

        return stream_markdown
    if output_format is Format.HTML:
        from claimcheck.report.html import stream_html

        return stream_html
    if output_format is Format.CLAIMREVIEW:
        from claimcheck.report.claimreview import stream_claimreview

        return stream_claimreview
    whole = renderer_for(output_format)
    return lambda report, options: (whole(report, options),)


def stream(
    report: Report, output_format: Format, options: RenderOptions | None = None
) -> Iterable[str]:
    """Render a report in one format, in pieces that concatenate to `render`'s text."""
    return stream_renderer_for(output_format)(report, options or RenderOptions())


def render(report: Report, output_format: Format, options: RenderOptions | None = None) -> str:
    """Render a report in one format."""
    return "".join(stream(report, output_format, options))
