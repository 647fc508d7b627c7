"""Streamed reports: the same bytes as the whole-string renderers, written piece by piece."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.bidi import escape_bidi_in_json
from claimcheck.findings import FileResult, Report
from claimcheck.pipeline import audit_document
from claimcheck.report import Format, RenderOptions, render, stream
from claimcheck.report.json import report_data
from claimcheck.report.jsonstream import Deferred, Stream, json_chunks
from claimcheck.report.markdown import joined_lines
from claimcheck.report.sarif import sarif_log
from claimcheck.sources import document_from_text

COPY = (
    "L-serine cures insomnia overnight.\n\nIn mice, serine kept nerves healthy \u202e.\n\n"
    "Our capsules may support deep sleep. L-serine is clinically proven to reverse ALS."
)


@pytest.fixture(scope="module")
def report() -> Report:
    first = audit_document(document_from_text(COPY, path="a.txt"))
    second = audit_document(document_from_text(COPY.upper(), path="b.md"))
    unread = FileResult(path="gone.txt", error="cannot read file: No such file or directory")
    return Report(files=(first, FileResult(path="empty.txt"), second, unread))


def test_streamed_json_is_the_stdlib_document(report: Report) -> None:
    whole = escape_bidi_in_json(json.dumps(report_data(report), ensure_ascii=False, indent=2))
    assert render(report, Format.JSON) == whole + "\n"


def test_streamed_sarif_is_the_stdlib_document(report: Report) -> None:
    options = RenderOptions(tool_version="9.9")
    whole = json.dumps(sarif_log(report, options), ensure_ascii=False, indent=2)
    assert render(report, Format.SARIF, options) == escape_bidi_in_json(whole) + "\n"


@pytest.mark.parametrize("output_format", [f for f in Format if f is not Format.TEXT])
def test_every_streamed_format_comes_finding_by_finding(
    report: Report, output_format: Format
) -> None:
    options = RenderOptions(sources={"a.txt": COPY})
    pieces = list(stream(report, output_format, options))
    assert len(pieces) > len(report.findings) // 2 > 0
    assert "".join(pieces) == render(report, output_format, options)


def test_nothing_is_made_before_it_is_written() -> None:
    made: list[int] = []

    def items() -> object:
        for number in range(3):
            made.append(number)
            yield {"n": number, "nested": {"deep": [number]}}

    pieces = json_chunks({"a": Stream(items()), "total": Deferred(lambda: len(made))})
    first = next(pieces)
    assert made == []
    text = first + "".join(pieces)
    expected = {"a": [{"n": n, "nested": {"deep": [n]}} for n in range(3)], "total": 3}
    assert text == json.dumps(expected, indent=2) + "\n"


@pytest.mark.parametrize("value", [[], {}, {"a": Stream([])}, {"a": {"b": Stream([{}])}}])
def test_empty_containers_are_written_as_the_stdlib_writes_them(value: object) -> None:
    def plain(v: object) -> object:
        if isinstance(v, Stream):
            return [plain(i) for i in v.items]
        if isinstance(v, dict):
            return {k: plain(i) for k, i in v.items()}
        return v

    reference = json.dumps(plain(value), indent=2) + "\n"
    assert "".join(json_chunks(value)) == reference


@given(st.lists(st.text(alphabet="ab\n", max_size=4), max_size=8))
def test_joined_lines_is_join_then_one_final_newline(lines: list[str]) -> None:
    assert "".join(joined_lines(lines)) == "\n".join(lines).rstrip("\n") + "\n"
