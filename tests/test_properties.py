"""Property-based checks over arbitrary copy (issue 11): no crash, exact positions, stable output.

Copy is drawn from claim words, markup, invisible characters and look-alike letters, so the
examples reach the matcher and every renderer. Example counts are bounded for CI.
"""

from __future__ import annotations

import html
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.findings import Report
from claimcheck.pipeline import audit_document
from claimcheck.report import Format, RenderOptions, render
from claimcheck.report.html import copy_text
from claimcheck.sources import SourceFormat, document_from_text
from tests.htmlpage import parse

WORDS = [
    "L-serine", "serine", "D-serine", "cures", "may", "help", "ALS", "sleep", "insomnia",
    "mice", "in", "trial", "of", "20", "patients", "not", "no", "study", "Alzheimer's",
    "cancer", "mood", "\u200b", "\u00ad", "\u202e", "\u0435", "\uff49", "&amp;", "**", "#",
    "|", "<p>", "</p>", "<script>", "@team", "#12", "[1]", "\n", "\n\n", ".", ",", "?", " ",
]  # fmt: skip
copy = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
formats = st.sampled_from(list(SourceFormat))
EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def audit(text: str, format: SourceFormat) -> Report | None:
    if not text.strip():
        return None
    try:
        document = document_from_text(text, f"copy.{format}", format)
    except Exception as error:  # only the documented refusal (nothing left) is allowed
        assert "no text left" in str(error)
        return None
    return Report(files=(audit_document(document),))


@EXAMPLES
@given(copy, formats)
def test_every_finding_points_inside_the_copy(text: str, format: SourceFormat) -> None:
    report = audit(text, format)
    if report is None:
        return
    lines = text.split("\n")
    for finding in report.findings:
        assert 1 <= finding.line <= finding.end_line <= len(lines)
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1
        assert finding.end_column <= len(lines[finding.end_line - 1]) + 1


@EXAMPLES
@given(copy, formats)
def test_the_same_copy_gives_the_same_report(text: str, format: SourceFormat) -> None:
    first, second = audit(text, format), audit(text, format)
    assert first == second


@EXAMPLES
@given(copy, formats)
def test_every_renderer_renders_any_report(text: str, format: SourceFormat) -> None:
    report = audit(text, format)
    if report is None:
        return
    for output in Format:
        rendered = render(report, output)
        assert isinstance(rendered, str)
        if output in (Format.JSON, Format.SARIF):
            json.loads(rendered)


@EXAMPLES
@given(copy, formats)
def test_the_html_report_marks_every_finding_in_the_whole_copy(
    text: str, format: SourceFormat
) -> None:
    report = audit(text, format)
    if report is None:
        return
    (result,) = report.files
    page = render(report, Format.HTML, RenderOptions(sources={result.path: text}))
    root, _ = parse(page)
    (shown,) = root.find_all("div", "copy")
    # cut at every finding and escaped piece by piece, the copy still reads as a whole
    assert shown.text == html.unescape(copy_text(text))
    marked = {
        i for mark in root.find_all("mark", "hl") for i in mark.attrs["data-findings"].split()
    }
    assert marked == {f"f1-{n}" for n in range(1, len(result.findings) + 1)}
