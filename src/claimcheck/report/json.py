r"""JSON renderer: the public, versioned contract of DESIGN.md.

`{"version", "files": [{"path", "findings": [...]}], "summary": {...}}`. Scripts and CI
parse this; any change to its shape bumps `findings.SCHEMA_VERSION`. Bidi controls are
written as `\u202e` escapes: the same data for a parser, visible to a person reading it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from claimcheck.findings import FileResult, Report
from claimcheck.report import RenderOptions
from claimcheck.report.jsonstream import Deferred, Stream, json_chunks

__all__ = ["render_json", "report_data", "stream_json"]


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    return {
        "version": report.version,
        "files": [file_data(result) for result in report.files],
        "summary": report.summary().model_dump(mode="json"),
    }


def file_data(result: FileResult) -> dict[str, Any]:
    """One file: path, findings, notices, and `error` only when it could not be read."""
    data: dict[str, Any] = {
        "path": result.path,
        "findings": [finding.model_dump(mode="json") for finding in result.findings],
        "notices": [notice.model_dump(mode="json") for notice in result.notices],
    }
    if result.error is not None:
        data["error"] = result.error
    return data


def streamed_file_data(result: FileResult) -> dict[str, Any]:
    """`file_data` with findings made one by one as they are written."""
    data: dict[str, Any] = {
        "path": result.path,
        "findings": Stream(finding.model_dump(mode="json") for finding in result.findings),
        "notices": Stream(notice.model_dump(mode="json") for notice in result.notices),
    }
    if result.error is not None:
        data["error"] = result.error
    return data


def stream_json(report: Report, options: RenderOptions) -> Iterator[str]:
    """Pretty JSON, one object, newline-terminated, written finding by finding."""
    del options  # the JSON contract does not vary with display options
    data = {
        "version": report.version,
        "files": Stream(streamed_file_data(result) for result in report.files),
        "summary": Deferred(lambda: report.summary().model_dump(mode="json")),
    }
    return json_chunks(data)


def render_json(report: Report, options: RenderOptions) -> str:
    """Pretty JSON, one object, newline-terminated."""
    return "".join(stream_json(report, options))
