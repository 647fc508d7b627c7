"""Every output format: golden files, SARIF schema and GitHub rules, injection safety.

The report comes from tests/golden/input.json, written by hand (the engine is not run,
so these tests pin the renderers only). It holds an error, a warning whose sentence is
hostile (workflow commands, `%`, CR/LF, `|`, `<script>`, a Markdown link, braces), an
info finding, three notices (one for the bidi controls in the hostile sentence) and an
unreadable file; `SOURCES` is the copy of its two readable files, equally hostile, for the
HTML report. `pytest --update-golden` rewrites tests/golden/report.*; review the diff
before committing it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typing_extensions import assert_never

from claimcheck.bidi import BIDI_CONTROLS
from claimcheck.findings import Citation, Code, FileResult, Notice, NoticeCode, Report, Severity
from claimcheck.report import Format, RenderOptions, explain, render, renderer_for
from claimcheck.report.github import escape_data, escape_property
from claimcheck.report.html import pieces
from claimcheck.report.markdown import escape_markdown, flatten, plural
from claimcheck.report.sarif import FINGERPRINT_KEY, SARIF_SCHEMA, rule_ids
from tests.htmlpage import Element, parse

GOLDEN = Path(__file__).parent / "golden"
SARIF_SCHEMA_FILE = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json"
)
HOSTILE_LINE = 5  # the line of the hostile sentence in input.json
# The copy of the two readable files in input.json, at the positions its findings name.
SOURCES = {
    "copy/landing.md": (
        "# Testine\r\n"
        "<!-- claimcheck-disable-next-line testine-improves-sleep -->\r\n"
        "Testine cures insomnia in just one week.\r\n"
        "\r\n"
        ">  Testine \x1b[2J{0} [click](https://example.com) <script>document.title='pwned'"
        '</script> "><img src=x onerror=alert(1)> ::error::aids focus\r\n'
        "::warning file=x.md,line=1::injected, for $5 & *more*, \u202eforever\u202c "
        "(ask @octocat)\r\n"
    ),
    "docs/FAQ draft.txt": (
        "Does testine help sleep? Caf\u00e9 talk.\nAnswer 1 In one study in mice, testine was "
        "linked to longer sleep. That is all.\n"
    ),
}
OPTIONS = RenderOptions(color=False, width=100, tool_version="0.0.0-test", sources=SOURCES)


def extension(output_format: Format) -> str:
    """The golden file suffix of a format; a new format fails here until it has one."""
    if output_format is Format.TEXT:
        return "txt"
    if output_format is Format.JSON:
        return "json"
    if output_format is Format.SARIF:
        return "sarif"
    if output_format is Format.GITHUB:
        return "github.txt"
    if output_format is Format.MARKDOWN:
        return "md"
    if output_format is Format.HTML:
        return "html"
    if output_format is Format.CLAIMREVIEW:
        return "claimreview.json"
    assert_never(output_format)


@pytest.fixture(scope="module")
def report() -> Report:
    return Report.model_validate_json((GOLDEN / "input.json").read_text(encoding="utf-8"))


def rendered(report: Report, output_format: Format) -> str:
    return render(report, output_format, OPTIONS)


# --- golden files and exhaustiveness -------------------------------------------------------


@pytest.mark.parametrize("output_format", list(Format), ids=str)
def test_golden(report: Report, output_format: Format, request: pytest.FixtureRequest) -> None:
    path = GOLDEN / f"report.{extension(output_format)}"
    output = rendered(report, output_format)
    if request.config.getoption("--update-golden"):
        path.write_bytes(output.encode("utf-8"))
        return
    assert path.is_file(), f"{path.name} missing: run pytest --update-golden"
    assert output == path.read_bytes().decode("utf-8"), (
        f"{path.name} differs: run pytest --update-golden and review the diff"
    )


@pytest.mark.parametrize("output_format", list(Format), ids=str)
def test_every_format_renders_deterministically(report: Report, output_format: Format) -> None:
    renderer = renderer_for(output_format)
    first = renderer(report, OPTIONS)
    assert first == renderer(report, OPTIONS)
    assert first.endswith("\n")


@pytest.mark.parametrize("output_format", list(Format), ids=str)
def test_every_format_renders_an_empty_report(output_format: Format) -> None:
    assert render(Report(), output_format, OPTIONS).endswith("\n")


@pytest.mark.parametrize("output_format", list(Format), ids=str)
def test_no_format_passes_on_control_characters(report: Report, output_format: Format) -> None:
    output = rendered(report, output_format)
    assert "\x1b" not in output and "\r" not in output


def test_no_stray_golden_files() -> None:
    # identity.json: the report digests of tests/test_output_identity.py
    expected = {f"report.{extension(f)}" for f in Format} | {"input.json", "identity.json"}
    assert {p.name for p in GOLDEN.iterdir() if p.is_file()} == expected


def test_input_covers_every_case(report: Report) -> None:
    severities = {f.severity for f in report.findings}
    assert severities == set(Severity)
    assert report.notices and report.errors
    hostile = report.findings[1].sentence
    for needle in ("::error::", "%0A", "\r\n", "|", "<script>", "`", "](", "{0}", ",", "\x1b"):
        assert needle in hostile
    for needle in ("\u202e", "@octocat", "@acme/reviewers", "#12"):
        assert needle in hostile
    assert {n.code for n in report.notices} >= {NoticeCode.BIDI_CONTROL}
    assert any(f.end_line != f.line for f in report.findings)


# --- SARIF ---------------------------------------------------------------------------------


def sarif(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(rendered(report, Format.SARIF))
    return data


@pytest.mark.parametrize("which", ["report", "empty", "bidi"])
def test_sarif_validates_against_the_official_schema(report: Report, which: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA_FILE.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA_FILE}")
    schema = json.loads(SARIF_SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    chosen = {"report": report, "empty": Report(), "bidi": bidi_report(report)}[which]
    errors = sorted(validator.iter_errors(sarif(chosen)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_sarif_has_what_github_requires(report: Report) -> None:
    log = sarif(report)
    assert log["$schema"] == SARIF_SCHEMA
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "claimcheck"
    assert driver["version"] == "0.0.0-test"
    assert "informationUri" not in driver  # no public home yet; never a guessed URL
    assert run["columnKind"] == "unicodeCodePoints"
    rules = driver["rules"]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
        assert rule["properties"]["tags"]
        assert len(rule["name"]) <= 255 and len(rule["fullDescription"]["text"]) <= 1024
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"]
        region = physical["region"]
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            if key in region:
                assert isinstance(region[key], int) and region[key] >= 1
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["partialFingerprints"][FINGERPRINT_KEY]


def test_sarif_rules_cover_every_code_in_a_stable_order(report: Report) -> None:
    ids = [rule["id"] for rule in sarif(report)["runs"][0]["tool"]["driver"]["rules"]]
    assert ids == [c.value for c in Code] + [c.value for c in NoticeCode]
    assert tuple(ids) == rule_ids()
    assert len(set(ids)) == len(ids)


def test_sarif_results_mirror_the_report(report: Report) -> None:
    results = sarif(report)["runs"][0]["results"]
    assert len(results) == len(report.findings) + len(report.notices)
    by_fingerprint = {r["partialFingerprints"][FINGERPRINT_KEY]: r for r in results}
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    for finding in report.findings:
        result = by_fingerprint[finding.fingerprint]
        assert result["ruleId"] == finding.code.value
        assert result["level"] == levels[finding.severity]
        assert result["locations"][0]["physicalLocation"]["region"] == {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endLine": finding.end_line,
            "endColumn": finding.end_column,  # exclusive in both
        }
        properties = result["properties"]
        assert properties["claim_id"] == finding.claim_id
        assert properties["verdict"] == finding.verdict.value
        assert properties["suggestion"] == finding.suggestion
        assert len(properties["citations"]) == len(finding.citations)
    notice_rules = {r["ruleId"] for r in results} & {c.value for c in NoticeCode}
    assert notice_rules == {n.code.value for n in report.notices}


def test_sarif_citations_link_to_their_registries(report: Report) -> None:
    results = sarif(report)["runs"][0]["results"]
    links = [
        link
        for r in results
        for c in r.get("properties", {}).get("citations", [])
        for link in c["links"]
    ]
    assert "https://pubmed.ncbi.nlm.nih.gov/99999999/" in links
    assert "https://doi.org/10.5555/claimcheck.test.1" in links
    assert "https://doi.org/10.5555/claimcheck.test.%282%29" in links
    assert "https://clinicaltrials.gov/study/NCT00000000" in links
    assert "https://pubmed.ncbi.nlm.nih.gov/99999999/" in results[0]["message"]["markdown"]
    assert "A small pilot study suggests" in results[0]["message"]["markdown"]


def test_sarif_paths_are_relative_uris(report: Report) -> None:
    results = sarif(report)["runs"][0]["results"]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in results]
    assert {"uri": "copy/landing.md", "uriBaseId": "%SRCROOT%"} in locations
    assert {"uri": "docs/FAQ%20draft.txt", "uriBaseId": "%SRCROOT%"} in locations


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("copy\\win.md", {"uri": "copy/win.md", "uriBaseId": "%SRCROOT%"}),
        ("./copy/a.md", {"uri": "copy/a.md", "uriBaseId": "%SRCROOT%"}),
        ("/srv/site/a b.md", {"uri": "file:///srv/site/a%20b.md"}),
        ("C:\\site\\a.md", {"uri": "file:///C:/site/a.md"}),
        ("odd:name.md", {"uri": "odd%3Aname.md", "uriBaseId": "%SRCROOT%"}),
    ],
)
def test_sarif_artifact_uris(path: str, expected: dict[str, str]) -> None:
    from claimcheck.report.sarif import artifact_location

    assert artifact_location(path) == expected


def test_sarif_reports_unreadable_files(report: Report) -> None:
    (invocation,) = sarif(report)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert "copy/missing.md" in notification["message"]["text"]
    clean = sarif(Report(files=(FileResult(path="a.md"),)))["runs"][0]["invocations"][0]
    assert clean == {"executionSuccessful": True}


def test_sarif_messages_cannot_hold_placeholders_links_or_html(report: Report) -> None:
    results = sarif(report)["runs"][0]["results"]
    hostile = next(
        r
        for r in results
        if r["locations"][0]["physicalLocation"]["region"]["startLine"] == HOSTILE_LINE
    )
    text, markdown = hostile["message"]["text"], hostile["message"]["markdown"]
    assert "{{0}}" in text and "{0}" not in text.replace("{{0}}", "")
    assert "](" not in text
    assert "\n" not in text and "\r" not in text
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert re.search(r"(?<!\\)\[click", markdown) is None
    assert "](https://pubmed.ncbi.nlm.nih.gov/" not in markdown  # no citations on this one


def test_sarif_has_no_timestamps(report: Report) -> None:
    output = rendered(report, Format.SARIF)
    assert "Utc" not in output and not re.search(r"\d{4}-\d\d-\d\dT\d\d:", output)


# --- GitHub workflow commands --------------------------------------------------------------

COMMAND = re.compile(r"::(?P<name>[a-z]+)(?: (?P<properties>.*?))?::(?P<data>.*)", re.DOTALL)


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    # The runner's order (ActionCommand.cs): the specific escapes first, `%25` last.
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Parse one line as the Actions runner does: first `::` after the name ends the head."""
    match = COMMAND.fullmatch(line)
    assert match, f"not a workflow command: {line!r}"
    properties: dict[str, str] = {}
    if match["properties"]:
        for pair in match["properties"].split(","):
            key, _, value = pair.partition("=")
            assert key not in properties, f"duplicate property {key!r} in {line!r}"
            properties[key] = unescape_property(value)
    return match["name"], properties, unescape_data(match["data"])


