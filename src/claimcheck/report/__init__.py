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
from importlib import import_module
from typing import Any, cast

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


# Where each format's renderers live: its module, the whole-text function and the
# piecewise one (None: the text is handed over whole). Imported on first use, so `check`
# stays light.
_RENDERERS: dict[Format, tuple[str, str, str | None]] = {
    Format.TEXT: ("text", "render_text", None),
    Format.JSON: ("json", "render_json", "stream_json"),
    Format.SARIF: ("sarif", "render_sarif", "stream_sarif"),
    Format.GITHUB: ("github", "render_github", "stream_github"),
    Format.MARKDOWN: ("markdown", "render_markdown", "stream_markdown"),
    Format.HTML: ("html", "render_html", "stream_html"),
    Format.CLAIMREVIEW: ("claimreview", "render_claimreview", "stream_claimreview"),
}


def _imported(module: str, name: str) -> Any:
    return getattr(import_module(f"claimcheck.report.{module}"), name)


def renderer_for(output_format: Format) -> Renderer:
    """The renderer of a format."""
    module, whole, _ = _RENDERERS[output_format]
    return cast(Renderer, _imported(module, whole))


def stream_renderer_for(output_format: Format) -> StreamRenderer:
    """The renderer of a format that hands over its text in pieces."""
    module, _, pieces = _RENDERERS[output_format]
    if pieces is None:
        whole = renderer_for(output_format)
        return lambda report, options: (whole(report, options),)
    return cast(StreamRenderer, _imported(module, pieces))


def stream(
    report: Report, output_format: Format, options: RenderOptions | None = None
) -> Iterable[str]:
    """Render a report in one format, in pieces that concatenate to `render`'s text."""
    return stream_renderer_for(output_format)(report, options or RenderOptions())


def render(report: Report, output_format: Format, options: RenderOptions | None = None) -> str:
    """Render a report in one format."""
    return "".join(stream(report, output_format, options))
