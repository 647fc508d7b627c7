"""SARIF 2.1.0 renderer: a report GitHub code scanning (and any SARIF viewer) can ingest.

Pure: reads only the output contract (`findings.py`) and returns one JSON document. It
never matches, judges or touches files, and it writes no timestamps, so the same report
always renders to the same bytes.

Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html. GitHub's subset:
https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from claimcheck.findings import Code, Finding, Notice, NoticeCode, Report, Severity
from claimcheck.report import RenderOptions
from claimcheck.report.jsonstream import Stream, json_chunks
from claimcheck.report.markdown import (
    citation_links,
    escape_markdown,
    excerpt,
    flatten,
    markdown_links,
    sentence_case,
)

__all__ = [
    "FINDING_RULES",
    "FINGERPRINT_KEY",
    "NOTICE_RULES",
    "SARIF_SCHEMA",
    "RuleText",
    "render_sarif",
    "rule_ids",
    "sarif_log",
    "stream_sarif",
]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "claimcheck"
# NOTE: placeholder until the project has a public home; replace with the repository URL.
FINGERPRINT_KEY = "claimcheck/v1"
SOURCE_ROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub orders non-security alerts by `problem.severity` (error|warning|recommendation).
PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:/")


@dataclass(frozen=True)
class RuleText:
    """What a rule is about, for `tool.driver.rules` (shown beside every alert)."""

    name: str
    short: str
    full: str
    help: str
    level: Severity
    tags: tuple[str, ...]


FINDING_RULES: dict[Code, RuleText] = {
    Code.OVERSTATED: RuleText(
        name="OverstatedClaim",
        short="Health claim worded more strongly than its evidence allows",
        full=(
            "The sentence states a health claim with more certainty than the studies behind "
            "it support, for example causal or absolute wording for a claim backed only by "
            "animal, cell or observational studies, or a firm promise with no evidence at all."
        ),
        help=(
            "Reword the sentence to match the evidence. Each result carries the claim's "
            "accurate wording and the studies it rests on: name the population that was "
            "studied (for example 'in mice') and hedge where the evidence is preliminary."
        ),
        level=Severity.ERROR,
        tags=("health-claim", "wording"),
    ),
    Code.CONTRADICTED: RuleText(
        name="ContradictedClaim",
        short="Health claim contradicted by the evidence",
        full=(
            "The sentence asserts a claim that the studies in the registry contradict, or "
            "denies a claim that they support."
        ),
        help=(
            "Remove or reverse the statement. The result's accurate wording says what the "
            "cited studies actually found."
        ),
        level=Severity.ERROR,
        tags=("health-claim", "evidence"),
    ),
    Code.WRONG_SUBSTANCE: RuleText(
        name="WrongSubstanceEvidence",
        short="Claim rests on evidence about a different substance",
        full=(
            "The only studies behind this claim tested a related but different substance "
            "(for example D-serine cited for L-serine), so they do not back the ingredient "
            "the copy is about."
        ),
        help=(
            "Do not carry results over from one substance to another. Remove the claim, or "
            "say plainly which substance was studied."
        ),
        level=Severity.ERROR,
        tags=("health-claim", "evidence"),
    ),
    Code.UNBACKED: RuleText(
        name="UnbackedClaim",
        short="Claim the study registry cannot back",
        full=(
            "The sentence makes a claim for which the registry holds no supporting study. "
            "It is not worded as a firm promise, but nothing in the pack substantiates it."
        ),
        help=(
            "Remove the statement, or add the evidence that substantiates it to the pack. If "
            "the wording has been reviewed, suppress the finding with a reason."
        ),
        level=Severity.WARNING,
        tags=("health-claim", "evidence"),
    ),
    Code.WITHIN_EVIDENCE: RuleText(
        name="ClaimWithinEvidence",
        short="Claim worded within its evidence",
        full=(
            "The sentence makes a claim whose wording does not go beyond what the evidence "
            "supports. Reported so editors can check the citation; nothing needs to change."
        ),
        help="No change needed. The result lists the studies behind the claim.",
        level=Severity.INFO,
        tags=("health-claim",),
    ),
    Code.MISREPORTED_STUDY: RuleText(
        name="MisreportedStudy",
        short="The copy describes a study differently from its record",
        full=(
            "The sentence describes a study in the registry (by its identifier, its authors or "
            "a description) and states a fact about it (size, year, phase, design, status, "
            "dose, length, species, population, place or a headline number) that the study's "
            "record contradicts."
        ),
        help="Correct the description to match the record; the message names the field.",
        level=Severity.ERROR,
        tags=("health-claim", "citation"),
    ),
}

NOTICE_RULES: dict[NoticeCode, RuleText] = {
    NoticeCode.SUPPRESSION_WITHOUT_REASON: RuleText(
        name="SuppressionWithoutReason",
        short="Suppression comment gives no reason",
        full=(
            "A claimcheck suppression comment in the copy has no reason. It still hides the "
            "finding, but every suppression should say why the wording is acceptable so "
            "that reviewers can audit it."
        ),
        help='Add reason="..." to the comment, for example who approved the wording and when.',
        level=Severity.WARNING,
        tags=("suppression",),
    ),
    NoticeCode.SUPPRESSION_EXPIRED: RuleText(
        name="SuppressionExpired",
        short="Suppression comment has expired",
        full=(
            "The until= date of a suppression comment has passed, so it no longer hides the "
            "finding it was written for."
        ),
        help="Review the claim again, then fix the copy or renew the until= date.",
        level=Severity.WARNING,
        tags=("suppression",),
    ),
    NoticeCode.SUPPRESSION_UNUSED: RuleText(
        name="SuppressionUnused",
        short="Suppression comment matches no finding",
        full=(
            "A suppression comment did not suppress anything: the sentence changed, the "
            "claim id is wrong, or the finding no longer fires."
        ),
        help="Remove the comment, or correct the claim id it names.",
        level=Severity.WARNING,
        tags=("suppression",),
    ),
    NoticeCode.SUPPRESSION_INVALID: RuleText(
        name="SuppressionInvalid",
        short="Suppression comment cannot be understood",
        full=(
            "A comment that looks like a claimcheck suppression could not be parsed, so it "
            "suppresses nothing."
        ),
        help="Fix the comment so that it follows the documented suppression syntax.",
        level=Severity.WARNING,
        tags=("suppression",),
    ),
    NoticeCode.DECODING_FALLBACK: RuleText(
        name="DecodingFallback",
        short="File is not valid UTF-8",
        full=(
            "The file could not be decoded as UTF-8 and was read with a fallback code page, "
            "so quoted text may contain wrong characters."
        ),
        help="Save the file as UTF-8.",
        level=Severity.INFO,
        tags=("encoding",),
    ),
    NoticeCode.OUTSIDE_PACK: RuleText(
        name="OutsidePack",
        short="Copy discusses substances no knowledge pack covers",
        full=(
            "The copy names supplements that no loaded knowledge pack describes, so what it "
            "says about them was not checked. A clean result does not vouch for those claims."
        ),
        help="Review those claims by hand, or add a knowledge pack for the substance.",
        level=Severity.INFO,
        tags=("coverage",),
    ),
    NoticeCode.BIDI_CONTROL: RuleText(
        name="BidiControl",
        short="Copy contains bidirectional control characters",
        full=(
            "The copy contains invisible bidirectional control characters (such as U+202E, "
            "right-to-left override), which can make text display in a different order than "
            "it is stored, so what a reviewer reads may not be what was checked."
        ),
        help=(
            "Remove the characters unless the copy needs them for right-to-left text; "
            "reports show each one as <U+202E>."
        ),
        level=Severity.WARNING,
        tags=("encoding", "security"),
    ),
    NoticeCode.LONG_SENTENCE: RuleText(
        name="LongSentence",
        short="Run-on text was checked in pieces",
        full=(
            "A stretch of copy ran for more than 2,000 characters without a sentence break "
            "(run-on text, or a table row with very many cells). It was checked in pieces cut "
            "at clause breaks, so a claim split across two pieces may be read as two."
        ),
        help="Break the text into sentences or shorter rows.",
        level=Severity.INFO,
        tags=("coverage",),
    ),
}


def rule_ids() -> tuple[str, ...]:
    """Every rule id in `tool.driver.rules` order: finding codes, then notice codes."""
    return tuple(code.value for code in Code) + tuple(code.value for code in NoticeCode)


def _rule_index() -> dict[str, int]:
    return {rule_id: index for index, rule_id in enumerate(rule_ids())}


def rule_object(rule_id: str, text: RuleText) -> dict[str, Any]:
    """One `reportingDescriptor` with everything GitHub displays."""
    return {
        "id": rule_id,
        "name": text.name,
        "shortDescription": {"text": text.short},
        "fullDescription": {"text": text.full},
        "defaultConfiguration": {"level": LEVELS[text.level]},
        "help": {"text": f"{text.full} {text.help}", "markdown": f"{text.full}\n\n{text.help}"},
        "properties": {
            "tags": list(text.tags),
            "problem.severity": PROBLEM_SEVERITY[text.level],
        },
    }


def rules() -> list[dict[str, Any]]:
    """Every finding code and every notice code, in a stable order."""
    finding_rules = [rule_object(code.value, FINDING_RULES[code]) for code in Code]
    notice_rules = [rule_object(code.value, NOTICE_RULES[code]) for code in NoticeCode]
    return finding_rules + notice_rules


def message_markdown(markdown: str) -> str:
    """Escaped Markdown made safe as a SARIF message string: braces doubled (§3.11.5)."""
    # NOTE: `{0}` is a placeholder for message arguments; a literal brace is `{{`/`}}`.
    return markdown.replace("{", "{{").replace("}", "}}")


def message_text(text: str) -> str:
    """Plain text made safe as a SARIF message string (§3.11.5, §3.11.6)."""
    # NOTE: `](` is broken up so that quoted copy cannot become an embedded link.
    return message_markdown(text).replace("](", "] (")


def artifact_location(path: str) -> dict[str, str]:
    """A URI for a path: relative paths stay relative to %SRCROOT%, absolute ones get file:."""
    posix = path.replace("\\", "/")
    if _WINDOWS_DRIVE.match(posix):
        return {"uri": "file:///" + quote(posix, safe="/:")}
    if posix.startswith("//"):
        return {"uri": "file:" + quote(posix)}
    if posix.startswith("/"):
        return {"uri": "file://" + quote(posix)}
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix), "uriBaseId": SOURCE_ROOT}


def finding_markdown(finding: Finding) -> str:
    """The result message for viewers that render Markdown: wording and evidence."""
    lines = [
        f"**{escape_markdown(sentence_case(finding.message))}**",
        "",
        f"> “{escape_markdown(finding.sentence)}”",
        "",
        f"- Claim: {escape_markdown(finding.claim)} ({escape_markdown(finding.claim_id)}; "
        f"verdict {escape_markdown(finding.verdict.value)})",
        f"- Accurate wording: {escape_markdown(finding.suggestion)}",
    ]
    lines += [f"- Evidence: {markdown_links(citation)}" for citation in finding.citations]
    return message_markdown("\n".join(lines))


def finding_properties(finding: Finding) -> dict[str, Any]:
    """The judgement behind a result, for scripts and viewers that read property bags."""
    return {
        "claim_id": finding.claim_id,
        "claim": finding.claim,
        "verdict": finding.verdict.value,
        "strength": finding.strength.value,
        "stance": finding.stance.value,
        "overstated": finding.overstated,
        "match_score": finding.match_score,
        "suggestion": finding.suggestion,
        "citations": [
            {
                **citation.model_dump(mode="json", exclude_none=True),
                "links": [url for _, url in citation_links(citation)],
            }
            for citation in finding.citations
        ],
    }


def finding_result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    """One finding as a SARIF `result`."""
    text = f"{sentence_case(finding.message)} Sentence: “{excerpt(finding.sentence)}”"
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        # NOTE: Finding.end_column is exclusive, which is what SARIF's endColumn means.
        "endColumn": finding.end_column,
    }
    return {
        "ruleId": finding.code.value,
        "ruleIndex": index[finding.code.value],
        "level": LEVELS[finding.severity],
        "message": {"text": message_text(text), "markdown": finding_markdown(finding)},
        "locations": [_location(finding.path, region)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": finding_properties(finding),
    }


def notice_fingerprint(notice: Notice) -> str:
    """A stable id for a notice, which has no claim to hash."""
    key = f"{notice.code.value}\x00{notice.path}\x00{notice.line}\x00{flatten(notice.message)}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def notice_result(notice: Notice, index: dict[str, int]) -> dict[str, Any]:
    """One notice (suppression problem, decoding note) as a SARIF `result`."""
    region = {"startLine": notice.line, "startColumn": notice.column}
    text = message_text(sentence_case(notice.message))
    return {
        "ruleId": notice.code.value,
        "ruleIndex": index[notice.code.value],
        "level": LEVELS[notice.severity],
        "message": {"text": text},
        "locations": [_location(notice.path, region)],
        "partialFingerprints": {FINGERPRINT_KEY: notice_fingerprint(notice)},
    }


def _location(path: str, region: dict[str, int]) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": artifact_location(path), "region": region}}


def invocation(report: Report) -> dict[str, Any]:
    """Whether every file could be read; one error notification per file that could not."""
    notifications = [
        {
            "level": "error",
            "message": {"text": message_text(f"{flatten(path)}: {flatten(error)}")},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}],
        }
        for path, error in report.errors
    ]
    data: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        data["toolExecutionNotifications"] = notifications
    return data


def sarif_log(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The SARIF log as plain JSON-ready data: one run, every rule, every result."""
    return _log(report, options, list(_results(report)))