def commands(report: Report) -> list[tuple[str, dict[str, str], str]]:
    output = rendered(report, Format.GITHUB)
    lines = output.split("\n")
    assert lines.pop() == ""
    # NOTE: splitlines() also splits on the Unicode line breaks some log viewers honour.
    assert output.splitlines() == lines
    assert all(line.startswith("::") for line in lines)
    return [parse_command(line) for line in lines]


def test_github_one_command_per_finding_notice_and_error(report: Report) -> None:
    parsed = commands(report)
    expected = len(report.findings) + len(report.notices) + len(report.errors) + 1
    assert len(parsed) == expected
    names = [name for name, _, _ in parsed]
    assert names.count("error") == 2  # the overstated finding and the unreadable file
    # the unbacked finding, the reasonless suppression and the bidi controls
    assert names.count("warning") == 3
    assert names.count("notice") == 3  # the info finding, the decoding note and the summary
    name, properties, data = parsed[-1]
    assert (name, properties) == ("notice", {"title": "claimcheck"})
    assert data.startswith("1 error, 1 warning, 1 info")


def test_github_properties_cannot_be_injected(report: Report) -> None:
    parsed = commands(report)
    by_title = {props.get("title"): (props, data) for _, props, data in parsed}
    props, data = by_title["claimcheck: overstated"]
    assert props == {
        "file": "copy/landing.md",
        "line": "3",
        "col": "1",
        "endLine": "3",
        "endColumn": "41",
        "title": "claimcheck: overstated",
    }
    assert "Accurate wording: A small pilot study" in data
    # The hostile, two-line sentence: no col/endColumn across lines, nothing injected.
    props, data = by_title["claimcheck: unbacked"]
    assert props == {
        "file": "copy/landing.md",
        "line": "5",
        "endLine": "6",
        "title": "claimcheck: unbacked",
    }
    assert "::error::aids focus | <script>" in data
    assert "%0A ::warning file=x.md,line=1::injected" in data  # literal text, one line
    props, _ = by_title["claimcheck: unreadable file"]
    assert props == {"file": "copy/missing.md", "title": "claimcheck: unreadable file"}