def _results(report: Report) -> Iterator[dict[str, Any]]:
    """Every finding and notice as a SARIF `result`, in file order."""
    index = _rule_index()
    for result in report.files:
        for finding in result.findings:
            yield finding_result(finding, index)
        for notice in result.notices:
            yield notice_result(notice, index)


def _log(report: Report, options: RenderOptions, results: object) -> dict[str, Any]:
    # NOTE: no informationUri: the project has no public home yet, and a guessed URL is worse
    # than none (the property is optional in SARIF 2.1.0, section 3.19.17).
    driver: dict[str, Any] = {"name": TOOL_NAME}
    if options.tool_version:
        driver["version"] = options.tool_version
    driver["rules"] = rules()
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation(report)],
        "originalUriBaseIds": {
            # NOTE: no `uri` on purpose (§3.14.14): the absolute root differs per machine
            # and would make the output non-deterministic; GitHub resolves relative paths
            # against the repository root.
            SOURCE_ROOT: {"description": {"text": "The directory claimcheck was run from."}}
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def stream_sarif(report: Report, options: RenderOptions) -> Iterator[str]:
    """Pretty SARIF JSON, newline-terminated, written result by result."""
    return json_chunks(_log(report, options, Stream(_results(report))))


def render_sarif(report: Report, options: RenderOptions) -> str:
    """Pretty SARIF JSON, newline-terminated; bidi controls left in any string as escapes."""
    return "".join(stream_sarif(report, options))