def test_github_hostile_paths_and_titles_stay_properties() -> None:
    hostile = "a,line=99::x\n::error::y%0A.md"
    result = FileResult(path=hostile, error="bad: really, bad\n::error::z")
    (error_line, _summary) = commands(Report(files=(result,)))
    _, properties, data = error_line
    assert properties == {"file": hostile, "title": "claimcheck: unreadable file"}
    assert data == "Could not check this file: bad: really, bad ::error::z"


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("%0A", "%250A", "%250A"),
        ("k: v, w", "k: v, w", "k%3A v%2C w"),
        ("::error::", "::error::", "%3A%3Aerror%3A%3A"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop
    assert unescape_data(data) == text and unescape_property(prop) == text


def test_github_summary_warns_when_annotations_will_be_dropped(report: Report) -> None:
    finding = report.findings[0]
    many = [finding.model_copy(update={"line": n, "end_line": n}) for n in range(1, 13)]
    crowded = Report(files=(FileResult(path=finding.path, sentences=12, findings=tuple(many)),))
    _, _, summary = commands(crowded)[-1]
    assert "only the first 10 errors" in summary
    _, _, summary = commands(report)[-1]
    assert "only the first" not in summary


# --- Markdown ------------------------------------------------------------------------------


def cells(row: str) -> list[str]:
    """Split a GFM table row on unescaped pipes."""
    parts, current, escaped = [], "", False
    for char in row:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            current += char
            escaped = True
        elif char == "|":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    assert parts[0].strip() == "" and parts[-1].strip() == "", f"row not closed: {row!r}"
    return [p.strip() for p in parts[1:-1]]


def test_markdown_tables_keep_their_shape(report: Report) -> None:
    output = rendered(report, Format.MARKDOWN)
    rows = [line for line in output.splitlines() if line.startswith("|")]
    widths = {len(cells(row)) for row in rows}
    assert widths == {6, 4}  # findings tables and notices tables, no broken row
    finding_rows = [
        r for r in rows if len(cells(r)) == 6 and not r.startswith(("| Severity", "| ---"))
    ]
    assert len(finding_rows) == len(report.findings)


def test_markdown_neutralises_hostile_copy(report: Report) -> None:
    output = rendered(report, Format.MARKDOWN)
    assert "<script>" not in output
    assert re.search(r"(?<!\\)\[click", output) is None
    assert "\\[click\\](https://example.com)" in output
    # The only code spans are the ones around mentions and issue references.
    assert re.search(r"(?<!\\)`", re.sub(r"`[@#][\w/-]+`", "", output)) is None
    assert "\r" not in output
    assert "\\<script\\>" in output


def test_markdown_details_cite_with_links(report: Report) -> None:
    output = rendered(report, Format.MARKDOWN)
    assert output.startswith("## claimcheck: 1 error, 1 warning, 1 info\n")
    assert "[PMID 99999999](https://pubmed.ncbi.nlm.nih.gov/99999999/)" in output
    assert "(https://doi.org/10.5555/claimcheck.test.1)" in output
    details = output.split("### Details", 1)[1]
    assert details.count("#### ") == 2  # the error and the warning, not the info finding
    assert "**Accurate wording:** A small pilot study" in details
    assert "### Files that could not be checked" in output


def test_markdown_without_findings() -> None:
    output = render(Report(files=(FileResult(path="a.md", sentences=3),)), Format.MARKDOWN)
    assert output == "## claimcheck: no findings\n\n1 file, 3 sentences checked.\n"


@pytest.mark.parametrize(
    ("count", "words", "expected"),
    [
        (0, ("error",), "0 errors"),
        (1, ("error",), "1 error"),
        (2, ("error",), "2 errors"),
        (1, ("study", "studies"), "1 study"),
        (3, ("study", "studies"), "3 studies"),
    ],
)
def test_counts_agree_with_their_nouns(count: int, words: tuple[str, ...], expected: str) -> None:
    assert plural(count, *words) == expected


def test_escape_markdown_is_literal() -> None:
    assert escape_markdown("a|b `c` <d> [e](f) *g* $h$ \\ i\nj") == (
        "a\\|b \\`c\\` \\<d\\> \\[e\\](f) \\*g\\* \\$h\\$ \\\\ i j"
    )


# --- text and JSON -------------------------------------------------------------------------


def test_text_keeps_each_sentence_whole_on_one_line(report: Report) -> None:
    lines = rendered(report, Format.TEXT).replace("»", "").replace("«", "").splitlines()
    for finding in report.findings:
        quoted = f"“{flatten(finding.sentence)}”"
        assert sum(line.endswith(quoted) for line in lines) == 1, quoted
    assert not any(line.startswith("::") for line in lines)


def test_text_lists_notices_and_unreadable_files(report: Report) -> None:
    output = rendered(report, Format.TEXT)
    assert "suppression-without-reason" in output
    assert "decoding-fallback" in output
    assert "copy/missing.md: error: file not found" in output
    assert output.rstrip().endswith("3 notices; 1 unreadable")


def test_json_carries_notices_and_errors(report: Report) -> None:
    data = json.loads(rendered(report, Format.JSON))
    files = {f["path"]: f for f in data["files"]}
    assert files["copy/missing.md"]["error"] == "file not found"
    assert [n["code"] for n in files["copy/landing.md"]["notices"]] == [
        "suppression-without-reason",
        "bidi-control",
    ]


# --- bidi controls and GitHub references in the copy -----------------------------------------

RLO, PDF = "\u202e", "\u202c"  # right-to-left override, pop directional formatting
BIDI_SENTENCE = f"Testine {RLO}sruoh 8{PDF} of sleep, says @octocat to @acme/reviewers (#12, GH-7)."
BIDI_PATH = f"copy/{RLO}dm.evil.txt"


def bidi_report(report: Report) -> Report:
    """One finding quoting copy with bidi controls and mentions, in a file whose name has one."""
    finding = report.findings[0].model_copy(
        update={"path": BIDI_PATH, "sentence": BIDI_SENTENCE, "claim_span": None}
    )
    notice = Notice(
        path=BIDI_PATH,
        line=1,
        code=NoticeCode.SUPPRESSION_INVALID,
        severity=Severity.WARNING,
        message=f"cannot read the claim id {RLO}gnorw{PDF}",
    )
    unreadable = FileResult(path=f"copy/{RLO}gone.md", error="file not found")
    bidi = FileResult(path=BIDI_PATH, sentences=1, findings=(finding,), notices=(notice,))
    return Report(files=(bidi, unreadable))


@pytest.mark.parametrize("output_format", list(Format), ids=str)
def test_no_format_passes_on_bidi_controls(report: Report, output_format: Format) -> None:
    output = rendered(bidi_report(report), output_format)
    assert not BIDI_CONTROLS.intersection(output)


@pytest.mark.parametrize("output_format", [Format.TEXT, Format.GITHUB], ids=str)
def test_line_formats_show_bidi_controls_where_they_were(
    report: Report, output_format: Format
) -> None:
    output = rendered(bidi_report(report), output_format)
    assert "<U+202E>sruoh 8<U+202C> of sleep" in output  # the sentence
    assert "claim id <U+202E>gnorw<U+202C>" in output  # the notice
    assert "copy/<U+202E>dm.evil.txt" in output  # the path (GitHub: the file property too)
    assert "copy/<U+202E>gone.md" in output  # the unreadable file


def test_markdown_shows_bidi_controls_as_literal_text(report: Report) -> None:
    output = rendered(bidi_report(report), Format.MARKDOWN)
    assert "\\<U+202E\\>sruoh 8\\<U+202C\\> of sleep" in output  # renders as <U+202E>
    assert "copy/\\<U+202E\\>dm.evil.txt:3" in output
    assert "copy/\\<U+202E\\>gone.md" in output


def test_sarif_shows_bidi_controls_in_messages_and_encodes_them_in_uris(report: Report) -> None:
    (finding, notice) = sarif(bidi_report(report))["runs"][0]["results"]
    assert "<U+202E>sruoh 8<U+202C> of sleep" in finding["message"]["text"]
    assert "\\<U+202E\\>sruoh 8\\<U+202C\\>" in finding["message"]["markdown"]
    assert "claim id <U+202E>gnorw<U+202C>" in notice["message"]["text"]
    uri = finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "copy/%E2%80%AEdm.evil.txt"  # the exact file, percent-encoded


def test_json_escapes_bidi_controls_without_changing_the_data(report: Report) -> None:
    output = rendered(bidi_report(report), Format.JSON)
    assert "Testine \\u202esruoh 8\\u202c of sleep" in output
    data = json.loads(output)
    assert data["files"][0]["findings"][0]["sentence"] == BIDI_SENTENCE
    assert data["files"][0]["path"] == BIDI_PATH


def test_check_view_shows_bidi_controls() -> None:
    console = Console(record=True, width=200, color_system=None)
    console.print(explain.render(BIDI_SENTENCE, []))
    shown = console.export_text()
    assert "<U+202E>sruoh 8<U+202C>" in shown and not BIDI_CONTROLS.intersection(shown)
    as_json = explain.to_json(BIDI_SENTENCE, [])
    assert "\\u202esruoh" in as_json and json.loads(as_json)["sentence"] == BIDI_SENTENCE


@pytest.mark.parametrize(
    ("copy", "escaped"),
    [
        ("ask @octocat", "ask `@octocat`"),
        ("(@acme/reviewers),", "(`@acme/reviewers`),"),
        ("see #12.", "see `#12`."),
        ("acme/site#3", "acme/site`#3`"),
        ("GH-7 and gh-8", "`GH-7` and `gh-8`"),
        ("@a#1", "`@a#1`"),  # one span: two adjacent ones would read as a `` delimiter
        ("mail info@example.com", "mail info@example.com"),  # an address, not a mention
        ("@_x", "@\\_x"),  # not a GitHub name
        ("`@x`", "\\``@x`\\`"),  # the copy's own backticks stay escaped
    ],
)
def test_escape_markdown_neutralises_mentions_and_issue_references(copy: str, escaped: str) -> None:
    assert escape_markdown(copy) == escaped


def test_markdown_report_cannot_notify_anyone_or_link_issues(report: Report) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    output = rendered(bidi_report(report), Format.MARKDOWN)
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(output)
    code = re.findall(r"<code>(.*?)</code>", html)
    assert {"@octocat", "@acme/reviewers", "#12", "GH-7"} <= set(code)
    outside_code = re.sub(r"<code>.*?</code>", "", html)
    # GitHub turns these into mentions and links in the rendered HTML, outside code only.
    assert re.search(r"(?<!\w)@\w|#\d|GH-\d", outside_code) is None


# --- HTML ----------------------------------------------------------------------------------

HTML_TAGS = {  # every element the report is made of; copy must never add one
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p",
    "ul", "ol", "li", "svg", "rect", "nav", "a", "form", "fieldset", "legend", "label",
    "input", "main", "section", "div", "mark", "details", "summary", "blockquote", "dl", "dt",
    "dd", "span", "code", "button", "footer", "script",
}  # fmt: skip
CITATION_HOSTS = (
    "https://pubmed.ncbi.nlm.nih.gov/",
    "https://doi.org/",
    "https://clinicaltrials.gov/",
)


def html_page(report: Report, options: RenderOptions = OPTIONS) -> tuple[str, list[Element]]:
    output = render(report, Format.HTML, options)
    return output, parse(output)[1]


def hostile_report(report: Report) -> Report:
    """Markup in every field the page shows: path, sentence, message, claim, citation, error."""
    attack = "\"'><img src=x onerror=alert(1)><script>window.pwned=1</script>"
    finding = report.findings[0].model_copy(
        update={
            "path": f"copy/{attack}.md",
            "line": 3,
            "column": 1,
            "end_line": 3,
            "end_column": len(attack) + 1,
            "sentence": attack,
            "claim": attack,
            "claim_id": attack,
            "message": attack,
            "suggestion": attack,
            "citations": (
                Citation(study_id=attack, citation=attack, pmid="123", url=f"https://x/{attack}"),
                Citation(study_id="s", citation="c", url=f"javascript:alert(1)//{attack}"),
                Citation(study_id="t", citation="d", url="https://example.org/a\"b'<c>"),
            ),
        }
    )
    notice = report.notices[0].model_copy(update={"path": finding.path, "message": attack})
    hostile = FileResult(path=finding.path, sentences=1, findings=(finding,), notices=(notice,))
    broken = FileResult(path=attack, error=attack)
    return Report(files=(hostile, broken))


def test_html_copy_and_report_text_stay_text(report: Report) -> None:
    hostile = hostile_report(report)
    sources = {hostile.files[0].path: "\n\n" + hostile.findings[0].sentence + "\n"}
    output, elements = html_page(hostile, RenderOptions(sources=sources))
    assert {element.tag for element in elements} <= HTML_TAGS
    assert [element.tag for element in elements].count("script") == 1  # the page's own
    assert not [e for e in elements if any(name.startswith("on") for name in e.attrs)]
    assert "<img" not in output and "window.pwned" in output  # shown, as text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in output
    (mark,) = [e for e in elements if e.tag == "mark" and "hl" in e.classes]
    assert mark.text == hostile.findings[0].sentence


def test_html_golden_copy_is_escaped(report: Report) -> None:
    output, elements = html_page(report)
    assert {element.tag for element in elements} <= HTML_TAGS
    assert "document.title='pwned'" not in output  # quotes escaped too
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in output
    assert "&lt;U+001B&gt;[2J" in output  # the escape character, shown
    assert "&lt;U+202E&gt;forever&lt;U+202C&gt;" in output


def test_html_links_only_to_citations_and_itself(report: Report) -> None:
    output, elements = html_page(hostile_report(report))
    assert not [e for e in elements if "src" in e.attrs or e.tag in {"link", "img", "iframe"}]
    hrefs = [e.attrs["href"] for e in elements if "href" in e.attrs]
    external = [href for href in hrefs if not href.startswith("#")]
    # identifiers link to their registries; a bare URL only when the study has no identifier
    assert all(href.startswith((*CITATION_HOSTS, "https://")) for href in external)
    assert "https://pubmed.ncbi.nlm.nih.gov/123/" in external
    assert not any(href.startswith("javascript") for href in hrefs)
    assert "https://example.org/a%22b&#x27;%3Cc%3E" in output  # quoted, cannot leave the attribute
    ids = {e.attrs["id"] for e in elements if "id" in e.attrs}
    assert {href[1:] for href in hrefs if href.startswith("#")} <= ids
    styles_and_scripts = [e.text for e in elements if e.tag in {"style", "script"}]
    assert not any(re.search(r"url\(|@import|https?:", text) for text in styles_and_scripts)


def test_html_policy_admits_only_its_own_style_and_script(report: Report) -> None:
    _, elements = html_page(report)
    (policy,) = [e.attrs["content"] for e in elements if e.attrs.get("http-equiv")]
    assert "default-src 'none'" in policy and "base-uri 'none'" in policy
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        (element,) = [e for e in elements if e.tag == tag]
        digest = base64.b64encode(hashlib.sha256(element.text.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy


def test_html_every_citation_carries_its_identifiers(report: Report) -> None:
    _, elements = html_page(report)
    cards = {e.attrs["id"]: e for e in elements if e.tag == "li" and "finding" in e.classes}
    assert len(cards) == len(report.findings)
    for finding, card in zip(report.findings, cards.values(), strict=True):
        links = {a.attrs["href"]: a.text for a in card.find_all("a") if "jump" not in a.classes}
        for citation in finding.citations:
            assert citation.citation in card.text and citation.study_id in card.text
            if citation.pmid:
                url = f"https://pubmed.ncbi.nlm.nih.gov/{citation.pmid}/"
                assert links[url] == f"PMID {citation.pmid}"
            if citation.doi:
                assert f"doi:{citation.doi}" in links.values()
            if citation.nct:
                assert links[f"https://clinicaltrials.gov/study/{citation.nct}"] == citation.nct
    assert "https://doi.org/10.5555/claimcheck.test.%282%29" in str(
        [a.attrs for card in cards.values() for a in card.find_all("a")]
    )


def test_html_cards_show_verdict_wording_and_accurate_wording(report: Report) -> None:
    _, elements = html_page(report)
    cards = [e for e in elements if e.tag == "li" and "finding" in e.classes]
    for finding, card in zip(report.findings, cards, strict=True):
        assert card.attrs["data-severity"] == finding.severity.value
        assert card.attrs["data-verdict"] == finding.verdict.value
        (verdict,) = card.find_all("span", "verdict")
        assert verdict.text == finding.verdict.value
        (wording,) = card.find_all("span", "wording")
        assert finding.strength.value in wording.text and finding.stance.value in wording.text
        assert ("not overstated" in wording.text) is not finding.overstated
        (suggestion,) = card.find_all("span", "suggestion")
        assert suggestion.text == finding.suggestion


def test_html_highlights_each_finding_where_it_is(report: Report) -> None:
    _, elements = html_page(report)
    marks = [e for e in elements if e.tag == "mark" and "hl" in e.classes]
    assert len(marks) == len(report.findings)  # none of them overlap
    first = next(m for m in marks if m.attrs["data-findings"] == "f1-1")
    assert first.text == "Testine cures insomnia in just one week."
    assert first.attrs["data-shown"] == "error"
    hostile = next(m for m in marks if m.attrs["data-findings"] == "f1-2")
    assert hostile.text.startswith("Testine <U+001B>[2J{0} [click]")
    assert hostile.text.endswith("aids focus\n::warning file=x.md")  # CRLF shown as LF
    assert hostile.attrs["data-shown"] == "warning"
    info = next(m for m in marks if m.attrs["data-findings"] == "f2-1")
    assert info.text == "In one study in mice, testine was linked to longer sleep."
    (copy,) = [e for e in elements if e.tag == "div" and "copy" in e.classes][1:]
    assert copy.text == SOURCES["docs/FAQ draft.txt"]  # nothing lost, nothing added


def test_html_marks_overlapping_findings_once(report: Report) -> None:
    sleep, focus = report.findings[0], report.findings[1]
    same = focus.model_copy(update={k: getattr(sleep, k) for k in ("line", "column", "end_column")})
    same = same.model_copy(update={"end_line": sleep.end_line})
    inner = sleep.model_copy(update={"column": 9, "end_column": 14, "severity": Severity.INFO})
    result = FileResult(path="copy/landing.md", sentences=1, findings=(sleep, same, inner))
    _, elements = html_page(Report(files=(result,)))
    marks = [
        (m.attrs["data-findings"], m.text, m.attrs["data-shown"])
        for m in elements
        if m.tag == "mark" and "hl" in m.classes
    ]
    assert marks == [
        ("f1-1 f1-2", "Testine ", "error"),
        ("f1-1 f1-2 f1-3", "cures", "error"),
        ("f1-1 f1-2", " insomnia in just one week.", "error"),
    ]


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], [(0, 10, ())]),
        ([(0, 10, "a")], [(0, 10, ("a",))]),
        ([(2, 4, "a"), (4, 6, "b")], [(0, 2, ()), (2, 4, ("a",)), (4, 6, ("b",)), (6, 10, ())]),
        (
            [(2, 8, "a"), (4, 6, "b")],
            [(0, 2, ()), (2, 4, ("a",)), (4, 6, ("a", "b")), (6, 8, ("a",)), (8, 10, ())],
        ),
        (
            [(2, 6, "a"), (4, 8, "b")],
            [(0, 2, ()), (2, 4, ("a",)), (4, 6, ("a", "b")), (6, 8, ("b",)), (8, 10, ())],
        ),
    ],
)
def test_html_pieces_cut_the_copy_at_every_span_boundary(
    spans: list[tuple[int, int, str]], expected: list[tuple[int, int, tuple[str, ...]]]
) -> None:
    assert [(p.start, p.end, p.finding_ids) for p in pieces(10, spans)] == expected


def test_html_without_the_copy_still_lists_the_findings(report: Report) -> None:
    output, elements = html_page(report, RenderOptions())
    assert not [e for e in elements if e.tag == "mark" and "hl" in e.classes]
    assert output.count("was not available to the report") == 2
    assert len([e for e in elements if e.tag == "li" and "finding" in e.classes]) == 3


def test_html_does_not_highlight_a_copy_that_changed(report: Report) -> None:
    shorter = {**SOURCES, "docs/FAQ draft.txt": "Does testine help sleep?\nAnswer: no.\n"}
    output, elements = html_page(report, RenderOptions(sources=shorter))
    marks = [e for e in elements if e.tag == "mark" and "hl" in e.classes]
    assert {m.attrs["data-findings"] for m in marks} == {"f1-1", "f1-2"}
    assert output.count("no longer matches the positions of its findings") == 1


def test_html_summary_per_file_and_contents_for_batches(report: Report) -> None:
    _, elements = html_page(report)
    sections = [e for e in elements if e.tag == "section"]
    assert [s.attrs["id"] for s in sections] == ["file-1", "file-2", "file-3"]
    chips = [[c.text for c in s.find_all("li", "chip")] for s in sections[:2]]
    assert chips == [["1 error", "1 warning", "0 info"], ["0 errors", "0 warnings", "1 info"]]
    assert "Could not be checked: file not found" in sections[2].text
    (toc,) = [e for e in elements if e.tag == "nav"]
    assert [a.attrs["href"] for a in toc.find_all("a")] == ["#file-1", "#file-2", "#file-3"]
    assert "could not be checked" in toc.text
    single = Report(files=report.files[:1])
    assert not [e for e in html_page(single)[1] if e.tag == "nav"]


def test_html_filters_offer_every_severity_and_the_verdicts_found(report: Report) -> None:
    _, elements = html_page(report)
    boxes = [(e.attrs["name"], e.attrs["value"]) for e in elements if e.tag == "input"]
    assert boxes == [
        ("severity", "error"),
        ("severity", "warning"),
        ("severity", "info"),
        ("verdict", "preliminary"),
        ("verdict", "animal-only"),
        ("verdict", "no-evidence"),
    ]
    (form,) = [e for e in elements if e.tag == "form"]
    assert "hidden" in form.attrs  # until the script makes the boxes work


def test_html_prints_and_fits_a_phone() -> None:
    style = render(Report(), Format.HTML, OPTIONS).split("<style>", 1)[1].split("</style>")[0]
    assert "@media print" in style and "@media (max-width: 40rem)" in style
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in render(
        Report(), Format.HTML, OPTIONS
    )
